#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
    printf("printed once before fork, but buffered\n");
    pid_t pid = fork();
    if (pid == 0) {
        printf("child here\n");
        return 0;
    }
    wait(NULL);
    printf("parent here\n");
    fflush(stdout);
    write(1, "unbuffered write\n", 17);
    return 0;
}
