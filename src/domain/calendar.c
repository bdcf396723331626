/*
 * The calendar of visits and shifts: holidays, local time, series
 * expansion (calendar.h; DOMAIN §9).
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/xalloc.h"
#include "domain/calendar.h"

const char *const calendar_policy_codes[CAL__MAX + 1] = { "keep", "skip",
	"before", "after", NULL };
const char *const calendar_policy_labels[CAL__MAX + 1] = {
	"Maintenue les jours fériés", "Supprimée les jours fériés",
	"Avancée à la veille d'un jour férié",
	"Reportée au lendemain d'un jour férié", NULL
};

/* Meeus/Jones/Butcher. */
void
calendar_easter(int y, int *m, int *d)
{
	int a = y % 19, b = y / 100, c = y % 100, dd = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - dd - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int mm = (a + 11 * h + 22 * l) / 451;

	*m = (h + l - 7 * mm + 114) / 31;
	*d = (h + l - 7 * mm + 114) % 31 + 1;
}

/* Howard Hinnant's days_from_civil. */
long
calendar_days(int y, int m, int d)
{
	long yy = y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
calendar_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
calendar_weekday(int y, int m, int d)
{
	long z = calendar_days(y, m, d); /* 1970-01-01 was a Thursday */

	return (int)(((z % 7) + 7 + 3) % 7);
}

static int
dept_is(const char *dept, const char *code)
{
	return dept != NULL && strcmp(dept, code) == 0;
}

const char *
calendar_holiday(int y, int m, int d, const char *dept, int whit_worked)
{
	static const struct {
		int m, d;
		const char *name;
	} fixed[] = {
		{ 1, 1, "Jour de l'an" },
		{ 5, 1, "Fête du Travail" },
		{ 5, 8, "Victoire 1945" },
		{ 7, 14, "Fête nationale" },
		{ 8, 15, "Assomption" },
		{ 11, 1, "Toussaint" },
		{ 11, 11, "Armistice 1918" },
		{ 12, 25, "Noël" },
	};
	/* Abolition of slavery, per overseas département. */
	static const struct {
		const char *dept;
		int m, d;
	} abolition[] = {
		{ "971", 5, 27 },
		{ "972", 5, 22 },
		{ "973", 6, 10 },
		{ "974", 12, 20 },
		{ "976", 4, 27 },
	};
	int em, ed, alsace;
	long day, easter;
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (fixed[i].m == m && fixed[i].d == d)
			return fixed[i].name;
	alsace =
	    dept_is(dept, "57") || dept_is(dept, "67") || dept_is(dept, "68");
	if (alsace && m == 12 && d == 26)
		return "Saint-Étienne";
	for (i = 0; i < sizeof(abolition) / sizeof(abolition[0]); i++)
		if (dept_is(dept, abolition[i].dept) && abolition[i].m == m &&
		    abolition[i].d == d)
			return "Abolition de l'esclavage";
	calendar_easter(y, &em, &ed);
	easter = calendar_days(y, em, ed);
	day = calendar_days(y, m, d);
	if (day == easter + 1)
		return "Lundi de Pâques";
	if (day == easter + 39)
		return "Ascension";
	if (day == easter + 50 && !whit_worked)
		return "Lundi de Pentecôte";
	if (alsace && day == easter - 2)
		return "Vendredi saint";
	return NULL;
}

/* The zone, looked up once per thread and name (libical's own lookup
 * takes a lock and scans its list). */
static icaltimezone *
zone(const char *tz)
{
	static _Thread_local char name[64];
	static _Thread_local icaltimezone *z;

	if (tz == NULL || *tz == '\0' || strlen(tz) >= sizeof(name))
		return NULL;
	if (z != NULL && strcmp(name, tz) == 0)
		return z;
	z = icaltimezone_get_builtin_timezone(tz);
	if (z != NULL)
		snprintf(name, sizeof(name), "%s", tz);
	return z;
}

int
calendar_zone_ok(const char *tz)
{
	return zone(tz) != NULL;
}

static struct icaltimetype
ical_local(const struct calendar_local *l, icaltimezone *z)
{
	struct icaltimetype t = icaltime_null_time();

	t.year = l->y;
	t.month = l->m;
	t.day = l->d;
	t.hour = l->hh;
	t.minute = l->mm;
	t.second = 0;
	t.is_date = 0;
	t.zone = z;
	return t;
}

time_t
calendar_to_utc(const char *tz, const struct calendar_local *l)
{
	icaltimezone *z = zone(tz);

	if (z == NULL)
		return (time_t)-1;
	return icaltime_as_timet_with_zone(ical_local(l, z), z);
}

int
calendar_to_local(const char *tz, time_t t, struct calendar_local *l)
{
	icaltimezone *z = zone(tz);
	struct icaltimetype it;

	if (z == NULL)
		return -1;
	it = icaltime_from_timet_with_zone(t, 0, z);
	l->y = it.year;
	l->m = it.month;
	l->d = it.day;
	l->hh = it.hour;
	l->mm = it.minute;
	return 0;
}

static int
valid_date(int y, int m, int d)
{
	int y2, m2, d2;

	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	calendar_from_days(calendar_days(y, m, d), &y2, &m2, &d2);
	return y2 == y && m2 == m && d2 == d;
}

int
calendar_parse_date(const char *s, struct calendar_local *l)
{
	char tail;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &l->y, &l->m, &l->d, &tail) != 3)
		return -1;
	l->hh = l->mm = 0;
	return valid_date(l->y, l->m, l->d) ? 0 : -1;
}

