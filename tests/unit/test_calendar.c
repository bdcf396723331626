/*
 * Unit tests: domain/calendar — French public holidays 2024-2030 against
 * a table (DOMAIN §9), Europe/Paris across both 2026 DST changes, RRULE
 * and EXDATE expansion, the holiday policies, RRULE validation.
 */
#include "t.h"

#include <string.h>

#include <libical/ical.h>

#include "base/arena.h"
#include "domain/calendar.h"

/* Easter Sunday, then the three movable holidays of metropolitan France
 * (Easter Monday, Ascension, Whit Monday), per year. */
static const struct {
	int y, easter_m, easter_d;
	int mov[3][2];
} years[] = {
	{ 2024, 3, 31, { { 4, 1 }, { 5, 9 }, { 5, 20 } } },
	{ 2025, 4, 20, { { 4, 21 }, { 5, 29 }, { 6, 9 } } },
	{ 2026, 4, 5, { { 4, 6 }, { 5, 14 }, { 5, 25 } } },
	{ 2027, 3, 28, { { 3, 29 }, { 5, 6 }, { 5, 17 } } },
	{ 2028, 4, 16, { { 4, 17 }, { 5, 25 }, { 6, 5 } } },
	{ 2029, 4, 1, { { 4, 2 }, { 5, 10 }, { 5, 21 } } },
	{ 2030, 4, 21, { { 4, 22 }, { 5, 30 }, { 6, 10 } } },
};
static const int fixed[8][2] = { { 1, 1 }, { 5, 1 }, { 5, 8 }, { 7, 14 },
	{ 8, 15 }, { 11, 1 }, { 11, 11 }, { 12, 25 } };

static int
in_list(int m, int d, const int (*list)[2], int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i][0] == m && list[i][1] == d)
			return 1;
	return 0;
}

/* Every day of every year: a holiday exactly when the table says so. */
static void
check_year(
    int k, const char *dept, const int (*extra)[2], int nextra, int whit_worked)
{
	int y = years[k].y, m, d, n = 0, nwant = 0, want, got;
	long day, first = calendar_days(y, 1, 1),
		  last = calendar_days(y, 12, 31);

	for (day = first; day <= last; day++) {
		calendar_from_days(day, &y, &m, &d);
		want = in_list(m, d, fixed, 8) ||
		    in_list(m, d, years[k].mov, whit_worked ? 2 : 3) ||
		    in_list(m, d, extra, nextra);
		got = calendar_holiday(y, m, d, dept, whit_worked) != NULL;
		if (want != got)
			fail_msg("%s %04d-%02d-%02d: want %d, got %d", dept, y,
			    m, d, want, got);
		n += got;
		nwant += want;
	}
	/* Two may fall on one day (Guyane's 10 June, Whit Monday 2030). */
	assert_int_equal(n, nwant);
	assert_true(n >= 8 + (whit_worked ? 2 : 3) + nextra - 1);
}

static void
holidays_2024_2030(void **state)
{
	int k, m, d, gf[2][2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		k = (int)i;
		calendar_easter(years[k].y, &m, &d);
		assert_int_equal(m, years[k].easter_m);
		assert_int_equal(d, years[k].easter_d);
		check_year(k, "48", NULL, 0, 0);
		check_year(k, "48", NULL, 0, 1);
		check_year(k, NULL, NULL, 0, 0);
		/* Moselle, Bas-Rhin, Haut-Rhin: Good Friday, 26 December. */
		calendar_from_days(calendar_days(years[k].y, m, d) - 2,
		    &(int){ 0 }, &gf[0][0], &gf[0][1]);
		gf[1][0] = 12;
		gf[1][1] = 26;
		check_year(k, "57", (const int(*)[2])gf, 2, 0);
		check_year(k, "67", (const int(*)[2])gf, 2, 0);
		check_year(k, "68", (const int(*)[2])gf, 2, 0);
		check_year(k, "971", (const int[][2]){ { 5, 27 } }, 1, 0);
		check_year(k, "972", (const int[][2]){ { 5, 22 } }, 1, 0);
		check_year(k, "973", (const int[][2]){ { 6, 10 } }, 1, 0);
		check_year(k, "974", (const int[][2]){ { 12, 20 } }, 1, 0);
		check_year(k, "976", (const int[][2]){ { 4, 27 } }, 1, 0);
	}
	assert_string_equal(
	    calendar_holiday(2026, 5, 14, "48", 0), "Ascension");
	assert_string_equal(
	    calendar_holiday(2026, 4, 3, "57", 0), "Vendredi saint");
	assert_null(calendar_holiday(2026, 4, 3, "48", 0));
	assert_string_equal(
	    calendar_holiday(2026, 12, 26, "57", 0), "Saint-Étienne");
	assert_int_equal(calendar_weekday(2026, 4, 6), 0); /* Monday */
	assert_int_equal(calendar_weekday(2026, 4, 5), 6); /* Sunday */
}

