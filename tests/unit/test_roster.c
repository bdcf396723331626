/*
 * Unit tests: domain/oncall/roster — the final roster and its gaps
 * (issue 13 « Roster »): a full week of layers without gap nor overlap,
 * both 2026 DST nights (11 h and 13 h, counted hours = real hours), the
 * public holidays (the holiday layer replaces the weekday day), a
 * nurse-less window, a disabled account or a missing phone, overrides,
 * rotation turns, and roster_at / roster_user_on_duty on a database.
 * SPEC: issue 13 « Roster », DOMAIN §9.
 */
#include "t.h"

#include <string.h>

#include "base/arena.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/oncall/roster.h"

#define TZ "Europe/Paris"

static time_t
paris(int y, int m, int d, int hh, int mm)
{
	struct calendar_local l = { y, m, d, hh, mm };

	return calendar_to_utc(TZ, &l);
}

static const struct roster_person as1 = { 11, 0, "Aude AS", "aide_soignant",
	"0600000001", 0 };
static const struct roster_person as2 = { 12, 0, "Bruno ASG", "asg",
	"0600000002", 0 };
static const struct roster_person ide1 = { 21, 0, "Claire IDE", "ide",
	"0600000003", 0 };
static const struct roster_person pool = { 0, 7, "Nuit mutualisée", "ide",
	"0400000000", 0 };

static struct roster_person l1m[2], l2m[2];
static struct roster_layer layers[8];

/* Day 08:00-20:00 on weekdays, nights 20:00-08:00, weekend and holiday
 * days 08:00-20:00, at both levels; weekly turns from Monday 5 January
 * 2026. n: how many layers (8: all, 6: no holiday layer). */
static struct roster_def
full(int n)
{
	static const enum roster_kind k[4] = { ROSTER_DAY, ROSTER_NIGHT,
		ROSTER_WEEKEND, ROSTER_HOLIDAY };
	static const int st[4] = { 480, 1200, 480, 480 };
	static const int en[4] = { 1200, 480, 1200, 1200 };
	struct roster_def d;
	int i, j = 0;

	l1m[0] = as1;
	l1m[1] = as2;
	l2m[0] = ide1;
	l2m[1] = pool;
	for (i = 0; i < 8; i++) {
		if (n == 6 && k[i % 4] == ROSTER_HOLIDAY)
			continue;
		memset(&layers[j], 0, sizeof(layers[j]));
		layers[j].id = i + 1;
		layers[j].kind = k[i % 4];
		layers[j].level = i < 4 ? 1 : 2;
		layers[j].start_min = st[i % 4];
		layers[j].end_min = en[i % 4];
		layers[j].rotation_day = calendar_days(2026, 1, 5);
		layers[j].turn_days = 7;
		layers[j].members = i < 4 ? l1m : l2m;
		layers[j].n_members = 2;
		j++;
	}
	memset(&d, 0, sizeof(d));
	d.tz = TZ;
	d.dept = "48";
	d.layers = layers;
	d.n_layers = j;
	return d;
}

/* The hours of level `lv`'s shifts in r. */
static double
hours(const struct roster_result *r, int lv)
{
	double h = 0;
	int i;

	for (i = 0; i < r->n_shifts; i++)
		if (r->shifts[i].level == lv)
			h += (double)(r->shifts[i].end - r->shifts[i].start) /
			    3600.0;
	return h;
}

static void
full_year(void **state)
{
	struct roster_def d = full(8);
	struct roster_result r;
	struct arena a;
	time_t from = paris(2026, 1, 1, 0, 0), to = paris(2027, 1, 1, 0, 0);

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.n_gaps, 0);
	assert_int_equal(r.overlap_s, 0);
	/* Counted hours are real hours (8760 h in 2026, at each level). */
	assert_true(hours(&r, 1) == (double)(to - from) / 3600.0);
	assert_true(hours(&r, 2) == 8760.0);
	arena_release(&a);
}

/* The night starting at 20:00 local on y-m-d, at level 1. */
static const struct roster_shift *
night_of(const struct roster_result *r, int y, int m, int d)
{
	time_t s = paris(y, m, d, 20, 0);
	int i;

	for (i = 0; i < r->n_shifts; i++)
		if (r->shifts[i].level == 1 && r->shifts[i].start == s)
			return &r->shifts[i];
	return NULL;
}