int
calendar_parse_local(const char *s, struct calendar_local *l)
{
	char date[11], tail;

	if (s == NULL || strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (calendar_parse_date(date, l) != 0 ||
	    sscanf(s + 11, "%2d:%2d%c", &l->hh, &l->mm, &tail) != 2 ||
	    s[11] < '0' || s[11] > '9' || s[14] < '0' || s[14] > '9' ||
	    l->hh < 0 || l->hh > 23 || l->mm < 0 || l->mm > 59)
		return -1;
	return 0;
}

const char *
calendar_rrule_error(const char *rrule)
{
	struct icalrecurrencetype r;
	const char *p;

	if (rrule == NULL || *rrule == '\0')
		return NULL;
	if (strlen(rrule) > 500)
		return "La règle de récurrence est trop longue.";
	for (p = rrule; *p; p++)
		if (*p < 0x21 || *p > 0x7e)
			return "La règle de récurrence contient un caractère "
			       "non autorisé.";
	if (strstr(rrule, "DTSTART") != NULL ||
	    strncmp(rrule, "RRULE:", 6) == 0)
		return "La règle de récurrence s'écrit sans DTSTART ni "
		       "« RRULE: » (par exemple FREQ=WEEKLY;BYDAY=MO,TH).";
	icalerror_clear_errno();
	r = icalrecurrencetype_from_string(rrule);
	if (icalerrno != ICAL_NO_ERROR || r.freq == ICAL_NO_RECURRENCE) {
		icalerror_clear_errno();
		return "La règle de récurrence n'est pas une règle RFC 5545 "
		       "valide (par exemple FREQ=WEEKLY;BYDAY=MO,TH).";
	}
	if (r.freq != ICAL_DAILY_RECURRENCE &&
	    r.freq != ICAL_WEEKLY_RECURRENCE &&
	    r.freq != ICAL_MONTHLY_RECURRENCE &&
	    r.freq != ICAL_YEARLY_RECURRENCE)
		return "Une visite se répète au plus chaque jour : FREQ=DAILY, "
		       "WEEKLY, MONTHLY ou YEARLY.";
	if (r.interval < 1 || r.interval > 366)
		return "L'intervalle de la règle de récurrence doit être "
		       "compris entre 1 et 366.";
	return NULL;
}

/* 1 when the comma-separated EXDATE list names this instance (its local
 * date, or its local date and time). */
static int
excluded(const char *list, const struct calendar_local *l)
{
	char day[11], stamp[17];
	const char *p, *e;
	size_t n;

	if (list == NULL)
		return 0;
	snprintf(day, sizeof(day), "%04d-%02d-%02d", l->y, l->m, l->d);
	snprintf(stamp, sizeof(stamp), "%sT%02d:%02d", day, l->hh, l->mm);
	for (p = list; *p; p = *e ? e + 1 : e) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		n = (size_t)(e - p);
		if ((n == 10 && memcmp(p, day, 10) == 0) ||
		    (n == 16 && memcmp(p, stamp, 16) == 0))
			return 1;
	}
	return 0;
}

static void
add_days(struct calendar_local *l, long days)
{
	calendar_from_days(
	    calendar_days(l->y, l->m, l->d) + days, &l->y, &l->m, &l->d);
}

