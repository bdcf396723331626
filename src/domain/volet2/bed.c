/*
 * Emergency temporary beds (issue 13, PRODUCT §6): places, closures,
 * stays and their limits, refusals, the board and the occupancy. The
 * rules live here, the SQL in db/volet2/q_bed.def; only the bed tables
 * are written. Days are local calendar days counted with the proleptic
 * Gregorian day number (calendar_days), never with seconds, so a DST
 * change or a year end cannot shift a count; only "today" depends on the
 * clock and the CRT's zone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/event.h"
#include "domain/directory/org.h"
#include "domain/volet2/bed.h"
#include "json/jv.h"

const char *const bed_kind_codes[] = { "hebergement_temporaire",
	"sortie_hospitalisation", "chambre_urgence", NULL };
const char *const bed_kind_labels[] = { "Hébergement temporaire",
	"Sortie d'hospitalisation", "Chambre d'urgence", NULL };
const char *const bed_reason_codes[] = { "sortie_hospitalisation",
	"defaillance_aidant", "crise", "repit", NULL };
const char *const bed_reason_labels[] = { "Sortie d'hospitalisation",
	"Défaillance de l'aidant", "Crise", "Répit", NULL };
const char *const bed_stay_status_codes[] = { "booked", "in_progress", "ended",
	"cancelled", NULL };
const char *const bed_state_codes[] = { "free", "booked", "occupied", "closed",
	NULL };

#define TEXT_MAX 500
#define STAY_MISSING "Ce séjour n'existe pas."

/* ---- day arithmetic ---- */

static long
day_num(const char *d)
{
	struct calendar_local l;

	if (d == NULL || calendar_parse_date(d, &l) != 0)
		return 0;
	return calendar_days(l.y, l.m, l.d);
}

/* "YYYY-MM-DD" of a date of years 0..9999 (the checked ranges). */
static void
ymd(char out[11], int y, int m, int d)
{
	char tmp[48];

	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

static void
day_fmt(char out[11], long n)
{
	int y, m, d;

	calendar_from_days(n, &y, &m, &d);
	ymd(out, y, m, d);
}

long
bed_days_between(const char *a, const char *b)
{
	return day_num(b) - day_num(a);
}

void
bed_date_add(char out[11], const char *d, long n)
{
	day_fmt(out, day_num(d) + n);
}

void
bed_local_day(char out[11], const char *tz, time_t t)
{
	struct calendar_local l;

	if (tz == NULL || calendar_to_local(tz, t, &l) != 0)
		if (calendar_to_local("Europe/Paris", t, &l) != 0)
			memset(&l, 0, sizeof(l));
	ymd(out, l.y, l.m, l.d);
}

long
bed_overlap_days(const char *a0, const char *a1, const char *b0, const char *b1)
{
	long s = day_num(a0), e = day_num(a1), t;

	if ((t = day_num(b0)) > s)
		s = t;
	if ((t = day_num(b1)) < e)
		e = t;
	return e > s ? e - s : 0;
}

int
bed_month_days(int y, int m)
{
	int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;

	return (int)(calendar_days(ny, nm, 1) - calendar_days(y, m, 1));
}

static const char *
dup_day(struct ctx *ctx, const char *d, long n)
{
	char buf[11];

	bed_date_add(buf, d, n);
	return arena_strdup(&ctx->arena, buf);
}

/* Today in the CRT's zone. */
static const char *
today(struct ctx *ctx)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_CRT_TZ);
	const char *tz = NULL;
	char buf[11];

	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) == DB_ROW && !db_col_null(st, 0))
		tz = db_col_dup(ctx, st, 0);
	bed_local_day(buf, tz, clock_now_s());
	return arena_strdup(&ctx->arena, buf);
}

static int
in_list(const char *const *l, const char *s)
{
	for (; s != NULL && *l != NULL; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

static int
text_ok(const char *s, int required)
{
	if (s == NULL || s[0] == '\0')
		return !required;
	return jv_utf8_len(s, strlen(s)) <= TEXT_MAX;
}

static int
bad(struct ctx *ctx, const char *key, const char *field, const char *msg)
{
	return err_set(ctx, E_INVALID, key, field, msg);
}

/* Steps st to its end, one element of esz bytes per row filled by
 * fill(ctx, st, element), into an arena vector (*out, *n). */
static int
collect(struct ctx *ctx, struct db_stmt *st, size_t esz,
    void (*fill)(struct ctx *, struct db_stmt *, void *), void *out, int *n)
{
	void *v = NULL, *e;
	enum db_res r;
	int cap = 0;

	*n = 0;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		e = arena_push(&ctx->arena, &v, n, &cap, esz);
		if (e == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		fill(ctx, st, e);
	}
	*(void **)out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

/* ---- settings ---- */

int
bed_settings_get(struct ctx *ctx, struct bed_settings *s)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_SETTINGS_GET);
	enum db_res r;

	s->max_stay_days = BED_MAX_STAY_DAYS;
	s->max_year_days = BED_MAX_YEAR_DAYS;
	s->hold_days = BED_HOLD_DAYS;
	db_bind_i64(st, 1, ctx->crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		s->max_stay_days = (int)db_col_i64(st, 0);
		s->max_year_days = (int)db_col_i64(st, 1);
		s->hold_days = (int)db_col_i64(st, 2);
	}
	return E_OK;
}

int
bed_settings_set(struct ctx *ctx, const struct bed_settings *s)
{
	struct db_stmt *st;
	int rc;

	if (s->max_stay_days < 1 || s->max_stay_days > 365)
		return bad(ctx, "bed_settings.max_stay_days.invalid",
		    "max_stay_days",
		    "La durée maximale d'un séjour est de 1 à 365 jours.");
	if (s->max_year_days < 1 || s->max_year_days > 365)
		return bad(ctx, "bed_settings.max_year_days.invalid",
		    "max_year_days",
		    "Le maximum sur 365 jours glissants est de 1 à 365 jours.");
	if (s->hold_days < 1 || s->hold_days > 365)
		return bad(ctx, "bed_settings.hold_days.invalid", "hold_days",
		    "La place en accompagnement est tenue de 1 à 365 jours.");
	st = db_stmt(ctx->db, Q_BED_SETTINGS_SET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, s->max_stay_days);
	db_bind_i64(st, 3, s->max_year_days);
	db_bind_i64(st, 4, s->hold_days);
	db_bind_text(st, 5, ctx->now);
	db_bind_i64(st, 6, ctx->user_id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "bed.settings", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "stay=%d year=%d hold=%d",
		s->max_stay_days, s->max_year_days, s->hold_days));
	return event_emit(ctx, "bed.changed", 0, 0);
}

