package lessons

import (
	"encoding/json"
	"sort"
	"strconv"

	"socklab/engine"
)

// row is one element of a collection: its JSON keys (as encoding/json decodes
// them) plus derived fields. Nested objects stay maps; lookup walks a.b paths.
type row map[string]any

// snapshotRows turns a snapshot into the collections of fields.go. Going
// through JSON keeps goals on exactly the names the page shows.
func snapshotRows(s *engine.Snapshot) (map[string][]row, error) {
	out := map[string][]row{}
	if s == nil {
		return out, nil
	}
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var top map[string]any
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, err
	}
	for _, k := range []string{"tasks", "files", "sockets", "socks", "inodes", "unix_socket_table", "wait_queues", "wire"} {
		list, _ := top[k].([]any)
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				out[k] = append(out[k], row(m))
			}
		}
	}
	derive(out)
	return out, nil
}

// derive adds the joined fields documented in fields.go.
func derive(c map[string][]row) {
	files := index(c["files"])
	sockets := index(c["sockets"])
	socks := index(c["socks"])
	fileProcs := map[string][]any{}
	fileFDs := map[string]int{}
	sockProcs := map[string][]any{}
	sockFDs := map[string][]any{}
	for _, t := range c["tasks"] {
		comm := str(t["comm"])
		fdt, _ := t["fdtable"].([]any)
		t["nfds"] = float64(len(fdt))
		if b, ok := t["blocked"].(map[string]any); ok {
			t["blocked_call"], t["blocked_in"] = b["call"], b["in"]
		}
		for _, e := range fdt {
			slot, _ := e.(map[string]any)
			fid := str(slot["file"])
			r := row{"proc": comm, "pid": t["pid"], "fd": slot["fd"], "file": fid, "close_on_exec": slot["close_on_exec"]}
			fileFDs[fid]++
			fileProcs[fid] = addUnique(fileProcs[fid], comm)
			if f := files[fid]; f != nil {
				r["f_count"], r["f_flags"] = f["f_count"], f["f_flags"]
				if so := sockets[str(f["private_data"])]; so != nil {
					r["socket"], r["sk"] = so["id"], so["sk"]
					skid := str(so["sk"])
					sockProcs[skid] = addUnique(sockProcs[skid], comm)
					sockFDs[skid] = append(sockFDs[skid], slot["fd"])
					if sk := socks[skid]; sk != nil {
						r["sk_state"], r["sk_type"], r["sk_family"] = sk["sk_state"], sk["sk_type"], sk["sk_family"]
					}
				}
			}
			c["fds"] = append(c["fds"], r)
		}
	}
	for _, f := range c["files"] {
		f["nfds"] = float64(fileFDs[str(f["id"])])
		f["procs"] = nonNil(fileProcs[str(f["id"])])
	}
	for _, so := range c["sockets"] {
		so["procs"] = nonNil(sockProcs[str(so["sk"])])
	}
	for _, sk := range c["socks"] {
		id := str(sk["id"])
		sk["procs"], sk["fds"] = nonNil(sockProcs[id]), nonNil(sockFDs[id])
		q, _ := sk["sk_receive_queue"].([]any)
		bytes := 0.0
		for _, e := range q {
			skb, _ := e.(map[string]any)
			if skb == nil {
				continue
			}
			n, _ := skb["len"].(float64)
			bytes += n
			r := row(skb)
			r["queue"], r["queue_state"], r["queue_procs"] = id, sk["sk_state"], sk["procs"]
			if str(skb["sk"]) != "" {
				r["conn"] = 1.0
			} else {
				r["conn"] = 0.0
			}
			c["skbs"] = append(c["skbs"], r)
		}
		sk["rq_len"], sk["rq_bytes"] = float64(len(q)), bytes
		sk["listener"] = 0.0
		if str(sk["sk_state"]) == "TCP_LISTEN" {
			sk["listener"] = 1.0
		}
		if p := socks[str(sk["peer"])]; p != nil {
			sk["peer_state"] = p["sk_state"]
		}
		if so := sockets[str(sk["sk_socket"])]; so != nil {
			sk["socket_state"] = so["state"]
		}
	}
	// Keep procs lists in a stable order for first()/last().
	for _, sk := range c["socks"] {
		if l, ok := sk["procs"].([]any); ok {
			sort.Slice(l, func(i, j int) bool { return str(l[i]) < str(l[j]) })
		}
	}
}

// eventRows turns events into rows of the "events" collection.
func eventRows(evs []engine.Event) []row {
	out := make([]row, len(evs))
	for i, e := range evs {
		out[i] = row{"step": float64(e.Step), "proc": e.Proc, "call": e.Call, "event": e.Kind,
			"ret": float64(e.Ret), "errno": e.Errno, "data": string(e.Data), "addr": e.Addr,
			"after": float64(e.After), "message": e.Message,
			"status": float64(e.Status), "msgflags": e.MsgFlags, "linger": float64(e.Linger),
			"fds": intList(e.FDs), "ready": readyList(e.Ready, false), "ready_fds": readyList(e.Ready, true)}
	}
	return out
}

// intList is a list field of numbers (recvmsg's installed fds).
func intList(v []int64) []any {
	l := make([]any, len(v))
	for i, n := range v {
		l[i] = float64(n)
	}
	return l
}

// readyList is poll/select/epoll_wait's ready list as "FD:NAMES" strings
// (ready has "4:POLLIN"), or only its fds (ready_fds has 4).
func readyList(v []engine.ReadyFD, fdsOnly bool) []any {
	l := make([]any, len(v))
	for i, r := range v {
		if fdsOnly {
			l[i] = float64(r.FD)
		} else {
			l[i] = strconv.FormatInt(r.FD, 10) + ":" + r.Events
		}
	}
	return l
}

func index(rows []row) map[string]row {
	m := make(map[string]row, len(rows))
	for _, r := range rows {
		m[str(r["id"])] = r
	}
	return m
}

func str(v any) string { s, _ := v.(string); return s }

func addUnique(l []any, s string) []any {
	for _, e := range l {
		if e == s {
			return l
		}
	}
	return append(l, s)
}

func nonNil(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}
