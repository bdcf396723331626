/*
 * Embedded, numbered, forward-only migrations (STYLE §5). Each one runs
 * in its own transaction together with its schema_version row.
 */
#ifndef DB_MIGRATE_H
#define DB_MIGRATE_H

#include <stddef.h>

struct db;

/* Applies every pending migration. Returns 0, or -1 with err filled. */
int migrate_run(struct db *, int *applied, char *err, size_t errlen);
/* The highest version applied (0 on an empty database, -1 on error). */
int migrate_current(struct db *);
/* The highest version this binary knows. */
int migrate_latest(void);

#endif
