/*
 * Time helpers. No time zone but UTC is ever stored.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "clock.h"

/*
 * SPEC: issue 12 — the one "now" of the server. Tests started with
 * `serve --test-clock` move it by an offset (milliseconds, forward or
 * back); it is 0 otherwise, and nothing but clock_set_offset_ms()
 * (called only by the test-clock route, refused unless the flag was
 * given) changes it. Atomic: read by every thread, set by one request.
 */
static long days_from_civil(int y, int m, int d);
static int is_leap(int y);
static _Atomic int64_t offset_ms;
static _Atomic int test_enabled;

void
clock_now_ts(struct timespec *ts)
{
	int64_t off = atomic_load(&offset_ms), ns;

	clock_gettime(CLOCK_REALTIME, ts);
	if (off == 0)
		return;
	ns = (int64_t)ts->tv_nsec + (off % 1000) * 1000000;
	ts->tv_sec += (time_t)(off / 1000);
	if (ns < 0) {
		ns += 1000000000;
		ts->tv_sec--;
	} else if (ns >= 1000000000) {
		ns -= 1000000000;
		ts->tv_sec++;
	}
	ts->tv_nsec = (long)ns;
}

time_t
clock_now_s(void)
{
	struct timespec ts;

	clock_now_ts(&ts);
	return ts.tv_sec;
}

int64_t
clock_now_ms(void)
{
	struct timespec ts;

	clock_now_ts(&ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
clock_test_enable(void)
{
	atomic_store(&test_enabled, 1);
}

int
clock_test_enabled(void)
{
	return atomic_load(&test_enabled);
}

int
clock_set_offset_ms(int64_t ms)
{
	if (!atomic_load(&test_enabled))
		return -1;
	atomic_store(&offset_ms, ms);
	return 0;
}

int64_t
clock_offset_ms(void)
{
	return atomic_load(&offset_ms);
}

int
clock_parse_iso(const char *s, int64_t *ms)
{
	int y, m, d, hh, mi, ss, n = 0, frac = 0;
	char day[11];

	if (s == NULL ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &m, &d, &hh, &mi, &ss,
		&n) != 6 ||
	    n != 19)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!clock_valid_date(day) || hh > 23 || mi > 59 || ss > 59)
		return -1;
	s += 19;
	if (*s == '.') {
		int k = 0;

		for (s++; *s >= '0' && *s <= '9'; s++, k++)
			if (k < 3)
				frac = frac * 10 + (*s - '0');
		if (k == 0)
			return -1;
		for (; k < 3; k++)
			frac *= 10;
	}
	if (s[0] != 'Z' || s[1] != '\0')
		return -1;
	*ms = ((int64_t)days_from_civil(y, m, d) * 86400 + hh * 3600 + mi * 60 +
		  ss) *
		1000 +
	    frac;
	return 0;
}

