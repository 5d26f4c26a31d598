package snapjson

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
	"socklab/engine/snapjson/pagecopy"
	"socklab/engine/snapjson/typeshape"
	"socklab/engine/timeline"
)

// TestGenerated fails when the snapshot's types changed since snapjson_gen.go was generated.
func TestGenerated(t *testing.T) {
	if typeshape.Shape(typeshape.Roots()) != shape {
		t.Fatal("engine.Snapshot (or Frame, ProcState, Error) changed: run `go generate ./engine/snapjson` and commit snapjson_gen.go")
	}
}

// timelines are every example and differential-test timeline.
func timelines(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, pat := range []string{"../../web/examples/*.tl", "../difftest/testdata/*/*.tl", "../timeline/testdata/*/*.tl"} {
		files, _ := filepath.Glob(pat)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			out[f] = string(b)
		}
	}
	require.NotEmpty(t, out)
	return out
}

// The encoders write exactly what encoding/json writes, at every step of every timeline.
func TestEncodersMatchEncodingJSON(t *testing.T) {
	for name, src := range timelines(t) {
		s := timeline.NewSession(src+"\np: bad(\n", timeline.Options{StepBudget: 120}) // the start of each: a few seconds in all
		want, _ := json.Marshal(s.Errors())
		assert.Equal(t, string(want), string(Errors(nil, s.Errors())), name)
		prev := map[unit]any{}
		for s.Pos() < s.End() {
			s.Step()
			snap := s.Snapshot()
			// equalUnit says equal only when the JSON is (the Mirror sends nothing then).
			walkUnits(snap, func(key, id string, list bool, v any) {
				u := unit{key, id}
				if old, ok := prev[u]; ok && v != nil {
					if equalUnit(old, v) {
						require.Equal(t, string(appendUnit(nil, old)), string(appendUnit(nil, v)), "%s step %d: %s %s", name, s.Pos(), key, id)
					} else if string(appendUnit(nil, old)) == string(appendUnit(nil, v)) {
						t.Logf("%s step %d: %s %s: equal JSON, unequal values", name, s.Pos(), key, id)
					}
				}
				prev[u] = copyUnit(v)
			})
			want, err := json.Marshal(snap)
			require.NoError(t, err)
			require.Equal(t, string(want), string(Snapshot(nil, snap)), "%s step %d", name, s.Pos())
			want, _ = json.Marshal(s.Chain(s.Pos()))
			require.Equal(t, string(want), string(Frames(nil, s.Chain(s.Pos()))), "%s step %d", name, s.Pos())
			want, _ = json.Marshal(s.ProcStates())
			require.Equal(t, string(want), string(Procs(nil, s.ProcStates())), "%s step %d", name, s.Pos())
			// Units put together again are the snapshot.
			got := map[string]any{}
			lists := map[string][]any{}
			Units(nil, snap, func(key, id string, list bool, js []byte) {
				if list {
					if _, ok := lists[key]; !ok {
						lists[key] = []any{}
					}
					if id != "" {
						var v any
						require.NoError(t, json.Unmarshal(js, &v))
						lists[key] = append(lists[key], v)
					}
					return
				}
				var v any
				require.NoError(t, json.Unmarshal(js, &v))
				got[key] = v
			})
			for k, v := range lists {
				got[k] = v
			}
			var whole map[string]any
			b, _ := json.Marshal(snap)
			require.NoError(t, json.Unmarshal(b, &whole))
			for k, v := range whole { // a nil list marshals as null; Units says []
				if v == nil {
					whole[k] = []any{}
				}
			}
			require.Equal(t, whole, got, "%s step %d", name, s.Pos())
		}
	}
}

func TestString(t *testing.T) {
	for _, s := range []string{"", "plain", "quote\" back\\ nl\n tab\t ctl\x01\x7f", "<a href='x'>&</a>", "ünïcödé 中文", "bad \xff\xfe utf8", "line\u2028para\u2029", "\x00"} {
		want, _ := json.Marshal(s)
		assert.Equal(t, string(want), string(String(nil, s)), "%q", s)
	}
	for _, n := range []int64{0, 7, -1, 10, 1234567890, -9223372036854775808, 9223372036854775807} {
		want, _ := json.Marshal(n)
		assert.Equal(t, string(want), string(Int(nil, n)))
	}
}

func TestEvent(t *testing.T) {
	e := engine.Event{Step: 2, Proc: "p", Call: "read", Kind: engine.EvReturn, Ret: 3, Data: []byte("a\x80<"), Line: 4, Col: 1}
	m, _ := e.MarshalJSON()
	assert.Equal(t, `{"line":4,"col":1,"event":`+string(m)+`}`, string(Event(nil, &e)))
}

func canonicalJSON(t *testing.T, b []byte) string {
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	for k, v := range m {
		if v == nil {
			m[k] = []any{}
		}
	}
	out, _ := json.Marshal(m)
	return string(out)
}

// The Views' deltas (staged and discarded, or committed) rebuild the engine's snapshots exactly,
// whatever the moves.
func TestMirrorDeltasRebuildSnapshots(t *testing.T) {
	i := 0
	for name, src := range timelines(t) {
		if i++; i%7 != 0 { // a sample
			continue
		}
		s := timeline.NewSession(src, timeline.Options{StepBudget: 60})
		m := NewMirror()
		page := pagecopy.New()
		seed := uint32(len(src))
		rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
		for move := 0; move < 40; move++ {
			switch rnd(6) {
			case 0:
				s.Goto(rnd(s.End() + 1))
			case 1:
				s.Back()
			case 2: // a step staged then discarded: the page got nothing
				if m.Pos() == s.Pos() && s.StepTentative() {
					StagedView(nil, s, m)
					m.Discard()
					s.Undo()
				}
				continue
			default:
				s.Step()
			}
			var v struct {
				Pos        int
				Base, Step json.RawMessage
			}
			b := View(nil, s, m)
			require.NoError(t, json.Unmarshal(b, &v))
			if string(v.Base) != "null" {
				page.ApplyJSON(t, v.Base)
				want, _ := json.Marshal(s.SnapshotAt(v.Pos - 1))
				require.Equal(t, canonicalJSON(t, want), canonicalJSON(t, page.JSON(t)), "%s: base at %d", name, v.Pos)
			}
			page.ApplyJSON(t, v.Step)
			want, _ := json.Marshal(s.Snapshot())
			require.Equal(t, canonicalJSON(t, want), canonicalJSON(t, page.JSON(t)), "%s: step at %d", name, v.Pos)
		}
	}
}
