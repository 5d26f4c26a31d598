package cprog

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestModulesSplit: C mode's two WebAssembly modules link only their half (issue 12's size
// budget is why there are two): cc.wasm (wasm/cc, -tags cprog_compiler) has the C front end and
// neither the simulated kernel nor the libc; c.wasm (wasm/c, -tags cprog_runtime) has the kernel
// and not the front end (nor math/big or os/exec, which only it brings), and writes its JSON
// without encoding/json. The tags are the Makefile's.
func TestModulesSplit(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the modules' packages")
	}
	deps := func(tag string, args ...string) map[string]bool {
		cmd := exec.Command(goCmd, append([]string{"list", "-tags", tag}, args...)...)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %v: %v\n%s", args, err, out)
		}
		m := map[string]bool{}
		for _, p := range strings.Fields(string(out)) {
			m[p] = true
		}
		return m
	}
	cc := deps("cprog_compiler", "-deps", "socklab/wasm/cc")
	c := deps("cprog_runtime", "-deps", "socklab/wasm/c")
	for _, p := range []string{"modernc.org/cc/v4", "socklab/engine/cprog"} {
		if !cc[p] {
			t.Errorf("cc.wasm does not link %s", p)
		}
	}
	for _, p := range []string{"socklab/engine", "socklab/engine/timeline/snapdiff", "encoding/json"} {
		if cc[p] {
			t.Errorf("cc.wasm links %s", p)
		}
	}
	if !c["socklab/engine"] || !c["socklab/engine/cprog"] {
		t.Error("c.wasm does not link the engine and cprog")
	}
	for _, p := range []string{"modernc.org/cc/v4", "math/big", "os/exec"} {
		if c[p] {
			t.Errorf("c.wasm links %s", p)
		}
	}
	// c.wasm's own code writes JSON with wasm/c/cjson and formats with sfmt (encoding/json and
	// fmt still come in through engine/timeline/snapdiff, unused there, so the linker drops them)
	own := deps("cprog_runtime", "-f", "{{.ImportPath}}:{{range .Imports}} {{.}}{{end}}", "socklab/wasm/c", "socklab/wasm/c/cjson", "socklab/engine/cprog")
	for _, p := range []string{"encoding/json", "fmt"} {
		if own[p] {
			t.Errorf("wasm/c, wasm/c/cjson or engine/cprog's runtime imports %s", p)
		}
	}
}
