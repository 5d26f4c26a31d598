package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuf is a bytes.Buffer safe to read while the server writes.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// startServe runs `socklab serve args...` until the test ends and returns its address.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	codec := make(chan int, 1)
	var out, errs syncBuf
	go func() { codec <- serveContext(ctx, args, &out, &errs, func(a string) { addrc <- a }) }()
	t.Cleanup(func() {
		cancel()
		assert.Equal(t, 0, <-codec, "stderr: %s", errs.String())
	})
	select {
	case a := <-addrc:
		assert.Contains(t, out.String(), "serving the playground on http://"+a)
		return a
	case c := <-codec:
		t.Fatalf("serve exited with %d: %s", c, errs.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

func TestServeServesThePlaygroundAndAPI(t *testing.T) {
	addr := startServe(t, "-addr", "127.0.0.1:0")
	r, err := http.Get("http://" + addr + "/healthz")
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, 200, r.StatusCode)

	r, err = http.Get("http://" + addr + "/")
	require.NoError(t, err)
	page, _ := io.ReadAll(r.Body)
	r.Body.Close()
	assert.Equal(t, 200, r.StatusCode)
	assert.Contains(t, string(page), `data-mode="play"`)
	assert.Contains(t, r.Header.Get("Content-Security-Policy"), "'wasm-unsafe-eval'")

	// The real engine behind /api/run: the spec's worked example, first and last lines.
	echo := "server: fd = socket(AF_UNIX, SOCK_STREAM, 0)\nclient: c = socket(AF_UNIX, SOCK_STREAM, 0)\nclient: connect(c, \"/tmp/nobody\")\n"
	r, err = http.Post("http://"+addr+"/api/run", "text/plain", strings.NewReader(echo))
	require.NoError(t, err)
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	assert.Equal(t, 200, r.StatusCode, string(body))
	assert.Contains(t, string(body), `{"step":1,"proc":"server","call":"socket","event":"return","ret":3,"errno":"","data":"","addr":""}`)
	assert.Contains(t, string(body), `"errno":"ENOENT"`)
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	var out, errs syncBuf
	code := serveContext(context.Background(), []string{"-addr", ln.Addr().String()}, &out, &errs, nil)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs.String(), ln.Addr().String()+" is already in use")
}

func TestServeHonoursPORT(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	defer ln.Close()
	t.Setenv("PORT", port)
	// PORT is taken (by ln on 127.0.0.1): serve must try exactly that port and say so.
	var out, errs syncBuf
	code := serveContext(context.Background(), nil, &out, &errs, nil)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs.String(), ":"+port)

	// -addr wins over PORT.
	addr := startServe(t, "-addr", "127.0.0.1:0")
	assert.NotContains(t, addr, ":"+port)
}

func TestServeBadArguments(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-nope"}, "flag provided but not defined"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-addr", "not an address"}, "cannot listen on not an address"},
	}
	for _, tc := range tests {
		var out, errs syncBuf
		code := serveContext(context.Background(), tc.args, &out, &errs, nil)
		assert.NotEqual(t, 0, code)
		assert.Contains(t, errs.String(), tc.want)
	}
}

func TestServeIsTheDefaultCommand(t *testing.T) {
	assert.NotNil(t, commands["serve"])
}
