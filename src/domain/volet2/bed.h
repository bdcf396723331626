/*
 * Emergency temporary beds (issue 13, PRODUCT §6, volet 2): the places
 * (the CRT's own or a partner EHPAD's), their closures, the stays booked
 * on them with the CRT's limits (maximum stay, maximum days over a rolling
 * 365 days, how long a volet-2 place is held during a stay), the urgent
 * requests refused for lack of a place, and the occupancy. Writes only the
 * bed, bed_closure, bedstay, bed_refusal and bed_settings tables; reading a
 * stay is reading the person's identity, decided and traced by access/.
 *
 * Days are local calendar days "YYYY-MM-DD" (the CRT's zone decides what
 * "today" is); a stay occupies the nights [start, end), a closure the days
 * [start, end] both included. Every result lives in ctx->arena.
 */
#ifndef DOMAIN_VOLET2_BED_H
#define DOMAIN_VOLET2_BED_H

#include <stdint.h>
#include <time.h>

struct ctx;
struct arena;

extern const char *const bed_kind_codes[]; /* hebergement_temporaire... */
extern const char *const bed_kind_labels[];
extern const char *const bed_reason_codes[]; /* sortie_hospitalisation... */
extern const char *const bed_reason_labels[];
extern const char *const bed_stay_status_codes[]; /* booked..cancelled */
extern const char *const bed_state_codes[]; /* free, booked, occupied.. */

/* Defaults of the limits (a CRT without its settings row). */
#define BED_MAX_STAY_DAYS 30
#define BED_MAX_YEAR_DAYS 90
#define BED_HOLD_DAYS 30
/* The board shows at most this many days. */
#define BED_BOARD_MAX_DAYS 92

/* ---- day arithmetic (pure; unit-tested across DST and year ends) ---- */

/* Days from a to b, both valid "YYYY-MM-DD" (negative when b < a). */
long bed_days_between(const char *a, const char *b);
/* d plus n days into out[11]; d must be valid. */
void bed_date_add(char out[11], const char *d, long n);
/* The local calendar day of instant t in zone tz into out[11] (the zone
 * unknown: Europe/Paris). */
void bed_local_day(char out[11], const char *tz, time_t t);
/* Nights shared by [a0, a1) and [b0, b1) (0 when apart). */
long bed_overlap_days(
    const char *a0, const char *a1, const char *b0, const char *b1);
/* Days of month m of year y (28..31). */
int bed_month_days(int y, int m);

/* ---- settings ---- */

struct bed_settings {
	int max_stay_days; /* 1..365 */
	int max_year_days; /* 1..365 */
	int hold_days; /* 1..365: the volet-2 place held during a stay */
};

/* The CRT's limits (the defaults when none were set). E_OK or E_DB. */
int bed_settings_get(struct ctx *, struct bed_settings *);
/* Sets them (traced "bed.settings"); 422 bed_settings.<field>.invalid. */
int bed_settings_set(struct ctx *, const struct bed_settings *);

/* ---- places and closures ---- */

struct bed {
	int64_t id;
	int64_t org_id; /* 0: the CRT's own place */
	const char *org_name; /* NULL for the CRT's */
	const char *label, *kind, *opened_on;
	const char *retired_on; /* NULL: in service */
};

/*
 * SPEC: issue 13 §4 — renames the place (label NULL: kept) and retires it
 * (retire 1: from today it is no longer offered for new bookings and no
 * longer counted open; its stays, closures and past occupancy are kept)
 * or puts it back in service (retire 0; -1: unchanged). 404
 * bed.not_found, 422 bed.label.invalid, 422 bed.retire.stays while a
 * booking is current or to come (booked or in progress). Traced
 * "bed.update"; emits bed.changed.
 */
int bed_update(struct ctx *, int64_t id, const char *label, int retire);

/* A new place from opened_on (NULL: today); org_id 0 or a partner EHPAD
 * of the directory (422 bed.org_id.invalid). Emits bed.changed. */
int bed_create(struct ctx *, int64_t org_id, const char *label,
    const char *kind, const char *opened_on, int64_t *id);

struct bed_closure {
	int64_t id, bed_id;
	const char *start_on, *end_on, *reason;
};

/* Closes a place for the days [start, end]; 404 bed.not_found, 422
 * bed_closure.dates, 409 bed.closure.overlap when a stay is booked or
 * under way then. Emits bed.changed. */
int bed_close(struct ctx *, int64_t bed_id, const char *start, const char *end,
    const char *reason, int64_t *id);

/* ---- stays ---- */

struct bed_stay {
	int64_t id, bed_id, person_id;
	const char *status, *reason, *start_on, *planned_end_on;
	const char *arrived_on, *ended_on, *note, *bed_label;
	/* NULL when the reader may not see the person (hidden). */
	const char *birth_name, *first_names, *used_name, *birth_date;
	int hidden;
	int days; /* planned nights, or real ones once ended */
};