/* ---- places ---- */

static void
row_bed(struct ctx *ctx, struct db_stmt *st, void *e)
{
	struct bed *b = e;

	b->id = db_col_i64(st, 0);
	b->org_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
	b->org_name = db_col_dup(ctx, st, 2);
	b->label = db_col_dup(ctx, st, 3);
	b->kind = db_col_dup(ctx, st, 4);
	b->opened_on = db_col_dup(ctx, st, 5);
	b->retired_on = db_col_null(st, 6) ? NULL : db_col_dup(ctx, st, 6);
}

static int
beds_all(struct ctx *ctx, struct bed **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_LIST);

	db_bind_i64(st, 1, ctx->crt_id);
	return collect(ctx, st, sizeof(**out), row_bed, out, n);
}

int
bed_create(struct ctx *ctx, int64_t org_id, const char *label, const char *kind,
    const char *opened_on, int64_t *id)
{
	struct db_stmt *st;
	struct org o;
	enum db_res r;

	if (!text_ok(label, 1) || strlen(label) > 200)
		return bad(ctx, "bed.label.invalid", "label",
		    "Nommez la place (200 caractères au plus).");
	if (!in_list(bed_kind_codes, kind))
		return bad(ctx, "bed.kind.invalid", "kind",
		    "Le type de place est hebergement_temporaire, "
		    "sortie_hospitalisation ou chambre_urgence.");
	if (opened_on == NULL)
		opened_on = today(ctx);
	else if (!clock_valid_date(opened_on))
		return bad(ctx, "bed.opened_on.invalid", "opened_on",
		    "La date d'ouverture n'est pas une date valide.");
	if (org_id != 0) {
		if (org_get(ctx, org_id, &o) != E_OK ||
		    strcmp(o.type, "ehpad") != 0) {
			err_clear(ctx);
			return bad(ctx, "bed.org_id.invalid", "org_id",
			    "La place est celle du CRT ou d'un EHPAD "
			    "partenaire de l'annuaire.");
		}
	}
	st = db_stmt(ctx->db, Q_BED_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	if (org_id != 0)
		db_bind_i64(st, 2, org_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, label);
	db_bind_text(st, 4, kind);
	db_bind_text(st, 5, opened_on);
	db_bind_text(st, 6, ctx->now);
	db_bind_i64(st, 7, ctx->user_id);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? ctx->err : E_INTERNAL;
	*id = db_col_i64(st, 0);
	/* Stepped to its end: an INSERT ... RETURNING left active would
	 * keep the request's savepoint from being released. */
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	audit_add(ctx, "bed.create", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "bed=%lld", (long long)*id));
	return event_emit(ctx, "bed.changed", 0, *id);
}

/* Locks the place for a write (PostgreSQL: FOR UPDATE). */
static int
lock_bed(struct ctx *ctx, int64_t bed_id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_LOCK);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, bed_id);
	return db_one(ctx, st, "bed.not_found", "Cette place n'existe pas.");
}

/* Stays of the place (but `except`) meeting the nights [start, end). */
static int
stays_on(struct ctx *ctx, int64_t bed_id, int64_t except, const char *start,
    const char *end, int64_t *count)
{
	const char *tomorrow = dup_day(ctx, today(ctx), 1);
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_STAY_OVERLAP);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, bed_id);
	db_bind_i64(st, 3, except);
	db_bind_text(st, 4, end);
	db_bind_text(st, 5, tomorrow);
	db_bind_text(st, 6, tomorrow);
	db_bind_text(st, 7, start);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*count = db_col_i64(st, 0);
	return E_OK;
}

int
bed_close(struct ctx *ctx, int64_t bed_id, const char *start, const char *end,
    const char *reason, int64_t *id)
{
	struct db_stmt *st;
	int64_t n;
	enum db_res r;
	int rc;

	if (!clock_valid_date(start) || !clock_valid_date(end) ||
	    bed_days_between(start, end) < 0)
		return bad(ctx, "bed_closure.dates", "end_on",
		    "La fermeture va d'une date de début à une date de fin "
		    "(incluse), dans cet ordre.");
	if (!text_ok(reason, 1))
		return bad(ctx, "bed_closure.reason.invalid", "reason",
		    "Donnez le motif de la fermeture (500 caractères au "
		    "plus).");
	rc = lock_bed(ctx, bed_id);
	if (rc == E_OK)
		rc = stays_on(ctx, bed_id, 0, start, dup_day(ctx, end, 1), &n);
	if (rc != E_OK)
		return rc;
	if (n > 0)
		return err_set(ctx, E_CONFLICT, "bed.closure.overlap",
		    "start_on",
		    "Un séjour est réservé ou en cours sur cette période : "
		    "annulez-le ou notez la sortie avant de fermer la place.");
	st = db_stmt(ctx->db, Q_BED_CLOSURE_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, bed_id);
	db_bind_text(st, 3, start);
	db_bind_text(st, 4, end);
	db_bind_text(st, 5, reason);
	db_bind_text(st, 6, ctx->now);
	db_bind_i64(st, 7, ctx->user_id);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? ctx->err : E_INTERNAL;
	*id = db_col_i64(st, 0);
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	audit_add(ctx, "bed.close", 0, "", "-", "ok",
	    arena_printf(
		&ctx->arena, "bed=%lld %s..%s", (long long)bed_id, start, end));
	return event_emit(ctx, "bed.changed", 0, bed_id);
}

