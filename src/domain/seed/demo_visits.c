/*
 * The demo's visits at home (demo_visits.h).
 */
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/calendar.h"
#include "domain/coordination/visit.h"
#include "domain/platform/user.h"
#include "domain/seed/demo_history.h"
#include "domain/seed/demo_visits.h"

/* The accounts that carry visits, and who marks the partners' visits. */
static const char *const carriers[] = { "aide", "ide", "ergo", "psy",
	"coordination", NULL };

struct who {
	int64_t id[8];
	struct user u[8];
};

static int
act(struct ctx *ctx, const struct user *u)
{
	ctx->user_id = u->id;
	ctx->org_id = u->org_id;
	ctx->login = u->login;
	ctx->role = access_role_from(u->role);
	ctx->profession = access_prof_from(u->profession);
	return E_OK;
}

/* The account of user `id`, or coordination's (partners' visits). */
static const struct user *
marker(const struct who *w, int64_t id)
{
	int i;

	for (i = 0; carriers[i] != NULL; i++)
		if (id != 0 && w->id[i] == id)
			return &w->u[i];
	return &w->u[4];
}

/* A stable pseudo-random number of a series and an occurrence. */
static unsigned
mix(int64_t series, time_t key)
{
	unsigned long long x =
	    (unsigned long long)series * 0x9E3779B97F4A7C15ull ^
	    (unsigned long long)key;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (unsigned)(x % 1000);
}

static const char *
hhmm(struct ctx *ctx, const char *tz, time_t t)
{
	struct calendar_local l;

	calendar_to_local(tz, t, &l);
	return arena_printf(
	    &ctx->arena, "%04d-%02d-%02dT%02d:%02d", l.y, l.m, l.d, l.hh, l.mm);
}

static const char *const not_done[] = { "absent", "porte_close", "refus",
	"annule_personne", "hospitalise", "annule_service", "absent", "autre" };

/* One past occurrence, marked as the visit's member (or the coordination
 * for a partner's visit) would have. */
static int
mark_one(
    struct ctx *ctx, const struct who *w, const struct visit_occ *o, time_t now)
{
	struct visit_mark_in m;
	struct visit_occ out;
	unsigned r = mix(o->series->id, o->key_t);
	const char *tz = "Europe/Paris";
	/* Under way: the arrival scanned, the departure not yet. */
	int ongoing = o->end_t + 240 > now;

	act(ctx, marker(w, o->series->user_id));
	memset(&m, 0, sizeof(m));
	m.key = o->key;
	if (r < 900 || ongoing) {
		m.state = "done";
		m.arrived_at =
		    hhmm(ctx, tz, o->start_t + (long)(r % 9) * 60 - 240);
		m.left_at = ongoing
		    ? NULL
		    : hhmm(ctx, tz, o->end_t + (long)(r % 7) * 60 - 180);
		if (ongoing || (o->series->user_id != 0 && r % 4 != 0))
			m.how = "qr";
		else {
			m.how = "hand";
			m.hand_reason = o->series->user_id != 0
			    ? "Pointage après la visite"
			    : "Relevé transmis par le service";
		}
	} else if (r < 960) {
		m.state = "not_done";
		m.reason_code = not_done[r % 8];
		if (strcmp(m.reason_code, "autre") == 0)
			m.reason_text = "Rendez-vous médical à la même heure";
		else if (r % 3 == 0)
			m.reason_text = "Fille prévenue par téléphone";
	} else {
		m.state = "moved";
		m.moved_to_local = hhmm(ctx, tz, o->start_t + 90 * 60);
		m.reason_text = "Décalée à la demande de la personne";
	}
	return visit_mark(ctx, o->series->id, &m, &out);
}

