/*
 * Unit tests: domain/volet2/bed — the day arithmetic of the emergency
 * beds (issue 13): nights counted as calendar days across both 2026 DST
 * changes, month and year ends and a leap year; "today" in the CRT's zone
 * for instants around local midnight; the rolling window's first day.
 * SPEC: issue 13 « Emergency temporary beds ».
 */
#include "t.h"

#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "domain/volet2/bed.h"

static time_t
at(const char *iso)
{
	int64_t ms;

	assert_int_equal(clock_parse_iso(iso, &ms), 0);
	return (time_t)(ms / 1000);
}

static void
local_day(const char *iso, const char *tz, const char *want)
{
	char d[11];

	bed_local_day(d, tz, at(iso));
	if (strcmp(d, want) != 0)
		fail_msg("%s in %s: got %s, want %s", iso, tz ? tz : "NULL", d,
		    want);
}

/* A night of 23 h (29 March 2026) and one of 25 h (25 October) are
 * one night each: a stay is counted in calendar days, not in hours. */
static void
nights_across_dst(void **state)
{
	(void)state;
	assert_int_equal(bed_days_between("2026-03-28", "2026-03-30"), 2);
	assert_int_equal(bed_days_between("2026-03-29", "2026-03-30"), 1);
	assert_int_equal(bed_days_between("2026-10-24", "2026-10-26"), 2);
	assert_int_equal(bed_days_between("2026-10-25", "2026-10-26"), 1);
	/* A whole March and a whole October. */
	assert_int_equal(bed_days_between("2026-03-01", "2026-04-01"), 31);
	assert_int_equal(bed_days_between("2026-10-01", "2026-11-01"), 31);
	assert_int_equal(bed_days_between("2026-03-30", "2026-03-28"), -2);
}

static void
year_ends_and_leap_years(void **state)
{
	char d[11];

	(void)state;
	assert_int_equal(bed_days_between("2026-12-30", "2027-01-02"), 3);
	assert_int_equal(bed_days_between("2028-02-28", "2028-03-01"), 2);
	assert_int_equal(bed_days_between("2027-02-28", "2027-03-01"), 1);
	assert_int_equal(bed_days_between("2028-01-01", "2029-01-01"), 366);
	bed_date_add(d, "2026-12-31", 1);
	assert_string_equal(d, "2027-01-01");
	bed_date_add(d, "2027-01-01", -1);
	assert_string_equal(d, "2026-12-31");
	/* The rolling 365 days before a stay's end. */
	bed_date_add(d, "2028-03-01", -365);
	assert_string_equal(d, "2027-03-02");
	bed_date_add(d, "2027-01-10", -365);
	assert_string_equal(d, "2026-01-10");
	bed_date_add(d, "2026-03-28", 30);
	assert_string_equal(d, "2026-04-27");
	assert_int_equal(bed_month_days(2028, 2), 29);
	assert_int_equal(bed_month_days(2027, 2), 28);
	assert_int_equal(bed_month_days(2026, 12), 31);
	assert_int_equal(bed_month_days(2026, 4), 30);
}

static void
overlaps(void **state)
{
	(void)state;
	/* A stay over the new year: two nights in January. */
	assert_int_equal(bed_overlap_days("2026-12-28", "2027-01-03",
			     "2027-01-01", "2027-02-01"),
	    2);
	assert_int_equal(bed_overlap_days("2026-12-28", "2027-01-03",
			     "2026-12-01", "2027-01-01"),
	    4);
	/* Adjacent: the departure day is the next arrival's. */
	assert_int_equal(bed_overlap_days("2026-08-01", "2026-08-10",
			     "2026-08-10", "2026-08-15"),
	    0);
	assert_int_equal(bed_overlap_days("2026-08-01", "2026-08-10",
			     "2025-08-10", "2026-08-10"),
	    9);
	assert_int_equal(bed_overlap_days("2026-08-01", "2026-08-10",
			     "2026-09-01", "2026-09-10"),
	    0);
}

/* "Today" is the CRT's local day: around midnight on both DST nights
 * and on New Year's Eve, in Paris and in Réunion (UTC+4, no DST). */
static void
today_in_the_zone(void **state)
{
	(void)state;
	local_day("2026-03-28T22:59:00Z", "Europe/Paris", "2026-03-28");
	local_day("2026-03-28T23:00:00Z", "Europe/Paris", "2026-03-29");
	local_day("2026-03-29T21:59:00Z", "Europe/Paris", "2026-03-29");
	local_day("2026-03-29T22:00:00Z", "Europe/Paris", "2026-03-30");
	local_day("2026-10-24T21:59:00Z", "Europe/Paris", "2026-10-24");
	local_day("2026-10-24T22:00:00Z", "Europe/Paris", "2026-10-25");
	local_day("2026-10-25T22:59:00Z", "Europe/Paris", "2026-10-25");
	local_day("2026-10-25T23:00:00Z", "Europe/Paris", "2026-10-26");
	local_day("2026-12-31T22:59:00Z", "Europe/Paris", "2026-12-31");
	local_day("2026-12-31T23:00:00Z", "Europe/Paris", "2027-01-01");
	local_day("2026-12-31T19:59:00Z", "Indian/Reunion", "2026-12-31");
	local_day("2026-12-31T20:00:00Z", "Indian/Reunion", "2027-01-01");
	/* An unknown zone falls back to Paris. */
	local_day("2026-12-31T23:00:00Z", "Nowhere/Atlantis", "2027-01-01");
	local_day("2026-12-31T23:00:00Z", NULL, "2027-01-01");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nights_across_dst),
		cmocka_unit_test(year_ends_and_leap_years),
		cmocka_unit_test(overlaps),
		cmocka_unit_test(today_in_the_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
