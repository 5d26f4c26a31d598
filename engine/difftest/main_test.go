package difftest

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	HelperMain() // zygote and worker processes stop here
	os.Exit(m.Run())
}