/* The place, already locked (lock_bed: it exists). */
static int
bed_locked_get(struct ctx *ctx, int64_t id, struct bed *b)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_GET);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? ctx->err : E_INTERNAL;
	row_bed(ctx, st, b);
	return db_run(ctx, st) != E_OK ? ctx->err : E_OK;
}

int
bed_update(struct ctx *ctx, int64_t id, const char *label, int retire)
{
	const char *retired_on;
	struct db_stmt *st;
	struct bed b;
	int rc;

	rc = lock_bed(ctx, id);
	if (rc == E_OK)
		rc = bed_locked_get(ctx, id, &b);
	if (rc != E_OK)
		return rc;
	if (label != NULL && (!text_ok(label, 1) || strlen(label) > 200))
		return bad(ctx, "bed.label.invalid", "label",
		    "Nommez la place (200 caractères au plus).");
	retired_on = b.retired_on;
	if (retire == 0)
		retired_on = NULL;
	else if (retire == 1 && retired_on == NULL) {
		st = db_stmt(ctx->db, Q_BED_STAYS_LIVE);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, id);
		if (db_step(ctx, st) != DB_ROW)
			return ctx->err ? ctx->err : E_DB;
		if (db_col_i64(st, 0) > 0)
			return bad(ctx, "bed.retire.stays", "retired",
			    arena_printf(&ctx->arena,
				"La place « %s » a %lld réservation%s en cours "
				"ou à venir : notez la sortie ou annulez-%s "
				"avant de retirer la place.",
				b.label, (long long)db_col_i64(st, 0),
				db_col_i64(st, 0) > 1 ? "s" : "",
				db_col_i64(st, 0) > 1 ? "les" : "la"));
		retired_on = today(ctx);
	}
	st = db_stmt(ctx->db, Q_BED_UPDATE);
	db_bind_text(st, 1, label != NULL ? label : b.label);
	if (retired_on != NULL)
		db_bind_text(st, 2, retired_on);
	else
		db_bind_null(st, 2);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "bed.update", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "bed=%lld retired_on=%s", (long long)id,
		retired_on != NULL ? retired_on : "-"));
	return event_emit(ctx, "bed.changed", 0, id);
}

/* ---- stays ---- */

static void
row_stay(struct ctx *ctx, struct db_stmt *st, void *e)
{
	struct bed_stay *s = e;

	memset(s, 0, sizeof(*s));
	s->id = db_col_i64(st, 0);
	s->bed_id = db_col_i64(st, 1);
	s->person_id = db_col_i64(st, 2);
	s->status = db_col_dup(ctx, st, 3);
	s->reason = db_col_dup(ctx, st, 4);
	s->start_on = db_col_dup(ctx, st, 5);
	s->planned_end_on = db_col_dup(ctx, st, 6);
	s->arrived_on = db_col_dup(ctx, st, 7);
	s->ended_on = db_col_dup(ctx, st, 8);
	s->note = db_col_dup(ctx, st, 9);
	s->bed_label = db_col_dup(ctx, st, 10);
	s->birth_name = db_col_dup(ctx, st, 11);
	s->first_names = db_col_dup(ctx, st, 12);
	s->used_name = db_col_dup(ctx, st, 13);
	s->birth_date = db_col_dup(ctx, st, 14);
	s->days = (int)(s->ended_on != NULL
		? bed_days_between(
		      s->arrived_on ? s->arrived_on : s->start_on, s->ended_on)
		: bed_days_between(s->start_on, s->planned_end_on));
}

static void
hide(struct bed_stay *s)
{
	s->hidden = 1;
	s->birth_name = s->first_names = s->used_name = NULL;
	s->birth_date = s->note = s->reason = NULL;
}

/* The last night a stay holds: its departure, or while under way the
 * later of its planned end and tomorrow. */
static const char *
stay_end(struct ctx *ctx, const char *status, const char *ended,
    const char *planned, const char *tday)
{
	const char *tomorrow;

	if (ended != NULL)
		return ended;
	if (strcmp(status, "in_progress") == 0) {
		tomorrow = dup_day(ctx, tday, 1);
		return strcmp(planned, tomorrow) < 0 ? tomorrow : planned;
	}
	return planned;
}

static int
open_support(struct ctx *ctx, int64_t pid, int *held)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_SUPPORT_OPEN);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*held = db_col_i64(st, 0) > 0;
	return E_OK;
}

/*
 * The allowance, the person's access already decided.
 * SPEC: issue 13 — « maximum days over a rolling 365 days »: every
 * window of 365 days the new stay touches is checked (window [d - 365,
 * d) for each d from its first night + 1 to its end + 365), not only the
 * one ending with it: a stay placed before a later one must leave that
 * later one's window within the limit too (issue 13 review §5). The
 * window kept is the tightest (least slack: limit − other stays' nights
 * − the new stay's nights there), the one ending with the stay on a tie,
 * so its figures (used, left, from, to, the stay's nights there) are
 * what the refusal and the screen say. At most 731 windows over a
 * person's few stays: computed in C over day numbers.
 */
