package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
)

// page is a small stand-in for web/public: the handler must treat it exactly like the real one.
func page() fstest.MapFS {
	wasm := bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 socklab engine "), 200)
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, 5)
	bw.Write(wasm)
	bw.Close()
	return fstest.MapFS{
		"index.html":          {Data: []byte(`<html><meta name="csp-nonce" content="{{nonce}}"><meta name="socklab-wasm" content="/gen/engine.wasm"><script src="/gen/app.js"></script><link href="/gen/style.css"></html>`)},
		"embed.html":          {Data: []byte(`<html><body data-mode="embed"><script src="/gen/app.js"></script></html>`)},
		"c.html":              {Data: []byte(`<html><meta name="csp-nonce" content="{{nonce}}"><script type="module" src="/gen/cmode.js"></script></html>`)},
		"gen/style.css":       {Data: []byte(strings.Repeat("body { color: red }\n", 100))},
		"gen/app.js":          {Data: []byte(strings.Repeat("console.log('socklab');\n", 100))},
		"gen/engine.wasm":     {Data: wasm},
		"gen/engine.wasm.br":  {Data: br.Bytes()},
		"gen/wasm_exec.js":    {Data: []byte("globalThis.Go = class {};")},
		"examples/echo.tl":    {Data: []byte("p: socket(AF_UNIX, SOCK_STREAM, 0)\n")},
		"gen/nothing-to-gzip": {Data: []byte("x")},
	}
}

// fakeRun returns one event per line, or an error for a line "budget".
func fakeRun(ctx context.Context, src string, lim Limits) ([]engine.Event, error) {
	budget := lim.StepBudget
	var evs []engine.Event
	for i, l := range strings.Split(strings.TrimSpace(src), "\n") {
		if i >= budget {
			return evs, errors.New("step budget of " + itoa(budget) + " statements reached")
		}
		if l == "panic" {
			panic("boom")
		}
		if l == "sleep" {
			select { // a RunFunc stops when the request's time is up
			case <-time.After(300 * time.Millisecond):
			case <-ctx.Done():
				return evs, ctx.Err()
			}
		}
		evs = append(evs, engine.Event{Step: i + 1, Proc: "p", Call: "socket", Kind: engine.EvReturn, Ret: 3, Data: []byte(l)})
	}
	return evs, nil
}

func newTest(t *testing.T, cfg Config) http.Handler {
	t.Helper()
	if cfg.Static == nil {
		cfg.Static = page()
	}
	if cfg.Run == nil {
		cfg.Run = fakeRun
	}
	h, err := New(cfg)
	require.NoError(t, err)
	return h
}

func get(h http.Handler, path string, hdr map[string]string) *http.Response {
	req := httptest.NewRequest("GET", path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) []byte {
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	return b
}

func TestStaticContentTypesAndCaching(t *testing.T) {
	h := newTest(t, Config{})
	idx := get(h, "/", nil)
	html := string(body(t, idx))
	wasmURL := regexp.MustCompile(`/assets/[0-9a-f]{12}/gen/engine\.wasm`).FindString(html)
	jsURL := regexp.MustCompile(`/assets/[0-9a-f]{12}/gen/app\.js`).FindString(html)
	require.NotEmpty(t, wasmURL, "index.html must reference the hashed wasm: %s", html)
	require.NotEmpty(t, jsURL)
	tests := []struct {
		path, ctype, cache string
		code               int
	}{
		{"/", "text/html; charset=utf-8", "no-cache", 200},
		{"/embed", "text/html; charset=utf-8", "no-cache", 200},
		{wasmURL, "application/wasm", "public, max-age=31536000, immutable", 200},
		{jsURL, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", 200},
		{"/gen/engine.wasm", "application/wasm", "no-cache", 200},
		{"/gen/style.css", "text/css; charset=utf-8", "no-cache", 200},
		{"/examples/echo.tl", "text/plain; charset=utf-8", "no-cache", 200},
		{"/assets/000000000000/gen/app.js", "", "", 404}, // wrong hash: never serve stale content as immutable
		{"/nope", "", "", 404},
		{"/gen/engine.wasm.br", "", "", 404}, // precompressed copies are not files of their own
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			r := get(h, tc.path, nil)
			assert.Equal(t, tc.code, r.StatusCode)
			if tc.code != 200 {
				return
			}
			assert.Equal(t, tc.ctype, r.Header.Get("Content-Type"))
			assert.Equal(t, tc.cache, r.Header.Get("Cache-Control"))
			assert.Equal(t, "nosniff", r.Header.Get("X-Content-Type-Options"))
			assert.Equal(t, "no-referrer", r.Header.Get("Referrer-Policy"))
		})
	}
}

