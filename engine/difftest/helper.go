package difftest

import "os"

// envRole selects what a re-executed test binary does: "zygote" or "worker".
const envRole = "SOCKLAB_DIFFTEST_ROLE"

// envIsolated is "1" when the zygote runs in its own mount and network
// namespace and must set them up.
const envIsolated = "SOCKLAB_DIFFTEST_ISOLATED"

// HelperMain must be the first statement of TestMain in every test binary
// that uses HostBackend: the backend re-executes the test binary as its
// zygote and worker processes, and HelperMain runs those roles (and exits)
// instead of the tests. In a normal test run it returns at once.
func HelperMain() {
	switch os.Getenv(envRole) {
	case "zygote":
		zygoteMain()
		os.Exit(0)
	case "worker":
		workerMain()
		os.Exit(0)
	}
}
