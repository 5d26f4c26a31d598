package lessons

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
)

// The JSON the page's lesson mode reads (web/src/lesson/lesson.js), through
// the wasm binding or the server. Shapes are documented in README.md, "JSON
// for the page".

// DefaultRunner runs timelines on socklab's engine; run_engine.go sets it.
var DefaultRunner Runner

var defaultFeatures struct {
	once sync.Once
	f    Features
}

// EngineFeatures probes DefaultRunner once.
func EngineFeatures() Features {
	defaultFeatures.once.Do(func() {
		defaultFeatures.f = Features{}
		if DefaultRunner != nil {
			defaultFeatures.f = Probe(DefaultRunner)
		}
	})
	return defaultFeatures.f
}

// NormLang maps a browser language tag to a course language: "zh", "zh-CN",
// "zh-Hans-CN" -> "zh"; anything else -> "en".
func NormLang(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return "zh"
	}
	return "en"
}

// LessonJSON is one lesson as the page sees it, in one language.
type LessonJSON struct {
	ID       string           `json:"id"`
	N        int              `json:"n"` // 1-based position in the course
	Title    string           `json:"title"`
	Body     string           `json:"body"` // Markdown subset: render with lesson.js's renderMarkdown
	Requires []string         `json:"requires"`
	Pending  string           `json:"pending"` // non-empty: the engine cannot run this lesson yet, and why
	Starter  string           `json:"starter"`
	Solution string           `json:"solution"`
	Goals    []string         `json:"goals"`
	Hints    []string         `json:"hints"`
	Predict  []PredictionJSON `json:"predict"`
}

// PredictionJSON is a "predict the next step" prompt.
type PredictionJSON struct {
	Step     int    `json:"step"` // ask before executing this statement
	On       string `json:"on"`   // "starter" or "solution": the timeline it is about
	Ask      string `json:"ask"`  // "ret", "errno", "fd" or a value expression
	Question string `json:"question"`
	Answer   string `json:"answer"` // what the engine produces (verified by the checker)
}

// ListJSON returns the course in lang ("en", "zh", or a browser tag).
func ListJSON(lang string) []byte {
	lang = NormLang(lang)
	ls, _ := Course() // a broken course is a test failure; serve what parsed
	f := EngineFeatures()
	out := make([]LessonJSON, 0, len(ls))
	for i, l := range ls {
		j := LessonJSON{ID: l.ID, N: i + 1, Title: l.Title.In(lang), Body: l.Body.In(lang),
			Requires: append([]string{}, l.Requires...), Pending: l.Pending(f),
			Starter: l.Starter, Solution: l.Solution, Goals: []string{}, Hints: []string{}, Predict: []PredictionJSON{}}
		for _, g := range l.Goals {
			j.Goals = append(j.Goals, g.Text.In(lang))
		}
		for _, h := range l.Hints {
			j.Hints = append(j.Hints, h.In(lang))
		}
		for _, p := range l.Predict {
			j.Predict = append(j.Predict, PredictionJSON{Step: p.Step, On: p.On, Ask: p.Ask, Question: p.Text.In(lang), Answer: p.Answer})
		}
		out = append(out, j)
	}
	b, _ := json.Marshal(out)
	return b
}

// CheckResultJSON is the live check of a learner's timeline.
type CheckResultJSON struct {
	ID      string           `json:"id"`
	Pending string           `json:"pending"`
	Errors  []string         `json:"errors"` // parse errors: goals are all false
	Len     int              `json:"len"`    // statements in the timeline
	Step    int              `json:"step"`   // the step the goals were checked at
	Goals   []bool           `json:"goals"`  // goal i holds at Step
	Done    bool             `json:"done"`   // every goal holds at Step
	Predict []PredictionLive `json:"predict"`
}

// PredictionLive is prediction i evaluated on the learner's own timeline.
type PredictionLive struct {
	Applies bool   `json:"applies"` // the text is the timeline the prediction is about
	Actual  string `json:"actual"`  // what the engine produced at that step ("" if Step > len)
}

// CheckJSON runs src (the learner's timeline) and evaluates lesson id's goals
// after statement step (step < 0 or past the end: after the last statement).
func CheckJSON(id, src string, step int) ([]byte, error) {
	l, err := Find(id)
	if err != nil {
		return nil, err
	}
	if DefaultRunner == nil {
		return nil, errors.New("lessons: no engine linked (DefaultRunner is nil)")
	}
	res := CheckSource(l, src, step, DefaultRunner, EngineFeatures())
	return json.Marshal(res)
}

// CheckSource is CheckJSON's work, with the runner given.
func CheckSource(l *Lesson, src string, step int, run Runner, f Features) (res *CheckResultJSON) {
	res = &CheckResultJSON{ID: l.ID, Pending: l.Pending(f), Errors: []string{},
		Goals: make([]bool, len(l.Goals)), Predict: []PredictionLive{}}
	defer func() {
		if r := recover(); r != nil { // an engine bug: report it, keep the page alive
			res.Errors = append(res.Errors, "internal error in the engine")
			res.Goals, res.Done = make([]bool, len(l.Goals)), false
		}
	}()
	r := run(src)
	if errs := r.Errors(); len(errs) > 0 {
		res.Errors = append(res.Errors, errs...)
		return res
	}
	t := NewTrace(r)
	res.Len = t.Len()
	if step < 0 || step > t.Len() {
		step = t.Len()
	}
	res.Step = step
	res.Goals = EvalGoals(l, t.World(step))
	res.Done = allTrue(res.Goals)
	for _, p := range l.Predict {
		target := l.Starter
		if p.On == "solution" {
			target = l.Solution
		}
		pl := PredictionLive{Applies: sameTimeline(src, target)}
		if p.Step <= t.Len() {
			pl.Actual = PredictValue(t, p)
		}
		res.Predict = append(res.Predict, pl)
	}
	return res
}

// sameTimeline compares two timelines ignoring blank lines, comments and
// surrounding spaces.
func sameTimeline(a, b string) bool {
	return strings.Join(statements(a), "\n") == strings.Join(statements(b), "\n")
}

func statements(src string) []string {
	var out []string
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}
