#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    const char *words[] = {"alpha", "beta", "gamma"};
    for (int i = 0; i < 3; i++) {
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        struct sockaddr_un a = {0};
        a.sun_family = AF_UNIX;
        strcpy(a.sun_path, "fork.sock");
        if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { perror("connect"); return 1; }
        write(fd, words[i], strlen(words[i]));
        char buf[128];
        int n, got = 0;
        while ((n = read(fd, buf + got, sizeof buf - 1 - got)) > 0) got += n;
        buf[got] = 0;
        printf("%s\n", buf);
        close(fd);
    }
    return 0;
}
