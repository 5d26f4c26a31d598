// Package typeshape names the types engine/snapjson's encoders are generated from and describes
// them, for the generator (gen.go) and for TestGenerated, which fails when the description no
// longer matches the generated file. Neither engine.wasm nor snapjson itself links it.
package typeshape

import (
	"reflect"
	"sort"
	"strings"

	"socklab/engine"
	"socklab/engine/timeline"
)

// Roots are the types the page's engine sends; the encoders cover every struct reachable from them.
func Roots() []reflect.Type {
	return []reflect.Type{
		reflect.TypeFor[engine.Snapshot](), reflect.TypeFor[engine.Frame](),
		reflect.TypeFor[timeline.ProcState](), reflect.TypeFor[timeline.Error](),
	}
}

// Shape describes every struct type reachable from roots with its fields and tags: when it
// changes, the encoders must be generated again.
func Shape(roots []reflect.Type) string {
	seen := map[reflect.Type]bool{}
	var lines []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			lines = append(lines, t.String()+"."+f.Name+" "+f.Type.String()+" "+string(f.Tag))
			walk(f.Type)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
