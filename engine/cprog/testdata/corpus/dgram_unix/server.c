#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a = {0};
    a.sun_family = AF_UNIX;
    strcpy(a.sun_path, "dg-server.sock");
    unlink(a.sun_path);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    for (int i = 0; i < 2; i++) {
        char buf[64];
        struct sockaddr_un from;
        socklen_t fl = sizeof from;
        int n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
        printf("got %.*s from %s (addrlen %u)\n", n, buf, from.sun_path, fl);
        sendto(fd, "ack", 3, 0, (struct sockaddr *)&from, fl);
    }
    unlink(a.sun_path);
    return 0;
}
