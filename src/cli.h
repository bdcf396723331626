/*
 * The `maillage` subcommands other than serve: init, migrate, demo, user,
 * audit, backup, routes. Each opens the database, runs one transaction
 * and traces what it changed.
 */
#ifndef CLI_H
#define CLI_H

#include <stddef.h>

#include "db/migrate.h"

struct db;

/* The migrations' C steps ({0, NULL} ends it), for every migrate_run. */
extern const struct migrate_step cli_migrate_steps[];

/* Opens and migrates the database; prints the reason on failure. */
/* The trace key file for the next cli_open (NULL: env or default). */
void cli_trace_key(const char *path, int create);
int cli_open(const char *url, struct db **);
/* The checkpoint file: opt, $MAILLAGE_CHECKPOINT, or <sqlite db>.checkpoints
 * (written to buf); NULL for PostgreSQL without either. */
const char *
cli_checkpoint_path(const char *url, const char *opt, char *buf, size_t len);
int cli_init(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_routes(int argc, char **argv);
int cli_permissions(int argc, char **argv);
int cli_territory(int argc, char **argv);
/* Returns the value following --name in argv, or def. */
const char *cli_opt(int argc, char **argv, const char *name, const char *def);
int cli_flag(int argc, char **argv, const char *name);
/* Whether the trace key (as cli_trace_key set it) sits in the directory
 * of the SQLite database (the default <db>.tracekey does). */
int cli_key_beside_db(const char *url);
/* SQLite: takes the lock <db>.lock for the life of the process, so that
 * a second `serve` on the same file is refused (one process writes, and
 * only its own streams get its events). -1 with a French message on
 * stderr when another process holds it; 0 on PostgreSQL. */
int cli_serve_lock(const char *url);
/* Rejects options other than the listed ones (NULL-terminated). */
int cli_check_opts(
    int argc, char **argv, const char *const *known, const char *usage);

#endif
