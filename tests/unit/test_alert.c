/*
 * Unit tests: domain/coordination/alert — the due-instant rules of the
 * alert timer (the next local midnight, across both 2026 DST changes)
 * and the routing (coordination on working days 08:00-18:00 Europe/Paris,
 * on-call at night, weekends and public holidays); base/clock — the
 * test clock's offset and ISO parsing. SPEC: issue 12 « Alerts ».
 */
#include "t.h"

#include <string.h>

#include "base/clock.h"
#include "domain/calendar.h"
#include "domain/coordination/alert.h"

#define TZ "Europe/Paris"

/* The UTC instant of a local time in Paris. */
static time_t
paris(int y, int m, int d, int hh, int mm)
{
	struct calendar_local l = { y, m, d, hh, mm };

	return calendar_to_utc(TZ, &l);
}

static void
routing(void **state)
{
	(void)state;
	/* Friday 4 December 2026: 07:59 on-call, 08:00 and 17:59 the
	 * coordination, 18:00 on-call. */
	assert_string_equal(
	    alert_route_at(paris(2026, 12, 4, 7, 59), TZ, "48", 0), "oncall");
	assert_string_equal(
	    alert_route_at(paris(2026, 12, 4, 8, 0), TZ, "48", 0),
	    "coordination");
	assert_string_equal(
	    alert_route_at(paris(2026, 12, 4, 17, 59), TZ, "48", 0),
	    "coordination");
	assert_string_equal(
	    alert_route_at(paris(2026, 12, 4, 18, 0), TZ, "48", 0), "oncall");
	/* Saturday and Sunday at noon. */
	assert_string_equal(
	    alert_route_at(paris(2026, 12, 5, 12, 0), TZ, "48", 0), "oncall");
	assert_string_equal(
	    alert_route_at(paris(2026, 12, 6, 12, 0), TZ, "48", 0), "oncall");
	/* Public holidays on a weekday: 11 November 2026 (Wednesday), Whit
	 * Monday 25 May 2026 unless the CRT works it. */
	assert_string_equal(
	    alert_route_at(paris(2026, 11, 11, 10, 0), TZ, "48", 0), "oncall");
	assert_string_equal(
	    alert_route_at(paris(2026, 5, 25, 10, 0), TZ, "48", 0), "oncall");
	assert_string_equal(
	    alert_route_at(paris(2026, 5, 25, 10, 0), TZ, "48", 1),
	    "coordination");
	/* Summer time: 08:30 in Paris is 06:30 UTC. */
	assert_string_equal(
	    alert_route_at(paris(2026, 7, 15, 8, 30), TZ, "48", 0),
	    "coordination");
	/* Negative: an unknown zone falls back to the coordination. */
	assert_string_equal(
	    alert_route_at(paris(2026, 12, 5, 12, 0), "Nowhere/City", "48", 0),
	    "coordination");
}

static void
next_day(void **state)
{
	(void)state;
	/* A winter day: the next Paris midnight is 23:00 UTC. */
	assert_int_equal(alert_next_day_at(paris(2026, 12, 4, 15, 0), TZ),
	    paris(2026, 12, 5, 0, 0));
	assert_int_equal((long)(paris(2026, 12, 5, 0, 0) % 86400), 23 * 3600);
	/* Just before midnight, and exactly at it: the next one. */
	assert_int_equal(alert_next_day_at(paris(2026, 12, 4, 23, 59), TZ),
	    paris(2026, 12, 5, 0, 0));
	assert_int_equal(alert_next_day_at(paris(2026, 12, 5, 0, 0), TZ),
	    paris(2026, 12, 6, 0, 0));
	/* Across the spring change (29 March 2026, a 23-hour day) and the
	 * autumn one (25 October, 25 hours). */
	assert_int_equal(alert_next_day_at(paris(2026, 3, 29, 12, 0), TZ) -
		paris(2026, 3, 29, 0, 0),
	    23 * 3600);
	assert_int_equal(alert_next_day_at(paris(2026, 10, 25, 12, 0), TZ) -
		paris(2026, 10, 25, 0, 0),
	    25 * 3600);
	/* Month and year ends. */
	assert_int_equal(alert_next_day_at(paris(2026, 12, 31, 9, 0), TZ),
	    paris(2027, 1, 1, 0, 0));
	assert_int_equal(alert_next_day_at(paris(2028, 2, 28, 9, 0), TZ),
	    paris(2028, 2, 29, 0, 0));
}

/* Every kind has its French label (a reply writes both). */
static void
kinds_labelled(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; alert_kind_codes[i] != NULL; i++)
		assert_non_null(alert_kind_labels[i]);
	assert_null(alert_kind_labels[i]);
	for (j = 0; alert_user_kind_codes[j] != NULL; j++)
		assert_string_equal(
		    alert_user_kind_codes[j], alert_kind_codes[j]);
}

static void
test_clock(void **state)
{
	int64_t ms, before, after;

	(void)state;
	assert_int_equal(clock_parse_iso("2026-12-05T04:10:33.634Z", &ms), 0);
	assert_true(ms == 1796443833634LL);
	assert_int_equal(clock_parse_iso("2026-12-05T04:10:33Z", &ms), 0);
	assert_true(ms == 1796443833000LL);
	assert_int_equal(clock_parse_iso("2026-12-05T04:10:33.6Z", &ms), 0);
	assert_true(ms == 1796443833600LL);
	assert_int_equal(clock_parse_iso("2026-02-30T04:10:33Z", &ms), -1);
	assert_int_equal(clock_parse_iso("2026-12-05 04:10:33Z", &ms), -1);
	assert_int_equal(clock_parse_iso("2026-12-05T04:10:33", &ms), -1);
	assert_int_equal(clock_parse_iso("2026-12-05T04:10:33.Z", &ms), -1);
	/* Refused until enabled (serve --test-clock). */
	assert_int_equal(clock_set_offset_ms(1000), -1);
	assert_int_equal(clock_offset_ms(), 0);
	clock_test_enable();
	before = clock_now_ms();
	assert_int_equal(clock_set_offset_ms(-86400000LL * 3 - 1), 0);
	after = clock_now_ms();
	assert_true(before - after > 86400000LL * 3 - 1000);
	assert_true(before - after < 86400000LL * 3 + 1000);
	/* Every "now" follows: the ISO text and today's date. */
	{
		struct arena a;
		char *iso, *today;

		arena_init(&a, 0);
		iso = clock_now_iso(&a);
		assert_int_equal(clock_parse_iso(iso, &ms), 0);
		assert_true(ms - after < 1000 && after - ms < 1000);
		today = clock_today_plus(&a, 3);
		assert_int_equal(clock_days_between(iso, today), 3);
		arena_release(&a);
	}
	assert_int_equal(clock_set_offset_ms(0), 0);
	assert_true(clock_now_ms() - before < 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routing),
		cmocka_unit_test(next_day),
		cmocka_unit_test(kinds_labelled),
		cmocka_unit_test(test_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