struct got {
	int n;
	struct calendar_occ o[64];
};

static int
collect(void *arg, const struct calendar_occ *o)
{
	struct got *g = arg;

	if (g->n < 64)
		g->o[g->n] = *o;
	g->n++;
	return 0;
}

static time_t
utc(int y, int m, int d, int hh, int mm)
{
	return (
	    time_t)(calendar_days(y, m, d) * 86400L + hh * 3600L + mm * 60L);
}

static struct calendar_series
series(const char *start, int dur, const char *rrule)
{
	struct calendar_series s;

	memset(&s, 0, sizeof(s));
	s.tz = "Europe/Paris";
	s.dept = "48";
	assert_int_equal(calendar_parse_local(start, &s.start), 0);
	s.duration_min = dur;
	s.rrule = rrule;
	s.policy = CAL_KEEP;
	return s;
}

static void
dst_2026(void **state)
{
	struct calendar_series s;
	struct got g;
	struct calendar_local l;

	(void)state;
	/* A weekly 09:00 visit stays 09:00 local: 08:00 UTC in winter,
	 * 07:00 UTC in summer, 08:00 again after October. */
	s = series("2026-03-19T09:00", 30, "FREQ=WEEKLY");
	memset(&g, 0, sizeof(g));
	assert_int_equal(calendar_expand(&s, utc(2026, 3, 1, 0, 0),
			     utc(2026, 4, 10, 0, 0), 100, collect, &g),
	    0);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.o[0].start, utc(2026, 3, 19, 8, 0));
	assert_int_equal(g.o[1].start, utc(2026, 3, 26, 8, 0));
	assert_int_equal(g.o[2].start, utc(2026, 4, 2, 7, 0));
	assert_int_equal(g.o[2].end - g.o[2].start, 30 * 60);
	assert_int_equal(
	    calendar_to_local("Europe/Paris", g.o[2].start, &l), 0);
	assert_int_equal(l.hh, 9);
	memset(&g, 0, sizeof(g));
	calendar_expand(&s, utc(2026, 10, 20, 0, 0), utc(2026, 11, 1, 0, 0),
	    100, collect, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.o[0].start, utc(2026, 10, 22, 7, 0));
	assert_int_equal(g.o[1].start, utc(2026, 10, 29, 8, 0));

	/* A 20:00 → 08:00 night lasts 11 h on 28→29 March 2026 and 13 h
	 * on 24→25 October 2026, 12 h otherwise. */
	s = series("2026-03-27T20:00", 720, "FREQ=DAILY");
	memset(&g, 0, sizeof(g));
	calendar_expand(&s, utc(2026, 3, 27, 0, 0), utc(2026, 3, 30, 0, 0), 100,
	    collect, &g);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.o[0].end - g.o[0].start, 12 * 3600);
	assert_int_equal(g.o[1].end - g.o[1].start, 11 * 3600);
	assert_int_equal(g.o[1].start, utc(2026, 3, 28, 19, 0));
	assert_int_equal(g.o[1].end, utc(2026, 3, 29, 6, 0));
	memset(&g, 0, sizeof(g));
	calendar_expand(&s, utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 12, 0),
	    100, collect, &g);
	assert_int_equal(g.n, 1); /* the 23rd's night ended at 06:00Z */
	assert_int_equal(g.o[0].start, utc(2026, 10, 24, 18, 0));
	assert_int_equal(g.o[0].end, utc(2026, 10, 25, 7, 0));
	assert_int_equal(g.o[0].end - g.o[0].start, 13 * 3600);
}

