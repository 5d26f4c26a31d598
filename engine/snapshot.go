package engine

// Snapshot is the whole simulated kernel as data, the way the page draws it.
// JSON keys use Linux's spelling (sk_receive_queue, f_count, i_ino, ...).
// Every object has a stable id "<kind>:<n>" that is never reused within a run,
// so the page and the diff can follow an object from step to step and the
// call chain can name what a function touched. Lists are in id order.
type Snapshot struct {
	Step       int          `json:"step"` // statements executed so far
	ClockMS    int64        `json:"clock_ms"`
	Tasks      []Task       `json:"tasks"`
	Files      []File       `json:"files"`
	Sockets    []Socket     `json:"sockets"`
	Socks      []Sock       `json:"socks"`
	Inodes     []Inode      `json:"inodes"`
	UnixTable  []UnixBucket `json:"unix_socket_table"`
	WaitQueues []WaitQueue  `json:"wait_queues"`
	Inet       *InetTables  `json:"inet,omitempty"`       // AF_INET hash tables (when any AF_INET socket exists)
	Wire       []Segment    `json:"wire,omitempty"`       // segments seen on lo, oldest first
	Pipes      []Pipe       `json:"pipes,omitempty"`      // pipe_inode_info (poll_snapshot.go)
	Eventpolls []Eventpoll  `json:"eventpolls,omitempty"` // struct eventpoll (poll_snapshot.go)
}

// Task is a process (struct task_struct) with its fd table (struct fdtable).
type Task struct {
	ID           string   `json:"id"` // "task:<pid>"
	PID          int      `json:"pid"`
	Comm         string   `json:"comm"`                 // the timeline's process name
	State        string   `json:"state"`                // "TASK_RUNNING" or "TASK_INTERRUPTIBLE"
	WaitQueue    string   `json:"wait_queue,omitempty"` // the wait queue it sleeps on
	Blocked      *Blocked `json:"blocked,omitempty"`
	FDTable      []FD     `json:"fdtable"`
	RlimitNofile int      `json:"rlimit_nofile"`
	// Processes (timeline v2): the parent's pid (1: init, outside the
	// timeline), "EXIT_ZOMBIE" (state "TASK_DEAD") once exited and until
	// reaped, with its exit code, and SIGCHLD's disposition.
	PPID       int    `json:"ppid"`
	ExitState  string `json:"exit_state,omitempty"`
	ExitCode   int    `json:"exit_code,omitempty"`
	SigchldIgn bool   `json:"sigchld_ignored,omitempty"`
}

// Blocked says which call a sleeping task is in and where it sleeps.
type Blocked struct {
	Call string `json:"call"` // e.g. "accept"
	Step int    `json:"step"` // statement number at which it blocked
	Line int    `json:"line"` // source line of that statement (set by the interpreter)
	In   string `json:"in"`   // the kernel function it sleeps in, e.g. "unix_wait_for_peer"
	// TimeoutAtMS is when its SO_RCVTIMEO/SO_SNDTIMEO expires (the clock's
	// ms; schedule_timeout's timer), if it has one.
	TimeoutAtMS int64 `json:"timeout_at_ms,omitempty"`
}

// FD is one fd table slot: fd -> struct file.
type FD struct {
	FD          int    `json:"fd"`
	File        string `json:"file"`
	CloseOnExec bool   `json:"close_on_exec,omitempty"`
}

// File is a struct file.
type File struct {
	ID          string   `json:"id"`
	FCount      int      `json:"f_count"`
	FFlags      []string `json:"f_flags"` // e.g. ["O_RDWR","O_NONBLOCK"]
	FOp         string   `json:"f_op"`    // "socket_file_ops", "tty_fops"
	FInode      string   `json:"f_inode"`
	FPath       string   `json:"f_path"`                 // "socket:[12345]", "/dev/pts/0"
	PrivateData string   `json:"private_data,omitempty"` // the struct socket
}

// Socket is a struct socket (the BSD-socket half, include/linux/net.h).
type Socket struct {
	ID    string   `json:"id"`
	State string   `json:"state"` // SS_UNCONNECTED, SS_CONNECTING, SS_CONNECTED, SS_DISCONNECTING
	Type  string   `json:"type"`  // SOCK_STREAM, ...
	Ops   string   `json:"ops"`   // unix_stream_ops, inet_stream_ops, ...
	File  string   `json:"file,omitempty"`
	Sk    string   `json:"sk"`
	Inode string   `json:"inode"` // the sockfs inode (SOCK_INODE)
	Wq    string   `json:"wq"`    // socket_wq: the wait queue sleepers use
	Flags []string `json:"flags,omitempty"`
}

