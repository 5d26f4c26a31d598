#ifndef _UNISTD_H
#define _UNISTD_H
#include <_socklab_types.h>
#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
pid_t fork(void);
pid_t getpid(void);
pid_t getppid(void);
unsigned int sleep(unsigned int s);
int usleep(unsigned int us);
void _exit(int status);
int unlink(const char *path);
int dup(int fd);
int dup2(int fd, int fd2);
int pipe(int fds[2]);
int isatty(int fd);
#endif
