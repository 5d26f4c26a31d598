package lessons

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const goodLesson = `---
id: t
title.en: T
title.zh: 测
requires: af_inet, other
---

## en

Hello **world**.

## zh

你好。

## starter

` + "```timeline\na: s = socket(AF_UNIX, SOCK_STREAM, 0)\n```" + `

## solution

` + "```timeline\na: s = socket(AF_UNIX, SOCK_STREAM, 0)\na: listen(s, 1)\n```" + `

## goals

- check: event{call=listen, ret=0}
  en: listened: yes
  zh: 监听了

## hints

- en: h1
  zh: 提示一

## predict

- step: 1
  ask: fd
  answer: 3
  en: q
  zh: 问
- step: 2
  on: solution
  ask: count(socks)
  answer: 1
  en: q2
  zh: 问二
`

func TestParseLesson(t *testing.T) {
	l, err := ParseLesson("t.md", goodLesson)
	require.NoError(t, err)
	assert.Equal(t, "t", l.ID)
	assert.Equal(t, []string{"af_inet", "other"}, l.Requires)
	assert.Equal(t, Text{"en": "T", "zh": "测"}, l.Title)
	assert.Equal(t, "Hello **world**.", l.Body["en"])
	assert.Equal(t, "a: s = socket(AF_UNIX, SOCK_STREAM, 0)\n", l.Starter)
	assert.Equal(t, "a: s = socket(AF_UNIX, SOCK_STREAM, 0)\na: listen(s, 1)\n", l.Solution)
	require.Len(t, l.Goals, 1)
	assert.Equal(t, "listened: yes", l.Goals[0].Text["en"]) // only the first ':' splits
	require.Len(t, l.Predict, 2)
	assert.Equal(t, Prediction{Step: 1, On: "starter", Ask: "fd", Answer: "3", Text: Text{"en": "q", "zh": "问"}}, l.Predict[0])
	assert.Equal(t, "solution", l.Predict[1].On)
	assert.NotNil(t, l.Predict[1].value)
	assert.Equal(t, "测", l.Title.In("zh"))
	assert.Equal(t, "T", Text{"en": "T"}.In("zh"))
}

func TestParseLessonErrors(t *testing.T) {
	mod := func(old, new string) string {
		require.Contains(t, goodLesson, old)
		return strings.Replace(goodLesson, old, new, 1)
	}
	for _, tc := range []struct{ src, msg string }{
		{"", "front matter"},
		{"---\nid: x\n", "not closed"},
		{mod("id: t", "idd: t"), `unknown front matter key "idd"`},
		{mod("id: t", "no colon"), "key: value"},
		{mod("id: t\n", ""), "missing id"},
		{mod("title.zh: 测\n", ""), "missing title.zh"},
		{mod("## zh\n\n你好。", "## fr\n\nbonjour"), `unknown section "fr"`},
		{mod("## hints", "## goals"), "appears twice"},
		{mod("  zh: 监听了\n", ""), "missing goal 1 zh"},
		{mod("  zh: 提示一\n", ""), "missing hint 1 zh"},
		{mod("  zh: 问二\n", ""), "missing prediction 2 zh"},
		{mod("- check: event{call=listen, ret=0}", "- chek: event{call=listen, ret=0}"), `unknown key "chek"`},
		{mod("- check: event{call=listen, ret=0}", "- check: event{call=listen, ret=0"), "goal 1"},
		{mod("  ask: fd", "  ask: count(sock)"), "prediction 1: ask"},
		{mod("  ask: fd\n", ""), "ask: missing"},
		{mod("  answer: 3\n", ""), "answer: missing"},
		{mod("- step: 1", "- step: zero"), "step: a statement number"},
		{mod("  on: solution", "  on: both"), "on: must be"},
		{mod("```timeline\na: s = socket(AF_UNIX, SOCK_STREAM, 0)\n```", "```timeline\nx\n"), "not closed"},
		{mod("```timeline\na: s = socket(AF_UNIX, SOCK_STREAM, 0)\n```", "stray text"), "outside the code block"},
		{mod("```timeline\na: s = socket(AF_UNIX, SOCK_STREAM, 0)\n```", "```\na\n```\n```\nb\n```"), "more than one"},
		{mod("- en: h1", "en: h1"), "expected '- key: value'"},
		{mod("---\n\n## en", "---\nstray\n## en"), "before the first"},
	} {
		_, err := ParseLesson("t.md", tc.src)
		if assert.Error(t, err, tc.msg) {
			assert.Contains(t, err.Error(), tc.msg)
		}
	}
}

func TestLoadRejectsDuplicateIDs(t *testing.T) {
	fsys := fstest.MapFS{
		"d/01-a.md": {Data: []byte(goodLesson)},
		"d/02-b.md": {Data: []byte(goodLesson)},
		"d/03-c.md": {Data: []byte("not a lesson")},
	}
	ls, err := Load(fsys, "d")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `02-b.md: id "t" already used by 01-a.md`)
	assert.Contains(t, err.Error(), "03-c.md:1")
	assert.Len(t, ls, 1)
}

// FuzzParseLesson: arbitrary files never panic the loader.
func FuzzParseLesson(f *testing.F) {
	f.Add(goodLesson)
	f.Add("---\n---\n## goals\n- check: event{}\n")
	f.Fuzz(func(t *testing.T, src string) {
		ParseLesson("f.md", src)
	})
}
