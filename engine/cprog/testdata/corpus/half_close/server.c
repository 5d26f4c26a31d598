#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(15703)};
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    listen(fd, 1);
    int c = accept(fd, 0, 0);
    long total = 0;
    char buf[512];
    int n;
    while ((n = read(c, buf, sizeof buf)) > 0) total += n;
    printf("EOF after %ld bytes\n", total);
    char reply[64];
    int m = sprintf(reply, "you sent %ld bytes", total);
    write(c, reply, m);
    close(c);
    close(fd);
    return 0;
}
