package main

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// `socklab lessons check` over the built-in course: every lesson passes or
// is pending (AF_INET lessons until the engine has AF_INET), and the report
// ends with the count.
func TestLessonsCheckCourse(t *testing.T) {
	var out, errb bytes.Buffer
	code := commands["lessons"]([]string{"check"}, &out, &errb)
	t.Log("\n" + out.String())
	assert.Equal(t, 0, code, "stderr: %s", errb.String())
	assert.Regexp(t, regexp.MustCompile(`\n\d+ lessons: \d+ passed, \d+ pending, 0 failed\n$`), out.String())
	assert.NotContains(t, out.String(), "FAIL")
}

// The testdata lesson is built to fail; the command must say so and exit 1.
func TestLessonsCheckFailingDir(t *testing.T) {
	var out, errb bytes.Buffer
	code := commands["lessons"]([]string{"check", "-dir", "lessons/testdata/failing"}, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, out.String(), "FAIL")
	assert.Contains(t, out.String(), "1 lessons: 0 passed, 0 pending, 1 failed\n")
}

func TestLessonsUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"run"}, {"check", "-bogus"}} {
		var out, errb bytes.Buffer
		assert.Equal(t, 2, commands["lessons"](args, &out, &errb), "%v", args)
	}
	var out, errb bytes.Buffer
	assert.Equal(t, 1, commands["lessons"]([]string{"check", "-id", "nope"}, &out, &errb))
	assert.Equal(t, 1, commands["lessons"]([]string{"check", "-dir", "/nonexistent/dir"}, &out, &errb))
}
