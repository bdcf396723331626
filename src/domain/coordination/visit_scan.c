/*
 * The QR pointage of visits (visit_scan.h, issue 11).
 */
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "base/rnd.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/directory/org.h"
#include "domain/coordination/visit_scan.h"

#define QR_TOKEN_BYTES 18 /* 24 URL-safe characters */

int
visit_scan_token(
    struct ctx *ctx, int64_t person_id, int renew, const char **token)
{
	struct access_grant g;
	struct db_stmt *st;
	char buf[64];
	enum db_res r;
	int rc;

	rc = access_require(
	    ctx, person_id, CAT_BIT(CAT_ADMIN), ACT_READ, "visit.qr", &g);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_VQR_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW && !renew) {
		*token = db_col_dup(ctx, st, 0);
		return E_OK;
	}
	st = db_stmt(ctx->db, Q_VQR_DELETE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	if ((rc = db_run(ctx, st)) != E_OK)
		return rc;
	rnd_token(buf, sizeof(buf), QR_TOKEN_BYTES);
	st = db_stmt(ctx->db, Q_VQR_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	db_bind_text(st, 3, buf);
	db_bind_text(st, 4, ctx->now);
	db_bind_i64(st, 5, ctx->user_id);
	if ((rc = db_run(ctx, st)) != E_OK)
		return rc;
	*token = arena_strdup(&ctx->arena, buf);
	return E_OK;
}

int
visit_scan_matrix(
    struct ctx *ctx, const char *text, int *size, const char **modules)
{
	QRcode *qr;
	char *out;
	int i, n;

	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL)
		return -1;
	n = qr->width;
	out = arena_alloc(&ctx->arena, (size_t)n * (size_t)n + 1);
	for (i = 0; i < n * n; i++)
		out[i] = (qr->data[i] & 1) ? '1' : '0';
	out[n * n] = '\0';
	QRcode_free(qr);
	*size = n;
	*modules = out;
	return 0;
}

/* "YYYY-MM-DD" of a UTC instant in zone tz, shifted by `days`. */
static const char *
local_day(struct ctx *ctx, const char *tz, time_t t, int days)
{
	struct calendar_local l;
	int y, m, d;

	if (calendar_to_local(tz, t, &l) != 0)
		calendar_to_local("Europe/Paris", t, &l);
	calendar_from_days(calendar_days(l.y, l.m, l.d) + days, &y, &m, &d);
	return arena_printf(&ctx->arena, "%04d-%02d-%02d", y, m, d);
}

static time_t
now_of(struct ctx *ctx)
{
	struct calendar_local l;
	int sec = 0;

	/* ctx->now: "YYYY-MM-DDTHH:MM:SS.mmmZ" */
	if (ctx->now == NULL || strlen(ctx->now) < 19 ||
	    calendar_parse_local(
		arena_strndup(&ctx->arena, ctx->now, 16), &l) != 0)
		return clock_now_s();
	sec = (ctx->now[17] - '0') * 10 + (ctx->now[18] - '0');
	return (time_t)calendar_days(l.y, l.m, l.d) * 86400 + l.hh * 3600L +
	    l.mm * 60L + sec;
}

static const char *
crt_zone(struct ctx *ctx)
{
	struct org_calendar cal;

	if (org_crt_calendar(ctx, &cal) == E_OK && cal.timezone != NULL &&
	    calendar_zone_ok(cal.timezone))
		return cal.timezone;
	return "Europe/Paris";
}

