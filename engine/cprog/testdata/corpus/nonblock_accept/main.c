#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {AF_UNIX, "nb.sock"};
    unlink("nb.sock");
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 2);
    int fl = fcntl(fd, F_GETFL, 0);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    int c = accept(fd, NULL, NULL);
    printf("accept: %d, %s\n", c, errno == EAGAIN ? "EAGAIN" : "other");
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    printf("connect: %d\n", connect(s, (struct sockaddr *)&a, sizeof a));
    c = accept(fd, NULL, NULL);
    printf("accept now: %s\n", c >= 0 ? "a new fd" : "failed");
    char b[4];
    int n = recv(s, b, sizeof b, 0);
    printf("recv on empty: %d %s\n", n, strerror(errno));
    n = recv(s, b, sizeof b, MSG_DONTWAIT);
    printf("again with MSG_DONTWAIT: %d\n", n);
    unlink("nb.sock");
    return 0;
}
