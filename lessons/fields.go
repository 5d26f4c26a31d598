package lessons

import (
	"reflect"
	"sort"
	"strings"

	"socklab/engine"
)

// The collections a goal can count over, and their fields. Snapshot
// collections carry every JSON key of their engine type (engine/snapshot.go,
// Linux spelling; nested structs as dotted paths: tcp.syn_queue) plus a few
// derived fields that save a lesson from writing joins:
//
//	tasks        + nfds (open fds), blocked_call, blocked_in
//	fds          one row per fd table slot: proc, pid, fd, file, f_count, f_flags,
//	             socket, sk, sk_state, sk_type, sk_family
//	files        + nfds (fd slots pointing at it), procs
//	sockets      + procs
//	socks        + procs (who holds an fd on it), fds, rq_len, rq_bytes,
//	             listener (1 if TCP_LISTEN), peer_state, socket_state
//	skbs         every sk_buff on every sk_receive_queue: the Skb keys plus
//	             queue (the sock it is queued on), queue_state, queue_procs,
//	             conn (1 for an accept-queue skb, which carries an embryo sock)
//	inodes, unix_socket_table, wait_queues, wire   the snapshot's lists as they are
//	events       the timeline's events: step, proc, call, event, ret, errno, data,
//	             addr, after, message; and timeline v2's result keys: status,
//	             msgflags, linger, fds (a list), ready ("FD:NAMES" strings),
//	             ready_fds (the ready list's fds)
type fieldSet map[string]bool

func (f fieldSet) has(name string) bool { return f[name] }

func (f fieldSet) list() string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

var collections = map[string]fieldSet{
	"tasks":             jsonFields(engine.Task{}, "nfds", "blocked_call", "blocked_in"),
	"fds":               fieldNames("proc", "pid", "fd", "file", "f_count", "f_flags", "close_on_exec", "socket", "sk", "sk_state", "sk_type", "sk_family"),
	"files":             jsonFields(engine.File{}, "nfds", "procs"),
	"sockets":           jsonFields(engine.Socket{}, "procs"),
	"socks":             jsonFields(engine.Sock{}, "procs", "fds", "rq_len", "rq_bytes", "listener", "peer_state", "socket_state"),
	"skbs":              jsonFields(engine.Skb{}, "queue", "queue_state", "queue_procs", "conn"),
	"inodes":            jsonFields(engine.Inode{}),
	"unix_socket_table": jsonFields(engine.UnixBucket{}),
	"wait_queues":       jsonFields(engine.WaitQueue{}),
	"wire":              jsonFields(engine.Segment{}),
	"events":            fieldNames("step", "proc", "call", "event", "ret", "errno", "data", "addr", "after", "message", "status", "msgflags", "linger", "fds", "ready", "ready_fds"),
}

func collectionNames() string {
	names := make([]string, 0, len(collections))
	for n := range collections {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func fieldNames(names ...string) fieldSet {
	f := fieldSet{}
	for _, n := range names {
		f[n] = true
	}
	return f
}

// jsonFields lists the JSON keys of struct v (nested structs as a.b) plus extra.
func jsonFields(v any, extra ...string) fieldSet {
	f := fieldNames(extra...)
	addJSONFields(f, reflect.TypeOf(v), "", 0)
	return f
}

func addJSONFields(f fieldSet, t reflect.Type, prefix string, depth int) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || depth > 3 {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		f[prefix+name] = true
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			addJSONFields(f, ft, prefix+name+".", depth+1)
		}
	}
}
