/*
 * Online, consistent backups: SQLite's backup API (a snapshot copied
 * while the server writes) or pg_dump's single-snapshot custom format.
 */
#ifndef DB_BACKUP_H
#define DB_BACKUP_H

#include <stddef.h>

/* Writes a backup of url to the new file `to`. 0, or -1 with err. */
int backup_run(const char *url, const char *to, char *err, size_t len);

#endif
