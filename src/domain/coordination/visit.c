/*
 * Visits at home: series, occurrences, markings (visit.h). Occurrences
 * are computed by calendar_expand() at each reading (the rule, EXDATE,
 * the holiday policy, DST: never re-implemented here); this module adds
 * the markings, the states, the absences of the support (suspension) and
 * the conflicts of one team member. It writes visit_series and visit_mark
 * only; every read of a person's visits is decided and traced by access/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/coordination/visit.h"
#include "domain/directory/org.h"
#include "domain/event.h"
#include "json/jv.h"

/* SPEC: issue 11 — the kinds of visit, one table of codes and labels. */
#define VISIT_KINDS(X) \
	X(soins, "Soins") \
	X(aide_domicile, "Aide à domicile") \
	X(toilette, "Toilette") \
	X(repas, "Repas") \
	X(passage_nuit, "Passage de nuit") \
	X(kine, "Kinésithérapie") \
	X(visite_coordination, "Visite de coordination") \
	X(levee_de_doute, "Levée de doute") \
	X(autre, "Autre")
#define KIND_CODE(c, l) #c,
#define KIND_LABEL(c, l) l,
const char *const visit_kind_codes[] = { VISIT_KINDS(KIND_CODE) NULL };
const char *const visit_kind_labels[] = { VISIT_KINDS(KIND_LABEL) NULL };

const char *const visit_state_codes[] = { "planned", "a_pointer", "done",
	"not_done", "moved", "suspended", NULL };
const char *const visit_mark_state_codes[] = { "done", "not_done", "moved",
	NULL };
const char *const visit_how_codes[] = { "qr", "hand", NULL };
const char *const visit_reason_codes[] = { "absent", "refus", "porte_close",
	"hospitalise", "annule_personne", "annule_service", "autre", NULL };
const char *const visit_reason_labels[] = { "Personne absente",
	"Refus de la personne", "Porte close", "Personne hospitalisée",
	"Annulé par la personne", "Annulé par le service", "Autre", NULL };

#define DAY 86400L
/* Days a series' rows are read beyond the window: an instance may be
 * moved a week by a holiday and last a day. */
#define MARGIN_DAYS 8
#define MAX_OCC 60000

static int
in_list(const char *const *list, const char *s)
{
	return s != NULL && jv_enum_index(list, s) >= 0;
}

static int
too_big(struct ctx *ctx)
{
	return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
	    "Trop de visites pour une seule réponse : réduisez la période.");
}

/* "YYYY-MM-DDTHH:MM:SSZ" of a UTC instant. */
static char *
utc_text(struct ctx *ctx, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return arena_printf(&ctx->arena, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
}

static char *
local_text(struct ctx *ctx, const struct calendar_local *l)
{
	return arena_printf(&ctx->arena, "%04d-%02d-%02dT%02d:%02d", l->y, l->m,
	    l->d, l->hh, l->mm);
}

static char *
date_text(struct ctx *ctx, const struct calendar_local *l)
{
	return arena_printf(&ctx->arena, "%04d-%02d-%02d", l->y, l->m, l->d);
}

/* A UTC instant "YYYY-MM-DDTHH:MM[:SS[.mmm]]Z": 0 / -1. */
static int
parse_utc(const char *s, time_t *t)
{
	struct calendar_local l;
	char date[17];
	size_t n = s ? strlen(s) : 0;
	int sec = 0;

	if (n < 17 || s[n - 1] != 'Z')
		return -1;
	memcpy(date, s, 16);
	date[16] = '\0';
	if (calendar_parse_local(date, &l) != 0)
		return -1;
	if (n == 20 || n == 24) {
		if (s[16] != ':' || s[17] < '0' || s[17] > '5' || s[18] < '0' ||
		    s[18] > '9')
			return -1;
		sec = (s[17] - '0') * 10 + (s[18] - '0');
		if (n == 24 &&
		    (s[19] != '.' || strspn(s + 20, "0123456789") != 3))
			return -1;
	} else if (n != 17)
		return -1;
	*t = (time_t)calendar_days(l.y, l.m, l.d) * DAY + l.hh * 3600L +
	    l.mm * 60L + sec;
	return 0;
}

/* A time given as local "YYYY-MM-DDTHH:MM" (the CRT's zone) or UTC. */
static int
parse_when(const char *tz, const char *s, time_t *t)
{
	struct calendar_local l;

	if (s != NULL && strlen(s) == 16) {
		if (calendar_parse_local(s, &l) != 0)
			return -1;
		*t = calendar_to_utc(tz, &l);
		return *t == (time_t)-1 ? -1 : 0;
	}
	return parse_utc(s, t);
}

static void
add_days(struct calendar_local *l, long days)
{
	calendar_from_days(
	    calendar_days(l->y, l->m, l->d) + days, &l->y, &l->m, &l->d);
}

/* Today in the CRT's zone. */
static void
today(struct ctx *ctx, const char *tz, struct calendar_local *l)
{
	time_t now = 0;

	if (parse_utc(ctx->now, &now) != 0)
		now = clock_now_s();
	calendar_to_local(tz, now, l);
	l->hh = l->mm = 0;
}

static int
calendar_of(struct ctx *ctx, struct org_calendar *cal)
{
	int rc = org_crt_calendar(ctx, cal);

	if (rc == E_OK && !calendar_zone_ok(cal->timezone))
		return err_set(ctx, E_INTERNAL, "server.error", NULL,
		    "Le fuseau horaire du CRT est inconnu du serveur.");
	return rc;
}

/* ---- Series rows ---------------------------------------------------- */

static void
series_row(struct ctx *ctx, struct db_stmt *st, struct visit_series *s)
{
	const char *fn, *ln;

	memset(s, 0, sizeof(*s));
	s->id = db_col_i64(st, 0);
	s->person_id = db_col_i64(st, 1);
	s->user_id = db_col_i64(st, 2);
	s->org_id = db_col_i64(st, 3);
	s->professional_id = db_col_i64(st, 4);
	s->kind = db_col_dup(ctx, st, 5);
	s->action_id = db_col_i64(st, 6);
	s->starts_local = db_col_dup(ctx, st, 7);
	s->duration_min = (int)db_col_i64(st, 8);
	s->rrule = db_col_dup(ctx, st, 9);
	s->exdates = db_col_dup(ctx, st, 10);
	s->until_on = db_col_dup(ctx, st, 11);
	s->holiday_policy = db_col_dup(ctx, st, 12);
	s->critical = db_col_i64(st, 13) != 0;
	s->grace_min = (int)db_col_i64(st, 14);
	s->note = db_col_dup(ctx, st, 15);
	s->created_at = db_col_dup(ctx, st, 16);
	s->updated_at = db_col_dup(ctx, st, 17);
	s->ended_at = db_col_dup(ctx, st, 18);
	s->replaces_id = db_col_i64(st, 19);
	s->user_name = db_col_dup(ctx, st, 20);
	s->user_profession = db_col_dup(ctx, st, 21);
	s->org_name = db_col_dup(ctx, st, 22);
	fn = db_col_text(st, 23);
	ln = db_col_text(st, 24);
	if (fn != NULL && ln != NULL)
		s->pro_name = arena_printf(&ctx->arena, "%s %s", fn, ln);
	s->pro_profession = db_col_dup(ctx, st, 25);
}

static int
series_load(struct ctx *ctx, int64_t id, struct visit_series *s)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_VISIT_GET);
	int rc;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	rc =
	    db_one(ctx, st, "visit.not_found", "Cette visite est introuvable.");
	if (rc != E_OK)
		return rc;
	series_row(ctx, st, s);
	return db_run(ctx, st);
}

