#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>

int main(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {AF_INET, htons(15704), {htonl(INADDR_LOOPBACK)}};
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 1);
    int c = accept(fd, NULL, NULL);
    char b[16];
    int n = read(c, b, sizeof b);
    printf("server read %d\n", n);
    close(c);
    return 0;
}
