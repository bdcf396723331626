/*
 * Expanding a year of every visit series of PEOPLE people (issue 11:
 * « expanding a year of all series of 300 people ≤ 1 s »), in process:
 * the series of bench/planning.mjs (three weekly shapes, a daily SSIAD
 * pass, a Sunday night for one person in four), Europe/Paris across both
 * DST changes, the holidays of Lozère. Once with calendar_expand (what
 * the server runs), once with the libical reference iterator.
 * Not a test: it prints numbers (docs/PERFORMANCE.md).
 * Usage: make bench-expand [BENCH_PEOPLE=300]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "domain/calendar.h"

static int
count(void *arg, const struct calendar_occ *o)
{
	(void)o;
	(*(long *)arg)++;
	return 0;
}

typedef int (*expand_fn)(const struct calendar_series *, time_t, time_t, int,
    int (*)(void *, const struct calendar_occ *), void *);

static double
run(expand_fn fn, const struct calendar_series *s, int n, time_t from,
    time_t to, long *occ)
{
	int64_t t0 = clock_mono_ms();
	int i;

	*occ = 0;
	for (i = 0; i < n; i++)
		if (fn(&s[i], from, to, 100000, count, occ) < 0) {
			fprintf(stderr, "series %d: expansion failed\n", i);
			exit(1);
		}
	return (double)(clock_mono_ms() - t0);
}

int
main(void)
{
	const char *env = getenv("BENCH_PEOPLE");
	int people = env != NULL ? atoi(env) : 300, n = 0, i, k;
	struct calendar_series *s = calloc((size_t)people * 4, sizeof(*s));
	struct calendar_local a = { 0 }, b = { 0 };
	time_t from, to;
	long occ;
	double ms;

	if (s == NULL || people <= 0)
		return 1;
	for (i = 0; i < people; i++) {
		static const struct {
			int hour, min, dur;
			const char *rrule;
		} shape[] = {
			{ 8, 0, 30, "FREQ=WEEKLY;BYDAY=MO,WE,FR" },
			{ 7, 30, 30, "FREQ=DAILY" },
			{ 11, 0, 60, "FREQ=WEEKLY;BYDAY=TU,TH,SA" },
			{ 21, 0, 30, "FREQ=WEEKLY;BYDAY=SU" },
		};
		for (k = 0; k < 4; k++) {
			if (k == 3 && i % 4 != 0)
				continue;
			s[n].tz = "Europe/Paris";
			s[n].dept = "48";
			s[n].start.y = 2026;
			s[n].start.m = 1;
			s[n].start.d = 1 + i % 7;
			s[n].start.hh = shape[k].hour + (k == 0 ? i % 10 : 0);
			s[n].start.mm = shape[k].min;
			s[n].duration_min = shape[k].dur;
			s[n].rrule = shape[k].rrule;
			s[n].policy = (enum calendar_policy)(i % CAL__MAX);
			n++;
		}
	}
	a.y = 2026, a.m = 1, a.d = 1;
	b.y = 2027, b.m = 1, b.d = 1;
	from = calendar_to_utc("Europe/Paris", &a);
	to = calendar_to_utc("Europe/Paris", &b);
	for (k = 0; k < 3; k++) {
		ms = run(calendar_expand, s, n, from, to, &occ);
		printf("%d people, %d series, a year (2026): %ld visits "
		       "in %.0f ms (calendar_expand)\n",
		    people, n, occ, ms);
	}
	ms = run(calendar_expand_libical, s, n, from, to, &occ);
	printf("%d people, %d series, a year (2026): %ld visits in %.0f ms "
	       "(libical's iterator, the reference)\n",
	    people, n, occ, ms);
	free(s);
	return 0;
}
