package timeline

import (
	"strconv"
	"strings"

	"socklab/engine"
)

// Markdown renders a run as a GitHub-flavoured Markdown table: one row per
// event with the step, the process, the statement as written (code), the
// result (the return value, data, address; "blocks" for a call that
// sleeps, the step that woke it for its return) and the errno's meaning
// (strerror). An error event's message takes the result column.
func Markdown(events []engine.Event, src string) string {
	var b strings.Builder
	b.WriteString("| step | process | call | result | errno meaning |\n")
	b.WriteString("|---:|---|---|---|---|\n")
	for _, r := range Records(events, src) {
		var result, meaning string
		switch {
		case r.Kind == engine.EvError:
			result = "error: " + mdText(r.Message)
		case r.Kind == engine.EvBlock:
			result = "blocks"
		default:
			result = mdCode(resultText(r.Event, markdownDataMax))
			if r.After > 0 {
				result += " (woken by step " + strconv.Itoa(r.After) + ")"
			}
			if r.Errno != "" {
				meaning = mdText(Strerror(r.Errno))
			}
		}
		step := ""
		if r.Step > 0 {
			step = strconv.Itoa(r.Step)
		}
		b.WriteString("| " + step + " | " + mdText(r.Proc) + " | " + mdCode(r.Text) + " | " + result + " | " + meaning + " |\n")
	}
	return b.String()
}

const markdownDataMax = 64

// mdCode is s as a code span inside a table cell: a fence longer than any
// run of backticks in s, and '|' escaped (GFM splits cells before code spans).
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	run, longest := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if longest > 0 {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", `\|`) + pad + fence
}

// mdText escapes Markdown's inline syntax in plain text.
func mdText(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '\\', '|', '*', '_', '`', '<', '>', '[', ']', '&', '#':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