/* The series of a query meeting local dates [lo, hi) (bounds of the SQL,
 * already widened). */
static int
series_list(struct ctx *ctx, const struct visit_query *q, const char *lo,
    const char *hi, struct visit_series **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_VISIT_LIST);
	struct visit_series *v = NULL, *s;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, hi);
	db_bind_text(st, 3, lo);
	db_bind_i64(st, 4, q->person_id);
	db_bind_i64(st, 5, q->user_id);
	db_bind_i64(st, 6, q->org_id);
	db_bind_i64(st, 7, q->all ? 1 : 0);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		s = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (s == NULL)
			return too_big(ctx);
		series_row(ctx, st, s);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

static int
marks_load(struct ctx *ctx, int64_t series_id, const char *lo, const char *hi,
    struct visit_mark **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_VISIT_MARKS);
	struct visit_mark *v = NULL, *m;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, series_id);
	db_bind_text(st, 3, lo);
	db_bind_text(st, 4, hi);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		m = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (m == NULL)
			return too_big(ctx);
		m->id = db_col_i64(st, 0);
		m->series_id = db_col_i64(st, 1);
		m->occ_key = db_col_dup(ctx, st, 2);
		m->state = db_col_dup(ctx, st, 3);
		m->arrived_at = db_col_dup(ctx, st, 4);
		m->left_at = db_col_dup(ctx, st, 5);
		m->how = db_col_dup(ctx, st, 6);
		m->hand_reason = db_col_dup(ctx, st, 7);
		m->reason_code = db_col_dup(ctx, st, 8);
		m->reason_text = db_col_dup(ctx, st, 9);
		m->moved_start = db_col_dup(ctx, st, 10);
		m->moved_duration_min = (int)db_col_i64(st, 11);
		m->marked_at = db_col_dup(ctx, st, 12);
		m->marked_by = db_col_i64(st, 13);
		m->marked_by_name = db_col_dup(ctx, st, 14);
		m->replaces_id = db_col_i64(st, 15);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

/* The calendar's view of a stored series. */
static int
to_calendar(const struct org_calendar *cal, const struct visit_series *s,
    struct calendar_series *cs)
{
	int i;

	memset(cs, 0, sizeof(*cs));
	cs->tz = cal->timezone;
	cs->dept = cal->departement;
	cs->whit_worked = cal->whit_monday_worked;
	if (calendar_parse_local(s->starts_local, &cs->start) != 0)
		return -1;
	cs->duration_min = s->duration_min;
	cs->rrule = s->rrule;
	cs->exdates = s->exdates;
	if (s->until_on != NULL) {
		if (calendar_parse_date(s->until_on, &cs->until) != 0)
			return -1;
		cs->has_until = 1;
	}
	i = jv_enum_index(calendar_policy_codes, s->holiday_policy);
	cs->policy = i >= 0 ? (enum calendar_policy)i : CAL_KEEP;
	return 0;
}

/* ---- Occurrences ---------------------------------------------------- */

struct absence {
	int64_t person_id;
	const char *start_on, *end_on;
};

struct build {
	struct ctx *ctx;
	struct org_calendar cal;
	time_t from_t, to_t, now;
	struct absence *abs;
	int nabs;
	struct visit_occ *v; /* occurrences being built */
	int n, cap;
	/* the series being expanded and its markings */
	const struct visit_series *s;
	struct visit_mark *marks;
	int nmarks;
};

static int
absences_load(struct build *b, const char *lo, const char *hi)
{
	struct ctx *ctx = b->ctx;
	struct db_stmt *st = db_stmt(ctx->db, Q_VISIT_ABSENCES);
	struct absence *a;
	enum db_res r;
	int cap = 0;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, hi);
	db_bind_text(st, 3, lo);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		a = arena_push(
		    &ctx->arena, &b->abs, &b->nabs, &cap, sizeof(*a));
		if (a == NULL)
			return too_big(ctx);
		a->person_id = db_col_i64(st, 0);
		a->start_on = db_col_dup(ctx, st, 1);
		a->end_on = db_col_dup(ctx, st, 2);
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

/* SPEC: issue 11 — an absence of the support (hospitalisation...)
 * suspends the person's visits for its duration. */
static int
suspended(const struct build *b, int64_t person_id, const char *day)
{
	int i;

	for (i = 0; i < b->nabs; i++)
		if (b->abs[i].person_id == person_id &&
		    strcmp(b->abs[i].start_on, day) <= 0 &&
		    (b->abs[i].end_on == NULL ||
			strcmp(b->abs[i].end_on, day) >= 0))
			return 1;
	return 0;
}

static int
occ_cb(void *arg, const struct calendar_occ *o)
{
	struct build *b = arg;
	struct ctx *ctx = b->ctx;
	const struct visit_series *s = b->s;
	const struct visit_mark *cur = NULL, *mv;
	struct visit_occ *v;
	struct calendar_local l = o->local;
	int i, j, replaced, cap = 0;
	time_t ms;

	if (b->n >= MAX_OCC)
		return too_big(ctx);
	v = arena_push(&ctx->arena, &b->v, &b->n, &b->cap, sizeof(*v));
	if (v == NULL)
		return too_big(ctx);
	memset(v, 0, sizeof(*v));
	v->series = s;
	v->key_t = o->key;
	v->start_t = o->start;
	v->end_t = o->end;
	v->key = utc_text(ctx, o->key);
	v->holiday = o->holiday;
	/* The markings of this occurrence: the current one is the one no
	 * other replaces; the others are its history. */
	for (i = 0; i < b->nmarks; i++) {
		if (strcmp(b->marks[i].occ_key, v->key) != 0)
			continue;
		for (replaced = 0, j = 0; j < b->nmarks && !replaced; j++)
			replaced = b->marks[j].replaces_id == b->marks[i].id;
		if (!replaced) {
			cur = &b->marks[i];
			continue;
		}
		if (arena_push(&ctx->arena, &v->history, &v->nhistory, &cap,
			sizeof(*v->history)) == NULL)
			return too_big(ctx);
		v->history[v->nhistory - 1] = &b->marks[i];
	}
	v->mark = cur;
	/* The planned time is the last move's: a moved visit marked done
	 * afterwards stays at its new time. */
	mv = cur != NULL && strcmp(cur->state, "moved") == 0 ? cur : NULL;
	for (i = v->nhistory - 1; mv == NULL && cur != NULL && i >= 0; i--)
		if (strcmp(v->history[i]->state, "moved") == 0)
			mv = v->history[i];
	if (mv != NULL && parse_utc(mv->moved_start, &ms) == 0) {
		v->start_t = ms;
		v->end_t = ms + (time_t)mv->moved_duration_min * 60;
		calendar_to_local(b->cal.timezone, ms, &l);
	}
	v->planned_start = utc_text(ctx, v->start_t);
	v->planned_end = utc_text(ctx, v->end_t);
	v->local_start = local_text(ctx, &l);
	if (cur != NULL)
		v->state = cur->state;
	else if (suspended(b, s->person_id, date_text(ctx, &o->local)))
		v->state = "suspended";
	else if (b->now > v->start_t + (time_t)s->grace_min * 60)
		v->state = "a_pointer";
	else
		v->state = "planned";
	return 0;
}

