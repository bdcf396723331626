/*
 * The on-call roster (issue 13): the computation of the final roster and
 * its gaps from the layers, rotations and overrides (pure, unit-tested
 * across both 2026 DST nights and the holidays), the loading of a CRT's
 * definition, and who answers at an instant (roster_at, used by the
 * alarms and the alert routing). Editing and publishing live in
 * roster_edit.c. Times: the layers are local wall clock in the CRT's
 * zone, expanded per local date through calendar.h; everything after
 * that is UTC, so counted hours are real hours.
 */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/oncall/roster.h"

const char *const roster_kind_codes[ROSTER__MAX + 1] = { "day", "night",
	"weekend", "holiday", NULL };
const char *const roster_kind_labels[ROSTER__MAX + 1] = { "Jour de semaine",
	"Nuit", "Week-end (jour)", "Jour férié (jour)", NULL };

int
roster_is_nurse(const char *p)
{
	return p != NULL &&
	    (strcmp(p, "ide") == 0 || strcmp(p, "idec") == 0 ||
		strcmp(p, "medecin") == 0);
}

int
roster_level_allows(int level, const char *p)
{
	if (p == NULL)
		return 0;
	if (level == 2)
		return roster_is_nurse(p);
	if (level == 1)
		return roster_is_nurse(p) || strcmp(p, "aide_soignant") == 0 ||
		    strcmp(p, "asg") == 0 || strcmp(p, "aes") == 0;
	return 0;
}

static int
person_available(const struct roster_person *p)
{
	return !p->disabled && p->phone != NULL && p->phone[0] != '\0' &&
	    (p->user_id != 0 || p->org_id != 0);
}

/* SPEC: issue 13 — which local dates a layer covers. */
static int
layer_covers(
    const struct roster_def *d, enum roster_kind k, int y, int m, int dd)
{
	int wd = calendar_weekday(y, m, dd);
	int hol = calendar_holiday(y, m, dd, d->dept, d->whit_worked) != NULL;

	switch (k) {
	case ROSTER_DAY:
		return wd < 5 && !hol;
	case ROSTER_NIGHT:
		return 1;
	case ROSTER_WEEKEND:
		return wd >= 5 && !hol;
	case ROSTER_HOLIDAY:
		return hol;
	default:
		return 0;
	}
}

