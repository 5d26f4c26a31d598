package lessons

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The lesson file format (README.md, "Lesson files"): Markdown with front
// matter, one file per lesson holding both languages, so the timelines and
// goals — the part that is checked — exist once and cannot drift apart.
//
//	---
//	id: bind-path
//	title.en: Binding a path
//	title.zh: 绑定路径
//	requires: af_inet            (optional: features the engine must have)
//	---
//	## en
//	explanation (Markdown subset)
//	## zh
//	中文讲解
//	## starter
//	```timeline
//	...
//	```
//	## solution
//	```timeline
//	...
//	```
//	## goals
//	- check: event{call=bind, errno=EADDRINUSE} then event{call=bind, ret=0}
//	  en: bind failed with EADDRINUSE, then succeeded
//	  zh: bind 先以 EADDRINUSE 失败，然后成功
//	## hints
//	- en: ...
//	  zh: ...
//	## predict
//	- step: 3
//	  ask: ret
//	  answer: -1
//	  en: What does the second bind return?
//	  zh: 第二次 bind 返回什么？

// Langs are the languages every lesson text must have.
var Langs = []string{"en", "zh"}

// Text is one piece of lesson text in every language.
type Text map[string]string

// In returns the text in lang, falling back to English.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t["en"]
}

// Lesson is one parsed lesson.
type Lesson struct {
	ID       string
	File     string // file name it came from
	Requires []string
	Title    Text
	Body     Text // the explanation, Markdown subset
	Starter  string
	Solution string
	Goals    []LessonGoal
	Hints    []Text
	Predict  []Prediction
}

// LessonGoal is a goal with its text.
type LessonGoal struct {
	Check *Goal
	Text  Text
}

// Prediction is a "predict the next step" exercise: before executing
// statement Step of the starter timeline (On = "starter", the default) or the
// solution, the learner guesses Ask's value, which must be Answer.
//
// Ask is "ret", "errno" or "fd" (the return of statement Step's call — "block"
// while the call is asleep; fd is ret by another name), or any value
// expression, e.g. count(skbs where queue_state == TCP_LISTEN), evaluated
// right after statement Step.
type Prediction struct {
	Step   int
	On     string
	Ask    string
	Answer string
	Text   Text
	value  *ValueExpr // nil for ret/errno/fd
}

// item is one "- key: value" list entry.
type item map[string]string

// ParseLesson parses one lesson file.
func ParseLesson(name string, src string) (*Lesson, error) {
	l := &Lesson{File: name, Title: Text{}, Body: Text{}}
	errf := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, errf(1, "a lesson starts with '---' front matter")
	}
	i := 1
	for ; i < len(lines) && strings.TrimSpace(lines[i]) != "---"; i++ {
		if strings.TrimSpace(lines[i]) == "" {
			continue
		}
		k, v, ok := strings.Cut(lines[i], ":")
		if !ok {
			return nil, errf(i+1, "front matter lines are 'key: value'")
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case k == "id":
			l.ID = v
		case k == "requires":
			for _, f := range strings.Split(v, ",") {
				if f = strings.TrimSpace(f); f != "" {
					l.Requires = append(l.Requires, f)
				}
			}
		case strings.HasPrefix(k, "title."):
			l.Title[strings.TrimPrefix(k, "title.")] = v
		default:
			return nil, errf(i+1, "unknown front matter key %q", k)
		}
	}
	if i >= len(lines) {
		return nil, errf(i, "front matter is not closed with '---'")
	}
	// Sections.
	sections := map[string][]string{}
	sectionLine := map[string]int{}
	cur := ""
	for i++; i < len(lines); i++ {
		line := lines[i]
		if h, ok := strings.CutPrefix(line, "## "); ok {
			cur = strings.TrimSpace(h)
			if _, dup := sections[cur]; dup {
				return nil, errf(i+1, "section %q appears twice", cur)
			}
			sections[cur], sectionLine[cur] = []string{}, i+2
			continue
		}
		if cur == "" {
			if strings.TrimSpace(line) != "" {
				return nil, errf(i+1, "text before the first '## section'")
			}
			continue
		}
		sections[cur] = append(sections[cur], line)
	}
	for s := range sections {
		switch s {
		case "starter", "solution", "goals", "hints", "predict":
		default:
			if !isLang(s) {
				return nil, errf(sectionLine[s]-1, "unknown section %q", s)
			}
		}
	}
	for _, lang := range Langs {
		l.Body[lang] = strings.TrimSpace(strings.Join(sections[lang], "\n"))
	}
	var err error
	if l.Starter, err = codeBlock(sections["starter"]); err != nil {
		return nil, errf(sectionLine["starter"], "starter: %v", err)
	}
	if l.Solution, err = codeBlock(sections["solution"]); err != nil {
		return nil, errf(sectionLine["solution"], "solution: %v", err)
	}
	goals, err := items(sections["goals"], "check")
	if err != nil {
		return nil, errf(sectionLine["goals"], "goals: %v", err)
	}
	for n, it := range goals {
		g, err := ParseGoal(it["check"])
		if err != nil {
			return nil, errf(sectionLine["goals"], "goal %d: %q: %v", n+1, it["check"], err)
		}
		l.Goals = append(l.Goals, LessonGoal{Check: g, Text: it.text()})
	}
	hints, err := items(sections["hints"])
	if err != nil {
		return nil, errf(sectionLine["hints"], "hints: %v", err)
	}
	for _, it := range hints {
		l.Hints = append(l.Hints, it.text())
	}
	preds, err := items(sections["predict"], "step", "on", "ask", "answer")
	if err != nil {
		return nil, errf(sectionLine["predict"], "predict: %v", err)
	}
	for n, it := range preds {
		p, err := parsePrediction(it)
		if err != nil {
			return nil, errf(sectionLine["predict"], "prediction %d: %v", n+1, err)
		}
		l.Predict = append(l.Predict, p)
	}
	return l, l.validate()
}