// Sock is a struct sock (with unix_sock / tcp_sock fields where they apply).
type Sock struct {
	ID            string    `json:"id"`
	Family        string    `json:"sk_family"` // AF_UNIX, AF_INET
	Type          string    `json:"sk_type"`
	Protocol      int       `json:"sk_protocol"`
	State         string    `json:"sk_state"`    // TCP_CLOSE, TCP_LISTEN, TCP_ESTABLISHED, ... (Linux uses TCP_* for AF_UNIX too)
	Shutdown      []string  `json:"sk_shutdown"` // RCV_SHUTDOWN, SEND_SHUTDOWN
	Err           string    `json:"sk_err"`      // pending error as errno name, "" if none
	Refcnt        int       `json:"sk_refcnt"`
	Sndbuf        int       `json:"sk_sndbuf"`
	Rcvbuf        int       `json:"sk_rcvbuf"`
	WmemAlloc     int       `json:"sk_wmem_alloc"`
	RmemAlloc     int       `json:"sk_rmem_alloc"`
	AckBacklog    int       `json:"sk_ack_backlog"`
	MaxAckBacklog int       `json:"sk_max_ack_backlog"`
	Socket        string    `json:"sk_socket,omitempty"` // "" for an embryo or an orphan
	Peer          string    `json:"peer,omitempty"`      // unix_peer(sk)
	Addr          string    `json:"addr,omitempty"`      // unix_sock->addr: "/path", "@name"; AF_INET "ip:port"
	PathInode     string    `json:"path_inode,omitempty"`
	Wq            string    `json:"sk_wq"`
	PeerWait      string    `json:"peer_wait,omitempty"` // unix_sock->peer_wait
	Flags         []string  `json:"flags,omitempty"`     // SOCK_DEAD, SOCK_REUSEADDR, ...
	ReceiveQueue  []Skb     `json:"sk_receive_queue"`
	WriteQueue    []Skb     `json:"sk_write_queue,omitempty"`
	MaxDgramQlen  int       `json:"max_dgram_qlen,omitempty"`
	Inflight      int       `json:"inflight,omitempty"` // unix_sock: its file is in flight this many times (garbage.go)
	TCP           *TCPSock  `json:"tcp,omitempty"`
	Inet          *InetSock `json:"inet,omitempty"`
}

// Skb is a struct sk_buff on a queue.
type Skb struct {
	ID       string `json:"id"`
	Len      int    `json:"len"`
	Data     Bytes  `json:"data"`
	Sk       string `json:"sk,omitempty"`   // skb->sk: for an accept-queue skb, the embryo sock
	From     string `json:"from,omitempty"` // the sending sock (UNIXCB(skb).peer...)
	Addr     string `json:"addr,omitempty"` // the sender's address for datagrams
	Truesize int    `json:"truesize"`
	// ScmRights are the files in flight in this skb (UNIXCB(skb).fp, an
	// SCM_RIGHTS message), each holding a reference (f_count).
	ScmRights []string `json:"scm_rights,omitempty"`
}

// Inode is a sockfs inode or a filesystem inode (a bound AF_UNIX path).
type Inode struct {
	ID        string `json:"id"`
	Ino       int    `json:"i_ino"`
	Mode      string `json:"i_mode"` // "S_IFSOCK|0777"
	Sb        string `json:"i_sb"`   // "sockfs" or "tmpfs"
	Path      string `json:"path,omitempty"`
	Nlink     int    `json:"i_nlink"`
	Socket    string `json:"socket,omitempty"`     // sockfs: SOCKET_I(inode)
	BoundSock string `json:"bound_sock,omitempty"` // filesystem: the unix sock bound to this path, if alive
}

// UnixBucket is one non-empty bucket of the AF_UNIX name table
// (net->unx.table.buckets, with bound BSD names also in bsd_socket_buckets).
type UnixBucket struct {
	Hash  int      `json:"hash"`
	Kind  string   `json:"kind"` // "unbound", "bsd", "abstract"
	Socks []string `json:"socks"`
}

// WaitQueue is a wait_queue_head_t and who sleeps on it.
type WaitQueue struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`  // e.g. "sk_wq", "peer_wait"
	Owner   string   `json:"owner"` // the socket or sock it belongs to
	Waiters []string `json:"waiters"`
	// Entries lists every wait_queue_entry in list order: sleeping tasks,
	// poll/select hooks (pollwake) and epoll callbacks (ep_poll_callback).
	Entries []WaitEntry `json:"entries,omitempty"`
}

// InetTables are the AF_INET hash tables (struct inet_hashinfo) — issue 4.
type InetTables struct {
	Bhash     []InetBucket `json:"bhash"`               // bind buckets: port -> owners
	Listening []string     `json:"listening_hash"`      // listening socks
	Ehash     []string     `json:"ehash"`               // established (and TIME_WAIT) socks
	UDP       []InetBucket `json:"udp_table,omitempty"` // udp_table: port -> bound UDP socks (socklab addition)
}

// InetBucket is an inet_bind_bucket.
type InetBucket struct {
	Port   int      `json:"port"`
	Owners []string `json:"owners"`
}

// InetSock holds struct inet_sock addressing.
type InetSock struct {
	Saddr string `json:"inet_saddr"` // "127.0.0.1:5000" style, local
	Daddr string `json:"inet_daddr"` // remote
}

// TCPSock holds struct tcp_sock fields shown to learners.
type TCPSock struct {
	SndNxt     uint32   `json:"snd_nxt"`
	SndUna     uint32   `json:"snd_una"`
	RcvNxt     uint32   `json:"rcv_nxt"`
	SynQueue   []string `json:"syn_queue,omitempty"` // request socks (listener)
	TimeWaitMS int64    `json:"time_wait_expires_ms,omitempty"`
	Nodelay    bool     `json:"nodelay,omitempty"`
}

// Segment is one TCP/UDP packet seen on lo (like a tcpdump line).
type Segment struct {
	ID    string `json:"id"`
	Step  int    `json:"step"` // the statement that sent it
	Src   string `json:"src"`
	Dst   string `json:"dst"`
	Proto string `json:"proto"` // "TCP", "UDP", "ICMP"
	Flags string `json:"flags,omitempty"`
	Seq   uint32 `json:"seq,omitempty"`
	Ack   uint32 `json:"ack,omitempty"`
	Len   int    `json:"len"`
	Data  Bytes  `json:"data,omitempty"`
}
