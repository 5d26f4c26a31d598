package timeline

// errnoText is strerror(3) as glibc prints it, by symbolic name.
var errnoText = map[string]string{
	"EPERM": "Operation not permitted", "ENOENT": "No such file or directory",
	"EINTR": "Interrupted system call", "EIO": "Input/output error",
	"EBADF": "Bad file descriptor", "EAGAIN": "Resource temporarily unavailable",
	"ENOMEM": "Cannot allocate memory", "EACCES": "Permission denied",
	"EFAULT": "Bad address", "EEXIST": "File exists", "ENOTDIR": "Not a directory",
	"EISDIR": "Is a directory", "EINVAL": "Invalid argument",
	"ENFILE": "Too many open files in system", "EMFILE": "Too many open files",
	"ENOSPC": "No space left on device", "ESPIPE": "Illegal seek", "EPIPE": "Broken pipe",
	"ENAMETOOLONG": "File name too long", "ENOSYS": "Function not implemented",
	"ENOTSOCK": "Socket operation on non-socket", "EDESTADDRREQ": "Destination address required",
	"EMSGSIZE": "Message too long", "EPROTOTYPE": "Protocol wrong type for socket",
	"ENOPROTOOPT": "Protocol not available", "EPROTONOSUPPORT": "Protocol not supported",
	"ESOCKTNOSUPPORT": "Socket type not supported", "EOPNOTSUPP": "Operation not supported",
	"EPFNOSUPPORT": "Protocol family not supported",
	"EAFNOSUPPORT": "Address family not supported by protocol",
	"EADDRINUSE":   "Address already in use", "EADDRNOTAVAIL": "Cannot assign requested address",
	"ENETDOWN": "Network is down", "ENETUNREACH": "Network is unreachable",
	"ECONNABORTED": "Software caused connection abort", "ECONNRESET": "Connection reset by peer",
	"ENOBUFS": "No buffer space available", "EISCONN": "Transport endpoint is already connected",
	"ENOTCONN":  "Transport endpoint is not connected",
	"ESHUTDOWN": "Cannot send after transport endpoint shutdown",
	"ETIMEDOUT": "Connection timed out", "ECONNREFUSED": "Connection refused",
	"EHOSTUNREACH": "No route to host", "EALREADY": "Operation already in progress",
	"EINPROGRESS": "Operation now in progress",
	// timeline v2
	"ESRCH": "No such process", "ECHILD": "No child processes",
	"ENOTTY": "Inappropriate ioctl for device", "EDOM": "Numerical argument out of domain", "ELOOP": "Too many levels of symbolic links",
	"ETOOMANYREFS": "Too many references: cannot splice",
}

// Strerror is glibc's description of an errno given by name ("EPIPE" ->
// "Broken pipe"); "" if unknown.
func Strerror(name string) string { return errnoText[name] }
