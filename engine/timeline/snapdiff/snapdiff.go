// Package snapdiff compares two kernel snapshots: which objects were added, removed or changed,
// matched by their stable ids. The page diffs the per-step changes the wasm module sends
// (web/src/engine.js); this one, on whole snapshots through encoding/json, serves Go callers
// and tests, and lives apart from engine/timeline so that engine.wasm links no encoding/json.
package snapdiff

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"

	"socklab/engine"
)

// Diff is what changed between two snapshots. Objects are matched by their
// stable "id" wherever they appear in the snapshot's JSON (tasks, files,
// sockets, socks, the sk_buffs on their queues, inodes, wait queues, ...),
// so the diff needs no knowledge of the schema and follows it as it grows.
type Diff struct {
	From    int      `json:"from"`    // step of the older snapshot
	To      int      `json:"to"`      // step of the newer snapshot
	Added   []string `json:"added"`   // ids only in the newer one
	Removed []string `json:"removed"` // ids only in the older one (freed)
	Changed []Change `json:"changed"` // ids in both whose fields differ
	// Tables are the top-level entries without ids whose value changed
	// (e.g. "unix_socket_table", "inet", "clock_ms").
	Tables []string `json:"tables"`
}

// Change lists the JSON fields of one object that differ.
type Change struct {
	ID     string   `json:"id"`
	Fields []string `json:"fields"`
}

// Status says how an object changed: "added", "removed", "changed" or "".
func (d *Diff) Status(id string) string {
	for _, x := range d.Added {
		if x == id {
			return "added"
		}
	}
	for _, x := range d.Removed {
		if x == id {
			return "removed"
		}
	}
	for _, c := range d.Changed {
		if c.ID == id {
			return "changed"
		}
	}
	return ""
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.Added)+len(d.Removed)+len(d.Changed)+len(d.Tables) == 0
}

// DiffSnapshots compares two snapshots through their JSON object graphs.
func DiffSnapshots(a, b *engine.Snapshot) *Diff {
	if a == nil || b == nil {
		return diffTrees(nil, nil)
	}
	return diffTrees(treeOf(a), treeOf(b))
}

// snapTree is a snapshot as a generic JSON tree, with every object that has
// an "id" indexed, in document order.
type snapTree struct {
	step  int
	root  map[string]any
	byID  map[string]map[string]any
	order []string
}

// idKey finds ids in marshalled JSON: inside a JSON string a quote is
// escaped, so this byte sequence only occurs as an "id" key.
var idKey = []byte(`"id":"`)

func treeOf(s *engine.Snapshot) *snapTree {
	t := &snapTree{step: s.Step, byID: map[string]map[string]any{}}
	data, err := json.Marshal(s)
	if err != nil || json.Unmarshal(data, &t.root) != nil {
		return t
	}
	collect(t.root, t.byID)
	// Document order (tasks, files, sockets, socks, ...), read off the bytes
	// because a decoded map has none.
	for rest := data; ; {
		i := bytes.Index(rest, idKey)
		if i < 0 {
			break
		}
		rest = rest[i+len(idKey):]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			break
		}
		id := string(rest[:j])
		if _, ok := t.byID[id]; ok {
			t.order = append(t.order, id)
		}
		rest = rest[j:]
	}
	return t
}

// collect indexes every object with a string "id".
func collect(v any, byID map[string]map[string]any) {
	switch x := v.(type) {
	case map[string]any:
		if id, ok := x["id"].(string); ok && id != "" {
			byID[id] = x
		}
		for _, e := range x {
			collect(e, byID)
		}
	case []any:
		for _, e := range x {
			collect(e, byID)
		}
	}
}

func diffTrees(a, b *snapTree) *Diff {
	d := &Diff{Added: []string{}, Removed: []string{}, Changed: []Change{}, Tables: []string{}}
	if a == nil || b == nil {
		return d
	}
	d.From, d.To = a.step, b.step
	seen := map[string]bool{}
	for _, id := range b.order {
		if seen[id] {
			continue
		}
		seen[id] = true
		x, ok := a.byID[id]
		if !ok {
			d.Added = append(d.Added, id)
			continue
		}
		if f := changedFields(x, b.byID[id]); len(f) > 0 {
			d.Changed = append(d.Changed, Change{ID: id, Fields: f})
		}
	}
	clear(seen)
	for _, id := range a.order {
		if _, ok := b.byID[id]; !ok && !seen[id] {
			seen[id] = true
			d.Removed = append(d.Removed, id)
		}
	}
	for _, k := range changedFields(a.root, b.root) {
		if k != "step" && !holdsObjects(a.root[k]) && !holdsObjects(b.root[k]) {
			d.Tables = append(d.Tables, k)
		}
	}
	return d
}

// holdsObjects reports whether a top-level value is (or contains) objects
// with ids, whose changes the per-object diff already reports.
func holdsObjects(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		_, ok := x["id"].(string)
		return ok
	case []any:
		for _, e := range x {
			if holdsObjects(e) {
				return true
			}
		}
	}
	return false
}

// changedFields lists the keys (sorted) whose values differ, including keys
// present on one side only.
func changedFields(a, b map[string]any) []string {
	var out []string
	for k, va := range a {
		if vb, ok := b[k]; !ok || !reflect.DeepEqual(va, vb) {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
