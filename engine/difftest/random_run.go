package difftest

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"socklab/engine"
	"socklab/engine/timeline"
)

// The random runner (issue 15): a generated timeline runs on the host
// kernel and in the engine like a hand-written one; a difference is
// summarised by its first differing event (Signature), confirmed by a second
// host run (a host that disagrees with itself is reported, not counted as
// the engine's fault), and can be minimized (random_min.go).

// RandomResult is one random timeline's outcome.
type RandomResult struct {
	Seed      int64
	Src       string
	Agree     bool
	HostFlaky bool   // two host runs differed: the timeline is not deterministic on Linux
	Sig       string // the first difference, as a cause signature
	Diff      string // the full listing
	Err       error  // a harness failure
	Host, Eng []engine.Event
}

// EventSummary is an event's kind, return value and errno, for signatures.
func EventSummary(e *engine.Event) string {
	if e == nil {
		return "(none)"
	}
	switch e.Kind {
	case engine.EvBlock:
		return "blocks"
	case engine.EvError:
		return "error"
	}
	s := fmt.Sprint(e.Ret)
	if e.Errno != "" {
		s += " " + e.Errno
	}
	if e.After > 0 {
		s += " (woken)"
	}
	return s
}

// Signature names the first difference between host and engine events:
// the call, and what each kernel did. Differences of data or address only
// say so.
func Signature(host, eng []engine.Event) string {
	for i := range max(len(host), len(eng)) {
		var h, g *engine.Event
		if i < len(host) {
			h = &host[i]
		}
		if i < len(eng) {
			g = &eng[i]
		}
		if h != nil && g != nil {
			hb, _ := json.Marshal(h)
			gb, _ := json.Marshal(g)
			if string(hb) == string(gb) {
				continue
			}
		}
		call := ""
		if h != nil {
			call = h.Call
		} else if g != nil {
			call = g.Call
		}
		hs, gs := EventSummary(h), EventSummary(g)
		if hs == gs && h != nil && g != nil {
			switch {
			case h.Step != g.Step || h.Proc != g.Proc:
				hs, gs = fmt.Sprintf("%s step %d", hs, h.Step), fmt.Sprintf("%s step %d", gs, g.Step)
			case string(h.Data) != string(g.Data):
				hs, gs = hs+" data", gs+" other data"
			case h.Addr != g.Addr:
				hs, gs = hs+" addr", gs+" other addr"
			case h.After != g.After:
				hs, gs = fmt.Sprintf("%s after %d", hs, h.After), fmt.Sprintf("%s after %d", gs, g.After)
			}
		}
		return fmt.Sprintf("%s: host %s, engine %s", call, hs, gs)
	}
	return ""
}

// HostRun runs src on a fresh HostBackend and returns its normalised events.
func HostRun(src string) ([]engine.Event, error) {
	hb, err := NewHostBackend()
	if err != nil {
		return nil, err
	}
	defer hb.Close()
	if strings.Contains(src, "AF_INET") {
		hb.SettleDelay = 2 * time.Millisecond
	}
	events, err := timeline.Run(hb, src, timeline.Options{})
	if hb.Err() != nil {
		return nil, hb.Err()
	}
	if err != nil {
		return nil, err
	}
	return Normalize(events, src), nil
}

// engineTimeout bounds one engine run: a hang is reported, not waited for.
const engineTimeout = 20 * time.Second

// EngineRun runs src in the simulated kernel with invariant checks; a panic,
// an internal error or a hang is returned as a note.
func EngineRun(src string) (events []engine.Event, note string) {
	type res struct {
		events []engine.Event
		note   string
	}
	done := make(chan res, 1)
	go func() {
		var r res
		defer func() {
			if p := recover(); p != nil {
				r.note = fmt.Sprintf("panic: %v", p)
			}
			done <- r
		}()
		ev, err := timeline.Run(engine.NewKernel(), src, timeline.Options{CheckInvariants: true})
		r.events = Normalize(ev, src)
		if err != nil {
			r.note = "error: " + err.Error()
		}
	}()
	select {
	case r := <-done:
		return r.events, r.note
	case <-time.After(engineTimeout):
		return nil, fmt.Sprintf("did not finish in %v", engineTimeout)
	}
}

// CompareOnce runs src on both kernels: the signature of the first
// difference ("" when they agree, "engine: ..." for an engine failure).
func CompareOnce(src string) (sig string, host, eng []engine.Event, err error) {
	host, err = HostRun(src)
	if err != nil {
		return "", nil, nil, err
	}
	eng, note := EngineRun(src)
	if note != "" {
		return "engine: " + note, host, eng, nil
	}
	return Signature(host, eng), host, eng, nil
}

