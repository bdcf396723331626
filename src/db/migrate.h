/*
 * Embedded, numbered, forward-only migrations (STYLE §5). Each one runs
 * in its own transaction together with its schema_version row.
 */
#ifndef DB_MIGRATE_H
#define DB_MIGRATE_H

#include <stddef.h>

struct ctx;
struct db;

/*
 * A migration's C step: what SQL cannot do (SQLite has no accent
 * stripping), run after the migration's script in its transaction, so
 * the version is recorded only with it. `run` gets a ctx whose db is set
 * and returns an enum err_code. The table ends with { 0, NULL }; it is
 * given by the caller (main wiring, cli.c), as db/ may not call domain/.
 * A script holding the line "-- C step: <name>" is refused without its
 * step (a migration recorded without its data rewrite would never run
 * it).
 */
struct migrate_step {
	int version;
	int (*run)(struct ctx *);
};

/* Applies every pending migration. Returns 0, or -1 with err filled. */
int migrate_run(struct db *, const struct migrate_step *, int *applied,
    char *err, size_t errlen);
/* Same, up to version `upto` only (tests building an older schema). */
int migrate_upto(struct db *, const struct migrate_step *, int upto,
    int *applied, char *err, size_t errlen);
/* The highest version applied (0 on an empty database, -1 on error). */
int migrate_current(struct db *);
/* The highest version this binary knows. */
int migrate_latest(void);

#endif
