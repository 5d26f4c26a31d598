//go:build js && wasm && lessons

package main

import (
	"encoding/json"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lessonJSON is the part of lessons.ListJSON's answer these tests read.
type lessonJSON struct {
	ID, Title, Body, Starter, Solution, Pending string
	N                                           int
	Goals, Hints                                []string
	Predict                                     []struct {
		Step            int
		On, Ask, Answer string
		Question        string
	}
}

// checkJSON is lessons.CheckJSON's answer (or the binding's {"fatal"}).
type checkJSON struct {
	ID, Pending string
	Errors      []string
	Len, Step   int
	Goals       []bool
	Done        bool
	Predict     []struct {
		Applies bool
		Actual  string
	}
	Fatal string
}

func listLessons(t *testing.T, lang any) []lessonJSON {
	t.Helper()
	out := js.Global().Get("socklab").Call("lessons", lang)
	require.Equal(t, js.TypeString, out.Type())
	var ls []lessonJSON
	require.NoError(t, json.Unmarshal([]byte(out.String()), &ls), out.String())
	return ls
}

func checkLesson(t *testing.T, args ...any) checkJSON {
	t.Helper()
	out := js.Global().Get("socklab").Call("checkLesson", args...)
	require.Equal(t, js.TypeString, out.Type())
	var c checkJSON
	require.NoError(t, json.Unmarshal([]byte(out.String()), &c), out.String())
	return c
}

func TestLessonsListInBothLanguages(t *testing.T) {
	en := listLessons(t, "en")
	zh := listLessons(t, "zh-CN") // a browser tag
	require.GreaterOrEqual(t, len(en), 16, "the course has at least 16 lessons")
	require.Len(t, zh, len(en))
	for i := range en {
		assert.Equal(t, i+1, en[i].N)
		assert.Equal(t, en[i].ID, zh[i].ID, "the same course in both languages")
		assert.Equal(t, en[i].Starter, zh[i].Starter, "the checked parts are shared")
		assert.NotEqual(t, en[i].Title, zh[i].Title, en[i].ID)
		assert.Len(t, zh[i].Goals, len(en[i].Goals), en[i].ID)
		assert.NotEmpty(t, en[i].Hints, en[i].ID)
		assert.Regexp(t, `\p{Han}`, zh[i].Title, "Chinese title of %s", en[i].ID)
		assert.NotRegexp(t, `\p{Han}`, en[i].Title, "English title of %s", en[i].ID)
	}
	assert.Equal(t, "socket", en[0].ID)
	// Anything that is not a Chinese tag, and a missing argument, is English.
	assert.Equal(t, en, listLessons(t, "fr-FR"))
	assert.Equal(t, en, listLessons(t, js.Undefined()))
}

func TestCheckLesson(t *testing.T) {
	var l lessonJSON
	for _, x := range listLessons(t, "en") {
		if x.ID == "socket" {
			l = x
		}
	}
	require.Equal(t, "socket", l.ID)
	// The playground's own session is not disturbed by lesson checks.
	call(t, "load", example(t, "echo"), "{}")
	call(t, "goto", 4)

	tests := []struct {
		name       string
		src        string
		step       any
		wantGoals  []bool
		wantDone   bool
		wantStep   int
		wantErrors bool
		applies    bool
	}{
		{"starter at the end", l.Starter, -1, []bool{true, false, false, false}, false, 1, false, true},
		{"solution at the end", l.Solution, -1, []bool{true, true, true, true}, true, 2, false, false},
		{"solution after statement 1", l.Solution, 1, []bool{true, false, false, false}, false, 1, false, false},
		{"solution before any statement", l.Solution, 0, []bool{false, false, false, false}, false, 0, false, false},
		{"a step past the end is the end", l.Solution, 99, []bool{true, true, true, true}, true, 2, false, false},
		{"a missing step is the end", l.Solution, js.Undefined(), []bool{true, true, true, true}, true, 2, false, false},
		{"a step that is not a number is the end", l.Solution, "two", []bool{true, true, true, true}, true, 2, false, false},
		{"a comment does not change which timeline it is", "# mine\n" + l.Starter, -1, []bool{true, false, false, false}, false, 1, false, true},
		{"parse errors fail every goal", "server: s = socket(AF_UNIX,\n", -1, []bool{false, false, false, false}, false, 0, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := checkLesson(t, "socket", tc.src, tc.step)
			require.Empty(t, c.Fatal)
			assert.Equal(t, "socket", c.ID)
			assert.Equal(t, tc.wantGoals, c.Goals)
			assert.Equal(t, tc.wantDone, c.Done)
			assert.Equal(t, tc.wantErrors, len(c.Errors) > 0, "%v", c.Errors)
			if tc.wantErrors {
				assert.Empty(t, c.Predict, "no prediction is judged on a timeline that does not parse")
				return
			}
			assert.Equal(t, tc.wantStep, c.Step)
			require.Len(t, c.Predict, len(l.Predict))
			assert.Equal(t, tc.applies, c.Predict[0].Applies)
			if tc.applies {
				assert.Equal(t, l.Predict[0].Answer, c.Predict[0].Actual, "the engine's answer to the prediction")
			}
		})
	}
	assert.Equal(t, 4, call(t, "view").Pos, "the loaded timeline stays where it was")
}

func TestCheckLessonBadArguments(t *testing.T) {
	for _, id := range []any{"no-such-lesson", "", js.Null(), 7, "<img src=x onerror=alert(1)>"} {
		c := checkLesson(t, id, "p: s = socket(AF_UNIX, SOCK_STREAM, 0)\n", -1)
		assert.Contains(t, c.Fatal, "no lesson", "%v", id)
	}
	c := checkLesson(t, "socket", js.Null(), -1)
	assert.Empty(t, c.Fatal, "a missing text is an empty timeline")
	assert.False(t, c.Done)
	c = checkLesson(t)
	assert.Contains(t, c.Fatal, "no lesson")
}