static void
rrule_exdate(void **state)
{
	struct calendar_series s;
	struct got g;

	(void)state;
	/* Mondays and Thursdays at 09:00, not Thursday 5 March, not the
	 * 12th at 09:00 (date-time form); valid to 19 March. */
	s = series("2026-03-02T09:00", 45, "FREQ=WEEKLY;BYDAY=MO,TH");
	s.exdates = "2026-03-05,2026-03-12T09:00";
	s.has_until = 1;
	calendar_parse_date("2026-03-19", &s.until);
	memset(&g, 0, sizeof(g));
	assert_int_equal(calendar_expand(&s, utc(2026, 1, 1, 0, 0),
			     utc(2027, 1, 1, 0, 0), 100, collect, &g),
	    0);
	assert_int_equal(g.n, 4); /* 2, 9, 16, 19 March */
	assert_int_equal(g.o[0].local.d, 2);
	assert_int_equal(g.o[1].local.d, 9);
	assert_int_equal(g.o[2].local.d, 16);
	assert_int_equal(g.o[3].local.d, 19);
	assert_int_equal(g.o[3].key, g.o[3].start);
	/* A window far from DTSTART (the iterator jumps near it). */
	s = series("2020-01-06T09:00", 30, "FREQ=WEEKLY");
	memset(&g, 0, sizeof(g));
	calendar_expand(
	    &s, utc(2026, 6, 1, 0, 0), utc(2026, 6, 8, 0, 0), 100, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.o[0].start, utc(2026, 6, 1, 7, 0));
	/* COUNT stops the series; a one-off is one occurrence. */
	s = series("2026-06-01T10:00", 30, "FREQ=DAILY;COUNT=3");
	memset(&g, 0, sizeof(g));
	calendar_expand(
	    &s, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), 100, collect, &g);
	assert_int_equal(g.n, 3);
	s = series("2026-06-01T10:00", 30, NULL);
	memset(&g, 0, sizeof(g));
	calendar_expand(
	    &s, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), 100, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.o[0].start, utc(2026, 6, 1, 8, 0));
	/* The guard. */
	s = series("2026-01-01T10:00", 30, "FREQ=DAILY");
	memset(&g, 0, sizeof(g));
	assert_int_equal(calendar_expand(&s, utc(2026, 1, 1, 0, 0),
			     utc(2027, 1, 1, 0, 0), 10, collect, &g),
	    1);
	assert_int_equal(g.n, 10);
}

/* Easter Monday 6 April and Ascension Thursday 14 May 2026. */
static void
policies(void **state)
{
	static const struct {
		const char *start, *rrule;
		enum calendar_policy p;
		int n, m, d; /* occurrences in the window, the first's day */
		int moved;
	} cases[] = {
		{ "2026-03-30T09:00", "FREQ=WEEKLY", CAL_KEEP, 1, 4, 6, 0 },
		{ "2026-03-30T09:00", "FREQ=WEEKLY", CAL_SKIP, 0, 0, 0, 0 },
		{ "2026-03-30T09:00", "FREQ=WEEKLY", CAL_BEFORE, 1, 4, 5, 1 },
		{ "2026-03-30T09:00", "FREQ=WEEKLY", CAL_AFTER, 1, 4, 7, 1 },
		{ "2026-05-07T14:00", "FREQ=WEEKLY", CAL_KEEP, 1, 5, 14, 0 },
		{ "2026-05-07T14:00", "FREQ=WEEKLY", CAL_SKIP, 0, 0, 0, 0 },
		{ "2026-05-07T14:00", "FREQ=WEEKLY", CAL_BEFORE, 1, 5, 13, 1 },
		{ "2026-05-07T14:00", "FREQ=WEEKLY", CAL_AFTER, 1, 5, 15, 1 },
	};
	struct calendar_series s;
	struct got g;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = series(cases[i].start, 30, cases[i].rrule);
		s.policy = cases[i].p;
		memset(&g, 0, sizeof(g));
		/* The holiday's week: Sunday 00:00 to the next Sunday. */
		if (cases[i].m == 4 || (cases[i].m == 0 && i < 4))
			calendar_expand(&s, utc(2026, 4, 4, 22, 0),
			    utc(2026, 4, 11, 22, 0), 100, collect, &g);
		else
			calendar_expand(&s, utc(2026, 5, 9, 22, 0),
			    utc(2026, 5, 16, 22, 0), 100, collect, &g);
		assert_int_equal(g.n, cases[i].n);
		if (g.n == 0)
			continue;
		assert_int_equal(g.o[0].local.m, cases[i].m);
		assert_int_equal(g.o[0].local.d, cases[i].d);
		assert_int_equal(g.o[0].moved, cases[i].moved);
		assert_non_null(g.o[0].holiday);
		/* The key stays the instance's own start. */
		assert_int_equal(g.o[0].local.hh, cases[i].m == 4 ? 9 : 14);
		if (cases[i].moved)
			assert_true(g.o[0].key != g.o[0].start);
	}
	/* Moselle's 26 December (a Saturday in 2026), moved after: Monday
	 * 28th? No: Sunday 27th (Sundays are ordinary days). */
	s = series("2026-12-05T09:00", 30, "FREQ=WEEKLY;BYDAY=SA");
	s.dept = "57";
	s.policy = CAL_AFTER;
	memset(&g, 0, sizeof(g));
	calendar_expand(&s, utc(2026, 12, 20, 0, 0), utc(2026, 12, 31, 0, 0),
	    100, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.o[0].local.d, 27);
	assert_string_equal(g.o[0].holiday, "Saint-Étienne");
	s.dept = "48";
	memset(&g, 0, sizeof(g));
	calendar_expand(&s, utc(2026, 12, 20, 0, 0), utc(2026, 12, 31, 0, 0),
	    100, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.o[0].local.d, 26);
	assert_null(g.o[0].holiday);
}