/* v in `width` decimal digits, zero-padded (v < 10^width). */
static void
digits(char *out, unsigned v, int width)
{
	while (width-- > 0) {
		out[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
clock_fmt_iso(char *buf, time_t t, int ms)
{
	struct tm tm;

	/* Not strftime (glibc's time-zone lock) nor snprintf (its format
	 * parsing showed in profiles): "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ"
	 * written digit by digit, unit-tested against snprintf. */
	gmtime_r(&t, &tm);
	digits(buf, (unsigned)(tm.tm_year + 1900) % 10000u, 4);
	buf[4] = '-';
	digits(buf + 5, (unsigned)(tm.tm_mon + 1) % 100u, 2);
	buf[7] = '-';
	digits(buf + 8, (unsigned)tm.tm_mday % 100u, 2);
	buf[10] = 'T';
	digits(buf + 11, (unsigned)tm.tm_hour % 100u, 2);
	buf[13] = ':';
	digits(buf + 14, (unsigned)tm.tm_min % 100u, 2);
	buf[16] = ':';
	digits(buf + 17, (unsigned)tm.tm_sec % 100u, 2);
	buf[19] = '.';
	digits(buf + 20, (unsigned)ms % 1000u, 3);
	buf[23] = 'Z';
	buf[24] = '\0';
}

char *
clock_iso_after(struct arena *a, long secs)
{
	struct timespec ts;
	char buf[CLOCK_ISO_LEN + 1];

	clock_now_ts(&ts);
	clock_fmt_iso(buf, ts.tv_sec + secs, (int)(ts.tv_nsec / 1000000));
	return arena_strdup(a, buf);
}

char *
clock_now_iso(struct arena *a)
{
	return clock_iso_after(a, 0);
}

int64_t
clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
clock_valid_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int y, m, d, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	if (d > mdays[m - 1] + (m == 2 && is_leap(y)))
		return 0;
	return 1;
}

int
clock_years_between(const char *b, const char *on)
{
	int by, bm, bd, y, m, d, age;

	if (sscanf(b, "%4d-%2d-%2d", &by, &bm, &bd) != 3 ||
	    sscanf(on, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long
clock_days_between(const char *from, const char *to)
{
	int y1, m1, d1, y2, m2, d2;

	if (sscanf(from, "%4d-%2d-%2d", &y1, &m1, &d1) != 3 ||
	    sscanf(to, "%4d-%2d-%2d", &y2, &m2, &d2) != 3)
		return 0;
	return days_from_civil(y2, m2, d2) - days_from_civil(y1, m1, d1);
}

/* Day (since the epoch) of the last Sunday of a month: 1970-01-01 was a
 * Thursday. */
static long
last_sunday(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	long d = days_from_civil(y, m, mdays[m - 1] + (m == 2 && is_leap(y)));

	return d - ((d % 7 + 11) % 7);
}

char *
clock_paris_date(struct arena *a, const char *iso)
{
	char buf[CLOCK_ISO_LEN + 1];
	int y, m, d, hh, mi, n = 0;
	long day;
	time_t t;

	if (iso == NULL)
		return NULL;
	if (strlen(iso) == 10)
		return clock_valid_date(iso) ? arena_strndup(a, iso, 10) : NULL;
	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d%n", &y, &m, &d, &hh, &mi, &n) !=
		5 ||
	    n != 16 || !clock_valid_date(arena_strndup(a, iso, 10)) ||
	    hh > 23 || mi > 59)
		return NULL;
	day = days_from_civil(y, m, d);
	t = (time_t)day * 86400 + hh * 3600 + mi * 60;
	/* Summer time starts and ends at 01:00 UTC. */
	if (t >= (time_t)last_sunday(y, 3) * 86400 + 3600 &&
	    t < (time_t)last_sunday(y, 10) * 86400 + 3600)
		t += 7200;
	else
		t += 3600;
	clock_fmt_iso(buf, t, 0);
	return arena_strndup(a, buf, 10);
}

char *
clock_fr_date(struct arena *a, const char *iso)
{
	char *day;

	if (iso == NULL || strlen(iso) < 10)
		return NULL;
	day = arena_strndup(a, iso, 10);
	if (!clock_valid_date(day))
		return NULL;
	return arena_printf(a, "%.2s/%.2s/%.4s", day + 8, day + 5, day);
}

char *
clock_add_months(struct arena *a, const char *date, int months)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int y, m, d, total, last;

	if (!clock_valid_date(date) ||
	    sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return NULL;
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	last = mdays[m - 1] + (m == 2 && is_leap(y));
	if (d > last)
		d = last;
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

char *
clock_today_plus(struct arena *a, int days)
{
	char buf[CLOCK_ISO_LEN + 1];
	struct timespec ts;

	clock_now_ts(&ts);
	clock_fmt_iso(buf, ts.tv_sec + (time_t)days * 86400, 0);
	return arena_strndup(a, buf, 10);
}

char *
clock_latest_today(struct arena *a)
{
	char buf[CLOCK_ISO_LEN + 1];
	struct timespec ts;

	clock_now_ts(&ts);
	clock_fmt_iso(buf, ts.tv_sec + 14 * 3600, 0);
	return arena_strndup(a, buf, 10);
}
