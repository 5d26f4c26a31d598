#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

struct node { int v; struct node *next; };

int main(void) {
    struct node *head = NULL;
    for (int i = 0; i < 5; i++) {
        struct node *n = malloc(sizeof *n);
        n->v = i * i;
        n->next = head;
        head = n;
    }
    int total = 0;
    while (head) {
        struct node *n = head;
        total += n->v;
        head = n->next;
        free(n);
    }
    printf("list total %d\n", total);
    char line[] = "  GET /index.html HTTP/1.0  ";
    char *tok = strtok(line, " ");
    while (tok) {
        printf("[%s]", tok);
        tok = strtok(NULL, " ");
    }
    printf("\n");
    printf("%ld %ld %lu %d\n", strtol("0x1f", NULL, 16), strtol("-42abc", NULL, 10), strtoul("0777", NULL, 8), atoi(" 12 "));
    char *d = strdup("Mixed Case");
    for (char *p = d; *p; p++) *p = toupper((unsigned char)*p);
    printf("%s %s %s\n", d, strchr(d, 'C'), strrchr(d, 'X') ? "x" : "no x");
    free(d);
    char buf[8];
    int n = snprintf(buf, sizeof buf, "%d-%d-%d", 111, 222, 333);
    printf("snprintf wanted %d, kept \"%s\"\n", n, buf);
    printf("[%5s][%-5s][%05d][%+d][%x][%#o][%c]\n", "ab", "ab", 42, 7, 0xbeef, 8, 'z');
    int *arr = calloc(4, sizeof(int));
    arr = realloc(arr, 8 * sizeof(int));
    arr[7] = 99;
    printf("calloc/realloc: %d %d\n", arr[0], arr[7]);
    free(arr);
    return 0;
}