/* Expands series s into b->v over [b->from_t, b->to_t). */
static int
expand(struct build *b, const struct visit_series *s)
{
	struct ctx *ctx = b->ctx;
	struct calendar_series cs;
	int rc;

	if (s->ended_at != NULL)
		return E_OK;
	if (to_calendar(&b->cal, s, &cs) != 0)
		return err_set(ctx, E_INTERNAL, "server.error", NULL,
		    "Une série de visites enregistrée est illisible.");
	rc = marks_load(ctx, s->id,
	    utc_text(ctx, b->from_t - MARGIN_DAYS * DAY),
	    utc_text(ctx, b->to_t + MARGIN_DAYS * DAY), &b->marks, &b->nmarks);
	if (rc != E_OK)
		return rc;
	b->s = s;
	rc = calendar_expand(&cs, b->from_t, b->to_t, MAX_OCC, occ_cb, b);
	if (rc == 1 && ctx->err == E_OK)
		return too_big(ctx);
	if (rc < 0)
		return err_set(ctx, E_INTERNAL, "server.error", NULL,
		    "Une série de visites enregistrée est illisible.");
	return rc == 0 ? E_OK : ctx->err;
}

static int
by_start(const void *a, const void *b)
{
	const struct visit_occ *x = a, *y = b;

	if (x->start_t != y->start_t)
		return x->start_t < y->start_t ? -1 : 1;
	if (x->series->id != y->series->id)
		return x->series->id < y->series->id ? -1 : 1;
	return 0;
}

static int
by_user_start(const void *a, const void *b)
{
	const struct visit_occ *x = *(const struct visit_occ *const *)a;
	const struct visit_occ *y = *(const struct visit_occ *const *)b;

	if (x->series->user_id != y->series->user_id)
		return x->series->user_id < y->series->user_id ? -1 : 1;
	if (x->start_t != y->start_t)
		return x->start_t < y->start_t ? -1 : 1;
	return 0;
}

static int
busy(const struct visit_occ *o)
{
	return o->series->user_id != 0 && strcmp(o->state, "not_done") != 0 &&
	    strcmp(o->state, "suspended") != 0;
}

static int
add_conflict(struct ctx *ctx, struct visit_occ *o, int *cap,
    const struct visit_occ *other)
{
	struct visit_ref *r;

	r = arena_push(
	    &ctx->arena, &o->conflicts, &o->nconflicts, cap, sizeof(*r));
	if (r == NULL)
		return too_big(ctx);
	r->series_id = other->series->id;
	r->key = other->key;
	return E_OK;
}

/*
 * SPEC: issue 11 — conflicts: two occurrences of one team member that
 * overlap in time each list the other. `main` are the occurrences shown,
 * `extra` the member's other occurrences (other people's visits, named by
 * series and key only). Not-done and suspended occurrences do not count.
 */
static int
conflicts(struct ctx *ctx, struct visit_occ *main, int nmain,
    struct visit_occ *extra, int nextra)
{
	const struct visit_occ **p;
	int *caps, i, j, k = 0, rc = E_OK;

	p = arena_alloc(&ctx->arena, sizeof(*p) * (size_t)(nmain + nextra + 1));
	caps = arena_zalloc(&ctx->arena, sizeof(*caps) * (size_t)(nmain + 1));
	if (p == NULL || caps == NULL)
		return too_big(ctx);
	for (i = 0; i < nmain; i++)
		if (busy(&main[i]))
			p[k++] = &main[i];
	for (i = 0; i < nextra; i++)
		if (busy(&extra[i]))
			p[k++] = &extra[i];
	if (k > 1)
		qsort(p, (size_t)k, sizeof(*p), by_user_start);
	for (i = 0; i < k && rc == E_OK; i++)
		for (j = i + 1; j < k && rc == E_OK &&
		     p[j]->series->user_id == p[i]->series->user_id &&
		     p[j]->start_t < p[i]->end_t;
		     j++) {
			if (p[i] >= main && p[i] < main + nmain)
				rc = add_conflict(ctx,
				    (struct visit_occ *)(main + (p[i] - main)),
				    &caps[p[i] - main], p[j]);
			if (rc == E_OK && p[j] >= main && p[j] < main + nmain)
				rc = add_conflict(ctx,
				    (struct visit_occ *)(main + (p[j] - main)),
				    &caps[p[j] - main], p[i]);
		}
	return rc;
}

static int
person_load(
    struct ctx *ctx, const struct access_grant *g, struct visit_person *p)
{
	struct db_stmt *st;
	int rc = access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_READ);

	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_VISIT_PERSON);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	rc = db_one(ctx, st, "person.not_found", ACCESS_PERSON_HIDDEN_FR);
	if (rc != E_OK)
		return rc;
	p->id = g->person_id;
	p->birth_name = db_col_dup(ctx, st, 0);
	p->first_names = db_col_dup(ctx, st, 1);
	p->used_name = db_col_dup(ctx, st, 2);
	p->commune = db_col_dup(ctx, st, 3);
	p->birth_name_display = db_col_dup(ctx, st, 4);
	p->first_names_display = db_col_dup(ctx, st, 5);
	return db_run(ctx, st);
}

/* A person decided once per list: her grant and, if visible, her card. */
struct seen {
	int64_t id;
	int visible;
	struct visit_person p;
};