static void
dst_nights(void **state)
{
	struct roster_def d = full(8);
	struct roster_result r;
	const struct roster_shift *n;
	struct arena a;
	time_t from, to;

	(void)state;
	arena_init(&a, 0);
	/* Spring: Saturday 28 March 2026, 02:00 becomes 03:00. */
	from = paris(2026, 3, 28, 0, 0);
	to = paris(2026, 3, 30, 0, 0);
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.n_gaps, 0);
	assert_int_equal(r.overlap_s, 0);
	n = night_of(&r, 2026, 3, 28);
	assert_non_null(n);
	assert_int_equal((long)(n->end - n->start), 11 * 3600);
	assert_int_equal(n->end, paris(2026, 3, 29, 8, 0));
	assert_true(hours(&r, 1) == 47.0 && hours(&r, 2) == 47.0);
	/* Autumn: Saturday 24 October 2026, 03:00 becomes 02:00. */
	from = paris(2026, 10, 24, 0, 0);
	to = paris(2026, 10, 26, 0, 0);
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.n_gaps, 0);
	assert_int_equal(r.overlap_s, 0);
	n = night_of(&r, 2026, 10, 24);
	assert_non_null(n);
	assert_int_equal((long)(n->end - n->start), 13 * 3600);
	assert_true(hours(&r, 1) == 49.0 && hours(&r, 2) == 49.0);
	assert_true(hours(&r, 1) == (double)(to - from) / 3600.0);
	/* An ordinary night is 12 hours. */
	assert_int_equal(roster_compute(&a, &d, to, to + 2 * 86400, &r), 0);
	n = night_of(&r, 2026, 10, 26);
	assert_non_null(n);
	assert_int_equal((long)(n->end - n->start), 12 * 3600);
	arena_release(&a);
}

static void
holidays(void **state)
{
	struct roster_def d = full(6);
	struct roster_result r;
	struct arena a;
	time_t from = paris(2026, 4, 27, 0, 0), to = paris(2026, 5, 4, 0, 0);

	(void)state;
	arena_init(&a, 0);
	/* Without a holiday layer, Friday 1 May 08:00-20:00 is a gap at
	 * both levels (no weekday day on a holiday). */
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.n_gaps, 1);
	assert_int_equal(r.gaps[0].start, paris(2026, 5, 1, 8, 0));
	assert_int_equal(r.gaps[0].end, paris(2026, 5, 1, 20, 0));
	assert_int_equal(
	    r.gaps[0].flags, ROSTER_GAP_L1 | ROSTER_GAP_L2 | ROSTER_GAP_NURSE);
	/* With it: none, and that day's shift is the holiday layer's. */
	d = full(8);
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.n_gaps, 0);
	assert_int_equal(r.overlap_s, 0);
	{
		int i, found = 0;

		for (i = 0; i < r.n_shifts; i++)
			if (r.shifts[i].start == paris(2026, 5, 1, 8, 0)) {
				assert_int_equal(
				    r.shifts[i].kind, ROSTER_HOLIDAY);
				found++;
			}
		assert_int_equal(found, 2);
	}
	/* Whit Monday (25 May 2026) is a working day when the CRT works
	 * it: the weekday day then. */
	d.whit_worked = 1;
	from = paris(2026, 5, 25, 0, 0);
	to = paris(2026, 5, 26, 0, 0);
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.n_gaps, 0);
	assert_int_equal(r.shifts[2].start, paris(2026, 5, 25, 8, 0));
	assert_int_equal(r.shifts[2].kind, ROSTER_DAY);
	arena_release(&a);
}

