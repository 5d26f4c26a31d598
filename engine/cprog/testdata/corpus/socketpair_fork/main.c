#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

int main(void) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) { perror("socketpair"); return 1; }
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        char buf[64];
        int n = read(sv[1], buf, sizeof buf);
        for (int i = 0; i < n; i++) buf[i] = buf[n - 1 - i] == 0 ? '?' : buf[i];
        write(sv[1], "child read it", 13);
        printf("child: %d bytes\n", n);
        return 7;
    }
    close(sv[1]);
    write(sv[0], "from parent", 11);
    char buf[64];
    int n = read(sv[0], buf, sizeof buf - 1);
    buf[n] = 0;
    int status;
    waitpid(pid, &status, 0);
    printf("parent: got \"%s\"; child exited %d (exited=%d)\n", buf, WEXITSTATUS(status), WIFEXITED(status));
    return 0;
}
