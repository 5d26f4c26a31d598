package difftest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEncodeSockaddr(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want []byte
	}{
		{"", []byte{1, 0}},
		{"/a", []byte{1, 0, '/', 'a', 0}},
		{"rel", []byte{1, 0, 'r', 'e', 'l', 0}},
		{"@", []byte{1, 0, 0}},
		{"@ab", []byte{1, 0, 0, 'a', 'b'}},
		{"@a\x00b", []byte{1, 0, 0, 'a', 0, 'b'}},
		{"127.0.0.1:8080", []byte{2, 0, 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"0.0.0.0:0", []byte{2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"1.2.3.4:70000", append([]byte{1, 0}, "1.2.3.4:70000\x00"...)}, // not AF_INET: a path
		{"1.2.3:80", append([]byte{1, 0}, "1.2.3:80\x00"...)},
	} {
		assert.Equal(t, tc.want, EncodeSockaddr([]byte(tc.addr)), "%q", tc.addr)
	}
	// A 108-byte path is passed with its full length (111): the kernel says EINVAL.
	assert.Len(t, EncodeSockaddr([]byte("/"+strings.Repeat("x", 107))), 111)
}

func TestFormatSockaddr(t *testing.T) {
	for _, tc := range []struct {
		raw  []byte
		want string
	}{
		{nil, ""},
		{[]byte{1, 0}, ""},
		{[]byte{1, 0, '/', 't', 0}, "/t"},
		{[]byte{1, 0, '/', 't', 0, 'x'}, "/t"},
		{[]byte{1, 0, '/', 't'}, "/t"},
		{[]byte{1, 0, 0, 'a', 0xff}, "@a\xff"},
		{[]byte{1, 0, 0}, "@"},
		{[]byte{2, 0, 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, "127.0.0.1:8080"},
		{[]byte{2, 0, 0, 0}, "?inet(len=4)"},
		{[]byte{0, 0}, ""},
		{[]byte{10, 0, 0}, "?family=10"},
	} {
		assert.Equal(t, tc.want, FormatSockaddr(tc.raw), "%v", tc.raw)
	}
	for _, a := range []string{"/tmp/x", "@abc", "@", "", "10.0.0.1:5"} {
		assert.Equal(t, a, FormatSockaddr(EncodeSockaddr([]byte(a))), "round trip %q", a)
	}
}