func parsePrediction(it item) (Prediction, error) {
	p := Prediction{On: it["on"], Ask: it["ask"], Answer: it["answer"], Text: it.text()}
	if p.On == "" {
		p.On = "starter"
	}
	if p.On != "starter" && p.On != "solution" {
		return p, fmt.Errorf("on: must be starter or solution, not %q", p.On)
	}
	n, err := strconv.Atoi(it["step"])
	if err != nil || n < 1 {
		return p, fmt.Errorf("step: a statement number >= 1, not %q", it["step"])
	}
	p.Step = n
	if p.Answer == "" {
		return p, fmt.Errorf("answer: missing")
	}
	switch p.Ask {
	case "ret", "errno", "fd":
	case "":
		return p, fmt.Errorf("ask: missing")
	default:
		if p.value, err = ParseValue(p.Ask); err != nil {
			return p, fmt.Errorf("ask: %q: %v", p.Ask, err)
		}
	}
	return p, nil
}

// validate checks what every lesson must have.
func (l *Lesson) validate() error {
	var miss []string
	need := func(ok bool, what string) {
		if !ok {
			miss = append(miss, what)
		}
	}
	need(l.ID != "", "id")
	need(l.Starter != "", "starter")
	need(l.Solution != "", "solution")
	need(len(l.Goals) > 0, "goals")
	need(len(l.Hints) > 0, "hints")
	for _, lang := range Langs {
		need(l.Title[lang] != "", "title."+lang)
		need(l.Body[lang] != "", "## "+lang)
		for i, g := range l.Goals {
			need(g.Text[lang] != "", fmt.Sprintf("goal %d %s", i+1, lang))
		}
		for i, h := range l.Hints {
			need(h[lang] != "", fmt.Sprintf("hint %d %s", i+1, lang))
		}
		for i, p := range l.Predict {
			need(p.Text[lang] != "", fmt.Sprintf("prediction %d %s", i+1, lang))
		}
	}
	if len(miss) > 0 {
		return fmt.Errorf("%s: missing %s", l.File, strings.Join(miss, ", "))
	}
	return nil
}

func isLang(s string) bool {
	for _, l := range Langs {
		if s == l {
			return true
		}
	}
	return false
}

// codeBlock returns the contents of the one fenced block in a section.
func codeBlock(lines []string) (string, error) {
	var out []string
	in, seen := false, false
	for _, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			if !in && seen {
				return "", fmt.Errorf("more than one code block")
			}
			in, seen = !in, true
			continue
		}
		if in {
			out = append(out, line)
		} else if strings.TrimSpace(line) != "" {
			return "", fmt.Errorf("text outside the code block: %q", line)
		}
	}
	if in {
		return "", fmt.Errorf("code block not closed")
	}
	if !seen {
		return "", nil
	}
	return strings.Join(out, "\n") + "\n", nil
}

// items parses a list of "- key: value" entries continued by "  key: value".
// Keys other than keys and the language codes are an error (a typo in
// "check" must not drop a goal).
func items(lines []string, keys ...string) ([]item, error) {
	var out []item
	for _, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		rest, isNew := strings.CutPrefix(line, "- ")
		if !isNew {
			if !strings.HasPrefix(line, "  ") || len(out) == 0 {
				return nil, fmt.Errorf("expected '- key: value' or an indented '  key: value', found %q", line)
			}
			rest = line
		}
		k, v, ok := strings.Cut(rest, ":")
		if !ok {
			return nil, fmt.Errorf("expected 'key: value', found %q", line)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !isLang(k) && !slices.Contains(keys, k) {
			return nil, fmt.Errorf("unknown key %q", k)
		}
		if isNew {
			out = append(out, item{})
		}
		if _, dup := out[len(out)-1][k]; dup {
			return nil, fmt.Errorf("key %q twice in one entry", k)
		}
		out[len(out)-1][k] = v
	}
	return out, nil
}

// text collects an entry's language keys.
func (it item) text() Text {
	t := Text{}
	for _, lang := range Langs {
		if s, ok := it[lang]; ok {
			t[lang] = s
		}
	}
	return t
}
