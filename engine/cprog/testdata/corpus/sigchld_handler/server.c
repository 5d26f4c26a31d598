#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static int reaped;

static void on_child(int sig) {
    int st;
    while (waitpid(-1, &st, WNOHANG) > 0)
        reaped++;
}

int main(void) {
    signal(SIGCHLD, on_child);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {AF_UNIX, "chld.sock"};
    unlink("chld.sock");
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 4);
    for (int i = 0; i < 3; i++) {
        int c = accept(fd, NULL, NULL);
        if (c < 0) { perror("accept"); continue; }
        if (fork() == 0) {
            close(fd);
            char b[32];
            int n = read(c, b, sizeof b);
            write(c, b, n);
            exit(0);
        }
        close(c);
    }
    while (reaped < 3)
        sleep(1);
    printf("all 3 children reaped by the SIGCHLD handler\n");
    unlink("chld.sock");
    return 0;
}
