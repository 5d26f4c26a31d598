package difftest

// The pipe/poll/select/epoll suites (issue 10b): testdata/poll/*.tl (pipes
// and AF_UNIX) and testdata/pollinet/*.tl (TCP/UDP, with the AF_INET settle
// delay), together at least 50 timelines.
func init() {
	minTimelines["poll"] = 35
	minTimelines["pollinet"] = 15
	settleDelay["pollinet"] = settleDelay["inet"]
}
