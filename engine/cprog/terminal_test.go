package cprog

import "testing"

// A program's terminal shows stderr (perror) interleaved with stdout, as written; Stdout stays
// stdout only (the corpus compares it with gcc's).
func TestTerminalShowsStderr(t *testing.T) {
	src := `#include <stdio.h>
#include <unistd.h>
int main(void) {
    printf("one\n");
    fflush(stdout);
    close(42);
    perror("close");
    printf("two\n");
    return 0;
}
`
	p, err := Compile("main.c", src)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession([]*Program{p}, Options{})
	s.Goto(s.Len())
	if got, want := string(s.Terminal("main")), "one\nclose: Bad file descriptor\ntwo\n"; got != want {
		t.Errorf("terminal %q, want %q", got, want)
	}
	if got, want := string(s.Stdout("main")), "one\ntwo\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
}
