package cprog

import "testing"

func TestVariadic(t *testing.T) {
	_, out, exit := runSources(t, Options{}, [2]string{"v.c", `#include <stdio.h>
#include <stdarg.h>
static void say(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	printf("[log] ");
	vprintf(fmt, ap);
	va_end(ap);
}
static int sum(int n, ...) {
	va_list ap;
	int s = 0;
	va_start(ap, n);
	for (int i = 0; i < n; i++) s += va_arg(ap, int);
	va_end(ap);
	return s;
}
int main(void) {
	say("%s=%d %c\n", "x", 42, 'y');
	return sum(4, 1, 2, 3, 4);
}`})
	if out["v"] != "[log] x=42 y\n" || exit["v"] != "10" {
		t.Fatalf("got %q exit %q", out["v"], exit["v"])
	}
}

func TestStructByValue(t *testing.T) {
	_, out, exit := runSources(t, Options{}, [2]string{"s.c", `#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
struct pair { int a, b; char tag[8]; };
static struct pair make(int a, int b) { struct pair p; p.a = a; p.b = b; strcpy(p.tag, "made"); return p; }
static int sum(struct pair p) { p.a += 100; return p.a + p.b; }
static struct sockaddr_un addr(const char *path) {
	struct sockaddr_un u = {0};
	u.sun_family = AF_UNIX;
	strncpy(u.sun_path, path, sizeof u.sun_path - 1);
	return u;
}
int main(void) {
	struct pair p = make(3, 4), q;
	q = make(10, 20);
	struct sockaddr_un u = addr("/tmp/x.sock");
	printf("%d %d %s %d %d %s %d %d\n", p.a, p.b, p.tag, sum(q), q.a, u.sun_path, u.sun_family, make(1, 2).b);
	return 0;
}`})
	if out["s"] != "3 4 made 130 10 /tmp/x.sock 1 2\n" || exit["s"] != "0" {
		t.Fatalf("got %q exit %q", out["s"], exit["s"])
	}
}