#define ALLOW_MAX_STAYS 512

/* The nights of the window [d - 365, d): the other stays' (*used) and
 * the new stay's [ns, ne) (*k), day numbers. */
static void
window_nights(long d, long ns, long ne, const long *s0, const long *s1, int n,
    long *used, long *k)
{
	long lo = d - 365, x, y;
	int i;

	*used = 0;
	for (i = 0; i < n; i++) {
		x = s0[i] > lo ? s0[i] : lo;
		y = s1[i] < d ? s1[i] : d;
		*used += y > x ? y - x : 0;
	}
	x = ns > lo ? ns : lo;
	y = ne < d ? ne : d;
	*k = y > x ? y - x : 0;
}

static int
allowance(struct ctx *ctx, int64_t pid, int64_t except, const char *start,
    const char *end, struct bed_allowance *a)
{
	struct bed_settings set;
	struct db_stmt *st;
	const char *tday, *e;
	long s0[ALLOW_MAX_STAYS], s1[ALLOW_MAX_STAYS];
	long ns, ne, d, best_d, best_slack, used, k;
	enum db_res r;
	int n = 0, rc;

	memset(a, 0, sizeof(*a));
	if (!clock_valid_date(start) || !clock_valid_date(end) ||
	    bed_days_between(start, end) < 1 ||
	    bed_days_between(start, end) > 366)
		return bad(ctx, "bedstay.dates", "planned_end_on",
		    "Le séjour va d'une date d'entrée à une date de sortie "
		    "prévue, au moins le lendemain, dans l'année.");
	rc = bed_settings_get(ctx, &set);
	if (rc == E_OK)
		rc = open_support(ctx, pid, &a->held);
	if (rc != E_OK)
		return rc;
	tday = today(ctx);
	a->days = (int)bed_days_between(start, end);
	a->max_stay_days = set.max_stay_days;
	a->max_year_days = set.max_year_days;
	a->hold_days = set.hold_days;
	ns = day_num(start);
	ne = day_num(end);
	/* The person's other stays meeting [start - 365, end + 365). */
	st = db_stmt(ctx->db, Q_BED_STAY_PERSON);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	db_bind_i64(st, 3, except);
	db_bind_text(st, 4, dup_day(ctx, end, 365));
	db_bind_text(st, 5, dup_day(ctx, start, -365));
	while ((r = db_step(ctx, st)) == DB_ROW) {
		if (n == ALLOW_MAX_STAYS)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Trop de séjours pour cette personne.");
		e = stay_end(
		    ctx, db_col_text(st, 2), NULL, db_col_text(st, 1), tday);
		s0[n] = day_num(db_col_text(st, 0));
		s1[n] = day_num(e);
		n++;
	}
	if (r == DB_ERR)
		return ctx->err;
	/* The window ending with the stay first, then the others. */
	best_d = ne;
	window_nights(ne, ns, ne, s0, s1, n, &used, &k);
	best_slack = a->max_year_days - used - k;
	a->used_days = (int)used;
	a->window_days = (int)k;
	for (d = ns + 1; d < ne + 365; d++) {
		if (d == ne)
			continue;
		window_nights(d, ns, ne, s0, s1, n, &used, &k);
		if (k > 0 && a->max_year_days - used - k < best_slack) {
			best_d = d;
			best_slack = a->max_year_days - used - k;
			a->used_days = (int)used;
			a->window_days = (int)k;
		}
	}
	a->window_from = dup_day(ctx, end, best_d - 365 - ne);
	a->window_to = dup_day(ctx, end, best_d - 1 - ne);
	a->later_window = best_d != ne;
	a->left_days = a->max_year_days - a->used_days;
	if (a->left_days < 0)
		a->left_days = 0;
	if (a->held)
		a->held_until = dup_day(ctx, start, a->hold_days);
	return E_OK;
}

int
bed_allowance(struct ctx *ctx, int64_t pid, const char *start, const char *end,
    struct bed_allowance *a)
{
	struct access_grant g;
	int rc;

	rc = access_require(
	    ctx, pid, CAT_BIT(CAT_ADMIN), ACT_READ, "bedstay.allowance", &g);
	return rc != E_OK ? rc : allowance(ctx, pid, 0, start, end, a);
}

static int
plural(int n)
{
	return n > 1;
}

/* The limits of issue 13 on a booking, with the days left in words. */
static int
check_limits(struct ctx *ctx, const struct bed_allowance *a)
{
	if (a->days > a->max_stay_days)
		return bad(ctx, "bedstay.max_stay", "planned_end_on",
		    arena_printf(&ctx->arena,
			"Ce séjour de %d jour%s dépasse la durée maximale "
			"de %d jours.",
			a->days, plural(a->days) ? "s" : "", a->max_stay_days));
	if (a->window_days > a->left_days && a->later_window)
		/* A later window: the stay's nights there and its dates. */
		return bad(ctx, "bedstay.max_year", "planned_end_on",
		    arena_printf(&ctx->arena,
			"Il reste %d jour%s sur les %d autorisés sur les 365 "
			"jours glissants du %s au %s (%d déjà utilisé%s par "
			"d'autres séjours) ; ce séjour y compte %d.",
			a->left_days, plural(a->left_days) ? "s" : "",
			a->max_year_days,
			clock_fr_date(&ctx->arena, a->window_from),
			clock_fr_date(&ctx->arena, a->window_to), a->used_days,
			plural(a->used_days) ? "s" : "", a->window_days));
	if (a->window_days > a->left_days)
		return bad(ctx, "bedstay.max_year", "planned_end_on",
		    arena_printf(&ctx->arena,
			"Il reste %d jour%s sur les %d autorisés sur 365 "
			"jours glissants (%d déjà utilisé%s depuis le %s) ; "
			"ce séjour en compte %d.",
			a->left_days, plural(a->left_days) ? "s" : "",
			a->max_year_days, a->used_days,
			plural(a->used_days) ? "s" : "",
			clock_fr_date(&ctx->arena, a->window_from), a->days));
	if (a->held && a->days > a->hold_days)
		return bad(ctx, "bedstay.hold", "planned_end_on",
		    arena_printf(&ctx->arena,
			"La personne est accompagnée (volet 2) : sa place "
			"n'est tenue que %d jours pendant un séjour ; ce "
			"séjour en compte %d.",
			a->hold_days, a->days));
	return E_OK;
}

