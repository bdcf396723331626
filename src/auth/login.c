/*
 * Throttling arithmetic over the login_attempt table. Pure policy: the
 * caller (api_session.c) decides what to answer and what to trace.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/clock.h"
#include "../base/ctx.h"
#include "../db/db.h"
#include "login.h"

/* Milliseconds since the epoch of an ISO-8601 UTC instant (0 if bad). */
static int64_t
parse_iso_ms(const char *s)
{
	struct tm tm;
	int ms = 0;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
	    &ms) < 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
count(struct ctx *ctx, struct db *db, enum q q, const char *key,
    int *n, int64_t *last)
{
	struct db_stmt *st = db_stmt(db, q);
	enum db_res r;

	db_bind_text(st, 1, key);
	db_bind_text(st, 2, clock_iso_after(&ctx->arena, -LOGIN_WINDOW_SECS));
	if (q == Q_LOGIN_FAILS_LOGIN)
		db_bind_text(st, 3, key);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*n = r == DB_ROW ? (int)db_col_i64(st, 0) : 0;
	*last = r == DB_ROW ? parse_iso_ms(db_col_text(st, 1)) : 0;
	db_stmt(db, q);
	return E_OK;
}

int
login_failures(struct ctx *ctx, struct db *db, const char *login)
{
	int64_t last;
	int n;

	if (count(ctx, db, Q_LOGIN_FAILS_LOGIN, login, &n, &last) != E_OK)
		return 0;
	return n;
}

int
login_throttle(struct ctx *ctx, struct db *db, const char *login,
    const char *ip, int *retry_after, int *locked)
{
	int64_t now = now_ms(), last, until;
	int n, rc;

	*retry_after = 0;
	*locked = 0;
	rc = count(ctx, db, Q_LOGIN_FAILS_LOGIN, login, &n, &last);
	if (rc != E_OK)
		return rc;
	if (n >= LOGIN_LOCK_AFTER) {
		until = last + LOGIN_LOCK_SECS * 1000;
		*locked = 1;
	} else if (n >= LOGIN_SLOW_AFTER)
		until = last + 1000 * ((int64_t)1 << (n - LOGIN_SLOW_AFTER));
	else
		until = 0;
	if (until <= now) {
		rc = count(ctx, db, Q_LOGIN_FAILS_IP, ip, &n, &last);
		if (rc != E_OK)
			return rc;
		*locked = 0;
		until = n >= LOGIN_IP_LOCK_AFTER ? last + LOGIN_LOCK_SECS * 1000 :
		    0;
		if (until > now)
			*locked = 1;
	}
	if (until > now) {
		/* Whole seconds for Retry-After, rounded up. */
		*retry_after = (int)((until - now + 999) / 1000);
		return E_THROTTLED;
	}
	*locked = 0;
	return E_OK;
}

int
login_record(struct ctx *ctx, struct db *db, const char *login,
    const char *ip, int ok)
{
	struct db_stmt *st = db_stmt(db, Q_LOGIN_ATTEMPT_INSERT);

	db_bind_text(st, 1, login);
	db_bind_text(st, 2, ip);
	db_bind_text(st, 3, ctx->now);
	db_bind_i64(st, 4, ok);
	return db_run(ctx, st);
}
