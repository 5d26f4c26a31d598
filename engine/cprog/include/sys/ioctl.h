#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H
#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define SIOCATMARK 0x8905
#define SIOCINQ FIONREAD
#define SIOCOUTQ 0x5411
int ioctl(int fd, unsigned long req, ...);
#endif