static void
rrules_and_parsing(void **state)
{
	struct calendar_local l;

	(void)state;
	assert_null(calendar_rrule_error("FREQ=WEEKLY;BYDAY=MO,TH"));
	assert_null(calendar_rrule_error("FREQ=DAILY;INTERVAL=2;COUNT=10"));
	assert_null(calendar_rrule_error(NULL));
	assert_non_null(calendar_rrule_error("FREQ=HOURLY"));
	assert_non_null(calendar_rrule_error("FREQ=MINUTELY;INTERVAL=1"));
	assert_non_null(calendar_rrule_error("BYDAY=MO"));
	assert_non_null(calendar_rrule_error("hello"));
	assert_non_null(calendar_rrule_error("RRULE:FREQ=DAILY"));
	assert_non_null(
	    calendar_rrule_error("DTSTART:20260101T000000\nFREQ=DAILY"));
	assert_non_null(calendar_rrule_error("FREQ=DAILY;INTERVAL=0"));
	assert_int_equal(calendar_parse_local("2026-03-29T02:30", &l), 0);
	assert_int_equal(calendar_parse_local("2026-02-30T09:00", &l), -1);
	assert_int_equal(calendar_parse_local("2026-03-29T24:00", &l), -1);
	assert_int_equal(calendar_parse_local("2026-03-29 09:00", &l), -1);
	assert_int_equal(calendar_parse_local("2026-03-29T9:00", &l), -1);
	assert_int_equal(calendar_parse_date("2026-03-29", &l), 0);
	assert_int_equal(calendar_parse_date("2026-3-29", &l), -1);
	assert_true(calendar_zone_ok("Europe/Paris"));
	assert_true(calendar_zone_ok("America/Cayenne"));
	assert_false(calendar_zone_ok("Europe/Nowhere"));
	assert_false(calendar_zone_ok(""));
	/* The skipped hour of the spring change: not an error. */
	assert_true(calendar_to_utc("Europe/Paris", &l) > 0);
}

static void
ics_feed(void **state)
{
	struct arena a;
	struct calendar_event ev[2] = {
		{ "12-20260402T070000Z@maillage", 0, 0,
		    "Visite — M. R., toilette; soins (Saint-Chély-d'Apcher) "
		    "avec un résumé assez long pour être plié à 75 octets",
		    "Saint-Chély-d'Apcher", NULL, 0 },
		{ "12-20260403T070000Z@maillage", 0, 0, "Visite — P. T.",
		    "Le Malzieu-Ville", NULL, 1 },
	};
	icalcomponent *cal;
	char *text, *p;
	int n = 0;

	(void)state;
	arena_init(&a, 1 << 16);
	ev[0].start = utc(2026, 4, 2, 7, 0);
	ev[0].end = utc(2026, 4, 2, 7, 30);
	ev[1].start = utc(2026, 4, 3, 7, 0);
	ev[1].end = utc(2026, 4, 3, 7, 30);
	text =
	    calendar_ics(&a, "Tournée de Nadia", ev, 2, utc(2026, 4, 1, 0, 0));
	assert_non_null(text);
	assert_non_null(strstr(text, "BEGIN:VCALENDAR\r\n"));
	assert_non_null(strstr(text, "DTSTART:20260402T070000Z\r\n"));
	assert_non_null(strstr(text, "X-WR-CALNAME:Tournée de Nadia"));
	assert_non_null(strstr(text, "STATUS:CANCELLED"));
	assert_non_null(strstr(text, "toilette\\; soins")); /* escaped */
	for (p = text; (p = strstr(p, "\r\n")) != NULL; p += 2)
		n++;
	assert_true(n > 15);
	/* No line longer than 75 octets (folded), and it parses back. */
	for (p = text; *p;) {
		char *e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true(e - p <= 75);
		p = e + 2;
	}
	cal = icalparser_parse_string(text);
	assert_non_null(cal);
	assert_int_equal(
	    icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 2);
	icalcomponent_free(cal);
	arena_release(&a);
}

