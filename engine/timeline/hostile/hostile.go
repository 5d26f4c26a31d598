// Package hostile holds the hostile timelines that issue 12's bounds are tested with, so that the
// engine's, the server's and the page's tests run the same input. Tests only.
package hostile

import "strings"

// LargeWrites is write(fill(300000))/read(300000) on a nonblocking socketpair, repeated up to size
// bytes of timeline text. At 256 KiB, every read records about 214 KiB of data, so keeping its
// events takes about 1 GB. Before the memory budget, one such server request held 1.83 GB (20 at
// once, 3.7 GB), and the page's wasm engine died silently at 4 GB.
func LargeWrites(size int) string {
	var b strings.Builder
	b.WriteString("p: socketpair(AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK, 0, sv)\n")
	const pair = "p: write(sv[0], fill(300000))\np: read(sv[1], 300000)\n"
	for b.Len()+len(pair) <= size {
		b.WriteString(pair)
	}
	return b.String()
}
