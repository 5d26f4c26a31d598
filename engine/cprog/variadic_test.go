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
