// Package server builds socklab's http.Handler: the embedded playground page, the /embed view,
// /healthz and POST /api/run. It does not listen: the root command (server.go) puts it on a TCP
// listener, and web/worker puts the same handler in a Cloudflare Worker (API only, the page being
// served there as static assets).
package server

import (
	"crypto/rand"
	"encoding/base64"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

var zeroTime time.Time

// Config says what the handler serves and how much one API request may cost.
type Config struct {
	// Static is the page (web.Public()); nil serves the API and /healthz only.
	Static fs.FS
	// Run runs a timeline for POST /api/run (see RunTimeline); nil answers 503.
	Run RunFunc
	// MaxBody is the largest accepted /api/run body in bytes (default 256 KiB).
	MaxBody int64
	// StepBudget is the most statements one /api/run request may execute (default 100000).
	StepBudget int
	// Timeout bounds one /api/run request (default 5 s).
	Timeout time.Duration
	// MaxOutput bounds the JSON events of one response in bytes (default 8 MiB); the rest is cut
	// off and the response says so.
	MaxOutput int
	// MaxConcurrent is how many timelines may run at once (default 4); more wait, then get 503.
	MaxConcurrent int
	// MemoryBudget is the memory one run may hold, as the engine counts it (default 64 MiB):
	// with MaxConcurrent it bounds the memory of every run in flight. A run that goes over
	// returns its partial events and a message naming the budget.
	MemoryBudget int64
}

// MemoryLimit is the Go runtime's soft memory limit `socklab serve` sets (unless GOMEMLIMIT is
// set): with MaxConcurrent runs of MemoryBudget each, the collector works harder near it instead
// of letting garbage double the heap, so the process stays under 1 GiB however hostile the load.
const MemoryLimit = 640 << 20

func (c *Config) defaults() {
	if c.MaxBody <= 0 {
		c.MaxBody = 256 << 10
	}
	if c.StepBudget <= 0 {
		c.StepBudget = 100000
	}
	if c.Timeout <= 0 {
		c.Timeout = 5 * time.Second
	}
	if c.MaxOutput <= 0 {
		c.MaxOutput = 8 << 20
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 4
	}
	if c.MemoryBudget <= 0 {
		c.MemoryBudget = 64 << 20
	}
}

// CSP is the page's Content-Security-Policy: its own scripts, WebAssembly compilation
// ('wasm-unsafe-eval', nothing else that evaluates code), its own stylesheet plus the editor's
// styles (by nonce), fetches to its own origin only. NONCE is replaced per request.
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'nonce-NONCE'; " +
	"connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; " +
	"frame-ancestors 'none'"

// New builds the handler.
func New(cfg Config) (http.Handler, error) {
	cfg.defaults()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(`{"status":"ok"}` + "\n"))
	})
	mux.Handle("/api/run", newRunHandler(cfg))
	if cfg.Static != nil {
		a, err := loadAssets(cfg.Static)
		if err != nil {
			return nil, err
		}
		pages := http.NewServeMux()
		pages.Handle("GET /{$}", pageHandler(a, "index.html", false))
		pages.Handle("GET /embed", pageHandler(a, "embed.html", true))
		pages.Handle("GET /c", pageHandler(a, "c.html", false))
		pages.Handle("GET /c/embed", pageHandler(a, "c.html", true)) // the C mode in an iframe
		pages.Handle("GET /assets/{hash}/{name...}", hashedHandler(a))
		pages.Handle("GET /", plainHandler(a))
		// One catch-all without a method, so it does not conflict with /api/run's pattern.
		mux.Handle("/", pages)
	}
	return securityHeaders(mux), nil
}

// securityHeaders sets the headers every response carries; pages add their CSP.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		// Share links carry the whole timeline in the query: never leak it to other sites.
		h.Set("Referrer-Policy", "no-referrer")
		if r.URL.Path != "/embed" && r.URL.Path != "/c/embed" {
			h.Set("X-Frame-Options", "DENY")
		}
		next.ServeHTTP(w, r)
	})
}

func newNonce() string {
	var b [16]byte
	rand.Read(b[:])
	return base64.RawStdEncoding.EncodeToString(b[:])
}

// pageHandler serves an HTML page with a fresh CSP nonce; /embed may be framed by any site.
func pageHandler(a *assets, name string, embeddable bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := newNonce()
		body, ok := a.renderPage(name, nonce)
		if !ok {
			http.Error(w, name+" is missing from the embedded page", http.StatusInternalServerError)
			return
		}
		csp := strings.Replace(CSP, "NONCE", nonce, 1)
		if embeddable {
			// '*' matches network schemes only: file: lets a draft opened as a local file frame it.
			csp = strings.Replace(csp, "frame-ancestors 'none'", "frame-ancestors * file:", 1)
		}
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		if _, ok := a.byName["gen/engine.wasm"]; !ok {
			h.Set("X-Socklab-Warning", "front end not built: run make build")
		}
		w.Write(body)
	})
}

// hashedHandler serves /assets/<hash>/<name>: content-addressed, so cacheable forever.
func hashedHandler(a *assets) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x := a.byName[r.PathValue("name")]
		if x == nil || x.hash != r.PathValue("hash") {
			http.NotFound(w, r)
			return
		}
		serveAsset(w, r, x, "public, max-age=31536000, immutable")
	})
}

// plainHandler serves assets by their plain name (embedders, tools): revalidated every time.
func plainHandler(a *assets) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		x := a.byName[name]
		if x == nil {
			http.NotFound(w, r)
			return
		}
		serveAsset(w, r, x, "no-cache")
	})
}
