#include <stdio.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {AF_UNIX, "epoll.sock"};
    unlink("epoll.sock");
    bind(lfd, (struct sockaddr *)&a, sizeof a);
    listen(lfd, 8);
    int ep = epoll_create1(0);
    struct epoll_event ev = {0};
    ev.events = EPOLLIN;
    ev.data.fd = lfd;
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    int closed = 0;
    while (closed < 2) {
        struct epoll_event evs[8];
        int n = epoll_wait(ep, evs, 8, -1);
        if (n < 0) { perror("epoll_wait"); return 1; }
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == lfd) {
                int c = accept(lfd, NULL, NULL);
                ev.events = EPOLLIN;
                ev.data.fd = c;
                epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
                continue;
            }
            char buf[64];
            int m = read(fd, buf, sizeof buf);
            if (m <= 0) {
                epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
                close(fd);
                closed++;
                continue;
            }
            printf("epoll: %.*s\n", m, buf);
            write(fd, buf, m);
        }
    }
    printf("sizeof(struct epoll_event) = %zu\n", sizeof(struct epoll_event));
    unlink("epoll.sock");
    return 0;
}
