package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestCModeScreenshots runs corpus programs in the C mode and writes screenshots (and the
// terminals' text) into $SOCKLAB_CSHOTS, desktop and phone, en and zh — for people to look at.
// Skipped unless SOCKLAB_CSHOTS is set; SOCKLAB_CSHOTS_ONLY filters by substring.
func TestCModeScreenshots(t *testing.T) {
	dir := shotsDir(t, "SOCKLAB_CSHOTS")
	only := os.Getenv("SOCKLAB_CSHOTS_ONLY")
	b := newBrowser(t)
	progs := map[string][]map[string]string{
		"compile-error": {{"name": "bad.c", "src": "#include <stdio.h>\nint main(void) {\n    printf(\"x\\n\")\n    return y;\n}\n"}},
	}
	for _, c := range []string{"epoll_server", "pipe_fork", "scm_rights", "rcvtimeo", "sigchld_handler"} {
		ents, err := os.ReadDir("../../engine/cprog/testdata/corpus/" + c)
		require.NoError(t, err)
		var files []map[string]string
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".c") {
				src, err := os.ReadFile("../../engine/cprog/testdata/corpus/" + c + "/" + e.Name())
				require.NoError(t, err)
				files = append(files, map[string]string{"name": e.Name(), "src": string(src)})
			}
		}
		sort.Slice(files, func(i, j int) bool { return files[i]["name"] < files[j]["name"] })
		progs[c] = files
	}
	for _, sz := range shotSizes {
		for _, lang := range []string{"en", "zh"} {
			for name, files := range progs {
				shot := fmt.Sprintf("c-%s-%s-%s", name, sz.name, lang)
				if only != "" && !strings.Contains(shot, only) {
					continue
				}
				b.emulate(t, sz, "")
				payload, _ := json.Marshal(map[string]any{"files": files})
				b.open(t, "/c?lang="+lang+"&c="+base64.RawURLEncoding.EncodeToString(payload))
				b.untilTrue(t, `document.body.dataset.busy !== "1" && (!!socklabC.view || !document.getElementById("errors").hidden || !document.getElementById("message").hidden)`, "loaded")
				if !strings.HasPrefix(name, "compile") {
					b.eval(t, `(document.getElementById("end").click(), true)`, nil)
					b.untilTrue(t, `document.body.dataset.busy !== "1" && +document.body.dataset.pos === +document.querySelector("#scrub").max`, "end")
				}
				var txt string
				b.eval(t, `["#message", "#status", "#errors", "#terms"].map(s => s + ": " + (document.querySelector(s) ? document.querySelector(s).innerText : "")).join("\n")`, &txt)
				require.NoError(t, os.WriteFile(filepath.Join(dir, shot+".txt"), []byte(txt), 0o644))
				b.unrollKernel(t)
				var png []byte
				require.NoError(t, chromedp.Run(b.ctx, chromedp.Sleep(300*time.Millisecond), chromedp.FullScreenshot(&png, 100)))
				require.NoError(t, os.WriteFile(filepath.Join(dir, shot+".png"), png, 0o644))
			}
		}
	}
}
