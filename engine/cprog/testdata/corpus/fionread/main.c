#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    write(sv[0], "12345", 5);
    write(sv[0], "678", 3);
    int avail = -1;
    if (ioctl(sv[1], FIONREAD, &avail) < 0) perror("ioctl");
    printf("FIONREAD says %d bytes\n", avail);
    int type = 0;
    socklen_t len = sizeof type;
    getsockopt(sv[1], SOL_SOCKET, SO_TYPE, &type, &len);
    printf("SO_TYPE %d (len %u)\n", type, len);
    return 0;
}
