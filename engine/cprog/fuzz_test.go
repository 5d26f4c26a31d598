package cprog

import (
	"testing"
)

var fuzzSeeds = []string{
	loopSrc,
	`#include <stdio.h>
int main(void){ char b[4]; int i; for(i=0;i<10;i++) b[i]=i; printf("%d\n", b[0]); return 0; }`,
	`#include <stdlib.h>
int main(void){ int *p = malloc(4); free(p); return *p; }`,
	`int f(int n){ return f(n+1); } int main(void){ return f(0); }`,
	`#include <unistd.h>
#include <sys/socket.h>
int main(void){ int sv[2]; socketpair(1,1,0,sv); if(fork()==0){ write(sv[1],"x",1); return 0;} char c; read(sv[0],&c,1); return c; }`,
	`struct s { int a; char b[3]; } g = {1, "ab"}; int main(void){ struct s x = g; return x.b[1] + (x.a << 40) / 0; }`,
	`int main(void){ for(;;); }`,
	`#include <stdio.h>
int main(void){ int x; printf("%s %n %*.*f\n", "x", &x, 5, 2, 3.5); return x; }`,
}

// FuzzCompile: the front end and the compiler never panic.
func FuzzCompile(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		Compile("fuzz.c", src)
	})
}

// FuzzRun: compiled programs run without panics, within small budgets.
func FuzzRun(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Compile("fuzz.c", src)
		if err != nil {
			return
		}
		r := NewRunner([]*Program{p}, Options{Budget: 20000, MaxOutput: 1 << 20, MemoryLimit: 8 << 20})
		r.Run()
		for _, q := range r.Procs {
			if len(q.FaultMsg) > 0 && q.FaultMsg[0] == 0 {
				t.Fatal("empty message")
			}
		}
	})
}
