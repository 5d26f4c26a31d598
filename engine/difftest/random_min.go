package difftest

import (
	"os"
	"path/filepath"
	"strings"
)

// Minimize shrinks a differing timeline by delta debugging (Zeller's ddmin
// over statements): it drops whole processes, then ever smaller chunks of
// statements, then single statements, keeping every cut after which
// same(candidate) still holds — the same difference remains. Comments are
// dropped; budget bounds the number of same() calls (each is a host run).
func Minimize(src string, same func(string) bool, budget int) string {
	var stmts []string
	for _, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		stmts = append(stmts, l)
	}
	calls := 0
	try := func(cand []string) bool {
		if calls >= budget || len(cand) == 0 {
			return false
		}
		calls++
		return same(join(cand))
	}
	// Whole processes first.
	for _, p := range procsOf(stmts) {
		var cand []string
		for _, s := range stmts {
			if procOf(s) != p {
				cand = append(cand, s)
			}
		}
		if len(cand) < len(stmts) && try(cand) {
			stmts = cand
		}
	}
	// ddmin: remove chunks of len/n statements, n doubling.
	for n := 2; len(stmts) >= 2 && calls < budget; {
		chunk := (len(stmts) + n - 1) / n
		removed := false
		for start := 0; start < len(stmts); start += chunk {
			cand := append(append([]string{}, stmts[:start]...), stmts[min(start+chunk, len(stmts)):]...)
			if try(cand) {
				stmts, removed = cand, true
				n = max(n-1, 2)
				break
			}
		}
		if !removed {
			if chunk == 1 {
				break
			}
			n = min(2*n, len(stmts))
		}
	}
	// One by one until nothing more can go.
	for changed := true; changed && calls < budget; {
		changed = false
		for i := len(stmts) - 1; i >= 0; i-- {
			cand := append(append([]string{}, stmts[:i]...), stmts[i+1:]...)
			if try(cand) {
				stmts, changed = cand, true
			}
		}
	}
	return join(stmts)
}

func join(stmts []string) string { return strings.Join(stmts, "\n") + "\n" }

func procOf(stmt string) string {
	p, _, _ := strings.Cut(stmt, ":")
	return strings.TrimSpace(p)
}

func procsOf(stmts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range stmts {
		if p := procOf(s); !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// MinimizeDifference minimizes src keeping its host/engine difference sig
// (each candidate runs on the host twice: a host that disagrees with itself
// does not count as the difference).
func MinimizeDifference(src, sig string, budget int) string {
	return Minimize(src, func(cand string) bool {
		s, _, _, err := CompareOnce(cand)
		if err != nil || s != sig {
			return false
		}
		again, err := HostRun(cand)
		if err != nil {
			return false
		}
		first, err := HostRun(cand)
		return err == nil && Signature(first, again) == ""
	}, budget)
}

// WriteCase writes a minimized reproducer as a hand-written difftest case
// dir/name.tl (with comment as its first line) and its golden host results
// dir/name.host.jsonl.
func WriteCase(dir, name, comment, src string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	body := "# " + comment + "\n" + src
	if err := os.WriteFile(filepath.Join(dir, name+".tl"), []byte(body), 0o644); err != nil {
		return err
	}
	host, err := HostRun(body) // line numbers include the comment
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name+".host.jsonl"), []byte(strings.Join(Lines(host), "\n")+"\n"), 0o644)
}