// HostCache keeps host results by timeline text (Linux's answer does not
// change when the engine does), so a rerun after an engine fix only runs
// the host for timelines the generator now writes differently. "" disables.
var HostCache string

type cachedRun struct {
	Src  string
	Host []engine.Event
}

func cachePath(src string) string {
	h := sha256.Sum256([]byte(src))
	return filepath.Join(HostCache, hex.EncodeToString(h[:12])+".gob")
}

// hostRunCached is HostRun through HostCache.
func hostRunCached(src string) ([]engine.Event, bool, error) {
	if HostCache != "" {
		if f, err := os.Open(cachePath(src)); err == nil {
			var c cachedRun
			err := gob.NewDecoder(f).Decode(&c)
			f.Close()
			if err == nil && c.Src == src {
				return c.Host, true, nil
			}
		}
	}
	host, err := HostRun(src)
	if err == nil && HostCache != "" {
		if f, err := os.CreateTemp(HostCache, "tmp"); err == nil {
			if gob.NewEncoder(f).Encode(cachedRun{src, host}) == nil && f.Close() == nil {
				_ = os.Rename(f.Name(), cachePath(src))
			} else {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}
	return host, false, err
}

// CompareCached is the comparison of one timeline against its cached host run.
func CompareCached(src string, host []engine.Event) RandomResult {
	r := RandomResult{Src: src, Host: host}
	eng, note := EngineRun(src)
	r.Eng = eng
	if note != "" {
		r.Sig = "engine: " + note
	} else {
		r.Sig = Signature(host, eng)
	}
	r.Agree = r.Sig == ""
	if !r.Agree {
		r.Diff = Diff(src, "host", host, "engine", eng)
	}
	return r
}

// ReadHostCache lists the cached runs of dir.
func ReadHostCache(dir string) ([]RandomResult, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.gob"))
	if err != nil {
		return nil, err
	}
	var out []RandomResult
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		var c cachedRun
		err = gob.NewDecoder(f).Decode(&c)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, RandomResult{Src: c.Src, Host: c.Host})
	}
	return out, nil
}

// RunRandom generates and compares the timeline of seed.
func RunRandom(seed int64, o GenOptions) RandomResult {
	src := GenerateTimeline(seed, o)
	r := RandomResult{Seed: seed, Src: src}
	host, cached, err := hostRunCached(src)
	if err != nil {
		r.Err = err
		return r
	}
	eng, note := EngineRun(src)
	r.Host, r.Eng = host, eng
	sig := Signature(host, eng)
	if note != "" {
		sig = "engine: " + note
	}
	if sig != "" && cached {
		// Confirm a cached host result before blaming the engine.
		if host, err = HostRun(src); err != nil {
			r.Err = err
			return r
		}
		r.Host = host
		if sig = Signature(host, eng); note != "" {
			sig = "engine: " + note
		}
	}
	if sig == "" {
		r.Agree = true
		return r
	}
	// Confirm with a second host run: Linux must agree with itself.
	again, err := HostRun(src)
	if err != nil {
		r.Err = err
		return r
	}
	if Signature(host, again) != "" {
		r.HostFlaky = true
		r.Sig = "host not deterministic: " + Signature(host, again)
		r.Diff = Diff(src, "run 1", host, "run 2", again)
		return r
	}
	r.Sig = sig
	r.Diff = Diff(src, "host", host, "engine", eng)
	return r
}

// RandomSummary renders P/N and the causes, most frequent first.
func RandomSummary(results []RandomResult) string {
	agree, flaky, harness := 0, 0, 0
	causes := map[string][]int64{}
	for _, r := range results {
		switch {
		case r.Err != nil:
			harness++
			causes["harness: "+firstLine(r.Err.Error())] = append(causes["harness: "+firstLine(r.Err.Error())], r.Seed)
		case r.Agree:
			agree++
		case r.HostFlaky:
			flaky++
			causes[r.Sig] = append(causes[r.Sig], r.Seed)
		default:
			causes[r.Sig] = append(causes[r.Sig], r.Seed)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "random: %d/%d timelines agree", agree, len(results))
	if flaky > 0 || harness > 0 {
		fmt.Fprintf(&b, " (%d host-nondeterministic, %d harness failures)", flaky, harness)
	}
	b.WriteString("\n")
	keys := make([]string, 0, len(causes))
	for k := range causes {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(causes[keys[i]]) != len(causes[keys[j]]) {
			return len(causes[keys[i]]) > len(causes[keys[j]])
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		seeds := causes[k]
		ex := seeds
		if len(ex) > 5 {
			ex = ex[:5]
		}
		fmt.Fprintf(&b, "  %4d  %s   (seeds %v)\n", len(seeds), k, ex)
	}
	return b.String()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
