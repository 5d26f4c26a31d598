package engine

// Errnos that only the calls of scm.go, ioctl.go and sock_opts.go return
// (include/uapi/asm-generic/errno-base.h), kept here so the shared table
// in errno.go stays untouched.
const (
	ENOTTY Errno = 25 // ioctl: the request does not apply to this file
	EDOM   Errno = 33 // setsockopt SO_RCVTIMEO: tv_usec out of range
)

func init() {
	errnoNames[ENOTTY] = "ENOTTY"
	errnoNames[EDOM] = "EDOM"
}
