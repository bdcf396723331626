/*
 * Backups. The destination must not exist (checked by the caller).
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/backup.h"

static int
backup_sqlite(const char *path, const char *to, char *err, size_t len)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	int rc;

	/* The backup API restarts when the source changes under it, so
	 * the copy is one consistent state even while the server writes. */
	rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_open_v2(
		    to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(src, 10000);
		b = sqlite3_backup_init(dst, "main", src, "main");
		if (b == NULL)
			rc = sqlite3_errcode(dst);
		else {
			while (
			    (rc = sqlite3_backup_step(b, 1024)) == SQLITE_OK ||
			    rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				if (rc != SQLITE_OK)
					sqlite3_sleep(5);
			sqlite3_backup_finish(b);
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK)
		snprintf(err, len, "%s", sqlite3_errstr(rc));
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc == SQLITE_OK ? 0 : -1;
}

static int
backup_pg(const char *url, const char *to, char *err, size_t len)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0) {
		snprintf(err, len, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execlp("pg_dump", "pg_dump", "--format=custom", "--file", to,
		    "--dbname", url, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		snprintf(err, len, "pg_dump failed (exit %d)",
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return -1;
	}
	return 0;
}

int
backup_run(const char *url, const char *to, char *err, size_t len)
{
	if (strncmp(url, "sqlite:", 7) == 0)
		return backup_sqlite(url + 7, to, err, len);
	return backup_pg(url, to, err, len);
}
