#ifndef QT_CLIBPQ_SHIM_H
#define QT_CLIBPQ_SHIM_H
/* libpq from Debian's libpq-dev, which installs its headers under /usr/include/postgresql. */
#include <postgresql/libpq-fe.h>

/* PG_DIAG_* are character-literal macros Swift does not import. */
static inline const char *qt_PQresultSQLState(const PGresult *res) {
    return PQresultErrorField(res, PG_DIAG_SQLSTATE);
}

static inline const char *qt_PQresultPrimaryMessage(const PGresult *res) {
    return PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
}

#endif
