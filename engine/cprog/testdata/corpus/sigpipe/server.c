#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {AF_UNIX, "pipe.sock"};
    unlink("pipe.sock");
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 1);
    int c = accept(fd, NULL, NULL);
    char b[8];
    while (read(c, b, sizeof b) > 0)   /* until the client has closed */
        ;
    printf("writing to a closed peer...\n");
    fflush(stdout);
    for (int i = 0; i < 3; i++) {
        int n = write(c, "data", 4);
        printf("write returned %d\n", n);
        fflush(stdout);
    }
    printf("never printed\n");
    return 0;
}