/* The arithmetic expansion of the common shapes against libical's
 * iterator: same occurrences (key, start, end, holiday, move) for every
 * rule, start, policy and window of a table. */
struct occs {
	int n;
	struct calendar_occ o[400];
};

static int
keep(void *arg, const struct calendar_occ *o)
{
	struct occs *g = arg;

	if (g->n < 400)
		g->o[g->n] = *o;
	g->n++;
	return 0;
}

static void
fast_equals_libical(void **state)
{
	static const char *const rules[] = { "FREQ=DAILY",
		"FREQ=DAILY;INTERVAL=3", "FREQ=DAILY;COUNT=10", "FREQ=WEEKLY",
		"FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=WEEKLY;BYDAY=SU,SA",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
		"FREQ=WEEKLY;COUNT=7;BYDAY=MO,TH",
		"FREQ=WEEKLY;INTERVAL=3;COUNT=5",
		"FREQ=WEEKLY;BYDAY=TH,MO;COUNT=9",
		"FREQ=DAILY;UNTIL=20261231T230000Z",
		"FREQ=WEEKLY;BYDAY=MO;UNTIL=20270115",
		"FREQ=DAILY;UNTIL=20261120T080000",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR,SA,SU",
		"FREQ=MONTHLY", NULL };
	static const char *const starts[] = { "2026-03-25T20:00",
		"2026-10-22T09:00", "2025-12-31T07:15", "2026-05-13T14:00",
		NULL };
	static const int offsets[] = { -10, 0, 3, 40, 200, 380 };
	static const int spans[] = { 1, 7, 31 };
	struct calendar_series s;
	struct occs *a = test_malloc(sizeof(*a)), *b = test_malloc(sizeof(*b));
	int i, j, p, o, w, k, cases = 0;
	time_t from;

	(void)state;
	for (i = 0; rules[i]; i++)
		for (j = 0; starts[j]; j++)
			for (p = 0; p < CAL__MAX; p++)
				for (o = 0; o < 6; o++)
					for (w = 0; w < 3; w++) {
						s = series(starts[j],
						    p % 2 ? 720 : 30, rules[i]);
						s.policy =
						    (enum calendar_policy)p;
						from = calendar_to_utc(
							   "Europe/Paris",
							   &s.start) +
						    offsets[o] * 86400L;
						memset(a, 0, sizeof(*a));
						memset(b, 0, sizeof(*b));
						assert_int_equal(
						    calendar_expand(&s, from,
							from +
							    spans[w] * 86400L,
							400, keep, a),
						    0);
						assert_int_equal(
						    calendar_expand_libical(&s,
							from,
							from +
							    spans[w] * 86400L,
							400, keep, b),
						    0);
						if (a->n != b->n)
							fail_msg(
							    "%s from %s +%dd "
							    "/%dd policy %d: "
							    "%d vs %d",
							    rules[i], starts[j],
							    offsets[o],
							    spans[w], p, a->n,
							    b->n);
						for (k = 0; k < a->n && k < 400;
						     k++)
							if (a->o[k].key !=
								b->o[k].key ||
							    a->o[k].start !=
								b->o[k].start ||
							    a->o[k].end !=
								b->o[k].end ||
							    a->o[k].moved !=
								b->o[k].moved)
								fail_msg(
								    "%s from %s: "
								    "occurrence %d "
								    "differs",
								    rules[i],
								    starts[j],
								    k);
						cases++;
					}
	assert_true(cases > 1000);
	test_free(a);
	test_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(holidays_2024_2030),
		cmocka_unit_test(dst_2026),
		cmocka_unit_test(rrule_exdate),
		cmocka_unit_test(policies),
		cmocka_unit_test(rrules_and_parsing),
		cmocka_unit_test(ics_feed),
		cmocka_unit_test(fast_equals_libical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