/* 409 when the person has another stay meeting [start, end). */
static int
person_busy(struct ctx *ctx, int64_t pid, const char *start, const char *end)
{
	const char *tday = today(ctx), *e;
	struct db_stmt *st;
	enum db_res r;
	long n = 0;

	st = db_stmt(ctx->db, Q_BED_STAY_PERSON);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	db_bind_i64(st, 3, 0);
	db_bind_text(st, 4, end);
	db_bind_text(st, 5, start);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		e = stay_end(
		    ctx, db_col_text(st, 2), NULL, db_col_text(st, 1), tday);
		n += bed_overlap_days(db_col_text(st, 0), e, start, end);
	}
	if (r == DB_ERR)
		return ctx->err;
	if (n > 0)
		return err_set(ctx, E_CONFLICT, "bedstay.person_overlap",
		    "start_on",
		    "Cette personne a déjà un séjour sur cette période.");
	return E_OK;
}

/* 422 bedstay.bed_retired: a retired place takes no new booking. */
static int
not_retired(struct ctx *ctx, int64_t bed_id)
{
	struct bed b;
	int rc = bed_locked_get(ctx, bed_id, &b);

	if (rc == E_OK && b.retired_on != NULL)
		return bad(ctx, "bedstay.bed_retired", "bed_id",
		    "Cette place est retirée : elle n'est plus proposée "
		    "pour de nouvelles réservations.");
	return rc;
}

int
bed_stay_create(struct ctx *ctx, int64_t bed_id, int64_t pid, const char *start,
    const char *end, const char *reason, const char *note, int64_t *id)
{
	struct bed_allowance a;
	struct access_grant g;
	struct db_stmt *st;
	enum db_res r;
	int64_t n;
	int rc;

	if (!in_list(bed_reason_codes, reason))
		return bad(ctx, "bedstay.reason.invalid", "reason",
		    "Le motif est sortie_hospitalisation, defaillance_aidant, "
		    "crise ou repit.");
	if (!text_ok(note, 0))
		return bad(ctx, "bedstay.note.invalid", "note",
		    "La note fait 500 caractères au plus.");
	/* A stay and its reason are care data of the person's record: a
	 * write on her care part (which supposes reading her identity), as
	 * the nurse on call may (her profession writes no identity). */
	rc = access_require(
	    ctx, pid, CAT_BIT(CAT_SOINS), ACT_WRITE, "bedstay.create", &g);
	if (rc == E_OK)
		rc = lock_bed(ctx, bed_id);
	if (rc == E_OK)
		rc = not_retired(ctx, bed_id);
	if (rc == E_OK)
		rc = allowance(ctx, pid, 0, start, end, &a);
	if (rc == E_OK)
		rc = check_limits(ctx, &a);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_BED_CLOSED_COUNT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, bed_id);
	db_bind_text(st, 3, end);
	db_bind_text(st, 4, start);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	if (db_col_i64(st, 0) > 0)
		return err_set(ctx, E_CONFLICT, "bedstay.closed", "start_on",
		    "Cette place est fermée pendant une partie de ce séjour.");
	rc = stays_on(ctx, bed_id, 0, start, end, &n);
	if (rc != E_OK)
		return rc;
	if (n > 0)
		return err_set(ctx, E_CONFLICT, "bedstay.overlap", "start_on",
		    "Cette place est déjà réservée ou occupée sur cette "
		    "période.");
	rc = person_busy(ctx, pid, start, end);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_BED_STAY_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, bed_id);
	db_bind_i64(st, 3, pid);
	db_bind_text(st, 4, reason);
	db_bind_text(st, 5, start);
	db_bind_text(st, 6, end);
	db_bind_text(st, 7, note != NULL && note[0] != '\0' ? note : NULL);
	db_bind_text(st, 8, ctx->now);
	db_bind_i64(st, 9, ctx->user_id);
	db_bind_text(st, 10, ctx->now);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? ctx->err : E_INTERNAL;
	*id = db_col_i64(st, 0);
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	return event_emit(ctx, "bed.changed", 0, bed_id);
}

static int
load_stay(struct ctx *ctx, int64_t id, struct bed_stay *s)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_STAY_GET);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	if (db_one(ctx, st, "bedstay.not_found", STAY_MISSING) != E_OK)
		return ctx->err;
	row_stay(ctx, st, s);
	return E_OK;
}

static const struct access_missing stay_missing = { E_NOT_FOUND,
	"bedstay.not_found", NULL, STAY_MISSING };