int
visit_scan_door(struct ctx *ctx, const char *token, struct visit_scan_out *out)
{
	struct visit_query q;
	struct visit_occ *v, *best = NULL;
	struct visit_mark_in mi;
	struct db_stmt *st;
	const char *tz, *since;
	int64_t person_id, scan_id;
	time_t now, dist, best_dist = 0;
	enum db_res r;
	int n, i, rc;

	memset(out, 0, sizeof(*out));
	if (token == NULL || strlen(token) > 64)
		return err_set(ctx, E_NOT_FOUND, "visit.scan.unknown", "token",
		    "Ce QR code n'est pas reconnu : il a peut-être été "
		    "renouvelé. Pointez la visite à la main et signalez-le à "
		    "la coordination.");
	st = db_stmt(ctx->db, Q_VQR_FIND);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, token);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r != DB_ROW)
		return err_set(ctx, E_NOT_FOUND, "visit.scan.unknown", "token",
		    "Ce QR code n'est pas reconnu : il a peut-être été "
		    "renouvelé. Pointez la visite à la main et signalez-le à "
		    "la coordination.");
	person_id = db_col_i64(st, 0);
	tz = crt_zone(ctx);
	now = now_of(ctx);
	/* The user's own round, yesterday and today (a night visit). */
	memset(&q, 0, sizeof(q));
	q.user_id = ctx->user_id;
	q.from = local_day(ctx, tz, now, -1);
	q.to = local_day(ctx, tz, now, 0);
	rc = visit_occurrences(ctx, &q, &v, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if (v[i].person == NULL || v[i].person->id != person_id)
			continue;
		if (strcmp(v[i].state, "planned") != 0 &&
		    strcmp(v[i].state, "a_pointer") != 0)
			continue;
		if (now < v[i].start_t - 3 * 3600 ||
		    now > v[i].end_t + 3 * 3600)
			continue;
		dist = now > v[i].start_t ? now - v[i].start_t
					  : v[i].start_t - now;
		if (best == NULL || dist < best_dist) {
			best = &v[i];
			best_dist = dist;
		}
	}
	if (best == NULL)
		return err_set(ctx, E_NOT_FOUND, "visit.scan.no_visit", "token",
		    "Aucune de vos visites chez cette personne n'est prévue "
		    "maintenant (de 3 h avant son début à 3 h après sa fin), "
		    "ou elle est déjà pointée.");
	since = clock_iso_after(&ctx->arena, -12L * 3600);
	st = db_stmt(ctx->db, Q_VSCAN_OPEN);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_i64(st, 3, best->series->id);
	db_bind_text(st, 4, best->key);
	db_bind_text(st, 5, since);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	out->at = ctx->now;
	if (r != DB_ROW) {
		st = db_stmt(ctx->db, Q_VSCAN_INSERT);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, ctx->user_id);
		db_bind_i64(st, 3, person_id);
		db_bind_i64(st, 4, best->series->id);
		db_bind_text(st, 5, best->key);
		db_bind_text(st, 6, ctx->now);
		if (db_step(ctx, st) != DB_ROW)
			return ctx->err ? ctx->err : E_DB;
		/* To its end: not left busy on its RETURNING row (the
		 * batch's next job; as alert_create, issue 12 review). */
		if (db_run(ctx, st) != E_OK)
			return ctx->err;
		out->action = "arrival";
		out->occ = *best;
		return E_OK;
	}
	scan_id = db_col_i64(st, 0);
	out->arrived_at = db_col_dup(ctx, st, 1);
	/* The same link opened twice at the door (a camera app, a double
	 * tap): within a minute it is still the arrival. */
	if (strcmp(out->arrived_at, clock_iso_after(&ctx->arena, -60)) > 0) {
		out->action = "arrival";
		out->at = out->arrived_at;
		out->arrived_at = NULL;
		out->occ = *best;
		return E_OK;
	}
	memset(&mi, 0, sizeof(mi));
	mi.key = best->key;
	mi.state = "done";
	mi.arrived_at = out->arrived_at;
	mi.left_at = ctx->now;
	mi.how = "qr";
	rc = visit_mark(ctx, best->series->id, &mi, &out->occ);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_VSCAN_CLOSE);
	db_bind_text(st, 1, ctx->now);
	if (out->occ.mark != NULL)
		db_bind_i64(st, 2, out->occ.mark->id);
	else
		db_bind_null(st, 2);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, scan_id);
	if ((rc = db_run(ctx, st)) != E_OK)
		return rc;
	out->action = "departure";
	return E_OK;
}
