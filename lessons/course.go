// Package lessons is socklab's course: lessons as data (course/*.md, embedded),
// a small goal language evaluated over a timeline run (the events and the
// kernel snapshot), the checker behind `socklab lessons check`, and the JSON
// the page's lesson mode reads (ListJSON, CheckJSON). See README.md.
package lessons

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed course/*.md
var courseFS embed.FS

// Load parses every *.md file of dir in fsys, in file-name order (the
// course order: files are named NN-slug.md). Lesson ids must be unique.
func Load(fsys fs.FS, dir string) ([]*Lesson, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	return load(names, func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) })
}

// loadEmbedded loads the embedded course through embed.FS's own methods
// only: going through io/fs helpers would link package time (FileInfo's
// ModTime) into the WebAssembly binary for nothing.
func loadEmbedded() ([]*Lesson, error) {
	ents, err := courseFS.ReadDir("course")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".md") {
			names = append(names, "course/"+e.Name())
		}
	}
	return load(names, courseFS.ReadFile)
}

func load(names []string, read func(string) ([]byte, error)) ([]*Lesson, error) {
	sort.Strings(names)
	var out []*Lesson
	seen := map[string]string{}
	var errs []string
	for _, name := range names {
		b, err := read(name)
		if err != nil {
			return nil, err
		}
		l, err := ParseLesson(path.Base(name), string(b))
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if prev, dup := seen[l.ID]; dup {
			errs = append(errs, fmt.Sprintf("%s: id %q already used by %s", l.File, l.ID, prev))
			continue
		}
		seen[l.ID] = l.File
		out = append(out, l)
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return out, nil
}

var course struct {
	once    sync.Once
	lessons []*Lesson
	err     error
}

// Course returns the embedded course, parsed once.
func Course() ([]*Lesson, error) {
	course.once.Do(func() { course.lessons, course.err = loadEmbedded() })
	return course.lessons, course.err
}

// Find returns the course lesson with id.
func Find(id string) (*Lesson, error) {
	ls, err := Course()
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		if l.ID == id {
			return l, nil
		}
	}
	return nil, fmt.Errorf("no lesson %q", id)
}
