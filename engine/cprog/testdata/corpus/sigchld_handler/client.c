#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    for (int i = 0; i < 3; i++) {
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un a = {AF_UNIX, "chld.sock"};
        if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { perror("connect"); return 1; }
        char b[8];
        write(fd, "ping", 4);
        int n = read(fd, b, sizeof b);
        printf("%d: %.*s\n", i, n, b);
        close(fd);
    }
    return 0;
}
