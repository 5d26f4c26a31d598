#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>

int main(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    struct sockaddr_in a = {AF_INET, htons(15704), {htonl(INADDR_LOOPBACK)}};
    int r = connect(fd, (struct sockaddr *)&a, sizeof a);
    printf("connect: %d (%s)\n", r, r < 0 && errno == EINPROGRESS ? "EINPROGRESS" : r == 0 ? "at once" : strerror(errno));
    struct pollfd p = {fd, POLLOUT, 0};
    int n = poll(&p, 1, 1000);
    int err = -1;
    socklen_t len = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    printf("poll %d, writable %d, SO_ERROR %d\n", n, (p.revents & POLLOUT) != 0, err);
    write(fd, "hi", 2);
    close(fd);
    return 0;
}
