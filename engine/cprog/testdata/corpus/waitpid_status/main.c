#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
    pid_t kids[3];
    for (int i = 0; i < 3; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            if (i == 2) {
                int *p = NULL;
                return *p;      /* SIGSEGV */
            }
            exit(10 + i);
        }
    }
    for (int i = 0; i < 3; i++) {
        int st;
        pid_t r = waitpid(kids[i], &st, 0);
        if (WIFEXITED(st))
            printf("child %d: exited with %d (%s)\n", i, WEXITSTATUS(st), r == kids[i] ? "right pid" : "wrong pid");
        else if (WIFSIGNALED(st))
            printf("child %d: killed by signal %d\n", i, WTERMSIG(st));
    }
    printf("no more children: %d\n", wait(NULL));
    return 0;
}
