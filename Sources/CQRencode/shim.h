#ifndef QT_CQRENCODE_SHIM_H
#define QT_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