static void
nurse_less(void **state)
{
	struct roster_def d = full(8);
	struct roster_result r;
	struct arena a;
	time_t from = paris(2026, 1, 5, 0, 0), to = paris(2026, 1, 12, 0, 0);

	(void)state;
	arena_init(&a, 0);
	/* The week of 5 January: level 2 is Claire (turn 0) from 08:00
	 * (the night of the 4th is the last turn's). Her account
	 * disabled: the rest of the week has no level 2 and, the level-1
	 * people being aides, no nurse reachable. */
	l2m[0].disabled = 1;
	d.layers = layers;
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.n_gaps, 1);
	assert_int_equal(r.gaps[0].start, paris(2026, 1, 5, 8, 0));
	assert_int_equal(r.gaps[0].end, to);
	assert_int_equal(r.gaps[0].flags, ROSTER_GAP_L2 | ROSTER_GAP_NURSE);
	/* A nurse at level 1 that week: still a level-2 gap, but a nurse
	 * is reachable. */
	l1m[0] = ide1;
	l1m[0].user_id = 31;
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.n_gaps, 1);
	assert_int_equal(r.gaps[0].flags, ROSTER_GAP_L2);
	/* No phone is the same as disabled. */
	d = full(8);
	l2m[0].phone = "";
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.n_gaps, 1);
	assert_int_equal(r.gaps[0].flags, ROSTER_GAP_L2 | ROSTER_GAP_NURSE);
	/* The next week, the pooled nurse's turn: no gap. */
	from = paris(2026, 1, 12, 8, 0);
	assert_int_equal(roster_compute(&a, &d, from, from + 7 * 86400, &r), 0);
	assert_int_equal(r.n_gaps, 0);
	arena_release(&a);
}

static void
overrides_and_turns(void **state)
{
	struct roster_def d = full(8);
	struct roster_override o[2];
	struct roster_result r;
	struct arena a;
	time_t from = paris(2026, 1, 5, 0, 0), to = paris(2026, 1, 19, 0, 0);
	int i, seen_pool = 0, seen_override = 0;

	(void)state;
	arena_init(&a, 0);
	memset(o, 0, sizeof(o));
	/* Claire's level-2 turn taken by the pool on 6 January 12:00-18:00
	 * and a level-2 override with nobody available on the 7th. */
	o[0].id = 1;
	o[0].level = 2;
	o[0].start = paris(2026, 1, 6, 12, 0);
	o[0].end = paris(2026, 1, 6, 18, 0);
	o[0].who = pool;
	o[0].kind = "override";
	o[1].id = 2;
	o[1].level = 2;
	o[1].start = paris(2026, 1, 7, 10, 0);
	o[1].end = paris(2026, 1, 7, 11, 0);
	o[1].who = ide1;
	o[1].who.disabled = 1;
	o[1].kind = "swap";
	d.overrides = o;
	d.n_overrides = 2;
	assert_int_equal(roster_compute(&a, &d, from, to, &r), 0);
	assert_int_equal(r.overlap_s, 0);
	assert_true(hours(&r, 2) == 14 * 24.0);
	/* Only the unavailable override is a gap. */
	assert_int_equal(r.n_gaps, 1);
	assert_int_equal(r.gaps[0].start, o[1].start);
	assert_int_equal(r.gaps[0].end, o[1].end);
	for (i = 0; i < r.n_shifts; i++) {
		if (r.shifts[i].override_id == 1) {
			assert_int_equal(r.shifts[i].start, o[0].start);
			assert_int_equal(r.shifts[i].end, o[0].end);
			seen_override++;
		}
		/* The rotation's second week is the pool's. */
		if (r.shifts[i].level == 2 && r.shifts[i].override_id == 0 &&
		    r.shifts[i].start >= paris(2026, 1, 12, 8, 0)) {
			assert_int_equal(r.shifts[i].who.org_id, 7);
			seen_pool++;
		}
		if (r.shifts[i].level == 1 &&
		    r.shifts[i].start < paris(2026, 1, 12, 8, 0) &&
		    r.shifts[i].start >= paris(2026, 1, 5, 8, 0))
			assert_int_equal(r.shifts[i].who.user_id, 11);
	}
	assert_int_equal(seen_override, 1);
	assert_true(seen_pool > 10);
	arena_release(&a);
}

static void
professions(void **state)
{
	(void)state;
	assert_true(roster_level_allows(1, "aide_soignant"));
	assert_true(roster_level_allows(1, "asg"));
	assert_true(roster_level_allows(1, "aes"));
	assert_true(roster_level_allows(1, "ide"));
	assert_true(roster_level_allows(2, "ide"));
	assert_true(roster_level_allows(2, "medecin"));
	assert_false(roster_level_allows(2, "aide_soignant"));
	assert_false(roster_level_allows(1, "secretaire"));
	assert_false(roster_level_allows(3, "ide"));
	assert_false(roster_level_allows(1, NULL));
}

