package timeline

import (
	"strconv"
	"strings"

	"socklab/engine"
)

// Mermaid renders a run as a Mermaid sequenceDiagram: one participant per
// process plus one "kernel" participant between them, and one arrow per
// system call, labelled "[step] statement → result". A call that fails is a
// cross-ended arrow (-x); a call that blocks is an open arrow, after which
// its process is activated (the bar is the time it sleeps) with a note
// "asleep in <call>"; the kernel's dashed arrow back, labelled with the
// result and the step that woke it, ends the activation. Three or more
// identical consecutive calls with identical results collapse into one
// arrow "[first–last] … ×N", and long statements and data are cut ("…"),
// so a 200-step run stays readable. A forked child's first event (fork
// returning 0) is the kernel's dashed arrow to it, "(new process)"; past 400 arrows a note says how many
// events were left out. Error events (a timeline that does not
// parse) become notes. Text is escaped with Mermaid's entity codes, so
// nothing in a timeline can end a message or inject a directive.
func Mermaid(events []engine.Event, src string) string {
	recs := Records(events, src)
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	// Participants: processes in order of first appearance, the kernel in the middle.
	var procs []string
	ids := map[string]string{}
	for _, r := range recs {
		if r.Proc != "" && ids[r.Proc] == "" {
			procs = append(procs, r.Proc)
			ids[r.Proc] = "P" + strconv.Itoa(len(procs))
		}
	}
	half := (len(procs) + 1) / 2
	left := map[string]bool{}
	kernel := "kernel"
	if ids["kernel"] != "" {
		kernel = "kernel (socklab)"
	}
	for i, p := range procs {
		if i == half {
			b.WriteString("    participant K as " + mermaidText(kernel) + "\n")
		}
		left[p] = i < half
		b.WriteString("    participant " + ids[p] + " as " + mermaidText(p) + "\n")
	}
	if half == len(procs) {
		b.WriteString("    participant K as " + mermaidText(kernel) + "\n")
	}
	line := func(parts ...string) {
		b.WriteString("    ")
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	side := func(p string) string {
		if left[p] {
			return "left of "
		}
		return "right of "
	}
	arrows := 0
	seen := map[string]bool{} // processes that have had an event
	for i := 0; i < len(recs); i++ {
		if arrows == mermaidMaxArrows {
			line("Note over K: ", mermaidText("… "+strconv.Itoa(len(recs)-i)+" more events not drawn (socklab run --markdown lists them all)"))
			break
		}
		arrows++
		r := recs[i]
		first := !seen[r.Proc]
		seen[r.Proc] = true
		p := ids[r.Proc]
		text := clipRunes(r.Text, mermaidTextMax)
		switch {
		case r.Kind == engine.EvError:
			who := "K"
			if p != "" {
				who = p
			}
			line("Note over ", who, ": ", mermaidText("error: "+clipRunes(r.Message, 2*mermaidTextMax)))
		case r.Kind == engine.EvBlock:
			line(p, "-)K: ", mermaidText("["+strconv.Itoa(r.Step)+"] "+text))
			line("activate ", p)
			line("Note ", side(r.Proc), p, ": ", mermaidText("asleep in "+r.Call))
		case r.Call == "fork" && r.Kind == engine.EvReturn && r.Ret == 0 && r.Errno == "" && first:
			// The child's side of fork: the kernel starts a new process.
			line("K-->>", p, ": ", mermaidText("["+strconv.Itoa(r.Step)+"] "+text+" → 0 (new process)"))
		case r.After > 0:
			line("K-->>", p, ": ", mermaidText("["+strconv.Itoa(r.Step)+"] "+text+" → "+resultText(r.Event, mermaidDataMax)+
				" (woken by step "+strconv.Itoa(r.After)+")"))
			line("deactivate ", p)
		default:
			n := 1
			for i+n < len(recs) && sameCall(recs[i+n], r) {
				n++
			}
			if n < 3 {
				n = 1
			}
			arrow := "->>K: "
			if r.Errno != "" {
				arrow = "-xK: "
			}
			steps := "[" + strconv.Itoa(r.Step) + "] "
			times := ""
			if n > 1 {
				steps = "[" + strconv.Itoa(r.Step) + "–" + strconv.Itoa(recs[i+n-1].Step) + "] "
				times = " ×" + strconv.Itoa(n)
			}
			line(p, arrow, mermaidText(steps+text+" → "+resultText(r.Event, mermaidDataMax)+times))
			i += n - 1
		}
	}
	return b.String()
}

const (
	// mermaidMaxArrows bounds the diagram: past it mermaid's default maxTextSize (50,000
	// characters) refuses to draw at all, and nobody reads a sequence diagram that long.
	mermaidMaxArrows = 400
	mermaidTextMax   = 56 // runes of a statement in a message
	mermaidDataMax   = 24 // bytes of data shown in a result
)

// sameCall: b repeats a (same process, statement and result, at once).
func sameCall(b, a Record) bool {
	return b.Kind == engine.EvReturn && b.After == 0 && b.Proc == a.Proc && b.Text == a.Text &&
		b.Ret == a.Ret && b.Errno == a.Errno && string(b.Data) == string(a.Data) && b.Addr == a.Addr
}

// mermaidText escapes a message or alias with Mermaid's entity codes
// ("#59;"): ';' and '#' (statement and entity syntax), '<', '>' and '&'
// (HTML labels) and '%' ("%%" comments and "%%{init}%%" directives).
// Quotes and braces (timeline v2's lists) stay as they are: they are plain
// text in a message (the render test in web/e2e checks).
func mermaidText(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '#', ';', '%', '<', '>', '&':
			b.WriteString("#" + strconv.Itoa(int(c)) + ";")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