static struct seen *
seen_find(struct seen *v, int n, int64_t id)
{
	int i;

	for (i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

/* The roles that oversee the planning: every round, the whole file. */
static int
oversees(const struct ctx *ctx)
{
	return ctx->role == ROLE_COORDINATEUR || ctx->role == ROLE_DIRECTION ||
	    ctx->role == ROLE_MEDECIN || ctx->role == ROLE_SECRETARIAT;
}

/*
 * The whole computation for series `ser` (already decided) over
 * [b->from_t, b->to_t): occurrences with markings and states, people's
 * cards, conflicts against the involved members' other series.
 */
static int
build_run(struct build *b, struct visit_series *ser, int nser,
    struct seen *people, int npeople, int by_user, const char *lo,
    const char *hi, struct visit_occ **out, int *n)
{
	struct ctx *ctx = b->ctx;
	struct visit_occ *main_v, *extra_v = NULL;
	struct visit_series *more;
	struct visit_query uq;
	struct seen *sp;
	int64_t *users = NULL;
	int nmain, nextra = 0, nusers = 0, ucap = 0, nmore, i, j, k, dup;
	int rc = E_OK;

	rc = absences_load(b, lo, hi);
	for (i = 0; rc == E_OK && i < nser; i++)
		rc = expand(b, &ser[i]);
	if (rc != E_OK)
		return rc;
	main_v = b->v;
	nmain = b->n;
	for (i = 0; i < nmain; i++) {
		sp = seen_find(people, npeople, main_v[i].series->person_id);
		main_v[i].person = sp ? &sp->p : NULL;
	}
	/* The members' other series, for their conflicts (a round or the
	 * whole file has them all already). */
	if (!by_user) {
		for (i = 0; i < nser; i++) {
			for (dup = 0, j = 0; j < nusers && !dup; j++)
				dup = users[j] == ser[i].user_id;
			if (ser[i].user_id == 0 || dup)
				continue;
			if (arena_push(&ctx->arena, &users, &nusers, &ucap,
				sizeof(*users)) == NULL)
				return too_big(ctx);
			users[nusers - 1] = ser[i].user_id;
		}
		b->v = NULL;
		b->n = b->cap = 0;
		for (k = 0; rc == E_OK && k < nusers; k++) {
			memset(&uq, 0, sizeof(uq));
			uq.user_id = users[k];
			rc = series_list(ctx, &uq, lo, hi, &more, &nmore);
			for (i = 0; rc == E_OK && i < nmore; i++) {
				for (dup = 0, j = 0; j < nser && !dup; j++)
					dup = ser[j].id == more[i].id;
				if (!dup)
					rc = expand(b, &more[i]);
			}
		}
		extra_v = b->v;
		nextra = b->n;
		if (rc != E_OK)
			return rc;
	}
	rc = conflicts(ctx, main_v, nmain, extra_v, nextra);
	if (rc != E_OK)
		return rc;
	if (nmain > 1)
		qsort(main_v, (size_t)nmain, sizeof(*main_v), by_start);
	*out = main_v;
	*n = nmain;
	return E_OK;
}

static int
build_init(struct ctx *ctx, struct build *b)
{
	memset(b, 0, sizeof(*b));
	b->ctx = ctx;
	if (parse_utc(ctx->now, &b->now) != 0)
		b->now = clock_now_s();
	return calendar_of(ctx, &b->cal);
}

/* SQL bounds: local dates MARGIN_DAYS around [from, to]. */
static void
sql_bounds(struct ctx *ctx, const struct calendar_local *from,
    const struct calendar_local *to, const char **lo, const char **hi)
{
	struct calendar_local a = *from, z = *to;

	add_days(&a, -MARGIN_DAYS);
	add_days(&z, MARGIN_DAYS + 1);
	*lo = date_text(ctx, &a);
	*hi = date_text(ctx, &z);
}

int
visit_occurrences(struct ctx *ctx, const struct visit_query *q,
    struct visit_occ **out, int *n)
{
	struct calendar_local from, to, end;
	struct access_grant g;
	enum access_row row;
	struct visit_series *ser;
	struct seen *people = NULL, *sp;
	struct build b;
	const char *lo, *hi;
	long span;
	int nser, npeople = 0, pcap = 0, i, k, rc;

	*out = NULL;
	*n = 0;
	if (q->from == NULL || calendar_parse_date(q->from, &from) != 0)
		return err_set(ctx, E_INVALID, "visit.from.invalid", "from",
		    "Le début de la période (from) doit être une date "
		    "AAAA-MM-JJ.");
	if (q->to == NULL || calendar_parse_date(q->to, &to) != 0)
		return err_set(ctx, E_INVALID, "visit.to.invalid", "to",
		    "La fin de la période (to) doit être une date AAAA-MM-JJ.");
	span = calendar_days(to.y, to.m, to.d) -
	    calendar_days(from.y, from.m, from.d) + 1;
	if (span < 1 ||
	    span > (q->all ? VISIT_WINDOW_ALL_DAYS : VISIT_WINDOW_DAYS))
		return err_set(ctx, E_INVALID, "visit.window.invalid", "to",
		    q->all ? "La période va du début (from) à la fin (to), "
			     "366 jours au plus."
			   : "La période va du début (from) à la fin (to), "
			     "92 jours au plus.");
	/* Who may ask for which list. */
	if (q->person_id != 0) {
		/* Issue 11: a proche reads her one person's (the caller,
		 * proche_planning.c, shows only who comes when). */
		if (access_role_is_proche(ctx->role))
			rc = access_proche_require(
			    ctx, q->person_id, "visit.proche", &g);
		else
			rc = access_require(ctx, q->person_id,
			    CAT_BIT(CAT_ADMIN), ACT_READ, "visit.read", &g);
		if (rc != E_OK)
			return rc;
	} else if ((q->user_id != 0 && q->user_id != ctx->user_id &&
		       !oversees(ctx)) ||
	    (q->org_id != 0 && q->org_id != ctx->org_id && !oversees(ctx)) ||
	    (q->all && !oversees(ctx)))
		return err_set(ctx, E_FORBIDDEN, "visit.scope", NULL,
		    "Vous ne voyez que vos propres visites et celles de "
		    "votre organisation.");
	rc = build_init(ctx, &b);
	if (rc != E_OK)
		return rc;
	b.from_t = calendar_to_utc(b.cal.timezone, &from);
	end = to;
	add_days(&end, 1);
	b.to_t = calendar_to_utc(b.cal.timezone, &end);
	sql_bounds(ctx, &from, &to, &lo, &hi);
	rc = series_list(ctx, q, lo, hi, &ser, &nser);
	if (rc != E_OK)
		return rc;
	/* Each person once: decided and traced, hidden ones left out. */
	for (i = 0, k = 0; i < nser; i++) {
		sp = seen_find(people, npeople, ser[i].person_id);
		if (sp == NULL) {
			sp = arena_push(
			    &ctx->arena, &people, &npeople, &pcap, sizeof(*sp));
			if (sp == NULL)
				return too_big(ctx);
			memset(sp, 0, sizeof(*sp));
			sp->id = ser[i].person_id;
			if (q->person_id != 0)
				row = ACCESS_ROW_VISIBLE;
			else {
				rc = access_list_row(ctx, sp->id,
				    CAT_BIT(CAT_ADMIN), "visit.list", &g, &row);
				if (rc != E_OK)
					return rc;
			}
			sp->visible = row == ACCESS_ROW_VISIBLE;
			if (sp->visible)
				rc = person_load(ctx, &g, &sp->p);
			if (rc != E_OK)
				return rc;
		}
		if (sp->visible)
			ser[k++] = ser[i];
	}
	return build_run(&b, ser, k, people, npeople, q->user_id != 0 || q->all,
	    lo, hi, out, n);
}

int
visit_due_each(struct ctx *ctx, time_t from, time_t to,
    int (*fn)(void *, const struct visit_occ *), void *arg)
{
	struct calendar_local lf, lt;
	struct visit_series *ser;
	struct visit_query q;
	struct build b;
	const char *lo, *hi;
	int nser, i, rc;

	rc = build_init(ctx, &b);
	if (rc != E_OK)
		return rc;
	if (calendar_to_local(b.cal.timezone, from, &lf) != 0 ||
	    calendar_to_local(b.cal.timezone, to, &lt) != 0)
		return E_OK;
	b.from_t = from;
	b.to_t = to;
	sql_bounds(ctx, &lf, &lt, &lo, &hi);
	memset(&q, 0, sizeof(q));
	q.all = 1;
	rc = series_list(ctx, &q, lo, hi, &ser, &nser);
	if (rc == E_OK)
		rc = absences_load(&b, lo, hi);
	for (i = 0; rc == E_OK && i < nser; i++)
		rc = expand(&b, &ser[i]);
	for (i = 0; rc == E_OK && i < b.n; i++)
		rc = fn(arg, &b.v[i]);
	return rc;
}

/* ---- Writing series ------------------------------------------------- */

static int
invalid(struct ctx *ctx, const char *field, const char *msg)
{
	return err_set(ctx, E_INVALID,
	    arena_printf(&ctx->arena, "visit.%s.invalid", field), field, msg);
}

static int
exists(struct ctx *ctx, enum q q, int64_t a, int64_t b2, int64_t c, int nargs,
    const char **name, const char **extra)
{
	struct db_stmt *st = db_stmt(ctx->db, q);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, a);
	if (nargs > 1)
		db_bind_i64(st, 3, b2);
	if (nargs > 2)
		db_bind_i64(st, 4, c);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return -1;
	if (r != DB_ROW)
		return 0;
	if (name != NULL)
		*name = db_col_dup(ctx, st, 0);
	if (extra != NULL)
		*extra = db_col_dup(ctx, st, 1);
	return db_run(ctx, st) == E_OK ? 1 : -1;
}

/* Comma-separated local dates or date-times, normalised (no spaces). */
static int
exdates_norm(struct ctx *ctx, const char *in, const char **out)
{
	struct calendar_local l;
	char item[32];
	const char *p, *e;
	char *acc = NULL;
	size_t len;
	int count = 0;

	*out = NULL;
	if (in == NULL)
		return 0;
	for (p = in; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		while (p < e && *p == ' ')
			p++;
		len = (size_t)(e - p);
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len == 0 && *e == '\0' && count == 0)
			break;
		if (len >= sizeof(item) || ++count > 200)
			return -1;
		memcpy(item, p, len);
		item[len] = '\0';
		if (!(len == 10 && calendar_parse_date(item, &l) == 0) &&
		    !(len == 16 && calendar_parse_local(item, &l) == 0))
			return -1;
		acc = acc ? arena_printf(&ctx->arena, "%s,%s", acc, item)
			  : arena_strdup(&ctx->arena, item);
	}
	*out = acc;
	return 0;
}

