package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"socklab/lessons"
)

// socklab lessons check [-dir DIR] [-id ID]
//
// Runs every lesson of the course (or of the lesson files in DIR): its
// reference solution must meet all its goals, its starter must not, and each
// "predict the next step" answer must be what the engine produces. Lessons
// that need an engine feature the engine lacks (requires: af_inet) are
// reported as PENDING with the reason. Exit status 1 if any lesson fails.
func init() { commands["lessons"] = lessonsCmd }

func lessonsCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(stderr, "usage: socklab lessons check [-dir DIR] [-id ID]")
		return 2
	}
	fs := flag.NewFlagSet("lessons check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "check the lesson files in `DIR` instead of the built-in course")
	id := fs.String("id", "", "check only the lesson with this `ID`")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	var ls []*lessons.Lesson
	var err error
	if *dir != "" {
		ls, err = lessons.Load(os.DirFS(*dir), ".")
	} else {
		ls, err = lessons.Course()
	}
	if err == nil && len(ls) == 0 {
		err = fmt.Errorf("no lesson files (*.md) in %s", *dir)
	}
	if err != nil {
		fmt.Fprintf(stderr, "socklab lessons: %v\n", err)
		return 1
	}
	if *id != "" {
		var one []*lessons.Lesson
		for _, l := range ls {
			if l.ID == *id {
				one = append(one, l)
			}
		}
		if len(one) == 0 {
			fmt.Fprintf(stderr, "socklab lessons: no lesson %q\n", *id)
			return 1
		}
		ls = one
	}
	s := lessons.Report(stdout, lessons.CheckAll(ls, lessons.EngineRun, lessons.EngineFeatures()))
	if s.Failed > 0 {
		return 1
	}
	return 0
}
