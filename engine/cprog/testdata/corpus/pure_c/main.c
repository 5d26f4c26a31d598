#include <stdio.h>
#include <string.h>

struct point { int x, y; };
union num { int i; unsigned char b[4]; };
enum color { RED, GREEN = 5, BLUE };
typedef int (*binop)(int, int);

static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int counter(void) { static int n; return ++n; }

int table[] = {3, 1, 4, 1, 5, 9, 2, 6};
const char *names[] = {"zero", "one", "two"};
struct point origin = {1, 2};

int main(void) {
    struct point ps[3] = {{1, 2}, {3, 4}, {.y = 6, .x = 5}};
    struct point *pp = &ps[1];
    binop ops[2] = {add, mul};
    union num u;
    u.i = 0x01020304;
    printf("point %d,%d sum %d\n", pp->x, (pp + 1)->y, ps[0].x + ps[2].x);
    printf("ops %d %d, fib %d\n", ops[0](6, 7), ops[1](6, 7), fib(15));
    printf("union bytes %d %d %d %d\n", u.b[0], u.b[1], u.b[2], u.b[3]);
    printf("enum %d %d %d, sizeof %zu %zu %zu\n", RED, GREEN, BLUE, sizeof(struct point), sizeof(union num), sizeof table);
    int i = 0, sum = 0;
again:
    sum += table[i++];
    if (i < (int)(sizeof table / sizeof table[0])) goto again;
    printf("sum %d\n", sum);
    for (int k = 0; k < 5; k++) {
        switch (k) {
        case 0: printf("zero "); break;
        case 1:
        case 2: printf("small "); /* fall through */
        case 3: printf("three-ish "); break;
        default: printf("big");
        }
    }
    printf("\n");
    counter(); counter();
    printf("counter %d, names %s %s, origin %d\n", counter(), names[2], names[0], origin.y);
    unsigned char c = 250; c += 10;
    signed char sc = 127; sc++;
    unsigned u32 = 0; u32--;
    long big = 1L << 40;
    printf("wrap %d %d %u %ld %d\n", c, sc, u32, big, -7 / 2 + -7 % 2);
    double d = 1.0 / 3;
    printf("%.3f %e %g %g\n", d, 12345.678, 0.0001, 1e20);
    char s[20] = "abc";
    strcat(s, "def");
    printf("%s %zu %d\n", s, strlen(s), strcmp("abc", "abd") < 0);
    int x = 5, *px = &x;
    *px += 2;
    printf("x=%d %s\n", x, x > 6 && x < 8 ? "ok" : "bad");
    return 0;
}
