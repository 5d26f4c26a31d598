#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
#include <_socklab_types.h>
#endif
