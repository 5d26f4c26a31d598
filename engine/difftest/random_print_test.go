package difftest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestRandomPrint prints the timeline of SOCKLAB_RANDOM_SEED (a debugging aid).
func TestRandomPrint(t *testing.T) {
	s := os.Getenv("SOCKLAB_RANDOM_SEED")
	if s == "" {
		t.Skip("set SOCKLAB_RANDOM_SEED")
	}
	var seed int64
	fmt.Sscan(s, &seed)
	o := DefaultGenOptions()
	o.V2 = os.Getenv("SOCKLAB_RANDOM_V2") != ""
	fmt.Print(GenerateTimeline(seed, o))
}

// TestRandomProbe runs the timeline file SOCKLAB_PROBE on the host and in
// the engine and prints both (a debugging aid for investigating causes).
func TestRandomProbe(t *testing.T) {
	f := os.Getenv("SOCKLAB_PROBE")
	if f == "" {
		t.Skip("set SOCKLAB_PROBE")
	}
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	host, err := HostRun(string(src))
	if err != nil {
		t.Fatal(err)
	}
	eng, note := EngineRun(string(src))
	fmt.Printf("engine note: %q\n%s", note, Diff(string(src), "host", host, "engine", eng))
	if d := Diff(string(src), "host", host, "engine", eng); d == "" {
		fmt.Println(strings.Join(Lines(host), "\n"))
	}
}

// TestRandomMinimizeProbe minimizes the timeline file SOCKLAB_MINIMIZE
// against the host (a debugging aid) and prints the result.
func TestRandomMinimizeProbe(t *testing.T) {
	f := os.Getenv("SOCKLAB_MINIMIZE")
	if f == "" {
		t.Skip("set SOCKLAB_MINIMIZE")
	}
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	sig, _, _, err := CompareOnce(string(src))
	if err != nil || sig == "" {
		t.Fatalf("no difference to minimize (%v)", err)
	}
	fmt.Printf("difference: %s\n%s", sig, MinimizeDifference(string(src), sig, 200))
}
