#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(15703);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr.s_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { perror("connect"); return 1; }
    char data[3000];
    memset(data, 'x', sizeof data);
    int left = sizeof data, off = 0;
    while (left > 0) { int n = write(fd, data + off, left); off += n; left -= n; }
    shutdown(fd, SHUT_WR);
    char buf[100];
    int n = read(fd, buf, sizeof buf - 1);
    buf[n] = 0;
    printf("server says: %s\n", buf);
    n = read(fd, buf, sizeof buf);
    printf("then read returns %d\n", n);
    close(fd);
    return 0;
}
