#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <sys/socket.h>

int main(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct timeval tv = {0, 200000};
    if (setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) perror("setsockopt");
    char b[4];
    int n = recv(sv[0], b, sizeof b, 0);
    printf("recv after the time-out: %d (%s)\n", n, errno == EAGAIN ? "EAGAIN" : strerror(errno));
    return 0;
}