/* Floor division (turns before the rotation's start count backwards). */
static long
floordiv(long a, long b)
{
	long q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static time_t
local_at(const char *tz, long day, int min)
{
	struct calendar_local l;

	calendar_from_days(day, &l.y, &l.m, &l.d);
	l.hh = min / 60;
	l.mm = min % 60;
	return calendar_to_utc(tz, &l);
}

static int
cmp_ovr(const void *a, const void *b)
{
	const struct roster_override *x =
	    *(const struct roster_override *const *)a;
	const struct roster_override *y =
	    *(const struct roster_override *const *)b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_shift(const void *a, const void *b)
{
	const struct roster_shift *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->level != y->level)
		return x->level - y->level;
	return x->end < y->end ? -1 : x->end > y->end;
}

struct shifts {
	struct arena *a;
	struct roster_shift *v;
	int n, cap;
	int full; /* the arena's cap was reached */
};

static void
emit(struct shifts *s, const struct roster_shift *sh, time_t from, time_t to)
{
	struct roster_shift *e;

	if (sh->end <= from || sh->start >= to || sh->end <= sh->start)
		return;
	e = arena_push(s->a, &s->v, &s->n, &s->cap, sizeof(*e));
	if (e == NULL) {
		/* The arena's cap (far above 52 weeks): the computation fails
		 * (roster_compute -1), the server does not. */
		s->full = 1;
		return;
	}
	*e = *sh;
	if (e->start < from)
		e->start = from;
	if (e->end > to)
		e->end = to;
}

/* A gap-sweep event: a shift starting (+1) or ending (-1). */
struct ev {
	time_t t;
	int delta, level, avail, nurse;
};

static int
cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

/* 0, or -1 at the arena's cap. */
static int
gaps_sweep(struct arena *a, const struct roster_shift *sh, int n, time_t from,
    time_t to, struct roster_result *r)
{
	struct ev *ev;
	struct roster_gap *g;
	int i, k, ne = 0, cap = 0, all[3] = { 0 }, av[3] = { 0 }, nurse = 0;
	time_t cur = from, t;
	unsigned flags;

	r->gaps = NULL;
	r->n_gaps = 0;
	r->overlap_s = 0;
	ev = n ? arena_alloc(a, sizeof(*ev) * (size_t)n * 2) : NULL;
	if (n && ev == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		int avail = sh[i].available;
		int nu = avail && roster_is_nurse(sh[i].who.profession);

		ev[ne++] =
		    (struct ev){ sh[i].start, 1, sh[i].level, avail, nu };
		ev[ne++] = (struct ev){ sh[i].end, -1, sh[i].level, avail, nu };
	}
	if (ne)
		qsort(ev, (size_t)ne, sizeof(*ev), cmp_ev);
	for (i = 0; i <= ne; i++) {
		t = i < ne ? ev[i].t : to;
		if (t > cur) {
			flags = 0;
			if (av[1] == 0)
				flags |= ROSTER_GAP_L1;
			if (av[2] == 0)
				flags |= ROSTER_GAP_L2;
			if (nurse == 0)
				flags |= ROSTER_GAP_NURSE;
			if (all[1] > 1 || all[2] > 1)
				r->overlap_s += (long)(t - cur);
			k = r->n_gaps;
			if (flags && k > 0 && r->gaps[k - 1].end == cur &&
			    r->gaps[k - 1].flags == flags)
				r->gaps[k - 1].end = t;
			else if (flags) {
				g = arena_push(
				    a, &r->gaps, &r->n_gaps, &cap, sizeof(*g));
				if (g == NULL)
					return -1;
				g->start = cur;
				g->end = t;
				g->flags = flags;
			}
			cur = t;
		}
		if (i == ne)
			break;
		k = ev[i].level >= 1 && ev[i].level <= 2 ? ev[i].level : 0;
		all[k] += ev[i].delta;
		if (ev[i].avail)
			av[k] += ev[i].delta;
		nurse += ev[i].nurse ? ev[i].delta : 0;
	}
	return 0;
}

int
roster_compute(struct arena *a, const struct roster_def *d, time_t from,
    time_t to, struct roster_result *r)
{
	struct calendar_local l0, l1;
	struct shifts s = { a, NULL, 0, 0, 0 };
	const struct roster_override **ov = NULL;
	struct roster_shift sh;
	long day, first, last, turn;
	time_t cur, ostart, oend;
	int i, j, nov = 0;

	memset(r, 0, sizeof(*r));
	if (calendar_to_local(d->tz, from, &l0) != 0 ||
	    calendar_to_local(d->tz, to, &l1) != 0)
		return -1;
	/* A shift starting the day before `from` may still run (a night);
	 * two days back covers a 24-hour layer across a DST change. */
	first = calendar_days(l0.y, l0.m, l0.d) - 2;
	last = calendar_days(l1.y, l1.m, l1.d);
	if (d->n_overrides > 0) {
		ov = arena_alloc(a, sizeof(*ov) * (size_t)d->n_overrides);
		if (ov == NULL)
			return -1;
		for (i = 0; i < d->n_overrides; i++)
			ov[nov++] = &d->overrides[i];
		qsort(ov, (size_t)nov, sizeof(*ov), cmp_ovr);
	}
	for (i = 0; i < d->n_layers; i++) {
		const struct roster_layer *ly = &d->layers[i];

		if (ly->n_members <= 0 || ly->turn_days < 1)
			continue;
		for (day = first; day <= last; day++) {
			int y, m, dd;

			calendar_from_days(day, &y, &m, &dd);
			if (!layer_covers(d, ly->kind, y, m, dd))
				continue;
			memset(&sh, 0, sizeof(sh));
			sh.level = ly->level;
			sh.layer_id = ly->id;
			sh.kind = ly->kind;
			sh.start = local_at(d->tz, day, ly->start_min);
			sh.end = local_at(d->tz,
			    ly->end_min <= ly->start_min ? day + 1 : day,
			    ly->end_min);
			if (sh.end <= from || sh.start >= to)
				continue;
			turn = floordiv(day - ly->rotation_day, ly->turn_days);
			turn %= ly->n_members;
			if (turn < 0)
				turn += ly->n_members;
			sh.who = ly->members[turn];
			sh.available = person_available(&sh.who);
			/* The overrides of this level cut the turn. */
			cur = sh.start;
			for (j = 0; j < nov && cur < sh.end; j++) {
				if (ov[j]->level != sh.level ||
				    ov[j]->end <= cur || ov[j]->start >= sh.end)
					continue;
				if (ov[j]->start > cur) {
					struct roster_shift piece = sh;

					piece.start = cur;
					piece.end = ov[j]->start;
					emit(&s, &piece, from, to);
				}
				if (ov[j]->end > cur)
					cur = ov[j]->end;
			}
			if (cur < sh.end) {
				struct roster_shift piece = sh;

				piece.start = cur;
				emit(&s, &piece, from, to);
			}
		}
	}
	for (j = 0; j < nov; j++) {
		ostart = ov[j]->start;
		oend = ov[j]->end;
		memset(&sh, 0, sizeof(sh));
		sh.level = ov[j]->level;
		sh.override_id = ov[j]->id;
		sh.kind = ROSTER_DAY;
		/* Named after the layer it replaces, where it starts. */
		for (i = 0; i < s.n; i++)
			if (s.v[i].level == sh.level && s.v[i].end == ostart)
				sh.kind = s.v[i].kind;
		sh.start = ostart;
		sh.end = oend;
		sh.who = ov[j]->who;
		sh.available = person_available(&sh.who);
		emit(&s, &sh, from, to);
	}
	if (s.n)
		qsort(s.v, (size_t)s.n, sizeof(*s.v), cmp_shift);
	r->shifts = s.v;
	r->n_shifts = s.n;
	if (s.full)
		return -1;
	return gaps_sweep(a, s.v, s.n, from, to, r);
}

/* ---- Loading ---- */

static int
parse_hm(const char *s)
{
	int h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	return h * 60 + m;
}

static enum roster_kind
kind_of(const char *s)
{
	int i;

	for (i = 0; i < ROSTER__MAX; i++)
		if (s != NULL && strcmp(roster_kind_codes[i], s) == 0)
			return (enum roster_kind)i;
	return ROSTER__MAX;
}

/* A person read from the columns at `c`: user_id, org_id, name,
 * profession, phone, disabled, organisation name. */
static void
person_read(struct ctx *ctx, struct db_stmt *st, int c, struct roster_person *p)
{
	const char *org;

	memset(p, 0, sizeof(*p));
	p->user_id = db_col_null(st, c) ? 0 : db_col_i64(st, c);
	p->org_id = db_col_null(st, c + 1) ? 0 : db_col_i64(st, c + 1);
	p->name = db_col_dup(ctx, st, c + 2);
	p->profession = db_col_dup(ctx, st, c + 3);
	p->phone = db_col_dup(ctx, st, c + 4);
	p->disabled = (int)db_col_i64(st, c + 5) != 0;
	if (p->user_id == 0 && p->org_id == 0) {
		/* A vacancy: nobody answers. */
		p->name = "Créneau vacant";
		p->profession = NULL;
		p->phone = NULL;
		return;
	}
	if (p->user_id == 0) {
		/* A partner's pooled night nurse: a nurse, named with her
		 * organisation. */
		p->profession = "ide";
		org = db_col_text(st, c + 6);
		if (org != NULL)
			p->name = arena_printf(&ctx->arena, "%s (%s)",
			    p->name ? p->name : "Infirmier(ère) de nuit", org);
	}
	if (p->name == NULL)
		p->name = "";
}

int
roster_load(
    struct ctx *ctx, int64_t crt_id, time_t since, struct roster_def *out)
{
	struct roster_layer *ly = NULL;
	struct roster_override *ov = NULL, *o;
	struct roster_person *pp;
	struct calendar_local l;
	struct db_stmt *st;
	enum db_res r;
	char iso[CLOCK_ISO_LEN + 1];
	int nl = 0, capl = 0, no = 0, capo = 0, i, *caps;
	int64_t layer_id, ms;

	memset(out, 0, sizeof(*out));
	out->tz = "Europe/Paris";
	st = db_stmt(ctx->db, Q_ROSTER_CRT);
	db_bind_i64(st, 1, crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		if (!db_col_null(st, 0) && calendar_zone_ok(db_col_text(st, 0)))
			out->tz = db_col_dup(ctx, st, 0);
		out->dept = db_col_dup(ctx, st, 1);
		out->whit_worked = (int)db_col_i64(st, 2);
		(void)db_step(ctx, st);
	}
	st = db_stmt(ctx->db, Q_ROSTER_LAYERS);
	db_bind_i64(st, 1, crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		struct roster_layer *e;

		e = arena_push(&ctx->arena, &ly, &nl, &capl, sizeof(*e));
		if (e == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Astreinte trop volumineuse.");
		memset(e, 0, sizeof(*e));
		e->id = db_col_i64(st, 0);
		e->kind = kind_of(db_col_text(st, 1));
		e->level = (int)db_col_i64(st, 2);
		e->start_min = parse_hm(db_col_text(st, 3));
		e->end_min = parse_hm(db_col_text(st, 4));
		if (calendar_parse_date(db_col_text(st, 5), &l) == 0)
			e->rotation_day = calendar_days(l.y, l.m, l.d);
		e->turn_days = (int)db_col_i64(st, 6);
		/* A row the editor could not have stored: ignored (a gap). */
		if (e->kind == ROSTER__MAX || e->start_min < 0 ||
		    e->end_min < 0)
			e->turn_days = 0;
	}
	if (r == DB_ERR)
		return ctx->err;
	caps = nl ? arena_alloc(&ctx->arena, sizeof(*caps) * (size_t)nl) : NULL;
	for (i = 0; i < nl; i++)
		caps[i] = 0;
	st = db_stmt(ctx->db, Q_ROSTER_MEMBERS);
	db_bind_i64(st, 1, crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		layer_id = db_col_i64(st, 0);
		for (i = 0; i < nl && ly[i].id != layer_id; i++)
			;
		if (i == nl)
			continue;
		pp = arena_push(&ctx->arena, &ly[i].members, &ly[i].n_members,
		    &caps[i], sizeof(*pp));
		if (pp == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Astreinte trop volumineuse.");
		person_read(ctx, st, 2, pp);
	}
	if (r == DB_ERR)
		return ctx->err;
	clock_fmt_iso(iso, since, 0);
	st = db_stmt(ctx->db, Q_ROSTER_OVERRIDES);
	db_bind_i64(st, 1, crt_id);
	db_bind_text(st, 2, iso);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		o = arena_push(&ctx->arena, &ov, &no, &capo, sizeof(*o));
		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Astreinte trop volumineuse.");
		memset(o, 0, sizeof(*o));
		o->id = db_col_i64(st, 0);
		o->level = (int)db_col_i64(st, 1);
		o->start = clock_parse_iso(db_col_text(st, 2), &ms) == 0
		    ? (time_t)(ms / 1000)
		    : 0;
		o->end = clock_parse_iso(db_col_text(st, 3), &ms) == 0
		    ? (time_t)(ms / 1000)
		    : 0;
		person_read(ctx, st, 4, &o->who);
		o->kind = db_col_dup(ctx, st, 11);
	}
	if (r == DB_ERR)
		return ctx->err;
	out->layers = ly;
	out->n_layers = nl;
	out->overrides = ov;
	out->n_overrides = no;
	return E_OK;
}

/* The roster could not be computed (the CRT's zone unknown, or the
 * computation's arena full): an error, never an empty roster. */
int
roster_compute_failed(struct ctx *ctx)
{
	return err_set(ctx, E_INTERNAL, "oncall.compute", NULL,
	    "Le tableau d'astreinte n'a pas pu être calculé.");
}

/* The shifts of the final roster running at t, whole (computed over
 * three days each side, so a night is not clipped to the instant). */
#define AROUND_S (3 * 86400)
static int
shifts_at(struct ctx *ctx, int64_t crt_id, time_t t, struct roster_result *r)
{
	struct roster_def d;
	int i, k = 0, rc;

	rc = roster_load(ctx, crt_id, t - AROUND_S, &d);
	if (rc != E_OK)
		return rc;
	if (roster_compute(&ctx->arena, &d, t - AROUND_S, t + AROUND_S, r) !=
	    0) {
		/* Not « nobody on call »: the answer is unknown. */
		memset(r, 0, sizeof(*r));
		return roster_compute_failed(ctx);
	}
	for (i = 0; i < r->n_shifts; i++)
		if (r->shifts[i].start <= t && t < r->shifts[i].end)
			r->shifts[k++] = r->shifts[i];
	r->n_shifts = k;
	return E_OK;
}

int
roster_at(struct ctx *ctx, int64_t crt_id, time_t t,
    struct roster_answerer *out, int max, int *n)
{
	struct roster_result r;
	struct db_stmt *st;
	struct roster_answerer *a;
	enum db_res res;
	int i, lv, rc;

	*n = 0;
	rc = shifts_at(ctx, crt_id, t, &r);
	if (rc != E_OK)
		return rc;
	for (lv = 1; lv <= 2; lv++)
		for (i = 0; i < r.n_shifts && *n < max; i++) {
			if (r.shifts[i].level != lv || !r.shifts[i].available)
				continue;
			a = &out[(*n)++];
			memset(a, 0, sizeof(*a));
			a->level = lv;
			a->user_id = r.shifts[i].who.user_id;
			a->org_id = r.shifts[i].who.org_id;
			a->name = r.shifts[i].who.name;
			a->profession = r.shifts[i].who.profession;
			a->phone = r.shifts[i].who.phone;
			/* The whole shift, not the instant's clip. */
			a->start = r.shifts[i].start;
			a->end = r.shifts[i].end;
		}
	st = db_stmt(ctx->db, Q_ROSTER_FIXED);
	db_bind_i64(st, 1, crt_id);
	while ((res = db_step(ctx, st)) == DB_ROW) {
		if (*n >= max)
			continue;
		a = &out[(*n)++];
		memset(a, 0, sizeof(*a));
		a->level = 3;
		a->name = db_col_dup(ctx, st, 0);
		a->phone = db_col_dup(ctx, st, 1);
		a->profession = "";
	}
	if (res == DB_ERR)
		return ctx->err;
	/* SPEC: PRODUCT §5 — centre 15 always closes level 3. */
	if (*n < max) {
		a = &out[(*n)++];
		memset(a, 0, sizeof(*a));
		a->level = 3;
		a->name = "SAMU – centre 15";
		a->phone = "15";
		a->profession = "";
	}
	return E_OK;
}

int
roster_user_on_duty(
    struct ctx *ctx, int64_t crt_id, int64_t user_id, time_t t, int *level)
{
	struct roster_result r;
	int i, rc;

	*level = 0;
	if (user_id == 0)
		return E_OK;
	rc = shifts_at(ctx, crt_id, t, &r);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < r.n_shifts; i++)
		if (r.shifts[i].available &&
		    r.shifts[i].who.user_id == user_id &&
		    (*level == 0 || r.shifts[i].level < *level))
			*level = r.shifts[i].level;
	return E_OK;
}

int
roster_gap_each(struct ctx *ctx, int64_t crt_id, time_t from, time_t to,
    int (*fn)(void *, time_t, time_t, unsigned), void *arg)
{
	struct roster_result r;
	struct roster_def d;
	int i, rc;

	rc = roster_load(ctx, crt_id, from, &d);
	if (rc != E_OK)
		return rc;
	/* A CRT without any layer has no roster yet: no gap alerts. */
	if (d.n_layers == 0)
		return E_OK;
	/* Not « no gap » (that would close the gap alerts). */
	if (roster_compute(&ctx->arena, &d, from, to, &r) != 0)
		return roster_compute_failed(ctx);
	for (i = 0; i < r.n_gaps; i++) {
		rc = fn(arg, r.gaps[i].start, r.gaps[i].end, r.gaps[i].flags);
		if (rc != 0)
			return rc;
	}
	return E_OK;
}
