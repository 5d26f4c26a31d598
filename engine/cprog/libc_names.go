package cprog

// libcNames is socklab's C library, in opBuiltin id order: a call to
// libcNames[i] compiles to opBuiltin i (and a pointer to it to segment
// funcSegBase+0x8000+i). The compiler (cc.wasm) and the VM (c.wasm) are
// separate builds, so the ids must come from one static list both link:
// the libc registers its Go functions in init()s (libc_*.go), and package
// inits always link, so the compiler could not learn the names from them
// without carrying the whole libc and the simulated kernel.
// TestLibcNames checks that libc_*.go register exactly these names.
// The program encoding (codec.go) carries a fingerprint of this list, so a
// c.wasm never runs a program numbered for another list (say, a cached
// cc.wasm of another release).
var libcNames = [...]string{
	"sendmsg", "recvmsg", "fork", "wait", "waitpid", "sleep", "usleep", "nanosleep", "time",
	"clock", "gettimeofday", "clock_gettime", "signal", "sigaction", "sigemptyset", "sigfillset",
	"sigaddset", "kill", "raise", "poll", "select", "epoll_ctl", "epoll_wait", "socket", "listen",
	"shutdown", "close", "dup", "dup2", "getpid", "getppid", "fcntl", "epoll_create",
	"epoll_create1", "bind", "connect", "accept", "accept4", "getsockname", "getpeername", "unlink",
	"read", "recv", "recvfrom", "write", "send", "sendto", "setsockopt", "getsockopt", "socketpair",
	"pipe", "ioctl", "htons", "ntohs", "htonl", "ntohl", "inet_pton", "inet_addr", "inet_aton",
	"inet_ntop", "__socklab_inet_ntoa", "isatty", "__errno_location", "__socklab_stdio", "printf",
	"fprintf", "vprintf", "vfprintf", "dprintf", "sprintf", "snprintf", "vsprintf", "vsnprintf",
	"puts", "fputs", "fputc", "putc", "putchar", "fwrite", "fflush", "setvbuf", "setbuf", "fileno",
	"perror", "fgets", "fgetc", "getc", "getchar", "feof", "ferror", "malloc", "calloc", "realloc",
	"free", "exit", "_exit", "_Exit", "abort", "__assert_fail", "rand", "srand", "getenv", "atexit",
	"__builtin_va_arg_impl", "memset", "__builtin_memset", "bzero", "memcpy", "memmove", "memcmp",
	"memchr", "strlen", "strnlen", "strcpy", "strncpy", "strcat", "strncat", "strcmp", "strncmp",
	"strcasecmp", "strncasecmp", "strchr", "strrchr", "strstr", "strspn", "strcspn", "strtok",
	"strdup", "strndup", "strerror", "isalpha", "isdigit", "isalnum", "isspace", "isupper",
	"islower", "isprint", "isgraph", "iscntrl", "ispunct", "isxdigit", "toupper", "tolower", "atoi",
	"atol", "atoll", "strtol", "strtoul", "strtoll", "strtoull", "abs", "labs",
}

// builtinByName is the opBuiltin id of each library function.
var builtinByName = func() map[string]int {
	m := make(map[string]int, len(libcNames))
	for i, n := range libcNames {
		m[n] = i
	}
	return m
}()
