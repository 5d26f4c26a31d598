package engine

import "testing"

// TestStreamOOB replays what the host kernel (CONFIG_AF_UNIX_OOB) returned
// for MSG_OOB on a stream socketpair (fds 3 -> 4).
func TestStreamOOB(t *testing.T) {
	sp := step{c: kC("socketpair", kI(afU), kI(stm), kI(0), kSV("sv"))}
	send := func(s string, fl int64) step {
		return step{c: kC("send", kI(3), kS(s), kI(fl)), ret: int64(len(s))}
	}
	recv := func(fl int64, ret int64, data string) step {
		return step{c: kC("recv", kI(4), kI(10), kI(fl|msgDontwait)), ret: ret, data: data}
	}
	eagain := step{c: kC("recv", kI(4), kI(10), kI(msgDontwait)), err: EAGAIN}
	noOOB := step{c: kC("recv", kI(4), kI(10), kI(msgOOB|msgDontwait)), err: EINVAL}
	cases := map[string][]step{
		"read past the mark drops the byte": {sp, send("xy", msgOOB), recv(0, 1, "x"), eagain, noOOB},
		"MSG_OOB reads it, once": {sp, send("xy", msgOOB), recv(msgOOB|msgPeek, 1, "y"), recv(msgOOB, 1, "y"), noOOB,
			recv(0, 1, "x"), eagain, send("w", 0), recv(0, 1, "w")},
		"empty OOB send; reading over a lone mark": {sp,
			{c: kC("send", kI(3), kS(""), kI(msgOOB)), err: EOPNOTSUPP}, noOOB,
			send("x", msgOOB), send("z", 0), recv(msgPeek, 1, "z"), recv(0, 1, "z"), eagain},
		"a new mark demotes the old one": {sp, send("xy", msgOOB), send("z", msgOOB), recv(msgOOB, 1, "z"),
			recv(0, 2, "xy"), eagain},
		"reads stop at the mark": {sp, send("ab", 0), send("cd", msgOOB), send("ef", 0),
			{c: kC("recv", kI(4), kI(1), kI(0)), ret: 1, data: "a"},
			recv(0, 2, "bc"), recv(msgOOB, 1, "d"), recv(0, 2, "ef"), eagain,
			{c: kC("close", kI(4))},
			{c: kC("send", kI(3), kS("q"), kI(msgOOB|msgNosignal)), err: EPIPE}},
		"the empty skb of a read mark ends a read": {sp, send("ab", msgOOB), recv(msgOOB, 1, "b"), send("cd", 0),
			recv(0, 1, "a"), recv(0, 2, "cd"), noOOB},
	}
	for name, steps := range cases {
		t.Run(name, func(t *testing.T) { runSteps(t, 1, steps) })
	}
}
