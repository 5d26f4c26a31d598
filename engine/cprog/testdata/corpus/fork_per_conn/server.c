#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static void serve(int c, int id) {
    char buf[64];
    int n = read(c, buf, sizeof buf);
    char out[100];
    int m = snprintf(out, sizeof out, "worker %d echoes %.*s", id, n, buf);
    write(c, out, m);
    close(c);
}

int main(void) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {AF_UNIX, "fork.sock"};
    unlink(a.sun_path);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 4);
    for (int i = 1; i <= 3; i++) {
        int c = accept(fd, NULL, NULL);
        if (c < 0) { perror("accept"); exit(1); }
        if (fork() == 0) {
            close(fd);
            serve(c, i);
            exit(0);
        }
        close(c);
    }
    int st, reaped = 0;
    while (wait(&st) > 0) reaped++;
    printf("reaped %d workers\n", reaped);
    unlink("fork.sock");
    return 0;
}
