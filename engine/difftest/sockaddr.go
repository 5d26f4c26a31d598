package difftest

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// Address families and sizes of the Linux x86_64 ABI.
const (
	afUnix      = 1
	afInet      = 2
	sunPathOff  = 2   // offsetof(struct sockaddr_un, sun_path)
	sockaddrMax = 128 // sizeof(struct sockaddr_storage): the buffer for returned addresses
)

// EncodeSockaddr builds the struct sockaddr a C program would pass for a
// timeline address string, with the length it would pass:
//
//	"/path", "rel"  AF_UNIX path, length offsetof(sun_path)+strlen+1
//	"@name"         AF_UNIX abstract name: exactly the bytes after '@'
//	""              the family field alone (length 2)
//	"a.b.c.d:port"  AF_INET (struct sockaddr_in, 16 bytes)
//
// The returned slice's length is the addrlen. Invalid lengths are passed on
// unchanged: deciding EINVAL is the kernel's job.
func EncodeSockaddr(addr []byte) []byte {
	if ip, port, ok := parseInet(string(addr)); ok {
		b := make([]byte, 16)
		binary.LittleEndian.PutUint16(b, afInet)
		binary.BigEndian.PutUint16(b[2:], port)
		copy(b[4:], ip[:])
		return b
	}
	b := make([]byte, sunPathOff, sunPathOff+len(addr)+1)
	binary.LittleEndian.PutUint16(b, afUnix)
	switch {
	case len(addr) == 0:
		return b
	case addr[0] == '@':
		b = append(b, 0)
		return append(b, addr[1:]...)
	default:
		b = append(b, addr...)
		return append(b, 0)
	}
}

// parseInet recognises "a.b.c.d:port" with every part in range.
func parseInet(s string) (ip [4]byte, port uint16, ok bool) {
	host, ps, found := strings.Cut(s, ":")
	if !found {
		return ip, 0, false
	}
	parts := strings.Split(host, ".")
	if len(parts) != 4 {
		return ip, 0, false
	}
	for i, p := range parts {
		v, err := strconv.ParseUint(p, 10, 8)
		if err != nil || p == "" || p[0] == '+' {
			return ip, 0, false
		}
		ip[i] = byte(v)
	}
	pv, err := strconv.ParseUint(ps, 10, 16)
	if err != nil || ps == "" || ps[0] == '+' {
		return ip, 0, false
	}
	return ip, uint16(pv), true
}

// FormatSockaddr turns an address returned by the kernel (raw bytes, already
// cut to the returned addrlen) into the spec's string: AF_UNIX "/path" or
// "@name" (raw bytes), unnamed "", AF_INET "ip:port".
func FormatSockaddr(raw []byte) string {
	if len(raw) < sunPathOff {
		return ""
	}
	switch fam := binary.LittleEndian.Uint16(raw); fam {
	case afUnix:
		path := raw[sunPathOff:]
		if len(path) == 0 {
			return ""
		}
		if path[0] == 0 {
			return "@" + string(path[1:])
		}
		if i := indexByte(path, 0); i >= 0 {
			path = path[:i]
		}
		return string(path)
	case afInet:
		if len(raw) < 8 {
			return fmt.Sprintf("?inet(len=%d)", len(raw))
		}
		return fmt.Sprintf("%d.%d.%d.%d:%d", raw[4], raw[5], raw[6], raw[7], binary.BigEndian.Uint16(raw[2:]))
	case 0:
		return ""
	default:
		return fmt.Sprintf("?family=%d", fam)
	}
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}
