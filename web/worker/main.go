//go:build js && wasm

// Command worker is socklab's API as a Cloudflare Worker (github.com/syumai/workers): the same
// handler as `socklab serve`, without the embedded page — a Worker that embeds the page would
// exceed the free plan's 3 MB, so wrangler serves web/public as static assets instead and routes
// /api/* and /healthz here (wrangler.jsonc). Build: make worker.
package main

import (
	"github.com/syumai/workers"

	"socklab/web/server"
)

func main() {
	h, err := server.New(server.Config{Run: server.RunTimeline, MaxConcurrent: 1})
	if err != nil {
		panic(err)
	}
	workers.Serve(h)
}
