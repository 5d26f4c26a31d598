// Package pagecopy rebuilds a snapshot from the per-step deltas a page receives, as
// web/src/engine.js does. The tests of engine/snapjson (the Mirror) and of wasm (the page's API)
// check with it that a page holding only the deltas holds the engine's snapshot. Tests only: it
// is not linked into engine.wasm.
package pagecopy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// Delta is one change of the page's snapshot: units set ({key, id, JSON}) and deleted
// ({key, id}), the new order of the listed keys, and the snapshot's keys.
type Delta struct {
	Set   [][3]json.RawMessage
	Del   [][2]string
	Order map[string][]string
	Keys  []string
}

// Page is the page's copy of the snapshot.
type Page struct {
	units map[[2]string]json.RawMessage
	order map[string][]string
	keys  []string
}

// New is an empty page.
func New() *Page {
	return &Page{units: map[[2]string]json.RawMessage{}, order: map[string][]string{}}
}

// Apply applies d; deleting a unit the page does not hold fails the test.
func (p *Page) Apply(t testing.TB, d *Delta) {
	t.Helper()
	for _, s := range d.Set {
		var key, id string
		require.NoError(t, json.Unmarshal(s[0], &key))
		require.NoError(t, json.Unmarshal(s[1], &id))
		p.units[[2]string{key, id}] = s[2]
	}
	for _, u := range d.Del {
		_, ok := p.units[u]
		require.True(t, ok, "deleting %v, which the page does not hold", u)
		delete(p.units, u)
	}
	for k, ids := range d.Order {
		p.order[k] = ids
	}
	p.keys = d.Keys
}

// ApplyJSON applies a delta given as JSON.
func (p *Page) ApplyJSON(t testing.TB, js []byte) {
	t.Helper()
	var d Delta
	require.NoError(t, json.Unmarshal(js, &d), string(js))
	p.Apply(t, &d)
}

// JSON is the snapshot the page holds (object keys sorted, as encoding/json writes a map); a
// listed unit the page does not hold fails the test.
func (p *Page) JSON(t testing.TB) []byte {
	t.Helper()
	out := map[string]any{}
	for _, k := range p.keys {
		if ids, ok := p.order[k]; ok {
			list := []any{}
			for _, id := range ids {
				js, ok := p.units[[2]string{k, id}]
				require.True(t, ok, "%s %s in the order but not held", k, id)
				list = append(list, js)
			}
			out[k] = list
		} else {
			out[k] = p.units[[2]string{k, ""}]
		}
	}
	b, err := json.Marshal(out)
	require.NoError(t, err)
	return b
}