/* What a person may still book: days of [start, end), the limits, the
 * days her other stays use in the tightest 365-day window the stay
 * touches (the one ending at `end` unless a later one is tighter:
 * later_window) and what is left there, the stay's nights in it, and the
 * hold for a person whose volet-2 support is open (held: 1). */
struct bed_allowance {
	int days, max_stay_days, max_year_days, hold_days;
	int used_days, left_days, held;
	int window_days; /* the stay's nights in the window */
	int later_window; /* the window ends after the stay's end */
	const char *window_from; /* the window's first day */
	const char *window_to; /* its last day */
	const char *held_until; /* held: start + hold days */
};

/* The allowance of person_id for [start, end) (decided and traced as
 * "bedstay.allowance" on her identity). 422 bedstay.dates. */
int bed_allowance(struct ctx *, int64_t person_id, const char *start,
    const char *end, struct bed_allowance *);

/*
 * Books bed_id for person_id, nights [start, end), for a reason among
 * bed_reason_codes (decided and traced "bedstay.create": her identity and
 * care part, written). Refused: 422 bedstay.dates, bedstay.max_stay,
 * bedstay.max_year (the message gives the days left), bedstay.hold; 409
 * bedstay.overlap (another stay on the place), bedstay.person_overlap,
 * bedstay.closed. The overlap check and the insert are one transaction
 * under the place's lock: of two bookings at once, one wins. Emits
 * bed.changed. *id: the stay.
 */
int bed_stay_create(struct ctx *, int64_t bed_id, int64_t person_id,
    const char *start, const char *end, const char *reason, const char *note,
    int64_t *id);
/* One stay (decided and traced "bedstay.read"); 404 bedstay.not_found. */
int bed_stay_get(struct ctx *, int64_t id, struct bed_stay *);
/* Arrival on `on` (NULL: today; from the start, not after today), a
 * booked stay only (409 bedstay.state). Traced "bedstay.arrival". */
int bed_stay_arrive(struct ctx *, int64_t id, const char *on);
/* Departure on `on` (NULL: today; from the arrival, not after today), a
 * stay under way only. Traced "bedstay.departure". */
int bed_stay_depart(struct ctx *, int64_t id, const char *on);
/* Cancels a booking not yet begun. Traced "bedstay.cancel". */
int bed_stay_cancel(struct ctx *, int64_t id);
/* A person's stays (the grant's person; identity read), oldest first. */
struct access_grant;
int bed_stays_of_person(
    struct ctx *, const struct access_grant *, struct bed_stay **out, int *n);

/* ---- the board: every place, its state each day ---- */

struct bed_board {
	const char *today, *from;
	int ndays;
	struct bed *beds;
	int nbeds;
	/* nbeds × ndays states, bed-major: an index of bed_state_codes */
	unsigned char *states;
	struct bed_stay *stays; /* meeting the days shown */
	int nstays;
	struct bed_closure *closures;
	int nclosures;
	int free_today; /* places free tonight */
};

enum bed_state { BED_FREE, BED_BOOKED, BED_OCCUPIED, BED_CLOSED };

/* The board from `from` (NULL: today) for ndays (1..BED_BOARD_MAX_DAYS);
 * each stay's person decided and traced ("bed.list"), hidden ones
 * without identity. */
int bed_board(struct ctx *, const char *from, int ndays, struct bed_board *);
/* Places free tonight (no stay, no closure): the home page's count. */
int bed_free_today(struct ctx *, int *n);

/* ---- refusals and occupancy ---- */

struct bed_refusal {
	int64_t id, person_id;
	const char *asked_by, *asked_at, *reason, *created_at, *created_by;
};

/* Records an urgent request refused for lack of a place (asked_at NULL:
 * now; person_id 0: unknown, else her identity decided and traced
 * "bed.refusal"). 422 bed_refusal.<field>.invalid. Emits bed.changed. */
int bed_refusal_add(struct ctx *, int64_t person_id, const char *asked_by,
    const char *asked_at, const char *reason, int64_t *id);

struct bed_month {
	int month; /* 1..12 */
	long open_days, occupied_days;
	int refusals;
};

struct bed_occupancy {
	int year;
	struct bed_month months[12];
	long open_days, occupied_days;
	int refusals;
	struct bed_refusal *items; /* the year's refusals, newest first */
	int nitems;
};

/*
 * Occupancy of year y: per month and for the year, occupied bed-nights
 * over open bed-nights, up to today (a place counts from its opening; a
 * closed day is not open; a stay counts from its arrival to its
 * departure, or to today while under way), and the refusals of the year
 * by their local day.
 */
int bed_occupancy(struct ctx *, int y, struct bed_occupancy *);

#endif
