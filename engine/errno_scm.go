package engine

// EDOM is only returned by setsockopt SO_RCVTIMEO/SO_SNDTIMEO (tv_usec out
// of range, sock_set_timeout), kept here so the shared table in errno.go
// stays untouched.
const EDOM Errno = 33

func init() { errnoNames[EDOM] = "EDOM" }
