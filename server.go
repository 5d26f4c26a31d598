package main

// server.go is `socklab serve` (the default command): the playground on a TCP listener. The
// handler itself (page, /embed, /healthz, /api/run) is built by package socklab/web/server, so
// the Cloudflare Worker (web/worker) serves the same API without this listener.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"socklab/web"
	"socklab/web/server"
)

func init() { commands["serve"] = serve }

func serve(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveContext(ctx, args, stdout, stderr, nil)
}

// serveContext runs the server until ctx ends; ready (if set) gets the bound address.
func serveContext(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (PORT=n in the environment means :n when -addr is not given)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: socklab serve [-addr host:port]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "socklab serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	addrSet := false
	fs.Visit(func(f *flag.Flag) { addrSet = addrSet || f.Name == "addr" })
	if p := os.Getenv("PORT"); p != "" && !addrSet {
		*addr = ":" + p // platforms that set PORT route to it from outside the container
	}

	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(server.MemoryLimit)
	}
	h, err := server.New(server.Config{Static: web.Public(), Run: engineRun})
	if err != nil {
		fmt.Fprintf(stderr, "socklab serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			fmt.Fprintf(stderr, "socklab serve: %s is already in use (another socklab?): stop it or choose another address with -addr or PORT\n", *addr)
		} else {
			fmt.Fprintf(stderr, "socklab serve: cannot listen on %s: %v\n", *addr, err)
		}
		return 1
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(stdout, "socklab: serving the playground on http://%s/\n", ln.Addr())
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "socklab serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		fmt.Fprintf(stderr, "socklab serve: shutdown: %v\n", err)
		return 1
	}
	return 0
}
