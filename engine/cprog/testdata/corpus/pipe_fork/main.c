#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
    int p[2];
    if (pipe(p) < 0) { perror("pipe"); return 1; }
    if (fork() == 0) {
        close(p[0]);
        const char *m = "through the pipe";
        write(p[1], m, strlen(m));
        return 0;
    }
    close(p[1]);
    char buf[64];
    int n, got = 0;
    while ((n = read(p[0], buf + got, sizeof buf - got)) > 0) got += n;
    wait(NULL);
    printf("parent read %d: %.*s\n", got, got, buf);
    return 0;
}