/* The stay, its person decided for `act` and traced as `action`. */
static int
stay_for(struct ctx *ctx, int64_t id, enum act act, const char *action,
    struct bed_stay *s)
{
	struct access_grant g;
	/* Reading a stay is reading the identity; moving it is a write on
	 * the care part, as booking it. */
	unsigned cats =
	    act == ACT_WRITE ? CAT_BIT(CAT_SOINS) : CAT_BIT(CAT_ADMIN);
	int rc;

	rc = load_stay(ctx, id, s);
	if (rc != E_OK)
		return rc;
	rc = access_require_sub(
	    ctx, s->person_id, cats, act, action, &g, &stay_missing);
	if (rc == E_OK && !(g.read & CAT_BIT(CAT_SOINS)))
		s->reason = s->note = NULL;
	return rc;
}

int
bed_stay_get(struct ctx *ctx, int64_t id, struct bed_stay *s)
{
	return stay_for(ctx, id, ACT_READ, "bedstay.read", s);
}

static int
state(struct ctx *ctx, const char *msg)
{
	return err_set(ctx, E_CONFLICT, "bedstay.state", NULL, msg);
}

/* A day for an arrival or a departure: from `from`, not after today. */
static int
day_in(struct ctx *ctx, const char **on, const char *from, const char *msg)
{
	const char *tday = today(ctx);

	if (*on == NULL)
		*on = tday;
	if (!clock_valid_date(*on) || strcmp(*on, from) < 0 ||
	    strcmp(*on, tday) > 0)
		return bad(ctx, "bedstay.on.invalid", "on", msg);
	return E_OK;
}

static int
stay_move(struct ctx *ctx, int64_t id, enum q q, const char *on,
    const struct bed_stay *s, const char *what)
{
	struct db_stmt *st = db_stmt(ctx->db, q);
	int rc;

	db_bind_text(st, 1, on);
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) != 1)
		rc = state(ctx, "Ce séjour vient de changer : rechargez.");
	if (rc == E_OK)
		audit_add(ctx, what, s->person_id, "admin", "-", "ok",
		    arena_printf(
			&ctx->arena, "stay=%lld on=%s", (long long)id, on));
	return rc != E_OK ? rc : event_emit(ctx, "bed.changed", 0, s->bed_id);
}

/* An arrival or a departure: the status it leaves, its trace, its
 * statement and its words. */
static const struct {
	const char *status, *action, *trace, *state_msg, *day_msg;
	enum q q;
} steps[] = {
	{ "booked", "bedstay.arrival", "bedstay.arrived",
	    "L'arrivée se note une fois, sur un séjour réservé.",
	    "L'arrivée est entre la date d'entrée prévue et aujourd'hui.",
	    Q_BED_STAY_ARRIVE },
	{ "in_progress", "bedstay.departure", "bedstay.ended",
	    "La sortie se note une fois, après l'arrivée.",
	    "La sortie est entre l'arrivée et aujourd'hui.",
	    Q_BED_STAY_DEPART },
};

static int
stay_step(struct ctx *ctx, int64_t id, const char *on, int k)
{
	struct bed_stay s;
	int rc;

	rc = stay_for(ctx, id, ACT_WRITE, steps[k].action, &s);
	if (rc != E_OK)
		return rc;
	if (strcmp(s.status, steps[k].status) != 0)
		return state(ctx, steps[k].state_msg);
	rc = day_in(
	    ctx, &on, k == 0 ? s.start_on : s.arrived_on, steps[k].day_msg);
	if (rc == E_OK && k == 0 && strcmp(on, s.planned_end_on) >= 0)
		rc = bad(ctx, "bedstay.on.invalid", "on",
		    "L'arrivée est avant la sortie prévue.");
	return rc != E_OK
	    ? rc
	    : stay_move(ctx, id, steps[k].q, on, &s, steps[k].trace);
}

int
bed_stay_arrive(struct ctx *ctx, int64_t id, const char *on)
{
	return stay_step(ctx, id, on, 0);
}

int
bed_stay_depart(struct ctx *ctx, int64_t id, const char *on)
{
	return stay_step(ctx, id, on, 1);
}

int
bed_stay_cancel(struct ctx *ctx, int64_t id)
{
	struct bed_stay s;
	struct db_stmt *st;
	int rc;

	rc = stay_for(ctx, id, ACT_WRITE, "bedstay.cancel", &s);
	if (rc != E_OK)
		return rc;
	if (strcmp(s.status, "booked") != 0)
		return state(ctx,
		    "Seule une réservation pas encore commencée "
		    "s'annule.");
	st = db_stmt(ctx->db, Q_BED_STAY_CANCEL);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, id);
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) != 1)
		rc = state(ctx, "Ce séjour vient de changer : rechargez.");
	return rc != E_OK ? rc : event_emit(ctx, "bed.changed", 0, s.bed_id);
}

int
bed_stays_of_person(struct ctx *ctx, const struct access_grant *g,
    struct bed_stay **out, int *n)
{
	struct db_stmt *st;
	int i, rc;

	*n = 0;
	*out = NULL;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_BED_STAY_OF_PERSON);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	rc = collect(ctx, st, sizeof(**out), row_stay, out, n);
	for (i = 0; rc == E_OK && i < *n; i++)
		if (!(g->read & CAT_BIT(CAT_SOINS)))
			(*out)[i].reason = (*out)[i].note = NULL;
	return rc;
}

/* ---- the board ---- */

static void
row_closure(struct ctx *ctx, struct db_stmt *st, void *e)
{
	struct bed_closure *c = e;

	c->id = db_col_i64(st, 0);
	c->bed_id = db_col_i64(st, 1);
	c->start_on = db_col_dup(ctx, st, 2);
	c->end_on = db_col_dup(ctx, st, 3);
	c->reason = db_col_dup(ctx, st, 4);
}