/* ROUSSET's SSIAD passes, morning and evening (demo_visits.h). */
static int
home_series(struct ctx *ctx, int64_t person, int64_t ssiad, const char *first)
{
	static const struct {
		const char *at;
		int minutes;
	} pass[] = { { "07:45", 30 }, { "19:15", 20 } };
	struct visit_in in;
	int64_t id;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(pass) / sizeof(pass[0]); i++) {
		memset(&in, 0, sizeof(in));
		in.person_id = person;
		in.org_id = ssiad;
		in.kind = "soins";
		in.starts_local =
		    arena_printf(&ctx->arena, "%sT%s", first, pass[i].at);
		in.duration_min = pass[i].minutes;
		in.rrule = "FREQ=DAILY";
		in.holiday_policy = "keep";
		in.grace_min = 15;
		rc = visit_create(ctx, &in, &id);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

int
demo_visits_seed(
    struct ctx *ctx, const struct demo_file *file, int64_t home, int64_t ssiad)
{
	struct who w;
	struct visit_in in;
	struct visit_query q;
	struct visit_occ *v;
	const struct demo_support *s;
	const struct demo_visit *dv;
	const char *start, *first, *today;
	time_t now = clock_now_s();
	int64_t id;
	int i, j, n, rc;

	memset(&w, 0, sizeof(w));
	for (i = 0; carriers[i] != NULL; i++) {
		rc = user_by_login(ctx, carriers[i], &w.u[i], NULL);
		if (rc != E_OK)
			return rc == E_NOT_FOUND ? E_INTERNAL : rc;
		w.id[i] = w.u[i].id;
	}
	first = clock_today_plus(&ctx->arena, -7 * DEMO_VISITS_WEEKS);
	today = clock_today_plus(&ctx->arena, 0);
	act(ctx, &w.u[4]);
	for (i = 0; i < file->n; i++) {
		s = &file->s[i];
		for (j = 0; j < s->nvisits; j++) {
			dv = &s->visits[j];
			if (dv->rhythm.kind == NULL || dv->rhythm.at == NULL)
				continue;
			/* A one-off visit: a few days ago or soon. */
			start = dv->rhythm.rrule != NULL
			    ? first
			    : clock_today_plus(&ctx->arena, (i % 9) - 4);
			memset(&in, 0, sizeof(in));
			in.person_id = s->person_id;
			in.user_id = dv->user_id;
			in.org_id = dv->user_id != 0 ? 0 : dv->org_id;
			in.kind = dv->rhythm.kind;
			in.starts_local = arena_printf(
			    &ctx->arena, "%sT%s", start, dv->rhythm.at);
			in.duration_min = dv->rhythm.minutes;
			in.rrule = dv->rhythm.rrule;
			in.holiday_policy =
			    strcmp(dv->rhythm.kind, "visite_coordination") == 0
			    ? "after"
			    : "keep";
			in.grace_min = 15;
			in.critical =
			    strcmp(dv->rhythm.kind, "passage_nuit") == 0 ||
			    strcmp(dv->rhythm.at, "07:15") == 0;
			rc = visit_create(ctx, &in, &id);
			if (rc != E_OK)
				return rc;
		}
	}
	rc = home_series(ctx, home, ssiad, first);
	if (rc != E_OK)
		return rc;
	/* The past eight weeks and today's visits already started, as the
	 * team marks them (the arrival scanned, the departure when over),
	 * but for a few of the last 36 hours nobody marked: the handful of
	 * « Visites à pointer » a CRT of this size has, not every visit
	 * since the last hour. */
	for (i = 0; i <= file->n; i++) {
		act(ctx, &w.u[4]);
		memset(&q, 0, sizeof(q));
		q.person_id = i < file->n ? file->s[i].person_id : home;
		q.from = first;
		q.to = today;
		rc = visit_occurrences(ctx, &q, &v, &n);
		if (rc != E_OK)
			return rc;
		for (j = 0; j < n; j++) {
			if (v[j].start_t > now || v[j].mark != NULL ||
			    strcmp(v[j].state, "suspended") == 0)
				continue;
			if (v[j].start_t > now - 36 * 3600 &&
			    mix(v[j].series->id, v[j].key_t) % 97 == 11)
				continue;
			rc = mark_one(ctx, &w, &v[j], now);
			if (rc != E_OK)
				return rc;
		}
	}
	return act(ctx, &w.u[4]);
}
