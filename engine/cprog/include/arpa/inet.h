#ifndef _ARPA_INET_H
#define _ARPA_INET_H
#include <netinet/in.h>
int inet_pton(int af, const char *src, void *dst);
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);
in_addr_t inet_addr(const char *cp);
int inet_aton(const char *cp, struct in_addr *inp);
char *__socklab_inet_ntoa(in_addr_t a);
#define inet_ntoa(in) __socklab_inet_ntoa((in).s_addr)
#endif
