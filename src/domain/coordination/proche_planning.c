/*
 * The proche's planning (issue 11): a projection of visit_occurrences()
 * keeping who comes when. Owns: which fields leave (PRODUCT §1: the proche
 * reads no category of the record) and the default window. Must not: read
 * a visit's note, marking or reason, or any person but the bound one (the
 * decision is access_proche_require's, through visit_occurrences()).
 */
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/calendar.h"
#include "domain/coordination/proche_planning.h"
#include "domain/coordination/visit.h"
#include "domain/directory/org.h"
#include "domain/platform/user.h"
#include "json/jv.h"

static const char *
day_text(struct ctx *ctx, const struct calendar_local *l)
{
	return arena_printf(&ctx->arena, "%04d-%02d-%02d", l->y, l->m, l->d);
}

static const char *
local_text(struct ctx *ctx, const char *tz, time_t t)
{
	struct calendar_local l;

	if (calendar_to_local(tz, t, &l) != 0)
		return NULL;
	return arena_printf(
	    &ctx->arena, "%04d-%02d-%02dT%02d:%02d", l.y, l.m, l.d, l.hh, l.mm);
}

/* The first word of a name ("Nadia Pagès" → "Nadia"), arena. */
static const char *
first_word(struct ctx *ctx, const char *name)
{
	const char *sp;

	if (name == NULL || name[0] == '\0')
		return NULL;
	sp = strchr(name, ' ');
	return sp == NULL
	    ? name
	    : arena_printf(&ctx->arena, "%.*s", (int)(sp - name), name);
}

/* Who and which organisation, for one series (its team member's own
 * organisation, or the series' organisation and its professional). */
static int
who(struct ctx *ctx, const struct visit_series *s, struct proche_visit *v)
{
	struct user u;
	int p, rc;

	v->first_name = v->profession = v->organisation = NULL;
	if (s->user_id != 0) {
		v->first_name = first_word(ctx, s->user_name);
		p = access_prof_from(s->user_profession);
		v->profession = p >= 0 ? access_prof_labels[p] : NULL;
		rc = user_get(ctx, s->user_id, &u);
		if (rc != E_OK)
			return rc;
		v->organisation = u.org_name;
		return E_OK;
	}
	/* A partner's professional: her first name (the directory stores
	 * it apart) and her profession as the directory writes it. */
	v->first_name = first_word(ctx, s->pro_name);
	v->profession = s->pro_profession;
	v->organisation = s->org_name;
	return E_OK;
}

int
proche_planning_list(struct ctx *ctx, int64_t person_id, const char *from,
    const char *to, const char **from_out, const char **to_out,
    struct proche_visit **out, int *n)
{
	struct org_calendar cal;
	struct calendar_local l;
	struct visit_query q;
	struct visit_occ *occ;
	struct proche_visit *v = NULL, *o;
	const struct visit_series *last = NULL;
	struct proche_visit who_last;
	time_t now;
	int nocc, cap = 0, i, k, rc;

	*out = NULL;
	*n = 0;
	memset(&who_last, 0, sizeof(who_last));
	if (person_id == 0) {
		rc = access_proche_bound(ctx, &person_id);
		if (rc != E_OK)
			return rc;
	}
	rc = org_crt_calendar(ctx, &cal);
	if (rc != E_OK)
		return rc;
	if (from == NULL || to == NULL) {
		now = clock_now_s();
		if (calendar_to_local(cal.timezone, now, &l) != 0)
			return err_set(
			    ctx, E_INTERNAL, "server.error", NULL, NULL);
		if (from == NULL)
			from = day_text(ctx, &l);
		if (to == NULL) {
			calendar_from_days(calendar_days(l.y, l.m, l.d) +
				PROCHE_PLANNING_DAYS - 1,
			    &l.y, &l.m, &l.d);
			to = day_text(ctx, &l);
		}
	}
	memset(&q, 0, sizeof(q));
	/* 0 only for a proche bound to nobody: answered as another
	 * person (access_proche_require traces the attempt). */
	q.person_id = person_id != 0 ? person_id : -1;
	q.from = from;
	q.to = to;
	rc = visit_occurrences(ctx, &q, &occ, &nocc);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < nocc; i++) {
		/* Nobody comes: not made, or the person is away. */
		if (strcmp(occ[i].state, "not_done") == 0 ||
		    strcmp(occ[i].state, "suspended") == 0)
			continue;
		o = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		if (occ[i].series != last) {
			rc = who(ctx, occ[i].series, &who_last);
			if (rc != E_OK)
				return rc;
			last = occ[i].series;
		}
		o->first_name = who_last.first_name;
		o->profession = who_last.profession;
		o->organisation = who_last.organisation;
		o->start = occ[i].planned_start;
		o->end = occ[i].planned_end;
		o->local_start = occ[i].local_start;
		o->local_end = local_text(ctx, cal.timezone, occ[i].end_t);
		o->kind = occ[i].series->kind;
		k = jv_enum_index(visit_kind_codes, o->kind);
		o->kind_label = k >= 0 ? visit_kind_labels[k] : o->kind;
	}
	*out = v;
	*from_out = from;
	*to_out = to;
	return E_OK;
}
