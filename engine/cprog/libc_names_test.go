package cprog

import "testing"

// TestLibcNames: the static list the compiler numbers calls by is exactly
// what libc_*.go register, each name once (register panics on a name that is
// not in the list or registered twice; this catches a name never registered).
func TestLibcNames(t *testing.T) {
	if len(builtinByName) != len(libcNames) {
		t.Fatalf("libcNames has %d entries but %d distinct names", len(libcNames), len(builtinByName))
	}
	for id, b := range builtins {
		if b.fn == nil || b.name != libcNames[id] {
			t.Errorf("libcNames[%d] = %q: no libc_*.go file registers it", id, libcNames[id])
		}
	}
}
