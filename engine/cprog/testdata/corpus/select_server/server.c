#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {AF_UNIX, "select.sock"};
    unlink("select.sock");
    bind(lfd, (struct sockaddr *)&a, sizeof a);
    listen(lfd, 8);
    int clients[8], nc = 0, served = 0, maxfd = lfd;
    fd_set all;
    FD_ZERO(&all);
    FD_SET(lfd, &all);
    while (served < 2) {
        fd_set r = all;
        int n = select(maxfd + 1, &r, NULL, NULL, NULL);
        if (n < 0) { perror("select"); return 1; }
        if (FD_ISSET(lfd, &r)) {
            int c = accept(lfd, NULL, NULL);
            clients[nc++] = c;
            FD_SET(c, &all);
            if (c > maxfd) maxfd = c;
        }
        for (int i = 0; i < nc; i++) {
            int c = clients[i];
            if (c < 0 || !FD_ISSET(c, &r)) continue;
            char buf[64];
            int m = read(c, buf, sizeof buf);
            if (m <= 0) {
                FD_CLR(c, &all);
                close(c);
                clients[i] = -1;
                served++;
                continue;
            }
            printf("select: %.*s\n", m, buf);
            write(c, buf, m);
        }
    }
    printf("served %d clients\n", served);
    unlink("select.sock");
    return 0;
}
