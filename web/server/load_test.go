package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"socklab/engine"
	"socklab/engine/timeline/hostile"
)

// peakRSS is this process's peak resident set (VmHWM) in bytes, -1 where /proc does not say.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n << 10
		}
	}
	return -1
}

// TestAPIUnderHostileLoad: 20 hostile requests at once on the real engine keep the process under
// 1 GiB, each answers (its partial events and a message naming the memory budget, or busy), and
// the server answers /healthz meanwhile.
func TestAPIUnderHostileLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED: a load test (-short)")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(MemoryLimit)) // as `socklab serve` does
	h, err := New(Config{Run: RunTimeline, Timeout: 20 * time.Second})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	src := hostile.LargeWrites(256 << 10)
	require.LessOrEqual(t, len(src), 256<<10)

	var wg sync.WaitGroup
	codes := make(chan int, 20)
	msgs := make(chan string, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := http.Post(srv.URL+"/api/run", "text/plain", strings.NewReader(src))
			if !assert.NoError(t, err) {
				return
			}
			defer r.Body.Close()
			var out struct {
				Events  []json.RawMessage
				Message string
			}
			assert.NoError(t, json.NewDecoder(r.Body).Decode(&out))
			codes <- r.StatusCode
			msgs <- out.Message
		}()
	}
	// The server still answers while the runs go on.
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	r, err := http.Get(srv.URL + "/healthz")
	require.NoError(t, err)
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	assert.Equal(t, 200, r.StatusCode)
	assert.Less(t, time.Since(start), 2*time.Second, "/healthz under load")
	wg.Wait()
	close(codes)
	close(msgs)
	ok := 0
	for c := range codes {
		assert.Contains(t, []int{200, 503}, c)
		if c == 200 {
			ok++
		}
	}
	for m := range msgs {
		if m != "" {
			assert.Contains(t, m, "memory budget exhausted: the run holds more than 64 MiB")
		}
	}
	assert.Greater(t, ok, 0)
	runtime.GC()
	rss := peakRSS()
	t.Logf("20 hostile requests: %d answered 200, peak RSS %d MiB", ok, rss>>20)
	if rss > 0 {
		assert.Less(t, rss, int64(1<<30), "peak RSS")
	}
}

// A run past its time limit is canceled: it frees its slot at once for the next request.
func TestAPITimeoutFreesSlot(t *testing.T) {
	stopped := make(chan struct{}, 1)
	run := func(ctx context.Context, src string, lim Limits) ([]engine.Event, error) {
		if src == "forever" {
			<-ctx.Done()
			stopped <- struct{}{}
			return nil, ctx.Err()
		}
		return fakeRun(ctx, src, lim)
	}
	h := newTest(t, Config{Run: run, MaxConcurrent: 1, Timeout: 100 * time.Millisecond})
	r := post(h, "text/plain", "forever")
	assert.Equal(t, http.StatusServiceUnavailable, r.StatusCode)
	assert.Contains(t, string(body(t, r)), "ran longer than 100ms")
	<-stopped
	r = post(h, "text/plain", "a")
	assert.Equal(t, http.StatusOK, r.StatusCode, string(body(t, r)))
}