static void
qsort_days(int *d, int n)
{
	int i, j, t;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && d[j - 1] > d[j]; j--) {
			t = d[j];
			d[j] = d[j - 1];
			d[j - 1] = t;
		}
}

static long
local_day(const struct calendar_local *l)
{
	return calendar_days(l->y, l->m, l->d);
}

struct expand {
	const struct calendar_series *s;
	time_t from, to;
	int (*cb)(void *, const struct calendar_occ *);
	void *arg;
};

/* One instance of the rule: exclusions, the holiday policy, the window. */
static int
instance(struct expand *x, const struct calendar_local *inst)
{
	const struct calendar_series *s = x->s;
	struct calendar_occ o;
	struct calendar_local end;
	long mins;
	int i;

	if (excluded(s->exdates, inst))
		return 0;
	memset(&o, 0, sizeof(o));
	o.key = calendar_to_utc(s->tz, inst);
	o.local = *inst;
	o.holiday = calendar_holiday(
	    inst->y, inst->m, inst->d, s->dept, s->whit_worked);
	if (o.holiday != NULL && s->policy == CAL_SKIP)
		return 0;
	if (o.holiday != NULL &&
	    (s->policy == CAL_BEFORE || s->policy == CAL_AFTER)) {
		for (i = 0; i < 7; i++) {
			add_days(&o.local, s->policy == CAL_BEFORE ? -1 : 1);
			if (calendar_holiday(o.local.y, o.local.m, o.local.d,
				s->dept, s->whit_worked) == NULL)
				break;
		}
		o.moved = 1;
	}
	o.start = calendar_to_utc(s->tz, &o.local);
	end = o.local;
	mins = (long)end.hh * 60 + end.mm + s->duration_min;
	add_days(&end, mins / 1440);
	end.hh = (int)(mins % 1440 / 60);
	end.mm = (int)(mins % 60);
	o.end = calendar_to_utc(s->tz, &end);
	if (o.end <= o.start)
		o.end = o.start + 60;
	if (o.end <= x->from || o.start >= x->to)
		return 0;
	return x->cb(x->arg, &o);
}

/* 1 when a BY* list of the rule is empty. */
static int
by_empty(const short *v)
{
	return v[0] == ICAL_RECURRENCE_ARRAY_MAX;
}

/*
 * The rule shapes a visit series has (FREQ=DAILY, or WEEKLY with plain
 * weekdays, INTERVAL, COUNT or UNTIL; the week starting on Monday):
 * expanded by arithmetic on days. libical's iterator goes through ICU's
 * calendar for every step and cannot jump a DAILY rule to the window:
 * measured 110-750 µs for one week of one series (a year-old daily rule:
 * a step per day since its start), against a few µs here. Anything else
 * (MONTHLY, YEARLY, BYMONTHDAY, positions, RSCALE...) goes to libical.
 * The unit tests compare both on a table of rules and windows.
 */
static int
fast_shape(const struct icalrecurrencetype *r)
{
	int i;

	if (r->rscale != NULL || r->interval < 1)
		return 0;
	if (r->freq != ICAL_DAILY_RECURRENCE &&
	    r->freq != ICAL_WEEKLY_RECURRENCE)
		return 0;
	if (!by_empty(r->by_second) || !by_empty(r->by_minute) ||
	    !by_empty(r->by_hour) || !by_empty(r->by_month_day) ||
	    !by_empty(r->by_year_day) || !by_empty(r->by_week_no) ||
	    !by_empty(r->by_month) || !by_empty(r->by_set_pos))
		return 0;
	if (r->freq == ICAL_DAILY_RECURRENCE)
		return by_empty(r->by_day);
	if (r->week_start != ICAL_MONDAY_WEEKDAY)
		return 0;
	for (i = 0;
	     i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX;
	     i++)
		if (icalrecurrencetype_day_position(r->by_day[i]) != 0)
			return 0;
	return 1;
}

struct bound {
	int kind; /* 0 none, 1 local day, 2 UTC instant, 3 local time */
	long day;
	time_t t;
	struct calendar_local l;
};

static struct bound
until_of(const struct icalrecurrencetype *r)
{
	struct bound b;

	memset(&b, 0, sizeof(b));
	if (icaltime_is_null_time(r->until))
		return b;
	b.l.y = r->until.year;
	b.l.m = r->until.month;
	b.l.d = r->until.day;
	b.l.hh = r->until.hour;
	b.l.mm = r->until.minute;
	if (r->until.is_date) {
		b.kind = 1;
		b.day = local_day(&b.l);
	} else if (icaltime_is_utc(r->until)) {
		b.kind = 2;
		b.t = icaltime_as_timet_with_zone(
		    r->until, icaltimezone_get_utc_timezone());
	} else
		b.kind = 3;
	return b;
}

