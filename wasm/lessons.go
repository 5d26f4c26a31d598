//go:build js && wasm && lessons

package main

import (
	"syscall/js"

	"socklab/lessons"
)

// The lesson mode (web/src/lesson/lesson.js): the course and the live check of a learner's
// timeline, as lessons/README.md "JSON for the page" documents. Only the lessons build
// (engine-lessons.wasm) has them; an unknown lesson id is {"fatal": "no lesson \"x\""}.
func init() {
	extensions = append(extensions, func(api js.Value) {
		api.Set("lessons", fn(func(a []js.Value) []byte { return lessons.ListJSON(strArg(a, 0)) }))
		api.Set("checkLesson", fn(func(a []js.Value) []byte {
			b, err := lessons.CheckJSON(strArg(a, 0), strArg(a, 1), stepArg(a, 2))
			if err != nil {
				return fatal(err.Error())
			}
			return b
		}))
	})
}

// stepArg is a lesson check's step: a number, or -1 (the end) when missing or not a number.
func stepArg(args []js.Value, i int) int {
	if i < len(args) && args[i].Type() == js.TypeNumber {
		return args[i].Int()
	}
	return -1
}
