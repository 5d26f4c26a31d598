package difftest

// The AF_INET suite (issue 4): testdata/inet/*.tl run like the AF_UNIX ones
// — each timeline's host run gets its own network namespace with lo up, so
// fixed ports and TIME_WAIT sockets never collide between timelines — and
// the suite must keep at least 60 timelines.
func init() { minTimelines["inet"] = 60 }