/* roster_at and roster_user_on_duty on a stored roster. */
static void
stored(void **state)
{
	struct db *db = t_memdb();
	struct roster_answerer ans[8];
	struct ctx ctx;
	int64_t dac, coord;
	time_t t;
	int n, lv;

	(void)state;
	t_crt_coordinator(&ctx, db, &dac, &coord);
	assert_int_equal(coord, 1);
	assert_int_equal(dac, 2);
	/* The coordinator (IDEC) at level 2 on nights only, the pooled
	 * nurse of the DAC organisation at level 2 by day: a night of 7
	 * January 2026 (Wednesday) at 23:00. */
	/* db_script runs one statement at a time. */
	assert_int_equal(
	    db_script(db,
		"INSERT INTO oncall_layer (crt_id, kind, level, start_hm, "
		"end_hm, rotation_start, turn_days, updated_at) VALUES "
		"(1, 'night', 2, '20:00', '08:00', '2026-01-05', 7, 'x'), "
		"(1, 'day', 2, '08:00', '20:00', '2026-01-05', 7, 'x')"),
	    0);
	assert_int_equal(db_script(db,
			     "INSERT INTO oncall_member (layer_id, position, "
			     "user_id) VALUES (1, 0, 1)"),
	    0);
	assert_int_equal(db_script(db,
			     "INSERT INTO oncall_member (layer_id, position, "
			     "org_id, name, phone) VALUES (2, 0, 2, 'Inès', "
			     "'0400000001')"),
	    0);
	assert_int_equal(db_script(db,
			     "INSERT INTO oncall_fixed (crt_id, position, "
			     "label, phone) VALUES (1, 0, 'Médecin "
			     "d''astreinte', '0611111111')"),
	    0);
	t = paris(2026, 1, 7, 23, 0);
	/* Without a phone, the coordinator does not answer. */
	assert_int_equal(roster_at(&ctx, 1, t, ans, 8, &n), E_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ans[0].level, 3);
	assert_string_equal(ans[1].phone, "15");
	assert_int_equal(roster_user_on_duty(&ctx, 1, coord, t, &lv), E_OK);
	assert_int_equal(lv, 0);
	assert_int_equal(db_script(db,
			     "INSERT INTO oncall_phone (user_id, crt_id, "
			     "phone, updated_at) VALUES (1, 1, '0622222222', "
			     "'x');"),
	    0);
	assert_int_equal(roster_at(&ctx, 1, t, ans, 8, &n), E_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ans[0].level, 2);
	assert_int_equal(ans[0].user_id, coord);
	assert_string_equal(ans[0].phone, "0622222222");
	assert_string_equal(ans[0].profession, "idec");
	assert_int_equal(ans[0].start, paris(2026, 1, 7, 20, 0));
	assert_int_equal(ans[0].end, paris(2026, 1, 8, 8, 0));
	assert_string_equal(ans[1].name, "Médecin d'astreinte");
	assert_int_equal(roster_user_on_duty(&ctx, 1, coord, t, &lv), E_OK);
	assert_int_equal(lv, 2);
	/* By day: the partner's pooled nurse, not the coordinator. */
	t = paris(2026, 1, 8, 10, 0);
	assert_int_equal(roster_at(&ctx, 1, t, ans, 8, &n), E_OK);
	assert_int_equal(ans[0].org_id, dac);
	assert_int_equal(ans[0].user_id, 0);
	assert_string_equal(ans[0].profession, "ide");
	assert_string_equal(ans[0].name, "Inès (DAC)");
	assert_int_equal(roster_user_on_duty(&ctx, 1, coord, t, &lv), E_OK);
	assert_int_equal(lv, 0);
	/* Disabled: no longer on duty. */
	assert_int_equal(db_script(db, "UPDATE app_user SET disabled = 1"), 0);
	t = paris(2026, 1, 7, 23, 0);
	assert_int_equal(roster_user_on_duty(&ctx, 1, coord, t, &lv), E_OK);
	assert_int_equal(lv, 0);
	db_rollback(db);
	ctx_release(&ctx);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_year),
		cmocka_unit_test(dst_nights),
		cmocka_unit_test(holidays),
		cmocka_unit_test(nurse_less),
		cmocka_unit_test(overrides_and_turns),
		cmocka_unit_test(professions),
		cmocka_unit_test(stored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
