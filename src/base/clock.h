/*
 * Wall-clock and monotonic time. Instants are stored as ISO-8601 UTC
 * strings with milliseconds ("2026-11-23T19:37:02.123Z"): they sort as
 * text on both backends and stay readable for 20 years.
 */
#ifndef BASE_CLOCK_H
#define BASE_CLOCK_H

#include <stdint.h>
#include <time.h>

struct arena;

#define CLOCK_ISO_LEN 24 /* without NUL */

/*
 * The server's "now" (SPEC: issue 12): every business rule reads the
 * time through these (or the functions below, built on them), never
 * time() or CLOCK_REALTIME, so that `serve --test-clock` can move it.
 * Log lines and timeouts keep the real clock.
 */
void clock_now_ts(struct timespec *);
time_t clock_now_s(void);
int64_t clock_now_ms(void);
/* Allows clock_set_offset_ms (serve --test-clock only). */
void clock_test_enable(void);
int clock_test_enabled(void);
/* Sets the test offset in ms (-1 unless clock_test_enable was called). */
int clock_set_offset_ms(int64_t);
int64_t clock_offset_ms(void);
/* "YYYY-MM-DDTHH:MM:SS[.fff]Z" to ms since the epoch; -1 if malformed. */
int clock_parse_iso(const char *, int64_t *ms);

/* Now, as ISO-8601 UTC in the arena. */
char *clock_now_iso(struct arena *);
/* `t` (seconds, epoch) plus milliseconds into buf[CLOCK_ISO_LEN + 1]. */
void clock_fmt_iso(char *buf, time_t t, int ms);
/* Now plus `secs` seconds, ISO-8601 UTC, in the arena. */
char *clock_iso_after(struct arena *, long secs);
int64_t clock_mono_ms(void);
/* Checks a calendar date "YYYY-MM-DD" (real day, years 1850..2200). */
int clock_valid_date(const char *);
/* A valid date plus `months` (day clamped to the month's end), arena. */
char *clock_add_months(struct arena *, const char *date, int months);
/*
 * The latest date that is "today" somewhere in France, overseas included
 * (UTC+14 at most): "not in the future" checks compare against it, so a
 * user entering today's local date just after midnight is not refused.
 */
char *clock_latest_today(struct arena *);
/* Today plus `days`, "YYYY-MM-DD", in the arena. */
char *clock_today_plus(struct arena *, int days);
/* Whole years between two valid dates "YYYY-MM-DD" (age on `on`). */
int clock_years_between(const char *birth, const char *on);
/*
 * The calendar day in Europe/Paris ("YYYY-MM-DD", arena) of an ISO-8601
 * UTC instant (DOMAIN §9: UTC+1, UTC+2 from the last Sunday of March
 * 01:00 UTC to the last Sunday of October 01:00 UTC). A plain date is
 * returned as is; NULL for NULL or a malformed value.
 */
char *clock_paris_date(struct arena *, const char *iso);
/*
 * A date as the French UI shows it in a sentence: "JJ/MM/AAAA" (arena)
 * from "YYYY-MM-DD" or the date of an ISO-8601 timestamp, without any
 * time-zone shift; NULL for NULL or a malformed date.
 */
char *clock_fr_date(struct arena *, const char *iso);
/* Days from one "YYYY-MM-DD" (or ISO timestamp) to another (0 if bad). */
long clock_days_between(const char *from, const char *to);

#endif
