package e2e

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// cFirstLoad measures what a learner waits for when opening /c on the seed pair with an empty
// cache (make perf; TestCModePerf prints it): the time from navigation to the seed pair loaded
// (the page's first View shown: body's data-pos set), the median of n loads, and the bytes the
// server sent before that moment (every response that ended before it, in whatever encoding
// Chromium asked for), with the files they were.
type firstLoad struct {
	ms       float64
	bytes    int
	files    []string
	encoding string
}

// loadedMark records when the page first shows a View, from the page's own clock (epoch ms, so
// it can be compared with the server's), in every document the browser opens.
const loadedMark = `new MutationObserver((_, o) => {
  if (document.body && document.body.dataset.pos !== undefined) {
    window.__cLoaded = performance.now(); window.__cLoadedAt = performance.timeOrigin + performance.now(); o.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-pos"] });`

type served struct {
	path, enc string
	end       float64 // epoch ms
	bytes     int
}

type countingWriter struct {
	http.ResponseWriter
	n int
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += n
	return n, err
}

func cFirstLoad(t *testing.T, n int) firstLoad {
	var times []float64
	var out firstLoad
	for i := 0; i < n; i++ {
		// A new browser each time: a fresh profile has an empty HTTP cache and no compiled wasm
		// (Network.setCacheDisabled does not reach the Web Worker's fetches).
		t.Run("load", func(t *testing.T) {
			var mu sync.Mutex
			var log []served
			b := newBrowserWith(t, func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					cw := &countingWriter{ResponseWriter: w}
					h.ServeHTTP(cw, r)
					mu.Lock()
					log = append(log, served{path: r.URL.Path, enc: w.Header().Get("Content-Encoding"), end: float64(time.Now().UnixMicro()) / 1000, bytes: cw.n})
					mu.Unlock()
				})
			})
			require.NoError(t, chromedp.Run(b.ctx, chromedp.ActionFunc(func(ctx context.Context) error {
				_, err := page.AddScriptToEvaluateOnNewDocument(loadedMark).Do(ctx)
				return err
			})))
			b.open(t, "/c?lang=en")
			b.untilTrue(t, `window.__cLoaded !== undefined`, "the seed pair did not load")
			var at struct{ Loaded, LoadedAt float64 }
			b.eval(t, `({loaded: window.__cLoaded, loadedAt: window.__cLoadedAt})`, &at)
			times = append(times, at.Loaded)
			mu.Lock()
			defer mu.Unlock()
			out.bytes, out.files, out.encoding = 0, nil, ""
			encs := map[string]bool{}
			for _, s := range log {
				if s.end <= at.LoadedAt {
					out.bytes += s.bytes
					out.files = append(out.files, strings.TrimPrefix(s.path, "/gen/"))
					encs[s.enc] = true
				}
			}
			for e := range encs {
				out.encoding += e + " "
			}
		})
	}
	sort.Float64s(times)
	out.ms = times[len(times)/2]
	sort.Strings(out.files)
	return out
}