static int
closures_in(struct ctx *ctx, const char *from, const char *last,
    struct bed_closure **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_CLOSURES);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, last);
	db_bind_text(st, 3, from);
	return collect(ctx, st, sizeof(**out), row_closure, out, n);
}

/* Stays meeting the nights [from, to), without deciding their persons. */
static int
stays_in(struct ctx *ctx, const char *from, const char *to,
    struct bed_stay **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_STAY_WINDOW);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, from);
	return collect(ctx, st, sizeof(**out), row_stay, out, n);
}

/* The state of place b on day d (day numbers), from the rows read. */
static enum bed_state
state_on(struct ctx *ctx, const struct bed *b, long d, long tday,
    const struct bed_stay *s, int ns, const struct bed_closure *c, int nc)
{
	enum bed_state best = BED_FREE;
	long s0, s1;
	int i;

	(void)ctx;
	/* A retired place is not open from its retirement on (issue 13 §4):
	 * its earlier days keep their state, so the statistics stay. */
	if (b->retired_on != NULL && d >= day_num(b->retired_on))
		return BED_CLOSED;
	for (i = 0; i < nc; i++)
		if (c[i].bed_id == b->id && day_num(c[i].start_on) <= d &&
		    d <= day_num(c[i].end_on))
			return BED_CLOSED;
	for (i = 0; i < ns; i++) {
		if (s[i].bed_id != b->id)
			continue;
		if (s[i].arrived_on != NULL) {
			s0 = day_num(s[i].arrived_on);
			s1 = s[i].ended_on != NULL
			    ? day_num(s[i].ended_on)
			    : day_num(s[i].planned_end_on);
			if (s[i].ended_on == NULL && s1 <= tday)
				s1 = tday + 1;
			if (s0 <= d && d < s1)
				return BED_OCCUPIED;
		} else if (day_num(s[i].start_on) <= d &&
		    d < day_num(s[i].planned_end_on))
			best = BED_BOOKED;
	}
	return best;
}

int
bed_board(struct ctx *ctx, const char *from, int ndays, struct bed_board *bb)
{
	struct access_grant g;
	enum access_row row;
	const char *last, *to;
	long f, tday;
	int i, j, rc;

	memset(bb, 0, sizeof(*bb));
	bb->today = today(ctx);
	if (from == NULL)
		from = bb->today;
	if (!clock_valid_date(from))
		return bad(ctx, "query.from.invalid", "from",
		    "Le début (from) est une date AAAA-MM-JJ.");
	if (ndays < 1 || ndays > BED_BOARD_MAX_DAYS)
		return bad(ctx, "query.days.invalid", "days",
		    "Le nombre de jours (days) va de 1 à 92.");
	bb->from = from;
	bb->ndays = ndays;
	last = dup_day(ctx, from, ndays - 1);
	to = dup_day(ctx, from, ndays);
	/* Today is always read too, for the count of free places. */
	if (strcmp(bb->today, from) < 0)
		from = bb->today;
	if (strcmp(bb->today, last) > 0)
		last = bb->today, to = dup_day(ctx, bb->today, 1);
	rc = beds_all(ctx, &bb->beds, &bb->nbeds);
	if (rc == E_OK)
		rc =
		    closures_in(ctx, from, last, &bb->closures, &bb->nclosures);
	if (rc == E_OK)
		rc = stays_in(ctx, from, to, &bb->stays, &bb->nstays);
	if (rc != E_OK)
		return rc;
	bb->states = arena_alloc(&ctx->arena, (size_t)bb->nbeds * ndays + 1);
	f = day_num(bb->from);
	tday = day_num(bb->today);
	for (i = 0; i < bb->nbeds; i++) {
		for (j = 0; j < ndays; j++)
			bb->states[i * ndays + j] = (unsigned char)state_on(ctx,
			    &bb->beds[i], f + j, tday, bb->stays, bb->nstays,
			    bb->closures, bb->nclosures);
		if (state_on(ctx, &bb->beds[i], tday, tday, bb->stays,
			bb->nstays, bb->closures, bb->nclosures) == BED_FREE &&
		    day_num(bb->beds[i].opened_on) <= tday)
			bb->free_today++;
	}
	/* Each stay shown names a person: decided and traced one by one. */
	for (i = 0; i < bb->nstays; i++) {
		rc = access_list_row(ctx, bb->stays[i].person_id,
		    CAT_BIT(CAT_ADMIN), "bed.list", &g, &row);
		if (rc != E_OK)
			return rc;
		if (row == ACCESS_ROW_HIDDEN)
			hide(&bb->stays[i]);
		else if (!(g.read & CAT_BIT(CAT_SOINS)))
			bb->stays[i].reason = bb->stays[i].note = NULL;
	}
	return E_OK;
}

int
bed_free_today(struct ctx *ctx, int *n)
{
	struct bed_stay *s = NULL;
	struct bed_closure *c = NULL;
	struct bed *b = NULL;
	const char *tday = today(ctx);
	int nb, ns, nc, i, rc;
	long t = day_num(tday);

	*n = 0;
	rc = beds_all(ctx, &b, &nb);
	if (rc == E_OK)
		rc = closures_in(ctx, tday, tday, &c, &nc);
	if (rc == E_OK)
		rc = stays_in(ctx, tday, dup_day(ctx, tday, 1), &s, &ns);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < nb; i++)
		if (day_num(b[i].opened_on) <= t &&
		    state_on(ctx, &b[i], t, t, s, ns, c, nc) == BED_FREE)
			(*n)++;
	return E_OK;
}

