#ifndef _NETDB_H
#define _NETDB_H
#include <netinet/in.h>
#endif
