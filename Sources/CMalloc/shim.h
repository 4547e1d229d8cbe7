#ifndef QT_CMALLOC_SHIM_H
#define QT_CMALLOC_SHIM_H
#include <malloc.h>
#endif
