#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
#include <libpq-fe.h>

// Swift does not import character-literal macros such as `#define PG_DIAG_SQLSTATE 'C'`,
// so the error-field codes Kiln reads are re-exported as integer enum constants.
enum {
    CLIBPQ_DIAG_SQLSTATE = PG_DIAG_SQLSTATE,
    CLIBPQ_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY,
    CLIBPQ_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL,
    CLIBPQ_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT,
    CLIBPQ_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME,
};
#endif
