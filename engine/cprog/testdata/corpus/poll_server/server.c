#include <stdio.h>
#include <unistd.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {AF_UNIX, "poll.sock"};
    unlink("poll.sock");
    bind(lfd, (struct sockaddr *)&a, sizeof a);
    listen(lfd, 8);
    struct pollfd fds[8];
    int nfds = 1, closed = 0;
    fds[0].fd = lfd;
    fds[0].events = POLLIN;
    while (closed < 2) {
        int n = poll(fds, nfds, -1);
        if (n < 0) { perror("poll"); return 1; }
        for (int i = nfds - 1; i >= 0; i--) {
            if (!(fds[i].revents & (POLLIN | POLLHUP))) continue;
            if (fds[i].fd == lfd) {
                fds[nfds].fd = accept(lfd, NULL, NULL);
                fds[nfds].events = POLLIN;
                fds[nfds].revents = 0;
                nfds++;
                continue;
            }
            char buf[64];
            int m = read(fds[i].fd, buf, sizeof buf);
            if (m <= 0) {
                close(fds[i].fd);
                fds[i] = fds[--nfds];
                closed++;
                continue;
            }
            printf("poll: %.*s\n", m, buf);
            write(fds[i].fd, buf, m);
        }
    }
    printf("both clients gone\n");
    unlink("poll.sock");
    return 0;
}
