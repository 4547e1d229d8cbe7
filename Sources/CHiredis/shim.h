#ifndef QT_CHIREDIS_SHIM_H
#define QT_CHIREDIS_SHIM_H
/* hiredis 0.14 (Debian bookworm's libhiredis-dev). Only the synchronous API is used: every
   connection runs its blocking calls on its own thread (see ConnectionPooling/ThreadExecutor). */
#include <hiredis/hiredis.h>
#include <sys/time.h>

static inline struct timeval qt_timeval_ms(long ms) {
    struct timeval tv;
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return tv;
}

#endif
