#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>

int main(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    int n = send(sv[0], "x", 1, MSG_NOSIGNAL);
    printf("send with MSG_NOSIGNAL: %d %s\n", n, strerror(errno));
    signal(SIGPIPE, SIG_IGN);
    n = write(sv[0], "x", 1);
    printf("write with SIGPIPE ignored: %d %s\n", n, errno == EPIPE ? "EPIPE" : "?");
    return 0;
}
