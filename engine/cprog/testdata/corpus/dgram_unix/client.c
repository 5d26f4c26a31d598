#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un me = {0}, srv = {0};
    me.sun_family = srv.sun_family = AF_UNIX;
    strcpy(me.sun_path, "dg-client.sock");
    strcpy(srv.sun_path, "dg-server.sock");
    unlink(me.sun_path);
    bind(fd, (struct sockaddr *)&me, sizeof me);
    const char *msgs[] = {"one", "two"};
    for (int i = 0; i < 2; i++) {
        char buf[16];
        sendto(fd, msgs[i], strlen(msgs[i]), 0, (struct sockaddr *)&srv, sizeof srv);
        int n = recv(fd, buf, sizeof buf, 0);
        printf("reply %d: %.*s\n", i, n, buf);
    }
    unlink(me.sun_path);
    return 0;
}