/* ---- refusals and occupancy ---- */

int
bed_refusal_add(struct ctx *ctx, int64_t pid, const char *asked_by,
    const char *asked_at, const char *reason, int64_t *id)
{
	char iso[CLOCK_ISO_LEN + 1];
	struct access_grant g;
	struct db_stmt *st;
	int64_t ms;
	enum db_res r;
	int rc;

	if (!text_ok(asked_by, 1) || strlen(asked_by) > 200)
		return bad(ctx, "bed_refusal.asked_by.invalid", "asked_by",
		    "Dites qui a demandé (200 caractères au plus).");
	if (!text_ok(reason, 1))
		return bad(ctx, "bed_refusal.reason.invalid", "reason",
		    "Donnez le motif de la demande (500 caractères au plus).");
	if (asked_at == NULL)
		asked_at = ctx->now;
	else if (clock_parse_iso(asked_at, &ms) != 0 ||
	    ms / 1000 > clock_now_s() + 3600)
		return bad(ctx, "bed_refusal.asked_at.invalid", "asked_at",
		    "La date de la demande est un instant ISO 8601 passé.");
	else {
		clock_fmt_iso(iso, (time_t)(ms / 1000), (int)(ms % 1000));
		asked_at = arena_strdup(&ctx->arena, iso);
	}
	if (pid != 0) {
		rc = access_require(
		    ctx, pid, CAT_BIT(CAT_ADMIN), ACT_READ, "bed.refusal", &g);
		if (rc != E_OK)
			return rc;
	}
	st = db_stmt(ctx->db, Q_BED_REFUSAL_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	if (pid != 0)
		db_bind_i64(st, 2, pid);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, asked_by);
	db_bind_text(st, 4, asked_at);
	db_bind_text(st, 5, reason);
	db_bind_text(st, 6, ctx->now);
	db_bind_i64(st, 7, ctx->user_id);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? ctx->err : E_INTERNAL;
	*id = db_col_i64(st, 0);
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	return event_emit(ctx, "bed.changed", 0, 0);
}

static int
refusals_of(struct ctx *ctx, int y, struct bed_occupancy *o)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BED_REFUSALS);
	struct bed_refusal *v = NULL, *x;
	const char *day;
	enum db_res r;
	int cap = 0, m;

	/* A day's margin each side; the local day decides the month. */
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, arena_printf(&ctx->arena, "%04d-12-31", y - 1));
	db_bind_text(st, 3, arena_printf(&ctx->arena, "%04d-01-02", y + 1));
	while ((r = db_step(ctx, st)) == DB_ROW) {
		day = clock_paris_date(&ctx->arena, db_col_text(st, 3));
		if (day == NULL ||
		    strncmp(day, arena_printf(&ctx->arena, "%04d-", y), 5) != 0)
			continue;
		m = (day[5] - '0') * 10 + (day[6] - '0');
		if (m < 1 || m > 12)
			continue;
		o->months[m - 1].refusals++;
		o->refusals++;
		x = arena_push(&ctx->arena, &v, &o->nitems, &cap, sizeof(*v));
		if (x == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		x->id = db_col_i64(st, 0);
		x->person_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
		x->asked_by = db_col_dup(ctx, st, 2);
		x->asked_at = db_col_dup(ctx, st, 3);
		x->reason = db_col_dup(ctx, st, 4);
		x->created_at = db_col_dup(ctx, st, 5);
		x->created_by = db_col_dup(ctx, st, 6);
	}
	o->items = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
bed_occupancy(struct ctx *ctx, int y, struct bed_occupancy *o)
{
	struct bed_closure *c = NULL;
	struct bed_stay *s = NULL;
	struct bed *b = NULL;
	const char *from, *to;
	long d0, d1, tday, d, open;
	int nb, ns, nc, i, m, rc;
	enum bed_state st;

	memset(o, 0, sizeof(*o));
	if (y < 2000 || y > 2200)
		return bad(ctx, "query.year.invalid", "year",
		    "L'année (year) va de 2000 à 2200.");
	o->year = y;
	from = arena_printf(&ctx->arena, "%04d-01-01", y);
	to = arena_printf(&ctx->arena, "%04d-01-01", y + 1);
	tday = day_num(today(ctx));
	rc = beds_all(ctx, &b, &nb);
	if (rc == E_OK)
		rc = closures_in(ctx, from,
		    arena_printf(&ctx->arena, "%04d-12-31", y), &c, &nc);
	if (rc == E_OK)
		rc = stays_in(ctx, from, to, &s, &ns);
	if (rc == E_OK)
		rc = refusals_of(ctx, y, o);
	if (rc != E_OK)
		return rc;
	/* Only stays under way or ended occupy a night: a booking not
	 * begun is not an occupation. */
	for (m = 1; m <= 12; m++) {
		o->months[m - 1].month = m;
		d0 = calendar_days(y, m, 1);
		d1 = d0 + bed_month_days(y, m);
		if (d1 > tday + 1)
			d1 = tday + 1;
		for (i = 0; i < nb; i++) {
			open = day_num(b[i].opened_on);
			for (d = d0 > open ? d0 : open; d < d1; d++) {
				st =
				    state_on(ctx, &b[i], d, tday, s, ns, c, nc);
				if (st == BED_CLOSED)
					continue;
				o->months[m - 1].open_days++;
				if (st == BED_OCCUPIED)
					o->months[m - 1].occupied_days++;
			}
		}
		o->open_days += o->months[m - 1].open_days;
		o->occupied_days += o->months[m - 1].occupied_days;
	}
	return E_OK;
}
