#ifndef _STDDEF_H
#define _STDDEF_H
#include <_socklab_types.h>
typedef int wchar_t;
#define offsetof(type, member) ((size_t)&(((type*)0)->member))
#endif
