package engine

// This file models the parts of net/core/datagram.c AF_UNIX uses to take
// skbs off a receive queue: accept() and datagram receives.

// skbRecvDatagram models __skb_recv_datagram: __skb_try_recv_datagram (a
// pending error first, then the head of the queue; MSG_PEEK leaves it
// there), and when the queue is empty __skb_wait_for_more_packets: a
// receive-side shutdown ends the wait with no error, a connection-based sock
// that is neither connected nor listening is ENOTCONN, otherwise the task
// sleeps exclusively on sk_wq, woken only by EPOLLIN/EPOLLERR.
func (k *Kernel) skbRecvDatagram(sk *sock, nonblock, peek bool) (*skbuff, Errno, *wouldBlock) {
	defer k.tr.enter("__skb_recv_datagram")()
	if err := k.sockError(sk); err != 0 {
		return nil, err, nil
	}
	if len(sk.receiveQueue) > 0 {
		if peek {
			return sk.receiveQueue[0], 0, nil
		}
		return k.skbDequeue(sk), 0, nil
	}
	if nonblock {
		return nil, EAGAIN, nil
	}
	defer k.tr.enter("__skb_wait_for_more_packets")()
	if sk.shutdown&rcvShutdown != 0 {
		return nil, 0, nil
	}
	if sk.typ != sockDgram && sk.state != tcpEstablished && sk.state != tcpListen {
		return nil, ENOTCONN, nil
	}
	return nil, 0, &wouldBlock{wq: sk.wq, in: "__skb_wait_for_more_packets", exclusive: true, mask: epollIn | epollErr}
}
