#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
    struct sockaddr_un addr;
    char buf[128];
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, "echo.sock");
    unlink("echo.sock");
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
    listen(fd, 5);
    int c = accept(fd, NULL, NULL);
    ssize_t n;
    while ((n = read(c, buf, sizeof buf)) > 0) {
        printf("server got %zd bytes: %.*s\n", n, (int)n, buf);
        write(c, buf, n);
    }
    printf("client closed (read returned %zd)\n", n);
    close(c);
    close(fd);
    unlink("echo.sock");
    return 0;
}
