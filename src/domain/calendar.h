/*
 * The calendar of home visits and on-call shifts (DOMAIN §9): French
 * public holidays by département, local time in the CRT's zone (libical
 * and the system's zoneinfo: Europe/Paris across DST), and the expansion
 * of a series (RFC 5545 RRULE and EXDATE in the local zone, a holiday
 * policy) into occurrences stored and compared in UTC. Shared kernel: any
 * context may include it; it includes none.
 */
#ifndef DOMAIN_CALENDAR_H
#define DOMAIN_CALENDAR_H

#include <time.h>

/* A local date and wall-clock time (no zone). */
struct calendar_local {
	int y, m, d, hh, mm;
};

/* Easter Sunday of year y (Gregorian computus, Meeus/Jones/Butcher). */
void calendar_easter(int y, int *m, int *d);
/* Day of week of a date, 0 = Monday .. 6 = Sunday. */
int calendar_weekday(int y, int m, int d);
/* Days since 1970-01-01 of a date, and back (proleptic Gregorian). */
long calendar_days(int y, int m, int d);
void calendar_from_days(long days, int *y, int *m, int *d);

/*
 * The French name of the public holiday falling on y-m-d in département
 * `dept` ("48", "2A", "57", "971"...; NULL: metropolitan rules), or NULL
 * when the day is not one. Whit Monday is a holiday unless `whit_worked`
 * (the « journée de solidarité » worked, a CRT setting). Moselle, Bas-Rhin
 * and Haut-Rhin add Good Friday and 26 December; the overseas
 * départements their abolition of slavery day.
 */
const char *
calendar_holiday(int y, int m, int d, const char *dept, int whit_worked);

/* 1 when `tz` names a zone the system knows ("Europe/Paris"). */
int calendar_zone_ok(const char *tz);
/* The UTC instant of a local time in zone tz (a time skipped by the
 * spring change is taken as the instant after it). -1 when tz is unknown. */
time_t calendar_to_utc(const char *tz, const struct calendar_local *);
/* The local time in zone tz of a UTC instant. -1 when tz is unknown. */
int calendar_to_local(const char *tz, time_t t, struct calendar_local *);
/* "YYYY-MM-DDTHH:MM" (minutes only, local) parsed and checked: 0 / -1. */
int calendar_parse_local(const char *s, struct calendar_local *);
/* "YYYY-MM-DD" parsed and checked: 0 / -1 (hh:mm set to 00:00). */
int calendar_parse_date(const char *s, struct calendar_local *);

/*
 * What a series does on a public holiday: keep the visit, skip it, or
 * move it to the working day before or after (Sundays are ordinary days:
 * home care runs every day; only holidays move).
 */
enum calendar_policy { CAL_KEEP, CAL_SKIP, CAL_BEFORE, CAL_AFTER, CAL__MAX };
extern const char *const calendar_policy_codes[CAL__MAX + 1];
extern const char *const calendar_policy_labels[CAL__MAX + 1];

/*
 * An RRULE (RFC 5545, without DTSTART) a series may carry: FREQ DAILY,
 * WEEKLY, MONTHLY or YEARLY, parsed by libical. NULL when it is valid,
 * else a French message naming what is wrong.
 */
const char *calendar_rrule_error(const char *rrule);

struct calendar_series {
	const char *tz; /* the CRT's zone */
	const char *dept; /* the CRT's département, for the holidays */
	int whit_worked;
	struct calendar_local start; /* DTSTART, local */
	int duration_min; /* wall clock: a 20:00 → 08:00 night is 720 */
	const char *rrule; /* NULL or "": one-off */
	/* EXDATE: local dates "YYYY-MM-DD" or date-times
	 * "YYYY-MM-DDTHH:MM", comma-separated (NULL: none) */
	const char *exdates;
	int has_until; /* valid to (local date, inclusive) */
	struct calendar_local until;
	enum calendar_policy policy;
};

struct calendar_occ {
	time_t key; /* the instance's own start (UTC): its identity */
	time_t start, end; /* planned, UTC, after a holiday move */
	struct calendar_local local; /* planned start, local */
	const char *holiday; /* the holiday of the instance's day, or NULL */
	int moved; /* 1: moved by the holiday policy */
};

/*
 * Calls cb for each occurrence of the series whose planned interval
 * meets [from, to) (UTC), in order; cb returning non-zero stops (and is
 * returned). At most `max` occurrences (a guard), then 1. -1 on an
 * invalid rule or zone (checked before storing: not expected here).
 */
int calendar_expand(const struct calendar_series *, time_t from, time_t to,
    int max, int (*cb)(void *, const struct calendar_occ *), void *arg);
/* The same through libical's iterator for every rule (calendar_expand
 * expands the common shapes by arithmetic): the reference the unit tests
 * compare it with. */
int
calendar_expand_libical(const struct calendar_series *, time_t from, time_t to,
    int max, int (*cb)(void *, const struct calendar_occ *), void *arg);

/* One event of an iCalendar feed (a visit of a round). */
struct calendar_event {
	const char *uid; /* stable: "<series>-<key>@<host>" */
	time_t start, end; /* UTC */
	const char *summary, *location, *description; /* NULL: none */
	int cancelled; /* STATUS:CANCELLED */
};

/*
 * An iCalendar document (RFC 5545, built and serialised by libical: CRLF,
 * lines folded at 75 octets, text escaped) named `name` (X-WR-CALNAME),
 * with the events in UTC, DTSTAMP `stamp`. In the arena; NULL when
 * libical fails.
 */
struct arena;
char *calendar_ics(struct arena *, const char *name,
    const struct calendar_event *, int n, time_t stamp);

#endif
