#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H
#include <_socklab_types.h>
#define FD_SETSIZE 1024
typedef struct { long fds_bits[FD_SETSIZE / 64]; } fd_set;
#define FD_ZERO(s) __builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(fd, s) ((void)((s)->fds_bits[(fd) / 64] |= (long)(1UL << ((fd) % 64))))
#define FD_CLR(fd, s) ((void)((s)->fds_bits[(fd) / 64] &= ~(long)(1UL << ((fd) % 64))))
#define FD_ISSET(fd, s) (((s)->fds_bits[(fd) / 64] & (long)(1UL << ((fd) % 64))) != 0)
int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout);
#endif
