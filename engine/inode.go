package engine

import "strings"

// Superblocks an inode can belong to.
const (
	sbSockfs = "sockfs"
	sbTmpfs  = "tmpfs"
	sbDevpts = "devpts"
)

// inode is a struct inode: a sockfs pseudo inode (one per socket), a
// filesystem inode created by binding an AF_UNIX path (S_IFSOCK on tmpfs), or
// the terminal's devpts inode.
type inode struct {
	n      int
	id     string
	ino    int    // i_ino
	mode   string // i_mode
	sb     string
	path   string // filesystem inodes: the normalised path
	nlink  int    // i_nlink: 1 while a directory entry names it
	socket int    // sockfs: SOCKET_I(inode)
	bound  int    // tmpfs: the unix sock bound to it (unix_find_socket_byinode), 0 if none
	refs   int    // tmpfs: dentry references held by socks (u->path)
}

func (k *Kernel) newInode(sb, mode string) *inode {
	k.ids.inode++
	k.nextIno++
	n := k.ids.inode
	in := &inode{n: n, id: objID("inode", n), ino: k.nextIno, mode: mode, sb: sb, nlink: 1}
	k.inodes[n] = in
	k.tr.touch(in.id, Created)
	return in
}

func (k *Kernel) newTTYInode() int {
	in := k.newInode(sbDevpts, "S_IFCHR|0620")
	in.path = "/dev/pts/0"
	return in.n
}

// fileSystem is the tiny tree of paths socklab models: fixed directories and
// the socket files that bind() creates (dentries: path -> inode number).
type fileSystem struct {
	dirs    map[string]bool
	sockets map[string]int
}

func newFileSystem() fileSystem {
	return fileSystem{
		dirs:    map[string]bool{"/": true, "/tmp": true, "/run": true, "/var": true, "/var/run": true},
		sockets: map[string]int{},
	}
}

func (fs fileSystem) clone() fileSystem {
	c := fileSystem{dirs: make(map[string]bool, len(fs.dirs)), sockets: make(map[string]int, len(fs.sockets))}
	for p := range fs.dirs {
		c.dirs[p] = true
	}
	for p, n := range fs.sockets {
		c.sockets[p] = n
	}
	return c
}

// cwd is every task's working directory: relative paths resolve under it.
const cwd = "/tmp"

const (
	pathMax = 4096
	nameMax = 255
)

// lookup is the result of a path walk (namei).
type lookup struct {
	path     string // normalised absolute path
	parentOK bool   // every directory on the way exists
	isDir    bool
	inode    int // a socket file at path, 0 if none
	root     bool
	trailing bool // the name ended in '/'
}

// pathLookup models the path walk of filename_lookup/filename_create on the
// tiny filesystem: "." and ".." and repeated slashes are resolved, relative
// paths start at cwd, and a non-directory in the middle is ENOTDIR.
func (k *Kernel) pathLookup(name string) (lookup, Errno) {
	if name == "" {
		return lookup{}, ENOENT
	}
	if len(name) >= pathMax {
		return lookup{}, ENAMETOOLONG
	}
	full := name
	if name[0] != '/' {
		full = cwd + "/" + name
	}
	var parts []string
	for _, p := range strings.Split(full, "/") {
		switch {
		case len(p) > nameMax:
			return lookup{}, ENAMETOOLONG
		case p == "" || p == ".":
		case p == "..":
			if len(parts) > 0 {
				parts = parts[:len(parts)-1]
			}
		default:
			parts = append(parts, p)
		}
	}
	l := lookup{path: "/" + strings.Join(parts, "/"), parentOK: true, trailing: strings.HasSuffix(name, "/")}
	if len(parts) == 0 {
		l.root, l.isDir = true, true
		return l, 0
	}
	for i := 1; i < len(parts); i++ {
		dir := "/" + strings.Join(parts[:i], "/")
		if k.fs.dirs[dir] {
			continue
		}
		if _, ok := k.fs.sockets[dir]; ok {
			return l, ENOTDIR
		}
		l.parentOK = false
		return l, ENOENT
	}
	l.isDir = k.fs.dirs[l.path]
	l.inode = k.fs.sockets[l.path]
	return l, 0
}

// mknodSocket models kern_path_create + vfs_mknod(S_IFSOCK) for bind():
// EEXIST (which unix_bind_bsd turns into EADDRINUSE) if the name exists.
func (k *Kernel) mknodSocket(name string) (*inode, Errno) {
	defer k.tr.enter("vfs_mknod")()
	l, err := k.pathLookup(name)
	if err != 0 {
		return nil, err
	}
	if l.root || l.isDir || l.inode != 0 {
		return nil, EEXIST
	}
	if l.trailing {
		return nil, ENOENT
	}
	in := k.newInode(sbTmpfs, "S_IFSOCK|0755")
	in.path = l.path
	k.fs.sockets[l.path] = in.n
	return in, 0
}

// sysUnlink models do_unlinkat(): remove the directory entry; the inode lives
// on while a bound sock still holds its path.
func (k *Kernel) sysUnlink(a Arg) (int64, Errno) {
	defer k.tr.enter("do_unlinkat")()
	if a.Kind == ArgNull {
		return -1, EFAULT
	}
	name := cString(a.Bytes.Slice(0, pathMax+1))
	l, err := k.pathLookup(name)
	if err != 0 {
		return -1, err
	}
	if l.root || l.isDir {
		return -1, EISDIR
	}
	if l.inode == 0 {
		return -1, ENOENT
	}
	if l.trailing {
		return -1, ENOTDIR
	}
	k.vfsUnlink(l.path, l.inode)
	return 0, 0
}

// vfsUnlink models vfs_unlink(): drop the dentry and i_nlink.
func (k *Kernel) vfsUnlink(path string, n int) {
	defer k.tr.enter("vfs_unlink")()
	delete(k.fs.sockets, path)
	in := k.inodes[n]
	in.nlink = 0
	k.tr.touch(in.id, Changed)
	k.iputMaybe(in)
}

// pathGet models path_get() on a bound socket's path (u->path).
func (k *Kernel) pathGet(n int) {
	in := k.inodes[n]
	in.refs++
	k.tr.touch(in.id, Changed)
}

// pathPut models path_put(): the last reference of an unlinked inode frees it.
func (k *Kernel) pathPut(n int) {
	defer k.tr.enter("path_put")()
	in := k.inodes[n]
	in.refs--
	k.tr.touch(in.id, Changed)
	k.iputMaybe(in)
}

// iputMaybe models iput() → evict() once nothing names or holds the inode.
func (k *Kernel) iputMaybe(in *inode) {
	if in.nlink > 0 || in.refs > 0 {
		return
	}
	delete(k.inodes, in.n)
	k.tr.touch(in.id, Freed)
}

// cString returns b up to its first NUL byte, as C string functions read it.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
