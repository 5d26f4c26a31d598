package server

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
)

// The web component is loaded cross-origin by docs sites: /embed.js and the engine it fetches
// are served with CORS; pages are not.
func TestEmbedModuleCrossOrigin(t *testing.T) {
	fs := page()
	fs["embed.js"] = &fstest.MapFile{Data: []byte("export {}; // <socklab-playground>\n")}
	h := newTest(t, Config{Static: fs})
	for _, p := range []string{"/embed.js", "/gen/engine.wasm", "/gen/wasm_exec.js"} {
		r := get(h, p, map[string]string{"Origin": "https://blog.example"})
		if assert.Equal(t, 200, r.StatusCode, p) {
			assert.Equal(t, "*", r.Header.Get("Access-Control-Allow-Origin"), p)
		}
	}
	r := get(h, "/embed.js", nil)
	assert.Equal(t, "text/javascript; charset=utf-8", r.Header.Get("Content-Type"))
	assert.Empty(t, get(h, "/", nil).Header.Get("Access-Control-Allow-Origin"), "pages are not for other origins")
}
