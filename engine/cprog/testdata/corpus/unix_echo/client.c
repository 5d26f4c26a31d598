#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    struct sockaddr_un addr = {0};
    const char *msgs[] = {"hello", "world", "bye"};
    char buf[128];
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    addr.sun_family = AF_UNIX;
    strncpy(addr.sun_path, "echo.sock", sizeof addr.sun_path - 1);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("connect"); return 1; }
    for (int i = 0; i < 3; i++) {
        write(fd, msgs[i], strlen(msgs[i]));
        int n = read(fd, buf, sizeof buf - 1);
        buf[n] = 0;
        printf("echo %d: %s\n", i, buf);
    }
    close(fd);
    return 0;
}
