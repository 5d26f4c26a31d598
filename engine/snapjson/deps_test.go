package snapjson

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWasmDeps: the playground's engine.wasm links neither fmt nor encoding/json nor reflect
// (≈220 KiB of wasm). The engine formats with socklab/engine/internal/sfmt instead of fmt, and
// the page's JSON is written by this package.
func TestWasmDeps(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "socklab/wasm")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	require.NoError(t, err)
	for _, dep := range strings.Fields(string(out)) {
		switch dep {
		case "fmt", "encoding/json", "reflect", "os":
			t.Errorf("engine.wasm links %s: use socklab/engine/internal/sfmt (or strconv) in engine/..., engine/snapjson for JSON (see `go list -deps -f '{{.ImportPath}} {{.Imports}}' socklab/wasm` with GOOS=js GOARCH=wasm for who imports it)", dep)
		}
	}
}