/* Every field of a series to store; fills the normalised exdates. */
static int
check(struct ctx *ctx, const struct visit_in *in, const char **exdates)
{
	struct calendar_local start, until;
	const char *msg;
	int r;

	if ((in->user_id != 0) == (in->org_id != 0))
		return invalid(ctx, "user_id",
		    "Indiquez qui intervient : un membre de l'équipe "
		    "(user_id) ou une organisation (org_id), l'un des deux.");
	if (in->user_id != 0) {
		r = exists(
		    ctx, Q_VISIT_TEAM_MEMBER, in->user_id, 0, 0, 1, NULL, NULL);
		if (r < 0)
			return ctx->err;
		if (r == 0)
			return invalid(ctx, "user_id",
			    "L'intervenant (user_id) doit être un membre actif "
			    "de l'équipe du CRT.");
		if (in->professional_id != 0)
			return invalid(ctx, "professional_id",
			    "Le professionnel (professional_id) se choisit "
			    "dans l'organisation qui intervient (org_id).");
	} else {
		r = exists(
		    ctx, Q_VISIT_ORG_ACTIVE, in->org_id, 0, 0, 1, NULL, NULL);
		if (r < 0)
			return ctx->err;
		if (r == 0)
			return invalid(ctx, "org_id",
			    "L'organisation (org_id) doit être une "
			    "organisation active de l'annuaire.");
		r = in->professional_id == 0
		    ? 1
		    : exists(ctx, Q_VISIT_PRO_OF_ORG, in->professional_id,
			  in->org_id, 0, 2, NULL, NULL);
		if (r < 0)
			return ctx->err;
		if (r == 0)
			return invalid(ctx, "professional_id",
			    "Le professionnel (professional_id) doit "
			    "appartenir à l'organisation choisie.");
	}
	if (!in_list(visit_kind_codes, in->kind))
		return invalid(
		    ctx, "kind", "Le type de visite (kind) n'est pas reconnu.");
	if (in->action_id != 0) {
		r = exists(ctx, Q_VISIT_ACTION_OF_PERSON, in->action_id,
		    in->person_id, 0, 2, NULL, NULL);
		if (r < 0)
			return ctx->err;
		if (r == 0)
			return invalid(ctx, "action_id",
			    "L'action (action_id) doit être une action du plan "
			    "personnalisé de cette personne.");
	}
	if (calendar_parse_local(in->starts_local, &start) != 0)
		return invalid(ctx, "starts_local",
		    "Le début (starts_local) doit être une date et une heure "
		    "locales AAAA-MM-JJTHH:MM.");
	if (in->duration_min < 5 || in->duration_min > 1440)
		return invalid(ctx, "duration_min",
		    "La durée (duration_min) doit être comprise entre 5 et "
		    "1440 minutes.");
	msg = calendar_rrule_error(in->rrule);
	if (msg != NULL)
		return invalid(ctx, "rrule",
		    arena_printf(&ctx->arena, "Récurrence (rrule) : %s", msg));
	if (exdates_norm(ctx, in->exdates, exdates) != 0)
		return invalid(ctx, "exdates",
		    "Les exceptions (exdates) sont des dates AAAA-MM-JJ ou des "
		    "dates et heures AAAA-MM-JJTHH:MM séparées par des "
		    "virgules.");
	if (in->until_on != NULL &&
	    (calendar_parse_date(in->until_on, &until) != 0 ||
		calendar_days(until.y, until.m, until.d) <
		    calendar_days(start.y, start.m, start.d)))
		return invalid(ctx, "until_on",
		    "La fin de validité (until_on) doit être une date "
		    "AAAA-MM-JJ, au plus tôt le jour du début.");
	if (!in_list(calendar_policy_codes, in->holiday_policy))
		return invalid(ctx, "holiday_policy",
		    "La règle des jours fériés (holiday_policy) doit être "
		    "keep, skip, before ou after.");
	if (in->grace_min < 0 || in->grace_min > 240)
		return invalid(ctx, "grace_min",
		    "Le délai de pointage (grace_min) doit être compris entre "
		    "0 et 240 minutes.");
	return E_OK;
}

