#include <stdio.h>
#include <string.h>

/* Reads its standard input (main.stdin) line by line. */
int main(void) {
    char line[64];
    int n = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        printf("%d: [%s] %zu\n", ++n, line, strlen(line));
    }
    int c = getchar();
    printf("then getchar() = %d, lines %d\n", c, n);
    return n;
}
