/*
 * The round as an iCalendar feed (visit_feed.h).
 */
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/calendar.h"
#include "domain/coordination/visit.h"
#include "domain/coordination/visit_feed.h"
#include "domain/directory/org.h"

/* The first letter (UTF-8: its whole character) of s, upper-cased when
 * ASCII, or "" (arena). */
static const char *
initial(struct ctx *ctx, const char *s)
{
	size_t n = 1;

	if (s == NULL || *s == '\0')
		return "";
	while (*s == ' ')
		s++;
	if ((unsigned char)*s >= 0xc0)
		while ((s[n] & 0xc0) == 0x80)
			n++;
	if (*s >= 'a' && *s <= 'z')
		return arena_printf(&ctx->arena, "%c.", *s - 'a' + 'A');
	return arena_printf(&ctx->arena, "%.*s.", (int)n, s);
}

static const char *
day_at(struct ctx *ctx, const char *tz, int days)
{
	struct calendar_local l;
	int y, m, d;

	calendar_to_local(tz, clock_now_s(), &l);
	calendar_from_days(calendar_days(l.y, l.m, l.d) + days, &y, &m, &d);
	return arena_printf(&ctx->arena, "%04d-%02d-%02d", y, m, d);
}

int
visit_feed_ics(struct ctx *ctx, const char **text)
{
	struct org_calendar cal;
	struct visit_query q;
	struct visit_occ *v;
	struct calendar_event *ev;
	const struct visit_person *p;
	const char *tz = "Europe/Paris", *name;
	int n, i, k = 0, rc;

	if (org_crt_calendar(ctx, &cal) == E_OK && cal.timezone != NULL &&
	    calendar_zone_ok(cal.timezone))
		tz = cal.timezone;
	memset(&q, 0, sizeof(q));
	q.user_id = ctx->user_id;
	q.from = day_at(ctx, tz, -VISIT_FEED_PAST_DAYS);
	q.to = day_at(ctx, tz, VISIT_FEED_NEXT_DAYS);
	rc = visit_occurrences(ctx, &q, &v, &n);
	if (rc != E_OK)
		return rc;
	ev = arena_alloc(&ctx->arena, sizeof(*ev) * (size_t)(n > 0 ? n : 1));
	for (i = 0; i < n; i++) {
		p = v[i].person;
		if (p == NULL)
			continue;
		name = arena_printf(&ctx->arena, "Visite %s %s",
		    initial(ctx, p->first_names),
		    initial(ctx,
			p->used_name && *p->used_name ? p->used_name
						      : p->birth_name));
		memset(&ev[k], 0, sizeof(ev[k]));
		ev[k].uid = arena_printf(&ctx->arena, "%lld-%s@maillage",
		    (long long)v[i].series->id, v[i].key);
		ev[k].start = v[i].start_t;
		ev[k].end = v[i].end_t;
		ev[k].summary = p->commune
		    ? arena_printf(&ctx->arena, "%s — %s", name, p->commune)
		    : name;
		ev[k].location = p->commune;
		ev[k].cancelled = strcmp(v[i].state, "not_done") == 0 ||
		    strcmp(v[i].state, "suspended") == 0;
		k++;
	}
	*text = calendar_ics(
	    &ctx->arena, "Ma tournée (Maillage)", ev, k, clock_now_s());
	if (*text == NULL)
		return err_set(ctx, E_INTERNAL, "server.error", NULL,
		    "L'agenda n'a pas pu être fabriqué.");
	return E_OK;
}
