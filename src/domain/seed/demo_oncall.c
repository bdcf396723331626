/*
 * The demo's on-call roster (demo_oncall.h). Everything goes through
 * roster_edit_* as the coordinator, so the demo's roster passed the same
 * checks as a user's (phones, professions, enabled accounts). The phone
 * numbers are in the range ARCEP keeps for fiction (06 39 98).
 */
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/calendar.h"
#include "domain/oncall/roster_edit.h"
#include "domain/platform/user.h"
#include "domain/seed/demo_oncall.h"

static int
user_of(struct ctx *ctx, const char *login, int64_t *id)
{
	struct user u;
	int rc;

	rc = user_by_login(ctx, login, &u, NULL);
	if (rc != E_OK)
		return rc == E_NOT_FOUND ? E_INTERNAL : rc;
	*id = u.id;
	return E_OK;
}

/* The demo's days in the CRT's zone: this week's Monday, a local
 * "YYYY-MM-DDTHH:MM" `days` after today. */
static const char *
local_day(struct ctx *ctx, const char *tz, long days, int hh)
{
	struct calendar_local l;
	long d;

	if (calendar_to_local(tz, clock_now_s(), &l) != 0)
		return NULL;
	d = calendar_days(l.y, l.m, l.d) + days;
	calendar_from_days(d, &l.y, &l.m, &l.d);
	return arena_printf(
	    &ctx->arena, "%04d-%02d-%02dT%02d:00", l.y, l.m, l.d, hh);
}

int
demo_oncall_seed(struct ctx *ctx, int64_t pool)
{
	static const struct {
		const char *kind, *start, *end;
	} kinds[] = { { "day", "08:00", "20:00" },
		{ "night", "20:00", "08:00" }, { "weekend", "08:00", "20:00" },
		{ "holiday", "08:00", "20:00" } };
	struct roster_member_in l1[2], l2[2], night2[2], none;
	struct roster_fixed fixed = { "Dr Jean Rouvière, médecin coordonnateur",
		"06 39 98 00 04" };
	struct roster_layer_in in;
	struct calendar_local l;
	const char *tz = roster_edit_tz(ctx), *monday, *start, *end;
	int64_t aide, coord, ide, med, id;
	size_t i;
	int rc, gaps, wd;

	rc = user_of(ctx, "aide", &aide);
	if (rc == E_OK)
		rc = user_of(ctx, "coordination", &coord);
	if (rc == E_OK)
		rc = user_of(ctx, "ide", &ide);
	if (rc == E_OK)
		rc = user_of(ctx, "medecin", &med);
	if (rc != E_OK)
		return rc;
	memset(l1, 0, sizeof(l1));
	memset(l2, 0, sizeof(l2));
	memset(night2, 0, sizeof(night2));
	l1[0].user_id = aide;
	l1[0].phone = "06 39 98 00 01";
	l1[1].user_id = coord;
	l1[1].phone = "06 39 98 00 02";
	l2[0].user_id = ide;
	l2[0].phone = "06 39 98 00 03";
	l2[1].user_id = med;
	l2[1].phone = "06 39 98 00 04";
	night2[0].user_id = ide;
	night2[1].org_id = pool;
	night2[1].name = "Inès Fabre, IDE de nuit mutualisée";
	night2[1].phone = "06 39 98 00 05";
	if (calendar_to_local(tz, clock_now_s(), &l) != 0)
		return E_INTERNAL;
	wd = calendar_weekday(l.y, l.m, l.d);
	monday = local_day(ctx, tz, -wd, 0);
	for (i = 0; rc == E_OK && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		memset(&in, 0, sizeof(in));
		in.kind = kinds[i].kind;
		in.start_hm = kinds[i].start;
		in.end_hm = kinds[i].end;
		in.rotation_start = arena_printf(&ctx->arena, "%.10s", monday);
		in.turn_days = 7;
		in.level = 1;
		in.members = l1;
		in.n_members = 2;
		rc = roster_edit_layer_put(ctx, &in, &id);
		if (rc != E_OK)
			break;
		in.level = 2;
		in.members = strcmp(in.kind, "night") == 0 ? night2 : l2;
		rc = roster_edit_layer_put(ctx, &in, &id);
	}
	if (rc == E_OK)
		rc = roster_edit_fixed_set(ctx, &fixed, 1);
	/* The deliberate gap: three days ahead, the night nurse's absence
	 * not replaced yet, the night left vacant at level 2 (within 7 days:
	 * its alert is raised at once). */
	start = local_day(ctx, tz, 3, 20);
	end = local_day(ctx, tz, 4, 8);
	memset(&none, 0, sizeof(none));
	if (rc == E_OK)
		rc = roster_edit_override_create(ctx, 2, start, end, &none,
		    "Absence de l'IDE de nuit non remplacée : remplaçante en "
		    "cours de recherche",
		    &id);
	if (rc == E_OK)
		rc = roster_edit_publish(ctx,
		    "Une nuit encore vacante au niveau 2 : la coordination "
		    "appelle l'EHPAD voisin pour une IDE de nuit.",
		    &gaps);
	return rc;
}