func TestCompression(t *testing.T) {
	h := newTest(t, Config{})
	raw := page()["gen/engine.wasm"].Data
	tests := []struct {
		accept, enc string
	}{
		{"gzip, deflate, br", "br"},
		{"br;q=0, gzip", "gzip"},
		{"gzip", "gzip"},
		{"", ""},
		{"identity", ""},
	}
	for _, tc := range tests {
		t.Run(tc.accept, func(t *testing.T) {
			r := get(h, "/gen/engine.wasm", map[string]string{"Accept-Encoding": tc.accept})
			require.Equal(t, 200, r.StatusCode)
			assert.Equal(t, tc.enc, r.Header.Get("Content-Encoding"))
			assert.Contains(t, r.Header.Values("Vary"), "Accept-Encoding")
			b := body(t, r)
			var got []byte
			switch tc.enc {
			case "br":
				got, _ = io.ReadAll(brotli.NewReader(bytes.NewReader(b)))
			case "gzip":
				zr, err := gzip.NewReader(bytes.NewReader(b))
				require.NoError(t, err)
				got, _ = io.ReadAll(zr)
			default:
				got = b
			}
			assert.Equal(t, raw, got)
			if tc.enc != "" {
				assert.Less(t, len(b), len(raw))
			}
		})
	}
	// A conditional request with the ETag gets 304.
	r := get(h, "/gen/engine.wasm", map[string]string{"Accept-Encoding": "br"})
	r2 := get(h, "/gen/engine.wasm", map[string]string{"Accept-Encoding": "br", "If-None-Match": r.Header.Get("ETag")})
	assert.Equal(t, http.StatusNotModified, r2.StatusCode)
}

