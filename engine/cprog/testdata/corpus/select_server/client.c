#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    struct sockaddr_un a = {AF_UNIX, "select.sock"};
    int s1 = socket(AF_UNIX, SOCK_STREAM, 0), s2 = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(s1, (struct sockaddr *)&a, sizeof a) < 0 || connect(s2, (struct sockaddr *)&a, sizeof a) < 0) {
        perror("connect");
        return 1;
    }
    char buf[64];
    write(s1, "first", 5);
    int n = read(s1, buf, sizeof buf);
    printf("s1 got %.*s\n", n, buf);
    write(s2, "second", 6);
    n = read(s2, buf, sizeof buf);
    printf("s2 got %.*s\n", n, buf);
    close(s1);
    close(s2);
    return 0;
}
