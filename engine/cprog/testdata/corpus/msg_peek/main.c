#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[0], "abcdef", 6);
    char b[16];
    int n = recv(sv[1], b, 3, MSG_PEEK);
    printf("peek %d: %.*s\n", n, n, b);
    n = recv(sv[1], b, sizeof b, 0);
    printf("read %d: %.*s\n", n, n, b);
    write(sv[0], "0123456789", 10);
    shutdown(sv[0], SHUT_WR);
    n = recv(sv[1], b, sizeof b, MSG_WAITALL);
    printf("waitall %d: %.*s\n", n, n, b);
    n = recv(sv[1], b, sizeof b, 0);
    printf("eof %d\n", n);
    int dg[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, dg);
    send(dg[0], "a long datagram", 15, 0);
    n = recv(dg[1], b, 4, 0);
    printf("truncated datagram: %d %.*s\n", n, n, b);
    return 0;
}
