package e2e

import (
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/web"
)

// C mode opens an unchanged example with the programs the build compiled (gen/cexamples/, by
// web/tools/cexamples) and c.wasm alone: cc.wasm, the compiler, is fetched in the background
// after the first view, or when something must be compiled. These tests check it from both
// sides: the server holds back cc.wasm (a load that needed it could not finish), and the worker's
// own resource timing says what it fetched when.

// workerStats is what cworker.js's stats call answers.
type workerStats struct {
	Shipped, Compiled int
	Refused           []string
	FirstAnswer       float64
	CCStart           float64
	CCWhy             string
	Requests          []struct {
		Path       string
		Start, End float64
	}
}

func (s workerStats) request(path string) (start, end float64, ok bool) {
	for _, r := range s.Requests {
		if r.Path == path {
			return r.Start, r.End, true
		}
	}
	return 0, 0, false
}

func cStats(t *testing.T, b *browser) workerStats {
	var s workerStats
	b.await(t, `socklabC.engine.call("stats")`, &s)
	return s
}

const cLoaded = `document.body.dataset.pos !== undefined && document.body.dataset.busy !== "1" && !!socklabC.view`

// holdCC serves the page, holding every request for cc.wasm until release is called.
type holdCC struct {
	once    sync.Once
	release chan struct{}
}

