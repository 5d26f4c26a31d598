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
    a.sin_addr.s_addr = inet_addr("127.0.0.1");
    bind(fd, (struct sockaddr *)&a, sizeof a);
    for (int i = 0; i < 2; i++) {
        char buf[100];
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        int n = recvfrom(fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &fl);
        buf[n] = 0;
        printf("datagram %d: %s from %s\n", i, buf, inet_ntoa(from.sin_addr));
        sendto(fd, buf, n, 0, (struct sockaddr *)&from, fl);
    }
    close(fd);
    return 0;
}