/* An id, or NULL for 0. */
static void
bind_id(struct db_stmt *st, int i, int64_t v)
{
	if (v != 0)
		db_bind_i64(st, i, v);
	else
		db_bind_null(st, i);
}

static int
insert(struct ctx *ctx, const struct visit_in *in, const char *exdates,
    int64_t replaces, int64_t *id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_VISIT_INSERT);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, in->person_id);
	bind_id(st, 3, in->user_id);
	bind_id(st, 4, in->org_id);
	bind_id(st, 5, in->professional_id);
	db_bind_text(st, 6, in->kind);
	bind_id(st, 7, in->action_id);
	db_bind_text(st, 8, in->starts_local);
	db_bind_i64(st, 9, in->duration_min);
	db_bind_text(st, 10, in->rrule && *in->rrule ? in->rrule : NULL);
	db_bind_text(st, 11, exdates);
	db_bind_text(st, 12, in->until_on);
	db_bind_text(st, 13, in->holiday_policy);
	db_bind_i64(st, 14, in->critical ? 1 : 0);
	db_bind_i64(st, 15, in->grace_min);
	db_bind_text(st, 16, in->note);
	bind_id(st, 17, replaces);
	db_bind_text(st, 18, ctx->now);
	db_bind_i64(st, 19, ctx->user_id);
	db_bind_text(st, 20, ctx->now);
	db_bind_i64(st, 21, ctx->user_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	return db_run(ctx, st);
}

int
visit_create(struct ctx *ctx, const struct visit_in *in, int64_t *id)
{
	struct access_grant g;
	const char *exdates;
	int rc;

	rc = access_require(ctx, in->person_id, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    "visit.plan", &g);
	if (rc == E_OK)
		rc = check(ctx, in, &exdates);
	if (rc == E_OK)
		rc = insert(ctx, in, exdates, 0, id);
	if (rc == E_OK)
		rc = event_emit(ctx, "visit.changed", in->person_id, *id);
	return rc;
}

static const struct access_missing visit_missing = { E_NOT_FOUND,
	"visit.not_found", NULL, "Cette visite est introuvable." };

int
visit_get(struct ctx *ctx, int64_t id, struct visit_series *s)
{
	struct access_grant g;
	int rc = series_load(ctx, id, s);

	if (rc == E_OK)
		rc = access_require_sub(ctx, s->person_id, CAT_BIT(CAT_ADMIN),
		    ACT_READ, "visit.series.read", &g, &visit_missing);
	return rc;
}

/* The stored series `id`, decided for a change from `from` (a local date,
 * today or later, within the series). */
static int
change_prepare(struct ctx *ctx, int64_t id, const char *from,
    struct visit_series *s, struct org_calendar *cal, struct calendar_local *f)
{
	struct calendar_local t, start;
	struct access_grant g;
	int rc;

	rc = series_load(ctx, id, s);
	if (rc == E_OK)
		rc = access_require_sub(ctx, s->person_id, CAT_BIT(CAT_ADMIN),
		    ACT_WRITE, "visit.plan", &g, &visit_missing);
	if (rc == E_OK)
		rc = calendar_of(ctx, cal);
	if (rc != E_OK)
		return rc;
	today(ctx, cal->timezone, &t);
	if (from == NULL || calendar_parse_date(from, f) != 0 ||
	    calendar_days(f->y, f->m, f->d) < calendar_days(t.y, t.m, t.d))
		return invalid(ctx, "from",
		    "La date d'effet (from) doit être une date AAAA-MM-JJ, "
		    "aujourd'hui ou plus tard : le passé ne change pas.");
	if (s->ended_at != NULL ||
	    (s->until_on != NULL && strcmp(s->until_on, from) < 0) ||
	    ((s->rrule == NULL || *s->rrule == '\0') &&
		calendar_parse_local(s->starts_local, &start) == 0 &&
		strcmp(date_text(ctx, &start), from) < 0))
		return err_set(ctx, E_CONFLICT, "visit.ended", "from",
		    "Cette série de visites est déjà terminée à cette date.");
	return E_OK;
}

/* Ends series s the day before `from`, or cancels it when `from` is on
 * or before its first day. */
static int
end_before(struct ctx *ctx, const struct visit_series *s,
    const struct calendar_local *from)
{
	struct calendar_local start, last = *from;
	struct db_stmt *st;

	if (calendar_parse_local(s->starts_local, &start) != 0)
		return E_INTERNAL;
	if (calendar_days(from->y, from->m, from->d) <=
	    calendar_days(start.y, start.m, start.d)) {
		st = db_stmt(ctx->db, Q_VISIT_CANCEL);
		db_bind_text(st, 1, ctx->now);
		db_bind_i64(st, 2, ctx->user_id);
		db_bind_text(st, 3, ctx->now);
		db_bind_i64(st, 4, ctx->user_id);
		db_bind_i64(st, 5, ctx->crt_id);
		db_bind_i64(st, 6, s->id);
		return db_run(ctx, st);
	}
	add_days(&last, -1);
	st = db_stmt(ctx->db, Q_VISIT_SET_UNTIL);
	db_bind_text(st, 1, date_text(ctx, &last));
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_i64(st, 4, ctx->crt_id);
	db_bind_i64(st, 5, s->id);
	return db_run(ctx, st);
}

int
visit_cancel(struct ctx *ctx, int64_t id, const char *from)
{
	struct visit_series s;
	struct org_calendar cal;
	struct calendar_local f;
	int rc = change_prepare(ctx, id, from, &s, &cal, &f);

	if (rc == E_OK)
		rc = end_before(ctx, &s, &f);
	if (rc == E_OK)
		rc = event_emit(ctx, "visit.changed", s.person_id, s.id);
	return rc;
}

struct first {
	long day; /* first local day wanted */
	int found;
	struct calendar_local l;
};

static int
first_cb(void *arg, const struct calendar_occ *o)
{
	struct first *x = arg;
	struct calendar_local l;

	/* The rule's own instance (its key), not a holiday move. */
	l = o->local;
	if (o->moved)
		return 0;
	if (calendar_days(l.y, l.m, l.d) < x->day)
		return 0;
	x->l = l;
	x->found = 1;
	return 1;
}

static int
count_cb(void *arg, const struct calendar_occ *o)
{
	(void)o;
	(*(int *)arg)++;
	return 0;
}

/*
 * SPEC: RFC 5545 §3.3.10 — COUNT counts the rule's instances from DTSTART
 * (EXDATE removes some afterwards, not from the count). A series changed
 * from a date on with its rule unchanged keeps its total: the new series
 * gets COUNT = N − the instances the old one had before `from` (E_CONFLICT
 * visit.ended when none is left). A rule given anew is taken as said.
 */
