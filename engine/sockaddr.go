package engine

import (
	"strconv"
	"strings"
)

// Address families (include/linux/socket.h).
const (
	afUnspec = 0
	afUnix   = 1
	afInet   = 2
	afMax    = 46 // NPROTO
)

// Sizes of the C structures behind timeline address strings.
const (
	sunPathOffset     = 2   // offsetof(struct sockaddr_un, sun_path)
	sizeofSockaddrUn  = 110 // sizeof(struct sockaddr_un)
	sizeofSockaddrIn  = 16
	sizeofSockStorage = 128
)

// sockaddr is a socket address as the kernel receives it from
// move_addr_to_kernel(): the family, the length user space passed, and the
// family-specific part.
type sockaddr struct {
	family int
	len    int    // addr_len as passed by user space
	path   []byte // AF_UNIX: sun_path bytes (len-2 of them; abstract names start with 0)
	ip     [4]byte
	port   int
}

// decodeSockaddr turns a timeline address string into the sockaddr user space
// would pass, per the spec: "/path" (length offsetof(sun_path)+strlen+1),
// "@name" (exactly the bytes after '@'), "" (the family field alone),
// "a.b.c.d:port" (AF_INET). Any other string is a relative AF_UNIX path.
// NULL is (nil, true).
func decodeSockaddr(a Arg) (*sockaddr, bool) {
	if a.Kind == ArgNull {
		return nil, true
	}
	// Never copy more than a sockaddr_storage can hold, whatever fill(N) says.
	raw := a.Bytes.Slice(0, sizeofSockStorage+1)
	total := a.Bytes.Len()
	s := string(raw)
	switch {
	case total == 0:
		return &sockaddr{family: afUnix, len: sunPathOffset}, false
	case s[0] == '@':
		n := total - 1 + sunPathOffset + 1
		return &sockaddr{family: afUnix, len: clampLen(n), path: append([]byte{0}, raw[1:]...)}, false
	}
	if sa, ok := parseInet(s); ok && total == int64(len(s)) {
		return sa, false
	}
	p := cString(raw)
	n := int64(len(p))
	if n == int64(len(raw)) {
		n = total // no NUL in the copied part: strlen is the whole buffer
	}
	return &sockaddr{family: afUnix, len: clampLen(n + sunPathOffset + 1), path: []byte(p)}, false
}

func clampLen(n int64) int {
	if n > 1<<20 {
		return 1 << 20
	}
	return int(n)
}

// parseInet parses "a.b.c.d:port".
func parseInet(s string) (*sockaddr, bool) {
	host, port, ok := strings.Cut(s, ":")
	if !ok {
		return nil, false
	}
	parts := strings.Split(host, ".")
	if len(parts) != 4 {
		return nil, false
	}
	sa := &sockaddr{family: afInet, len: sizeofSockaddrIn}
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || v > 255 || p == "" {
			return nil, false
		}
		sa.ip[i] = byte(v)
	}
	v, err := strconv.Atoi(port)
	if err != nil || v < 0 || v > 65535 {
		return nil, false
	}
	sa.port = v
	return sa, true
}

// moveAddrToKernel models move_addr_to_kernel(): lengths beyond a
// sockaddr_storage are EINVAL.
func (k *Kernel) moveAddrToKernel(sa *sockaddr) Errno {
	defer k.tr.enter("move_addr_to_kernel")()
	if sa != nil && (sa.len < 0 || sa.len > sizeofSockStorage) {
		return EINVAL
	}
	return 0
}

// unixAddress is a struct unix_address: a bound name.
type unixAddress struct {
	path     []byte // sun_path bytes; abstract names start with 0
	abstract bool
}

// String formats the name as the spec does: the path, or "@name".
func (a *unixAddress) String() string {
	if a == nil {
		return ""
	}
	if a.abstract {
		return "@" + string(a.path[1:])
	}
	return string(a.path)
}
