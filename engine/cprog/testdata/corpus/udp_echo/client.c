#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(void) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(15702);
    a.sin_addr.s_addr = htonl(0x7f000001);
    const char *m[] = {"ping", "pong!"};
    for (int i = 0; i < 2; i++) {
        char buf[100];
        sendto(fd, m[i], strlen(m[i]), 0, (struct sockaddr *)&a, sizeof a);
        int n = recv(fd, buf, sizeof buf, 0);
        printf("%d bytes back: %.*s\n", n, n, buf);
    }
    close(fd);
    return 0;
}
