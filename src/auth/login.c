/*
 * Throttling arithmetic over the login_attempt table, and the login
 * flow's trace rows. The caller (api_session.c) decides what to answer;
 * what is traced, and with which words, is decided here.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>

#include "audit/audit.h"
#include "auth/login.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"

/* Milliseconds since the epoch of an ISO-8601 UTC instant (0 if bad). */
static int64_t
parse_iso_ms(const char *s)
{
	struct tm tm;
	int ms = 0;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &tm.tm_year, &tm.tm_mon,
		&tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) < 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

void
login_addr_key(const char *ip, char *out)
{
	unsigned char a[16];
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff };

	if (ip == NULL || inet_pton(AF_INET6, ip, a) != 1) {
		snprintf(out, LOGIN_ADDR_KEY, "%s", ip != NULL ? ip : "");
		return;
	}
	if (memcmp(a, mapped, sizeof(mapped)) == 0)
		inet_ntop(AF_INET, a + 12, out, LOGIN_ADDR_KEY);
	else
		snprintf(out, LOGIN_ADDR_KEY, "%x:%x:%x:%x::/64",
		    a[0] << 8 | a[1], a[2] << 8 | a[3], a[4] << 8 | a[5],
		    a[6] << 8 | a[7]);
}

static int
count(struct ctx *ctx, struct db *db, enum q q, const char *login,
    const char *addr, int *n, int64_t *last)
{
	struct db_stmt *st = db_stmt(db, q);
	const char *since = clock_iso_after(&ctx->arena, -LOGIN_WINDOW_SECS);
	enum db_res r;
	char ip[LOGIN_ADDR_KEY];

	login_addr_key(addr, ip);

	if (q == Q_LOGIN_FAILS_PAIR) {
		db_bind_text(st, 1, login);
		db_bind_text(st, 2, ip);
		db_bind_text(st, 3, since);
		db_bind_text(st, 4, login);
		db_bind_text(st, 5, ip);
	} else if (q == Q_LOGIN_FAILS_LOGIN) {
		db_bind_text(st, 1, login);
		db_bind_text(st, 2, since);
		db_bind_text(st, 3, login);
	} else {
		db_bind_text(st, 1, ip);
		db_bind_text(st, 2, since);
	}
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*n = r == DB_ROW ? (int)db_col_i64(st, 0) : 0;
	*last = r == DB_ROW ? parse_iso_ms(db_col_text(st, 1)) : 0;
	db_stmt(db, q);
	return E_OK;
}

/* Failures counted now (after recording) for the (login, address) pair. */
static int
login_failures(
    struct ctx *ctx, struct db *db, const char *login, const char *ip)
{
	int64_t last;
	int n;

	if (count(ctx, db, Q_LOGIN_FAILS_PAIR, login, ip, &n, &last) != E_OK)
		return 0;
	return n;
}

/* Failures of a login from every address since its last success. */
static int
login_failures_all(struct ctx *ctx, struct db *db, const char *login)
{
	int64_t last;
	int n;

	if (count(ctx, db, Q_LOGIN_FAILS_LOGIN, login, NULL, &n, &last) != E_OK)
		return 0;
	return n;
}

int64_t
login_wait(int n_pair, int64_t last_pair, int n_ip, int64_t last_ip,
    int64_t now, int *locked)
{
	int64_t until = 0, u;

	*locked = 0;
	if (n_pair >= LOGIN_LOCK_AFTER) {
		until = last_pair + (int64_t)LOGIN_LOCK_SECS * 1000;
		*locked = until > now;
	} else if (n_pair >= LOGIN_SLOW_AFTER)
		until = last_pair +
		    1000 * ((int64_t)1 << (n_pair - LOGIN_SLOW_AFTER));
	if (n_ip >= LOGIN_IP_LOCK_AFTER) {
		u = last_ip + (int64_t)LOGIN_LOCK_SECS * 1000;
		if (u > now && u > until) {
			until = u;
			*locked = 1;
		}
	}
	if (until <= now) {
		*locked = 0;
		return 0;
	}
	return until - now;
}

int
login_throttle(struct ctx *ctx, struct db *db, const char *login,
    const char *ip, int *retry_after, int *locked)
{
	int64_t lp, li, wait;
	int np, ni, rc;

	*retry_after = 0;
	*locked = 0;
	rc = count(ctx, db, Q_LOGIN_FAILS_PAIR, login, ip, &np, &lp);
	if (rc == E_OK)
		rc = count(ctx, db, Q_LOGIN_FAILS_IP, NULL, ip, &ni, &li);
	if (rc != E_OK)
		return rc;
	wait = login_wait(np, lp, ni, li, clock_now_ms(), locked);
	if (wait > 0) {
		/* Whole seconds for Retry-After, rounded up. */
		*retry_after = (int)((wait + 999) / 1000);
		return E_THROTTLED;
	}
	return E_OK;
}

int
login_record(
    struct ctx *ctx, struct db *db, const char *login, const char *ip, int ok)
{
	struct db_stmt *st = db_stmt(db, Q_LOGIN_ATTEMPT_INSERT);
	char key[LOGIN_ADDR_KEY];

	login_addr_key(ip, key);
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, ctx->now);
	db_bind_i64(st, 4, ok);
	return db_run(ctx, st);
}

static const struct {
	const char *action, *outcome, *detail;
} login_traces[LOGIN_T__MAX] = {
	[LOGIN_T_OK] = { "auth.login", "ok", "" },
	[LOGIN_T_FAILED] = { "auth.login", "failed", "" },
	[LOGIN_T_DISABLED] = { "auth.login", "failed", "compte désactivé" },
	[LOGIN_T_LOGOUT] = { "auth.logout", "ok", "" },
	[LOGIN_T_PASSWORD] = { "auth.password", "ok", "" },
	[LOGIN_T_PASSWORD_BAD] = { "auth.password", "failed",
	    "mot de passe actuel incorrect" },
};

void
login_trace(struct ctx *ctx, enum login_trace t)
{
	assert((unsigned)t < LOGIN_T__MAX);
	audit_add(ctx, login_traces[t].action, 0, "", "-",
	    login_traces[t].outcome, login_traces[t].detail);
}

int
login_failure_trace(
    struct ctx *ctx, struct db *db, const char *login, const char *ip)
{
	if (login_failures(ctx, db, login, ip) == LOGIN_LOCK_AFTER)
		audit_add(ctx, "auth.lock", 0, "", "-", "locked",
		    arena_printf(&ctx->arena,
			"verrouillage après échecs "
			"répétés depuis l'adresse %s",
			ip ? ip : "-"));
	if (login_failures_all(ctx, db, login) != LOGIN_NOTICE_AFTER)
		return 0;
	audit_add(ctx, "auth.failures", 0, "", "-", "failed",
	    arena_printf(&ctx->arena, "%d échecs en moins de %d minutes",
		LOGIN_NOTICE_AFTER, LOGIN_WINDOW_SECS / 60));
	return 1;
}
