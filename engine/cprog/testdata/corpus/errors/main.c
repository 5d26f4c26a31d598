#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

static void report(const char *what, int r) {
    if (r < 0)
        printf("%s: -1 errno=%d (%s)\n", what, errno, strerror(errno));
    else
        printf("%s: %d\n", what, r);
}

int main(void) {
    struct sockaddr_un a = {0};
    a.sun_family = AF_UNIX;
    strcpy(a.sun_path, "nobody-listens.sock");
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    report("connect to a missing path", connect(fd, (struct sockaddr *)&a, sizeof a));
    report("listen on an unbound socket", listen(fd, 1) == 0 ? 0 : -1);
    report("read from an unconnected socket", read(fd, a.sun_path, 10));
    report("close a bad fd", close(99));
    report("send on an unconnected socket", send(fd, "x", 1, 0));
    strcpy(a.sun_path, "errs.sock");
    unlink(a.sun_path);
    report("bind", bind(fd, (struct sockaddr *)&a, sizeof a));
    int fd2 = socket(AF_UNIX, SOCK_STREAM, 0);
    report("bind again", bind(fd2, (struct sockaddr *)&a, sizeof a));
    report("socket with a bad family", socket(12345, SOCK_STREAM, 0));
    report("accept on a non-listening socket", accept(fd2, NULL, NULL));
    report("shutdown a non-socket", shutdown(1, SHUT_RD));
    errno = 0;
    perror("perror with errno 0 goes to stderr");
    unlink("errs.sock");
    return 2;
}