static int
count_rest(struct ctx *ctx, const struct org_calendar *cal,
    const struct visit_series *s, struct calendar_local f, struct visit_in *n)
{
	struct calendar_series cs;
	struct calendar_local st;
	const char *c = strstr(s->rrule, "COUNT=");
	int total, before = 0;
	char *e;
	long v;

	v = strtol(c + 6, &e, 10);
	if (v <= 0 || v > 100000 || calendar_parse_local(s->starts_local, &st))
		return E_INTERNAL;
	total = (int)v;
	if (to_calendar(cal, s, &cs) != 0)
		return E_INTERNAL;
	cs.policy = CAL_KEEP;
	cs.exdates = NULL;
	st.hh = st.mm = 0;
	f.hh = f.mm = 0;
	if (calendar_expand(&cs, calendar_to_utc(cal->timezone, &st),
		calendar_to_utc(cal->timezone, &f), total + 1, count_cb,
		&before) < 0)
		return E_INTERNAL;
	if (before >= total)
		return err_set(ctx, E_CONFLICT, "visit.ended", "from",
		    "Cette série de visites n'a plus de visite à partir de "
		    "cette date.");
	n->rrule = arena_printf(&ctx->arena, "%.*sCOUNT=%d%s",
	    (int)(c - s->rrule), s->rrule, total - before, e);
	return E_OK;
}

int
visit_change(struct ctx *ctx, int64_t id, const char *from,
    const struct visit_in *in, int64_t *new_id)
{
	struct visit_series s;
	struct org_calendar cal;
	struct calendar_local f, st, far;
	struct calendar_series cs;
	struct visit_in n = *in;
	struct first x;
	const char *exdates;
	int rc;

	rc = change_prepare(ctx, id, from, &s, &cal, &f);
	if (rc != E_OK)
		return rc;
	n.person_id = s.person_id;
	if (n.starts_local != NULL && strcmp(n.starts_local, s.starts_local)) {
		if (calendar_parse_local(n.starts_local, &st) != 0 ||
		    calendar_days(st.y, st.m, st.d) <
			calendar_days(f.y, f.m, f.d))
			return invalid(ctx, "starts_local",
			    "Le nouveau début (starts_local) doit être une "
			    "date et une heure AAAA-MM-JJTHH:MM, au plus tôt "
			    "à la date d'effet.");
	} else if ((n.rrule == NULL) != (s.rrule == NULL) ||
	    (n.rrule != NULL && strcmp(n.rrule, s.rrule) != 0)) {
		/* A new rule starts on `from` itself, at the old time. */
		if (calendar_parse_local(s.starts_local, &st) != 0)
			return E_INTERNAL;
		st.y = f.y;
		st.m = f.m;
		st.d = f.d;
		n.starts_local = local_text(ctx, &st);
	} else {
		/* Unchanged start and rule: the old rule's first instance
		 * from `from` on (keeping its weekday and time). */
		memset(&x, 0, sizeof(x));
		x.day = calendar_days(f.y, f.m, f.d);
		if (to_calendar(&cal, &s, &cs) != 0)
			return E_INTERNAL;
		cs.policy = CAL_KEEP;
		cs.exdates = NULL;
		far = f;
		add_days(&far, 400);
		add_days(&f, -1);
		calendar_expand(&cs, calendar_to_utc(cal.timezone, &f),
		    calendar_to_utc(cal.timezone, &far), 1000, first_cb, &x);
		add_days(&f, 1);
		if (!x.found)
			return err_set(ctx, E_CONFLICT, "visit.ended", "from",
			    "Cette série de visites n'a plus de visite à "
			    "partir de cette date.");
		n.starts_local = local_text(ctx, &x.l);
	}
	if (s.rrule != NULL && strstr(s.rrule, "COUNT=") != NULL &&
	    n.rrule != NULL && strcmp(n.rrule, s.rrule) == 0) {
		rc = count_rest(ctx, &cal, &s, f, &n);
		if (rc != E_OK)
			return rc;
	}
	rc = check(ctx, &n, &exdates);
	if (rc == E_OK)
		rc = end_before(ctx, &s, &f);
	if (rc == E_OK)
		rc = insert(ctx, &n, exdates, s.id, new_id);
	if (rc == E_OK)
		rc = event_emit(ctx, "visit.changed", s.person_id, *new_id);
	return rc;
}

/* ---- Markings ------------------------------------------------------- */

struct find {
	time_t key;
	int found;
};

static int
find_cb(void *arg, const struct calendar_occ *o)
{
	struct find *x = arg;

	if (o->key == x->key)
		x->found = 1;
	return x->found;
}

static int
mark_check(struct ctx *ctx, const struct org_calendar *cal,
    const struct visit_series *s, const struct visit_mark_in *in,
    struct visit_mark *m)
{
	time_t a = 0, l = 0, now = 0, mv;
	struct calendar_local ml;
	int done = strcmp(in->state, "done") == 0;
	int nd = strcmp(in->state, "not_done") == 0;
	int moved = strcmp(in->state, "moved") == 0;

