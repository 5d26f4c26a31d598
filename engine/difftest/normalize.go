package difftest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"socklab/engine"
)

// Kernel-chosen names differ between runs and kernels: an AF_UNIX autobind
// name is "@" + five hex digits (unix_autobind, net/unix/af_unix.c) and an
// AF_INET ephemeral port is in 32768-60999 (ip_local_port_range). Normalize
// replaces each distinct such name by a placeholder numbered in order of
// first appearance, so the host and the engine compare equal when they chose
// names consistently. A name the timeline wrote itself is left alone.
var (
	autobindRe  = regexp.MustCompile(`^@[0-9a-f]{5}$`)
	ephemeralRe = regexp.MustCompile(`^(\d+\.\d+\.\d+\.\d+):(\d+)$`)
)

// Normalize returns a copy of events with kernel-chosen addresses replaced by
// "@<autobind N>" and "IP:<port N>". src is the timeline (to leave literal
// names alone).
func Normalize(events []engine.Event, src string) []engine.Event {
	names := map[string]string{}
	ports := map[string]string{}
	pids := map[int64]int64{}
	out := make([]engine.Event, len(events))
	for i, e := range events {
		normalizePid(&e, pids)
		if e.Addr != "" && !strings.Contains(src, `"`+e.Addr+`"`) {
			switch {
			case autobindRe.MatchString(e.Addr):
				if _, ok := names[e.Addr]; !ok {
					names[e.Addr] = fmt.Sprintf("@<autobind %d>", len(names)+1)
				}
				e.Addr = names[e.Addr]
			case ephemeralRe.MatchString(e.Addr):
				m := ephemeralRe.FindStringSubmatch(e.Addr)
				var port int
				fmt.Sscan(m[2], &port)
				if port >= 32768 && port <= 60999 && !strings.Contains(src, ":"+m[2]+`"`) {
					if _, ok := ports[m[2]]; !ok {
						ports[m[2]] = fmt.Sprintf("<port %d>", len(ports)+1)
					}
					e.Addr = m[1] + ":" + ports[m[2]]
				}
			}
		}
		out[i] = e
	}
	return out
}

// Process ids are the kernel's choice too (timeline v2): the ret of fork (in
// the parent), getpid, getppid (other than 1, init), wait and waitpid is
// replaced by 100, 101, ... in order of first appearance.
func normalizePid(e *engine.Event, pids map[int64]int64) {
	if e.Kind != engine.EvReturn || e.Ret <= 1 && !(e.Ret == 1 && e.Call != "getppid") {
		return
	}
	switch e.Call {
	case "fork", "getpid", "getppid", "wait", "waitpid":
	default:
		return
	}
	if _, ok := pids[e.Ret]; !ok {
		pids[e.Ret] = 100 + int64(len(pids))
	}
	e.Ret = pids[e.Ret]
}

// Lines renders events as the spec's JSON lines.
func Lines(events []engine.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		b, err := json.Marshal(e)
		if err != nil {
			b = []byte(fmt.Sprintf("<unmarshalable event: %v>", err))
		}
		out[i] = string(b)
	}
	return out
}

// Diff compares two runs line by line (want = host, got = engine) and returns
// "" when they are equal, else a readable listing of every event with the
// differing ones marked, each with its statement's source line.
func Diff(src string, wantName string, want []engine.Event, gotName string, got []engine.Event) string {
	wl, gl := Lines(want), Lines(got)
	n := max(len(wl), len(gl))
	equal := len(wl) == len(gl)
	for i := 0; equal && i < n; i++ {
		equal = wl[i] == gl[i]
	}
	if equal {
		return ""
	}
	srcLines := strings.Split(src, "\n")
	var b strings.Builder
	first := true
	for i := range n {
		var w, g string
		var ev engine.Event
		if i < len(wl) {
			w, ev = wl[i], want[i]
		}
		if i < len(gl) {
			g = gl[i]
			if i >= len(wl) {
				ev = got[i]
			}
		}
		stmt := ""
		if ev.Line > 0 && ev.Line <= len(srcLines) {
			stmt = strings.TrimSpace(srcLines[ev.Line-1])
		}
		if w == g {
			fmt.Fprintf(&b, "    %s\n", w)
			continue
		}
		tag := "!!"
		if first {
			tag, first = "!1", false // the first difference
		}
		fmt.Fprintf(&b, "%s  step %d, line %d: %s\n", tag, ev.Step, ev.Line, stmt)
		fmt.Fprintf(&b, "      %-6s %s\n", wantName+":", orNone(w))
		fmt.Fprintf(&b, "      %-6s %s\n", gotName+":", orNone(g))
	}
	return b.String()
}

// FirstDiff is the first differing pair of lines ("" if none), for summaries.
func FirstDiff(want, got []engine.Event) (w, g string, ok bool) {
	wl, gl := Lines(want), Lines(got)
	for i := range max(len(wl), len(gl)) {
		if i >= len(wl) || i >= len(gl) || wl[i] != gl[i] {
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			return w, g, true
		}
	}
	return "", "", false
}

func orNone(s string) string {
	if s == "" {
		return "(no event)"
	}
	return s
}