/* 1 while instance l is within the rule's UNTIL. */
static int
within(const struct bound *b, const char *tz, const struct calendar_local *l)
{
	switch (b->kind) {
	case 1:
		return local_day(l) <= b->day;
	case 2:
		return calendar_to_utc(tz, l) <= b->t;
	case 3:
		return local_day(l) < local_day(&b->l) ||
		    (local_day(l) == local_day(&b->l) &&
			l->hh * 60 + l->mm <= b->l.hh * 60 + b->l.mm);
	default:
		return 1;
	}
}

/* The fast path (fast_shape): days from lo_day to hi_day (local). */
static int
expand_fast(struct expand *x, const struct icalrecurrencetype *r, long lo_day,
    long hi_day, int max)
{
	const struct calendar_series *s = x->s;
	struct bound ub = until_of(r);
	struct calendar_local l = s->start;
	long sday = local_day(&s->start), step, k, day, idx, week0, first_n;
	int days[7], nd = 0, wd0, i, n = 0, rc;

	if (r->freq == ICAL_DAILY_RECURRENCE) {
		k = lo_day > sday
		    ? (lo_day - sday + r->interval - 1) / r->interval
		    : 0;
		for (;; k++) {
			day = sday + k * r->interval;
			if ((r->count > 0 && k >= r->count) || day > hi_day)
				return 0;
			calendar_from_days(day, &l.y, &l.m, &l.d);
			if (!within(&ub, s->tz, &l))
				return 0;
			if (++n > max)
				return 1;
			if ((rc = instance(x, &l)) != 0)
				return rc;
		}
	}
	/* WEEKLY: the weekdays of BYDAY (Monday 0), else DTSTART's. */
	for (i = 0;
	     i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX;
	     i++)
		days[nd++] =
		    ((int)icalrecurrencetype_day_day_of_week(r->by_day[i]) +
			5) %
		    7;
	wd0 = calendar_weekday(s->start.y, s->start.m, s->start.d);
	if (nd == 0)
		days[nd++] = wd0;
	qsort_days(days, nd);
	week0 = sday - wd0;
	step = 7L * r->interval;
	for (first_n = 0, i = 0; i < nd; i++)
		first_n += days[i] >= wd0;
	k = lo_day > week0 ? (lo_day - week0) / step : 0;
	for (;; k++) {
		for (i = 0; i < nd; i++) {
			if (k == 0 && days[i] < wd0)
				continue;
			day = week0 + k * step + days[i];
			idx = k == 0 ? 0 : first_n + (k - 1) * nd;
			idx += k == 0 ? i - (nd - first_n) : i;
			if ((r->count > 0 && idx >= r->count) || day > hi_day)
				return 0;
			if (day < lo_day)
				continue;
			calendar_from_days(day, &l.y, &l.m, &l.d);
			if (!within(&ub, s->tz, &l))
				return 0;
			if (++n > max)
				return 1;
			if ((rc = instance(x, &l)) != 0)
				return rc;
		}
	}
}

static int
expand_libical(struct expand *x, const struct icalrecurrencetype *r,
    icaltimezone *z, int max)
{
	const struct calendar_series *s = x->s;
	struct icaltimetype dt, it;
	struct calendar_local l, skip;
	icalrecur_iterator *iter;
	long span_days, until_day;
	time_t t;
	int n = 0, rc = 0;

	dt = ical_local(&s->start, z);
	iter = icalrecur_iterator_new(*r, dt);
	if (iter == NULL)
		return -1;
	span_days = s->duration_min / 1440 + 8;
	until_day = s->has_until ? local_day(&s->until) : 0;
	/* Jump near the window when the rule allows (no COUNT). */
	if (r->count == 0 && calendar_to_local(s->tz, x->from, &skip) == 0) {
		add_days(&skip, -span_days);
		skip.hh = skip.mm = 0;
		if (local_day(&skip) > local_day(&s->start))
			icalrecur_iterator_set_start(
			    iter, ical_local(&skip, z));
	}
	for (;;) {
		it = icalrecur_iterator_next(iter);
		if (icaltime_is_null_time(it))
			break;
		l.y = it.year;
		l.m = it.month;
		l.d = it.day;
		l.hh = it.hour;
		l.mm = it.minute;
		if (s->has_until && local_day(&l) > until_day)
			break;
		t = calendar_to_utc(s->tz, &l);
		if (t - span_days * 86400L >= x->to)
			break;
		if (++n > max) {
			rc = 1;
			break;
		}
		rc = instance(x, &l);
		if (rc != 0)
			break;
	}
	icalrecur_iterator_free(iter);
	return rc;
}

