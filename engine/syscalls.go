package engine

// ParamKind is the kind of value a syscall parameter takes in a timeline.
type ParamKind uint8

const (
	PInt  ParamKind = iota // integer expression: literal, constant(s) OR'd, variable, sv[i]
	PBuf                   // user buffer: "string" or fill(N)
	PAddr                  // socket address: "string" or NULL
	PSV                    // int[2] variable name (socketpair, pipe)
	// Timeline v2 (../shared/spec/timeline-v2.md).
	PList      // brace list {a, {b, c}}, {} or NULL: ArgList (elements ArgInt or ArgList) or ArgNull
	PName      // a "name" string literal (fork's new process): ArgName
	PIntOrNull // integer expression or NULL (select's timeout: NULL waits forever): ArgInt or ArgNull
	PIntOrList // integer expression or brace list (setsockopt's value, {onoff, secs} for SO_LINGER): ArgInt or ArgList
)

func (p ParamKind) String() string {
	return [...]string{"an integer", "a string or fill(N)", "an address string or NULL", "a variable name",
		"a brace list {...}, {} or NULL", "a \"name\" string", "an integer or NULL", "an integer or a brace list {...}"}[p]
}

// Signature describes one timeline call: its parameters, how many of the
// trailing ones may be left out (fcntl's third argument), and whether one
// of them repeats.
//
// Variadic calls: when Variadic is set, Params[VarAt] stands for any number
// (zero included) of arguments of that kind; the parameters before and after
// it are fixed. poll is {PList, PInt} with VarAt 0: poll({fd, events}, ...,
// timeout), so Call.Args is every {fd, events} list (ArgList of two ArgInt)
// followed by the timeout. Optional is not used together with Variadic.
type Signature struct {
	Params   []ParamKind
	Optional int  // how many trailing params may be omitted
	Variadic bool // Params[VarAt] repeats zero or more times
	VarAt    int
}

// Arity is the smallest and largest argument count (max -1: unbounded).
func (s Signature) Arity() (min, max int) {
	if s.Variadic {
		return len(s.Params) - 1, -1
	}
	return len(s.Params) - s.Optional, len(s.Params)
}

// ParamAt is the kind of argument i of a call with n arguments (n within
// Arity).
func (s Signature) ParamAt(i, n int) ParamKind {
	if !s.Variadic || i < s.VarAt {
		return s.Params[i]
	}
	if after := len(s.Params) - 1 - s.VarAt; i >= n-after {
		return s.Params[i-(n-len(s.Params))]
	}
	return s.Params[s.VarAt]
}

// Syscalls is the syscall table of timeline v1 (../shared/spec/timeline-v1.md)
// plus socklab's additions, which are documented in README.md.
var Syscalls = map[string]Signature{
	"socket":      {Params: []ParamKind{PInt, PInt, PInt}},
	"socketpair":  {Params: []ParamKind{PInt, PInt, PInt, PSV}},
	"bind":        {Params: []ParamKind{PInt, PAddr}},
	"listen":      {Params: []ParamKind{PInt, PInt}},
	"accept":      {Params: []ParamKind{PInt}},
	"accept4":     {Params: []ParamKind{PInt, PInt}},
	"connect":     {Params: []ParamKind{PInt, PAddr}},
	"write":       {Params: []ParamKind{PInt, PBuf}},
	"send":        {Params: []ParamKind{PInt, PBuf, PInt}},
	"sendto":      {Params: []ParamKind{PInt, PBuf, PInt, PAddr}},
	"read":        {Params: []ParamKind{PInt, PInt}},
	"recv":        {Params: []ParamKind{PInt, PInt, PInt}},
	"recvfrom":    {Params: []ParamKind{PInt, PInt, PInt}},
	"shutdown":    {Params: []ParamKind{PInt, PInt}},
	"close":       {Params: []ParamKind{PInt}},
	"unlink":      {Params: []ParamKind{PAddr}},
	"getsockname": {Params: []ParamKind{PInt}},
	"getpeername": {Params: []ParamKind{PInt}},
	"setsockopt":  {Params: []ParamKind{PInt, PInt, PInt, PIntOrList}}, // v2: {onoff, secs} for SO_LINGER
	"getsockopt":  {Params: []ParamKind{PInt, PInt, PInt}},
	"fcntl":       {Params: []ParamKind{PInt, PInt, PInt}, Optional: 1},
	"dup":         {Params: []ParamKind{PInt}},
	"dup2":        {Params: []ParamKind{PInt, PInt}},
	// socklab addition: advance the simulated clock by N milliseconds
	// (TIME_WAIT expiry, retransmission timers). Without it time does not pass.
	"sleep": {Params: []ParamKind{PInt}},
}

// Constants are the symbolic constants a timeline may use, with their Linux
// x86_64 values (include/linux/socket.h, include/uapi/asm-generic/fcntl.h,
// include/uapi/asm-generic/socket.h, include/uapi/linux/in.h, tcp.h).
var Constants = map[string]int64{
	"AF_UNSPEC": 0, "AF_UNIX": 1, "AF_LOCAL": 1, "AF_INET": 2, "AF_INET6": 10,
	"SOCK_STREAM": 1, "SOCK_DGRAM": 2, "SOCK_RAW": 3, "SOCK_SEQPACKET": 5,
	"SOCK_NONBLOCK": 0o4000, "SOCK_CLOEXEC": 0o2000000,
	"SHUT_RD": 0, "SHUT_WR": 1, "SHUT_RDWR": 2,
	"MSG_OOB": 0x1, "MSG_PEEK": 0x2, "MSG_TRUNC": 0x20, "MSG_DONTWAIT": 0x40,
	"MSG_EOR": 0x80, "MSG_WAITALL": 0x100, "MSG_NOSIGNAL": 0x4000,
	"O_RDONLY": 0, "O_WRONLY": 1, "O_RDWR": 2, "O_NONBLOCK": 0o4000,
	"F_GETFD": 1, "F_SETFD": 2, "F_GETFL": 3, "F_SETFL": 4, "FD_CLOEXEC": 1,
	"SOL_SOCKET": 1, "SO_REUSEADDR": 2, "SO_TYPE": 3, "SO_ERROR": 4,
	"SO_SNDBUF": 7, "SO_RCVBUF": 8, "SO_KEEPALIVE": 9, "SO_REUSEPORT": 15,
	"SO_ACCEPTCONN": 30, "SO_PROTOCOL": 38, "SO_DOMAIN": 39,
	"IPPROTO_IP": 0, "IPPROTO_TCP": 6, "IPPROTO_UDP": 17, "SOL_TCP": 6,
	"TCP_NODELAY": 1,
	"NULL":        0,
}
