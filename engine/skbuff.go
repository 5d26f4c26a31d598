package engine

// Allocation geometry of x86_64 Linux 6.x, as measured on the host with
// SIOCOUTQ (sk_wmem_alloc) after single sends: an skb's truesize is its
// kmalloc'd head (data aligned to 64 bytes plus a 320-byte skb_shared_info,
// rounded up to the kmalloc bucket) plus 256 bytes of struct sk_buff, plus
// the pages of its fragments.
const (
	pageSize          = 4096
	smpCacheBytes     = 64
	sizeofSkbShinfo   = 320 // SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
	sizeofSkBuff      = 256 // SKB_DATA_ALIGN(sizeof(struct sk_buff))
	kmallocMaxCache   = 8192
	skbMaxHead0       = pageSize - sizeofSkbShinfo    // SKB_MAX_HEAD(0)
	skbMaxAlloc       = pageSize<<2 - sizeofSkbShinfo // SKB_MAX_ALLOC
	maxSkbFrags       = 17                            // MAX_SKB_FRAGS
	unixSkbFragsSz    = pageSize << 3                 // UNIX_SKB_FRAGS_SZ (32 KiB)
	pageAllocCostly   = 3                             // PAGE_ALLOC_COSTLY_ORDER
	unixSkbFragsOrder = 3                             // get_order(UNIX_SKB_FRAGS_SZ)
	maxRWCount        = 0x7ffff000                    // MAX_RW_COUNT
)

// skbuff is a struct sk_buff on a queue.
type skbuff struct {
	n        int
	id       string
	data     []byte // the payload; never written after the skb is queued
	consumed int    // UNIXCB(skb).consumed: bytes a stream reader already took
	truesize int
	sk       int // skb->sk: the sock charged in sk_wmem_alloc (sender, or the embryo)
	embryo   bool
	fp       []int // UNIXCB(skb).fp: files in flight (SCM_RIGHTS), by number; never mutated in place
	inflight bool  // fp is counted in flight (queued: scm_stat_add / unix_add_edges)
}

// unixSkbLen models unix_skb_len(): the bytes left to read.
func (s *skbuff) unixSkbLen() int { return len(s.data) - s.consumed }

func align(n, a int) int { return (n + a - 1) / a * a }

// kmallocSize models kmalloc_size_roundup(): slab buckets up to 8 KiB, then
// whole pages in power-of-two orders.
func kmallocSize(n int) int {
	for _, b := range []int{8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192} {
		if n <= b {
			return b
		}
	}
	s := pageSize
	for s < n {
		s <<= 1
	}
	return s
}

// headTruesize is the truesize of alloc_skb(h): SKB_TRUESIZE of the kmalloc'd head.
func headTruesize(h int) int {
	return kmallocSize(align(h, smpCacheBytes)+sizeofSkbShinfo) + sizeofSkBuff
}

// fragsTruesize models the page loop of alloc_skb_with_frags(): each
// fragment adds PAGE_SIZE << order, the order shrinking to fit what is left.
func fragsTruesize(dataLen, order int) int {
	t := 0
	for dataLen > 0 {
		for order > 0 && align(dataLen, pageSize) < pageSize<<order {
			order--
		}
		chunk := min(dataLen, pageSize<<order)
		t += pageSize << order
		dataLen -= chunk
	}
	return t
}

// unixStreamSkbSize models the sizing at the top of unix_stream_sendmsg's
// loop: at most half the send buffer minus 64 ("keep two messages in the
// pipe"), at most SKB_MAX_HEAD(0) + UNIX_SKB_FRAGS_SZ; returns the payload
// size and the skb's truesize.
func unixStreamSkbSize(left int64, sndbuf int) (int, int) {
	size := int(min(left, int64(sndbuf>>1-64), skbMaxHead0+unixSkbFragsSz))
	dataLen := min(size, align(max(0, size-skbMaxHead0), pageSize))
	return size, headTruesize(size-dataLen) + fragsTruesize(dataLen, unixSkbFragsOrder)
}

// unixDgramTruesize models the sizing in unix_dgram_sendmsg: up to
// SKB_MAX_ALLOC in the head, the rest (at most MAX_SKB_FRAGS pages) in frags.
func unixDgramTruesize(n int) int {
	dataLen := 0
	if n > skbMaxAlloc {
		dataLen = align(min(n-skbMaxAlloc, maxSkbFrags*pageSize), pageSize)
	}
	return headTruesize(n-dataLen) + fragsTruesize(dataLen, pageAllocCostly)
}

// allocSkb models __alloc_skb: a new skb with its payload.
func (k *Kernel) allocSkb(data []byte, truesize int) *skbuff {
	k.ids.skb++
	s := &skbuff{n: k.ids.skb, id: objID("skb", k.ids.skb), data: data, truesize: truesize}
	k.tr.touch(s.id, Created)
	return s
}

// skbSetOwnerW models skb_set_owner_w(): charge the skb to sk's sk_wmem_alloc.
func (k *Kernel) skbSetOwnerW(s *skbuff, sk *sock) {
	s.sk = sk.n
	sk.wmemAlloc += s.truesize
	k.tr.touch(sk.id, Changed)
}

// kfreeSkb models kfree_skb()/consume_skb(): the destructor sock_wfree
// returns the truesize to the owner.
func (k *Kernel) kfreeSkb(s *skbuff, fn string) {
	defer k.tr.enter(fn)()
	k.tr.touch(s.id, Freed)
	if len(s.fp) > 0 {
		k.unixDestructScm(s)
	}
	if s.sk != 0 {
		k.sockWfree(s)
	}
}

// skbQueueTail models skb_queue_tail().
func (k *Kernel) skbQueueTail(sk *sock, s *skbuff) {
	defer k.tr.enter("skb_queue_tail")()
	if len(s.fp) > 0 {
		k.unixInflight(s) // scm_stat_add → unix_add_edges
	}
	sk.receiveQueue = append(sk.receiveQueue, s)
	k.tr.touch(sk.id, Changed)
	k.tr.touch(s.id, Changed)
}

// skbDequeue removes the head skb of sk's receive queue (skb_dequeue).
func (k *Kernel) skbDequeue(sk *sock) *skbuff {
	if len(sk.receiveQueue) == 0 {
		return nil
	}
	return k.skbUnlinkAt(sk, 0)
}

// skbUnlinkAt models skb_unlink() of the skb at index i of sk's receive queue.
func (k *Kernel) skbUnlinkAt(sk *sock, i int) *skbuff {
	q := sk.receiveQueue
	s := q[i]
	if i == 0 {
		q[0] = nil
		q = q[1:]
	} else {
		copy(q[i:], q[i+1:])
		q[len(q)-1] = nil
		q = q[:len(q)-1]
	}
	if len(q) == 0 {
		q = nil
	}
	sk.receiveQueue = q
	k.tr.touch(sk.id, Changed)
	return s
}

func cloneSkbs(q []*skbuff) []*skbuff {
	if q == nil {
		return nil
	}
	out := make([]*skbuff, len(q))
	for i, s := range q {
		c := *s
		out[i] = &c
	}
	return out
}