static int
expand(const struct calendar_series *s, time_t from, time_t to, int max,
    int (*cb)(void *, const struct calendar_occ *), void *arg, int slow)
{
	struct expand x = { s, from, to, cb, arg };
	icaltimezone *z = zone(s->tz);
	struct icalrecurrencetype r;
	struct calendar_local lo, hi;
	long span_days, lo_day, hi_day;

	if (z == NULL)
		return -1;
	if (s->rrule == NULL || *s->rrule == '\0')
		return instance(&x, &s->start);
	if (calendar_rrule_error(s->rrule) != NULL)
		return -1;
	r = icalrecurrencetype_from_string(s->rrule);
	if (slow || !fast_shape(&r))
		return expand_libical(&x, &r, z, max);
	/* Instances whose day is in [lo_day, hi_day] may meet the window:
	 * an instance reaches back its length and a holiday move (AFTER)
	 * from its own day, and a move BEFORE brings a later one in. */
	span_days = s->duration_min / 1440 + 8;
	if (calendar_to_local(s->tz, from, &lo) != 0 ||
	    calendar_to_local(s->tz, to, &hi) != 0)
		return -1;
	lo_day = local_day(&lo) - span_days;
	hi_day = local_day(&hi) + 8;
	if (s->has_until && local_day(&s->until) < hi_day)
		hi_day = local_day(&s->until);
	return expand_fast(&x, &r, lo_day, hi_day, max);
}

int
calendar_expand(const struct calendar_series *s, time_t from, time_t to,
    int max, int (*cb)(void *, const struct calendar_occ *), void *arg)
{
	return expand(s, from, to, max, cb, arg, 0);
}

int
calendar_expand_libical(const struct calendar_series *s, time_t from, time_t to,
    int max, int (*cb)(void *, const struct calendar_occ *), void *arg)
{
	return expand(s, from, to, max, cb, arg, 1);
}

char *
calendar_ics(struct arena *a, const char *name, const struct calendar_event *ev,
    int n, time_t stamp)
{
	icaltimezone *utc = icaltimezone_get_utc_timezone();
	icalcomponent *cal, *e;
	icalproperty *x;
	char *text, *out;
	int i;

	cal = icalcomponent_new_vcalendar();
	if (cal == NULL)
		return NULL;
	icalcomponent_add_property(cal,
	    icalproperty_new_prodid("-//Maillage//Planning des visites//FR"));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(
	    cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	x = icalproperty_new_x(name != NULL ? name : "Maillage");
	icalproperty_set_x_name(x, "X-WR-CALNAME");
	icalcomponent_add_property(cal, x);
	for (i = 0; i < n; i++) {
		e = icalcomponent_new_vevent();
		icalcomponent_add_property(e, icalproperty_new_uid(ev[i].uid));
		icalcomponent_add_property(e,
		    icalproperty_new_dtstamp(
			icaltime_from_timet_with_zone(stamp, 0, utc)));
		icalcomponent_add_property(e,
		    icalproperty_new_dtstart(
			icaltime_from_timet_with_zone(ev[i].start, 0, utc)));
		icalcomponent_add_property(e,
		    icalproperty_new_dtend(
			icaltime_from_timet_with_zone(ev[i].end, 0, utc)));
		if (ev[i].summary != NULL)
			icalcomponent_add_property(
			    e, icalproperty_new_summary(ev[i].summary));
		if (ev[i].location != NULL)
			icalcomponent_add_property(
			    e, icalproperty_new_location(ev[i].location));
		if (ev[i].description != NULL)
			icalcomponent_add_property(
			    e, icalproperty_new_description(ev[i].description));
		if (ev[i].cancelled)
			icalcomponent_add_property(
			    e, icalproperty_new_status(ICAL_STATUS_CANCELLED));
		icalcomponent_add_component(cal, e);
	}
	text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (text == NULL)
		return NULL;
	out = arena_strdup(a, text);
	xfree(text); /* libical malloc()ed it */
	return out;
}
