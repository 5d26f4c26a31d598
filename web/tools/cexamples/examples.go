package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// example is one entry of the C mode's examples menu: its name and its files, each with the name
// the editor shows and the path of its source, relative to cexamples.js.
type example struct {
	Name  string
	Files []file
}

type file struct{ Name, Path string }

// cexamples.js is the one list of examples (the page bundles the sources through its imports), so
// the generator reads that list rather than keeping a second one: its `import x from "....c";`
// lines and its `{ name: "...", files: [{ name: "....c", src: x }, ...] }` entries. Anything it
// cannot account for is an error, so a reworded entry fails the build instead of being skipped.
var (
	importRE  = regexp.MustCompile(`(?m)^import (\w+) from "([^"]+\.c)";$`)
	exampleRE = regexp.MustCompile(`\{ name: "(\w+)", files: \[([^\]]*)\] \}`)
	fileRE    = regexp.MustCompile(`\{ name: "([^"]+)", src: (\w+) \}`)
)

func parseExamples(js string) ([]example, error) {
	paths := map[string]string{}
	for _, m := range importRE.FindAllStringSubmatch(js, -1) {
		paths[m[1]] = m[2]
	}
	used := map[string]bool{}
	var exs []example
	for _, m := range exampleRE.FindAllStringSubmatch(js, -1) {
		ex := example{Name: m[1]}
		for _, f := range fileRE.FindAllStringSubmatch(m[2], -1) {
			p, ok := paths[f[2]]
			if !ok {
				return nil, fmt.Errorf("example %s: %s is not an imported .c file", ex.Name, f[2])
			}
			used[f[2]] = true
			ex.Files = append(ex.Files, file{Name: f[1], Path: p})
		}
		if len(ex.Files) == 0 || len(ex.Files) != strings.Count(m[2], "src:") {
			return nil, fmt.Errorf("example %s: cannot read its files %q", ex.Name, m[2])
		}
		exs = append(exs, ex)
	}
	if len(exs) == 0 {
		return nil, errors.New("no examples found")
	}
	if n := strings.Count(js, "files:"); n != len(exs) {
		return nil, fmt.Errorf("read %d examples, but the list has %d entries with files", len(exs), n)
	}
	for id, p := range paths {
		if !used[id] {
			return nil, fmt.Errorf("%s (%s) is imported but no example uses it", id, p)
		}
	}
	return exs, nil
}
