package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine/cprog"
)

const list = "../../src/cmode/cexamples.js"

// The real menu: every entry is read (the seed pair first), and each example compiles into bytes
// that decode to its files' programs, names and sources included (c.wasm compares those with the
// editor's files).
func TestParseTheMenu(t *testing.T) {
	js, err := os.ReadFile(list)
	require.NoError(t, err)
	exs, err := parseExamples(string(js))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(exs), 8)
	assert.Equal(t, example{Name: "seed", Files: []file{
		{"server.c", "../../../engine/cprog/testdata/seed/server.c"},
		{"client.c", "../../../engine/cprog/testdata/seed/client.c"},
	}}, exs[0])
	for _, ex := range exs {
		b, err := compileExample(ex, filepath.Dir(list))
		require.NoError(t, err)
		progs, err := cprog.DecodePrograms(b)
		require.NoError(t, err, ex.Name)
		require.Len(t, progs, len(ex.Files))
		for i, p := range progs {
			src, err := os.ReadFile(filepath.Join(filepath.Dir(list), ex.Files[i].Path))
			require.NoError(t, err)
			assert.Equal(t, ex.Files[i].Name, p.File)
			assert.Equal(t, string(src), p.Src)
		}
	}
}

// An entry the generator cannot read fails it, rather than leaving an example uncompiled.
func TestParseRefuses(t *testing.T) {
	imp := "import a from \"a.c\";\nimport b from \"b.c\";\n"
	ok := imp + `[{ name: "x", files: [{ name: "a.c", src: a }, { name: "b.c", src: b }] }]`
	exs, err := parseExamples(ok)
	require.NoError(t, err)
	assert.Equal(t, []example{{"x", []file{{"a.c", "a.c"}, {"b.c", "b.c"}}}}, exs)
	for name, js := range map[string]string{
		"no examples":       imp,
		"unknown import":    imp + `[{ name: "x", files: [{ name: "a.c", src: a }, { name: "c.c", src: c }] }]`,
		"unused import":     imp + `[{ name: "x", files: [{ name: "a.c", src: a }] }]`,
		"reworded file":     imp + `[{ name: "x", files: [{ name: "a.c", src: a }, { src: b, name: "b.c" }] }]`,
		"reworded example":  imp + `[{ name: "x", files: [{ name: "a.c", src: a }] }, { files: [{ name: "b.c", src: b }], name: "y" }]`,
		"example w/o files": imp + `[{ name: "x", files: [{ name: "a.c", src: a }, { name: "b.c", src: b }] }, { name: "y", files: [] }]`,
	} {
		_, err := parseExamples(js)
		assert.Error(t, err, name)
	}
}

// run replaces the output directory: one .bin per example, nothing else.
func TestRunWritesOneFileAnExample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cexamples")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gone.bin"), []byte("stale"), 0o644))
	require.NoError(t, run(list, dir))
	js, _ := os.ReadFile(list)
	exs, _ := parseExamples(string(js))
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	assert.Len(t, names, len(exs))
	assert.NoFileExists(t, filepath.Join(dir, "gone.bin"))
	assert.FileExists(t, filepath.Join(dir, "seed.bin"))
}
