#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

/* The parent makes a socketpair "data", then passes one end to the child
   over a second socketpair "ctl" with SCM_RIGHTS. */
int main(void) {
    int ctl[2], data[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, ctl);
    socketpair(AF_UNIX, SOCK_STREAM, 0, data);
    if (fork() == 0) {
        close(ctl[0]);
        char c;
        struct iovec iov = {&c, 1};
        union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
        struct msghdr m = {0};
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        m.msg_control = u.buf;
        m.msg_controllen = sizeof u.buf;
        int n = recvmsg(ctl[1], &m, 0);
        struct cmsghdr *h = CMSG_FIRSTHDR(&m);
        int fd = -1;
        if (h && h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
            memcpy(&fd, CMSG_DATA(h), sizeof fd);
        printf("child: recvmsg %d byte '%c', got an fd: %s\n", n, c, fd >= 0 ? "yes" : "no");
        write(fd, "via passed fd", 13);
        return 0;
    }
    close(ctl[1]);
    struct iovec iov = {"F", 1};
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    memset(&u, 0, sizeof u);
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = u.buf;
    m.msg_controllen = sizeof u.buf;
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(h), &data[1], sizeof(int));
    sendmsg(ctl[0], &m, 0);
    close(data[1]);
    char buf[32];
    int n = read(data[0], buf, sizeof buf);
    wait(NULL);
    printf("parent: read %d bytes: %.*s\n", n, n, buf);
    return 0;
}
