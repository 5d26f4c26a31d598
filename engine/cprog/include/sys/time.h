#ifndef _SYS_TIME_H
#define _SYS_TIME_H
#include <_socklab_types.h>
#include <sys/select.h>
struct timezone { int tz_minuteswest; int tz_dsttime; };
int gettimeofday(struct timeval *tv, void *tz);
#endif