func (g *holdCC) wrap(h http.Handler) http.Handler {
	g.release = make(chan struct{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/cc.wasm") {
			select {
			case <-g.release:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

func (g *holdCC) open() { g.once.Do(func() { close(g.release) }) }

// The seed pair loads and steps while cc.wasm is held back; the worker asked for cc.wasm only
// after it had answered the first load (and after c.wasm had arrived), for the background warm-up;
// an edit then compiles with it and runs the edited program.
func TestCModeShippedExample(t *testing.T) {
	var g holdCC
	b := newBrowserWith(t, g.wrap)
	t.Cleanup(g.open)
	b.open(t, "/c?lang=en")
	b.untilTrue(t, cLoaded, "the seed pair did not load without cc.wasm")
	b.click(t, "#step")
	b.untilTrue(t, `document.body.dataset.pos === "1" && document.body.dataset.busy !== "1"`, "the first step")
	s := cStats(t, b)
	assert.Equal(t, 1, s.Shipped, "the seed pair ran the shipped programs")
	assert.Equal(t, 0, s.Compiled)
	assert.Empty(t, s.Refused)
	if s.CCWhy != "" {
		assert.Equal(t, "warm", s.CCWhy, "cc.wasm was asked for only to warm up")
		assert.GreaterOrEqual(t, s.CCStart, s.FirstAnswer, "cc.wasm was asked for before the first load was answered")
	}
	g.open()

	// Edit client.c: the next move compiles (with cc.wasm) and runs the edited program.
	b.click(t, `#tabs .tab[data-file="client.c"]`)
	b.eval(t, `(() => { const v = socklabC.editor.view, i = v.state.doc.toString().indexOf("收到响应"); v.dispatch({ changes: { from: i, to: i + 4, insert: "got reply" } }); return i })()`, nil)
	b.click(t, "#end")
	b.untilTrue(t, `document.body.dataset.busy !== "1" && !socklabC.dirty && +document.body.dataset.pos > 1 && +document.body.dataset.pos === +document.querySelector("#scrub").max`, "the edited pair did not run to the end")
	assert.Equal(t, "got reply: 你好，客户端！\n", b.text(t, `#terms .term[data-program="client"] .term-out`))
	s = cStats(t, b)
	assert.Equal(t, 1, s.Shipped)
	assert.Equal(t, 1, s.Compiled, "the edit was compiled")
	assert.Equal(t, "warm", s.CCWhy, "cc.wasm came from the background warm-up, after the first view")
	cStart, _, ok := s.request("/gen/cc.wasm")
	require.True(t, ok, "cc.wasm was fetched: %+v", s.Requests)
	_, cEnd, ok := s.request("/gen/c.wasm")
	require.True(t, ok, "c.wasm was fetched: %+v", s.Requests)
	_, exEnd, ok := s.request("/gen/cexamples/seed.bin")
	require.True(t, ok, "the seed pair's programs were fetched: %+v", s.Requests)
	assert.Greater(t, cStart, cEnd, "cc.wasm's download started before c.wasm's had ended")
	assert.Greater(t, cStart, exEnd)
	assert.GreaterOrEqual(t, cStart, s.FirstAnswer, "cc.wasm's download started before the first load was answered")
}

// A share link is compiled unless its files are exactly an example's: other code asks for
// cc.wasm at once (it is needed), the seed pair's files in a link run the shipped programs.
func TestCModeShippedShareLinks(t *testing.T) {
	b := newBrowser(t)
	link := func(files ...[2]string) string {
		var list []map[string]string
		for _, f := range files {
			list = append(list, map[string]string{"name": f[0], "src": f[1]})
		}
		payload, _ := json.Marshal(map[string]any{"files": list})
		return "/c?lang=en&c=" + base64.RawURLEncoding.EncodeToString(payload)
	}
	b.open(t, link([2]string{"hello.c", "#include <stdio.h>\nint main(void) { printf(\"hi\\n\"); return 0; }\n"}))
	b.untilTrue(t, cLoaded, "other code did not load")
	b.click(t, "#end")
	b.untilTrue(t, `document.body.dataset.busy !== "1" && +document.body.dataset.pos > 0 && +document.body.dataset.pos === +document.querySelector("#scrub").max`, "run to end")
	assert.Equal(t, "hi\n", b.text(t, `#terms .term[data-program="hello"] .term-out`))
	s := cStats(t, b)
	assert.Equal(t, 0, s.Shipped)
	assert.Equal(t, 1, s.Compiled)
	assert.Equal(t, "compile", s.CCWhy)

	server, err := os.ReadFile("../../engine/cprog/testdata/seed/server.c")
	require.NoError(t, err)
	client, err := os.ReadFile("../../engine/cprog/testdata/seed/client.c")
	require.NoError(t, err)
	b.open(t, link([2]string{"server.c", string(server)}, [2]string{"client.c", string(client)}))
	b.untilTrue(t, cLoaded, "the seed pair's link did not load")
	s = cStats(t, b)
	assert.Equal(t, 1, s.Shipped, "the seed pair's files in a link ran the shipped programs")
	assert.Equal(t, 0, s.Compiled)
}

// Shipped programs the runtime refuses are compiled instead, and the pair runs as on Linux:
// corrupt bytes, bytes of another build (another codec version: a stale cache), and another
// example's programs (not these files, byte for byte).
func TestCModeShippedRefused(t *testing.T) {
	seed, err := fs.ReadFile(web.Public(), "gen/cexamples/seed.bin")
	require.NoError(t, err)
	other, err := fs.ReadFile(web.Public(), "gen/cexamples/tcp_echo.bin")
	require.NoError(t, err)
	require.Equal(t, "SLCP\x01", string(seed[:5]), "the codec's header (engine/cprog/codec.go)")
	skew := append([]byte("SLCP\x7f"), seed[5:]...)
	var mu sync.Mutex
	var body []byte
	b := newBrowserWith(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/gen/cexamples/seed.bin" {
				mu.Lock()
				defer mu.Unlock()
				w.Header().Set("Content-Type", "application/octet-stream")
				w.Header().Set("Cache-Control", "no-store")
				w.Write(body)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	for _, c := range []struct {
		name   string
		body   []byte
		refuse string
	}{
		{"corrupt", []byte("SLCP\x01\x00garbage, not programs"), ""},
		{"another build", skew, "version"},
		{"another example", other, "not these files"},
	} {
		mu.Lock()
		body = c.body
		mu.Unlock()
		b.open(t, "/c?lang=en")
		b.untilTrue(t, cLoaded, c.name+": the seed pair did not load")
		b.click(t, "#end")
		b.untilTrue(t, `document.body.dataset.busy !== "1" && +document.body.dataset.pos > 0 && +document.body.dataset.pos === +document.querySelector("#scrub").max`, c.name+": run to end")
		assert.Equal(t, seedStdout(t, "server"), b.text(t, `#terms .term[data-program="server"] .term-out`), c.name)
		assert.Equal(t, seedStdout(t, "client"), b.text(t, `#terms .term[data-program="client"] .term-out`), c.name)
		s := cStats(t, b)
		assert.Equal(t, 0, s.Shipped, c.name)
		assert.Equal(t, 1, s.Compiled, c.name)
		require.Len(t, s.Refused, 1, c.name)
		assert.Contains(t, s.Refused[0], c.refuse, c.name)
		assert.Equal(t, "compile", s.CCWhy, c.name)
	}
}