	if (parse_utc(ctx->now, &now) != 0)
		now = clock_now_s();
	memset(m, 0, sizeof(*m));
	m->state = in->state;
	if (!done && !nd && !moved)
		return invalid(ctx, "state",
		    "L'état (state) doit être done, not_done ou moved.");
	if (!done &&
	    (in->arrived_at || in->left_at || in->how || in->hand_reason))
		return invalid(ctx,
		    in->arrived_at    ? "arrived_at"
			: in->left_at ? "left_at"
			: in->how     ? "how"
				      : "hand_reason",
		    "L'arrivée, le départ et la façon de pointer ne "
		    "s'indiquent que pour une visite faite (done).");
	if (!nd && in->reason_code)
		return invalid(ctx, "reason_code",
		    "Le motif (reason_code) ne s'indique que pour une visite "
		    "non faite (not_done).");
	if (!moved && (in->moved_to_local || in->moved_duration_min))
		return invalid(ctx, "moved_to_local",
		    "Le nouvel horaire (moved_to_local) ne s'indique que pour "
		    "une visite déplacée (moved).");
	if (done) {
		if (parse_when(cal->timezone, in->arrived_at, &a) != 0 ||
		    a > now + 15 * 60)
			return invalid(ctx, "arrived_at",
			    "L'arrivée (arrived_at) doit être une heure "
			    "AAAA-MM-JJTHH:MM, pas dans le futur.");
		if (in->left_at != NULL &&
		    (parse_when(cal->timezone, in->left_at, &l) != 0 || l < a ||
			l > a + DAY || l > now + 15 * 60))
			return invalid(ctx, "left_at",
			    "Le départ (left_at) doit être une heure "
			    "AAAA-MM-JJTHH:MM après l'arrivée, pas dans le "
			    "futur.");
		if (!in_list(visit_how_codes, in->how))
			return invalid(ctx, "how",
			    "Indiquez comment la visite est pointée (how) : "
			    "qr (code QR du domicile) ou hand (à la main).");
		if (strcmp(in->how, "hand") == 0 && in->hand_reason == NULL)
			return invalid(ctx, "hand_reason",
			    "Un pointage à la main demande sa raison "
			    "(hand_reason).");
		if (strcmp(in->how, "qr") == 0 && in->hand_reason != NULL)
			return invalid(ctx, "hand_reason",
			    "La raison (hand_reason) ne s'indique que pour un "
			    "pointage à la main.");
		m->arrived_at = utc_text(ctx, a);
		m->left_at = in->left_at ? utc_text(ctx, l) : NULL;
		m->how = in->how;
		m->hand_reason = in->hand_reason;
	}
	if (nd) {
		if (!in_list(visit_reason_codes, in->reason_code))
			return invalid(ctx, "reason_code",
			    "Indiquez pourquoi la visite n'a pas eu lieu "
			    "(reason_code).");
		if (strcmp(in->reason_code, "autre") == 0 &&
		    in->reason_text == NULL)
			return invalid(ctx, "reason_text",
			    "Le motif « autre » demande une explication "
			    "(reason_text).");
		m->reason_code = in->reason_code;
	}
	if (moved) {
		if (calendar_parse_local(in->moved_to_local, &ml) != 0)
			return invalid(ctx, "moved_to_local",
			    "Le nouvel horaire (moved_to_local) doit être une "
			    "date et une heure AAAA-MM-JJTHH:MM.");
		if (in->moved_duration_min != 0 &&
		    (in->moved_duration_min < 5 ||
			in->moved_duration_min > 1440))
			return invalid(ctx, "moved_duration_min",
			    "La durée (moved_duration_min) doit être comprise "
			    "entre 5 et 1440 minutes.");
		if (in->reason_text == NULL)
			return invalid(ctx, "reason_text",
			    "Indiquez la raison du déplacement (reason_text).");
		mv = calendar_to_utc(cal->timezone, &ml);
		m->moved_start = utc_text(ctx, mv);
		m->moved_duration_min = in->moved_duration_min
		    ? (int)in->moved_duration_min
		    : s->duration_min;
	}
	m->reason_text = in->reason_text;
	return E_OK;
}

static int
mark_insert(struct ctx *ctx, const struct visit_series *s, const char *key,
    struct visit_mark *m)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_VISIT_MARK_CURRENT);
	enum db_res r;
	int64_t replaces = 0;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, s->id);
	db_bind_text(st, 3, key);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW)
		replaces = db_col_i64(st, 0);
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_VISIT_MARK_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, s->id);
	db_bind_text(st, 3, key);
	db_bind_text(st, 4, m->state);
	db_bind_text(st, 5, m->arrived_at);
	db_bind_text(st, 6, m->left_at);
	db_bind_text(st, 7, m->how);
	db_bind_text(st, 8, m->hand_reason);
	db_bind_text(st, 9, m->reason_code);
	db_bind_text(st, 10, m->reason_text);
	db_bind_text(st, 11, m->moved_start);
	if (m->moved_start != NULL)
		db_bind_i64(st, 12, m->moved_duration_min);
	else
		db_bind_null(st, 12);
	db_bind_text(st, 13, ctx->now);
	db_bind_i64(st, 14, ctx->user_id);
	bind_id(st, 15, replaces);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	m->id = db_col_i64(st, 0);
	return db_run(ctx, st);
}

int
visit_mark(struct ctx *ctx, int64_t id, const struct visit_mark_in *in,
    struct visit_occ *out)
{
	struct visit_series *s;
	struct calendar_series cs;
	struct access_grant g;
	struct visit_mark m;
	struct visit_occ *occ;
	struct seen *who;
	struct build b;
	struct find x;
	struct calendar_local lo_l, hi_l;
	const char *key, *lo, *hi;
	time_t key_t;
	int rc, n, i;

	s = arena_zalloc(&ctx->arena, sizeof(*s));
	who = arena_zalloc(&ctx->arena, sizeof(*who));
	if (s == NULL || who == NULL)
		return too_big(ctx);
	rc = series_load(ctx, id, s);
	if (rc == E_OK)
		rc = access_require_sub(ctx, s->person_id, CAT_BIT(CAT_ADMIN),
		    ACT_READ, "visit.mark", &g, &visit_missing);
	if (rc != E_OK)
		return rc;
	/* SPEC: issue 11 — the visit's own member, its organisation's
	 * members, or the coordination. */
	if (ctx->role != ROLE_COORDINATEUR && s->user_id != ctx->user_id &&
	    (s->org_id == 0 || s->org_id != ctx->org_id))
		return err_set(ctx, E_FORBIDDEN, "visit.mark.forbidden", NULL,
		    "Seul l'intervenant de cette visite, son organisation ou "
		    "la coordination peut la pointer.");
	if (parse_utc(in->key, &key_t) != 0)
		return invalid(ctx, "key",
		    "La visite (key) se désigne par son heure de début UTC "
		    "AAAA-MM-JJTHH:MM:SSZ.");
	rc = build_init(ctx, &b);
	if (rc != E_OK)
		return rc;
	key = utc_text(ctx, key_t);
	/* The key must be one of the series' own instances. */
	memset(&x, 0, sizeof(x));
	x.key = key_t;
	if (s->ended_at == NULL && to_calendar(&b.cal, s, &cs) == 0) {
		calendar_expand(&cs, key_t - (MARGIN_DAYS + 1) * DAY,
		    key_t + (MARGIN_DAYS + 1) * DAY, 1000, find_cb, &x);
	}
	if (!x.found)
		return err_set(ctx, E_NOT_FOUND, "visit.occurrence.not_found",
		    "key", "Cette série n'a pas de visite à cette heure.");
	rc = mark_check(ctx, &b.cal, s, in, &m);
	if (rc == E_OK)
		rc = mark_insert(ctx, s, key, &m);
	if (rc == E_OK)
		rc = event_emit(ctx, "visit.marked", s->person_id, s->id);
	if (rc != E_OK)
		return rc;
	/* The occurrence as it is now listed. */
	who->id = s->person_id;
	who->visible = 1;
	rc = person_load(ctx, &g, &who->p);
	if (rc != E_OK)
		return rc;
	b.from_t = key_t - MARGIN_DAYS * DAY;
	b.to_t = key_t + MARGIN_DAYS * DAY;
	calendar_to_local(b.cal.timezone, b.from_t, &lo_l);
	calendar_to_local(b.cal.timezone, b.to_t, &hi_l);
	sql_bounds(ctx, &lo_l, &hi_l, &lo, &hi);
	rc = build_run(&b, s, 1, who, 1, 0, lo, hi, &occ, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(occ[i].key, key) == 0) {
			*out = occ[i];
			return E_OK;
		}
	return err_set(ctx, E_NOT_FOUND, "visit.occurrence.not_found", "key",
	    "Cette série n'a pas de visite à cette heure.");
}