func TestSecurityHeaders(t *testing.T) {
	h := newTest(t, Config{})
	idx := get(h, "/", nil)
	csp := idx.Header.Get("Content-Security-Policy")
	html := string(body(t, idx))
	nonce := regexp.MustCompile(`content="([A-Za-z0-9+/]{22})"`).FindStringSubmatch(html)
	require.Len(t, nonce, 2, "index.html must carry the nonce: %s", html)
	for _, want := range []string{"default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self' 'nonce-" + nonce[1] + "'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"} {
		assert.Contains(t, csp, want)
	}
	assert.NotContains(t, csp, "unsafe-inline")
	assert.NotContains(t, csp, "'unsafe-eval'")
	assert.Equal(t, "DENY", idx.Header.Get("X-Frame-Options"))

	// A fresh nonce per response.
	csp2 := get(h, "/", nil).Header.Get("Content-Security-Policy")
	assert.NotEqual(t, csp, csp2)

	// Only /embed may be framed.
	emb := get(h, "/embed?tl=cDogc29ja2V0KEFGX1VOSVgsIFNPQ0tfU1RSRUFNLCAwKQ&step=1", nil)
	assert.Equal(t, 200, emb.StatusCode)
	assert.Contains(t, emb.Header.Get("Content-Security-Policy"), "frame-ancestors *")
	assert.Empty(t, emb.Header.Get("X-Frame-Options"))

	// The C mode: its page at /c (not framable), and the same page at /c/embed for iframes.
	c := get(h, "/c", nil)
	assert.Equal(t, 200, c.StatusCode)
	assert.Contains(t, c.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
	assert.Equal(t, "DENY", c.Header.Get("X-Frame-Options"))
	ce := get(h, "/c/embed?c=e30", nil)
	assert.Equal(t, 200, ce.StatusCode)
	assert.Contains(t, ce.Header.Get("Content-Security-Policy"), "frame-ancestors *")
	assert.Empty(t, ce.Header.Get("X-Frame-Options"))
	assert.NotContains(t, string(body(t, ce)), "{{nonce}}")
}

func TestHealthz(t *testing.T) {
	for _, static := range []bool{true, false} {
		cfg := Config{Run: fakeRun}
		if static {
			cfg.Static = page()
		}
		h, err := New(cfg)
		require.NoError(t, err)
		r := get(h, "/healthz", nil)
		assert.Equal(t, 200, r.StatusCode)
		assert.JSONEq(t, `{"status":"ok"}`, string(body(t, r)))
		if !static { // the Worker build: the API without the page
			assert.Equal(t, 404, get(h, "/", nil).StatusCode)
		}
	}
}

func post(h http.Handler, ctype string, b string) *http.Response {
	req := httptest.NewRequest("POST", "/api/run", strings.NewReader(b))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestAPIRun(t *testing.T) {
	h := newTest(t, Config{MaxBody: 1024, StepBudget: 5, Timeout: 100 * time.Millisecond, MaxOutput: 500})
	tests := []struct {
		name, ctype, body string
		code              int
		want              string // substring of the answer
		events            int
	}{
		{"text body", "text/plain", "a\nb", 200, `"events":[{"step":1,"proc":"p","call":"socket","event":"return","ret":3,"errno":"","data":"a","addr":""}`, 2},
		{"json body", "application/json", `{"timeline":"a\nb\nc"}`, 200, `"step":3`, 3},
		{"json budget below the server's", "application/json", `{"timeline":"a\nb\nc","step_budget":2}`, 200, `"message":"step budget of 2 statements reached"`, 2},
		{"server budget wins", "application/json", `{"timeline":"1\n2\n3\n4\n5\n6\n7","step_budget":1000}`, 200, `step budget of 5`, 5},
		{"output cut", "text/plain", strings.Repeat("x", 100) + "\n" + strings.Repeat("y", 100) + "\n" + strings.Repeat("z", 100) + "\n" + strings.Repeat("w", 100), 200, `"truncated":true`, 2},
		{"bad json", "application/json", `{"timeline":`, 400, `bad JSON`, -1},
		{"json then garbage", "application/json", `{"timeline":"a"} x`, 400, `data after the object`, -1},
		{"two json objects", "application/json", `{"timeline":"a"}{"timeline":"b"}`, 400, `data after the object`, -1},
		{"json then blanks", "application/json", "{\"timeline\":\"a\"}\n \n", 200, `"step":1`, 1},
		{"unknown field", "application/json", `{"tl":"a"}`, 400, `unknown field`, -1},
		{"negative budget", "application/json", `{"timeline":"a","step_budget":-1}`, 400, `step_budget`, -1},
		{"empty", "text/plain", "  \n", 400, `empty timeline`, -1},
		{"not utf-8", "text/plain", "p: write(3, \"\xff\xfe\")", 400, `not UTF-8`, -1},
		{"too large", "text/plain", strings.Repeat("a", 2000), 413, `larger than the limit of 1024 bytes`, -1},
		{"timeout", "text/plain", "sleep", 503, `ran longer than 100ms`, -1},
		{"engine panic", "text/plain", "panic", 200, `internal engine error`, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := post(h, tc.ctype, tc.body)
			b := string(body(t, r))
			assert.Equal(t, tc.code, r.StatusCode, b)
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			assert.Contains(t, b, tc.want)
			if tc.events >= 0 {
				var out struct{ Events []json.RawMessage }
				require.NoError(t, json.Unmarshal([]byte(b), &out))
				assert.Len(t, out.Events, tc.events)
			}
		})
	}
	// Only POST.
	r := get(h, "/api/run", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.StatusCode)
	assert.Equal(t, "POST", r.Header.Get("Allow"))
}

func TestAPIConcurrencyBound(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	run := func(ctx context.Context, src string, lim Limits) ([]engine.Event, error) {
		if src == "hold" {
			close(started)
			<-release
		}
		return fakeRun(ctx, "a", lim)
	}
	h := newTest(t, Config{Run: run, MaxConcurrent: 1, Timeout: 200 * time.Millisecond})
	done := make(chan *http.Response)
	go func() { done <- post(h, "text/plain", "hold") }() // holds the only slot
	<-started
	r := post(h, "text/plain", "a")
	assert.Equal(t, http.StatusServiceUnavailable, r.StatusCode)
	assert.Contains(t, string(body(t, r)), "busy")
	close(release)
	<-done
	// The slot is free again.
	assert.Equal(t, http.StatusOK, post(h, "text/plain", "a").StatusCode)
}

func TestAPIWithoutEngine(t *testing.T) {
	h, err := New(Config{})
	require.NoError(t, err)
	r := post(h, "text/plain", "a")
	assert.Equal(t, http.StatusServiceUnavailable, r.StatusCode)
}

func TestAcceptsEncoding(t *testing.T) {
	tests := []struct {
		header, enc string
		want        bool
	}{
		{"gzip, br", "br", true},
		{"gzip;q=1.0, br;q=0", "br", false},
		{"GZIP", "gzip", true},
		{"x-gzip", "gzip", false},
		{"", "gzip", false},
		{"br ; q=0.5", "br", true},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, acceptsEncoding(tc.header, tc.enc), "%q %s", tc.header, tc.enc)
	}
}
