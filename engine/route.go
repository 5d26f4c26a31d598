package engine

// This file models the part of net/ipv4/route.c that socklab's one
// network namespace (only lo up) needs: the output route lookup
// (ip_route_output_key_hash_rcu) behind ip_route_connect (tcp_v4_connect,
// ip4_datagram_connect) and udp_sendmsg. The namespace's tables are
//
//	local 127.0.0.0/8 dev lo src 127.0.0.1         (RTN_LOCAL)
//	local 127.0.0.1 dev lo src 127.0.0.1           (RTN_LOCAL)
//	broadcast 127.255.255.255 dev lo src 127.0.0.1 (RTN_BROADCAST)
//
// and no main-table route at all (`ip route show table local` in a fresh
// `unshare -n` namespace with lo up).

// rtBroadcast is limited broadcast: 255.255.255.255.
var rtLimitedBroadcast = [4]byte{255, 255, 255, 255}

// rtLoBroadcast is lo's subnet broadcast: 127.255.255.255.
var rtLoBroadcast = [4]byte{127, 255, 255, 255}

// ipIsMulticast is ipv4_is_multicast: 224.0.0.0/4.
func ipIsMulticast(ip [4]byte) bool { return ip[0]&0xf0 == 0xe0 }

// ipRouteBroadcast reports whether ip is a broadcast address in socklab's
// namespace (inet_addr_type: RTN_BROADCAST): the limited broadcast and lo's
// 127.255.255.255.
func ipRouteBroadcast(ip [4]byte) bool { return ip == rtLimitedBroadcast || ip == rtLoBroadcast }

// ipRouteOutput models ip_route_output_key_hash_rcu for a flow from saddr
// (the socket's inet_saddr, 0 if it has none) to daddr in a namespace whose
// only device is lo. It returns whether the route is RTCF_BROADCAST, or
// ENETUNREACH when there is no route:
//   - daddr 0 means this host (the "!fl4->daddr" branch: loopback);
//   - 127.255.255.255 is lo's broadcast route (fib_lookup: RTN_BROADCAST);
//   - the rest of 127/8 is local;
//   - 255.255.255.255 (and multicast) have no route in any table, but a
//     flow with a local source address and no output device takes the
//     device of that address ("if (fl4->flowi4_oif == 0 &&
//     (ipv4_is_multicast(daddr) || ipv4_is_lbcast(daddr)))" →
//     __ip_dev_find(saddr) → make_route), so the limited broadcast is routed
//     as a broadcast then; socklab does not model multicast routes, which
//     stay unreachable;
//   - every other address: fib_lookup fails, ENETUNREACH.
//
// Measured on Linux 6.x in such a namespace: a UDP socket bound to
// 127.0.0.1 connecting to 255.255.255.255 gets EACCES (a broadcast route,
// no SO_BROADCAST), an unbound one ENETUNREACH.
func ipRouteOutput(saddr, daddr [4]byte) (broadcast bool, err Errno) {
	switch {
	case daddr == [4]byte{}:
		return false, 0
	case daddr == rtLoBroadcast:
		return true, 0
	case isLoopback(daddr):
		return false, 0
	case daddr == rtLimitedBroadcast && saddr != [4]byte{} && isLoopback(saddr):
		return true, 0
	}
	return false, ENETUNREACH
}
