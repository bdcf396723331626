/*
 * The on-call roster (issue 13, PRODUCT §5, DOMAIN §9, oncall context):
 * layers (weekday day, night, weekend day, public holiday day) with local
 * wall-clock times in the CRT's zone, each a rotation of people at one
 * level; overrides and swaps; level 3's fixed numbers. The final roster
 * is computed, never stored: shifts are expanded from the layers in the
 * local zone (calendar.h: holidays, DST) and cut by the overrides, then
 * swept for gaps (a minute without an available level-1 or level-2
 * answerer, or without any nurse or doctor reachable). This module owns
 * the oncall_* tables of migration 0036 and reads the accounts.
 */
#ifndef DOMAIN_ONCALL_ROSTER_H
#define DOMAIN_ONCALL_ROSTER_H

#include <stdint.h>
#include <time.h>

struct ctx;

/* SPEC: issue 13 — the layers. */
enum roster_kind {
	ROSTER_DAY,
	ROSTER_NIGHT,
	ROSTER_WEEKEND,
	ROSTER_HOLIDAY,
	ROSTER__MAX
};
extern const char *const roster_kind_codes[ROSTER__MAX + 1];
extern const char *const roster_kind_labels[ROSTER__MAX + 1];

/* Who answers: a team member (user_id), a partner's pooled nurse
 * (org_id), or a fixed number (level 3: neither). Strings in the arena. */
struct roster_person {
	int64_t user_id, org_id;
	const char *name, *profession, *phone;
	int disabled; /* the account is disabled: cannot answer */
};

/* One answerer at an instant (roster_at). */
struct roster_answerer {
	int level; /* 1, 2, 3 */
	int64_t user_id; /* a team member, or 0 */
	int64_t org_id; /* a partner's pooled nurse, or 0 */
	const char *name, *profession, *phone; /* profession "" at level 3 */
	time_t start, end; /* the shift (level 3: 0, 0) */
};

/*
 * Who answers at each level at UTC instant t for CRT crt_id: levels 1
 * and 2 from the final roster (an override wins over the rotation;
 * someone disabled or without a phone is left out), then level 3's fixed
 * numbers and centre 15, in level order. At most `max` in out[]; *n the
 * count. Strings in ctx's arena. E_DB.
 */
int roster_at(struct ctx *, int64_t crt_id, time_t t,
    struct roster_answerer *out, int max, int *n);
/*
 * Whether user_id is on duty at t in CRT crt_id: *level 1 or 2 (the
 * lowest level she holds), 0 when not on duty. E_DB.
 */
int roster_user_on_duty(
    struct ctx *, int64_t crt_id, int64_t user_id, time_t t, int *level);

/*
 * Calls fn(arg, start, end, flags) for each gap of crt_id's final roster
 * over [from, to) (clipped to it; flags: enum roster_gap_flags); fn
 * returning non-zero stops and is returned. The alerts' hook (main).
 */
int roster_gap_each(struct ctx *, int64_t crt_id, time_t from, time_t to,
    int (*fn)(void *, time_t, time_t, unsigned), void *arg);

/* ---- The computation (pure: no database) ---- */

struct roster_layer {
	int64_t id;
	enum roster_kind kind;
	int level; /* 1, 2 */
	int start_min, end_min; /* local wall clock, minutes after 00:00 */
	long rotation_day; /* calendar_days() of the first turn's date */
	int turn_days; /* >= 1 */
	const struct roster_person *members;
	int n_members;
};

struct roster_override {
	int64_t id;
	int level;
	time_t start, end; /* UTC */
	struct roster_person who;
	const char *kind; /* override, swap */
};

struct roster_def {
	const char *tz, *dept; /* the CRT's zone and département */
	int whit_worked; /* Whit Monday worked (not a holiday) */
	const struct roster_layer *layers;
	int n_layers;
	const struct roster_override *overrides;
	int n_overrides;
};

/* A shift of the final roster. */
struct roster_shift {
	int level;
	time_t start, end; /* UTC; hours = (end - start) / 3600 */
	int64_t layer_id; /* 0 for an override */
	int64_t override_id; /* 0 for a rotation's turn */
	enum roster_kind kind; /* the layer's (an override: the layer cut) */
	struct roster_person who;
	int available; /* 0: disabled account or no phone */
};

/* SPEC: issue 13 — why a window is a gap (a set). */
enum roster_gap_flags {
	ROSTER_GAP_L1 = 1 << 0, /* no available level-1 answerer */
	ROSTER_GAP_L2 = 1 << 1, /* no available level-2 answerer */
	ROSTER_GAP_NURSE = 1 << 2, /* no nurse or doctor reachable */
};
struct roster_gap {
	time_t start, end;
	unsigned flags; /* enum roster_gap_flags */
};

struct roster_result {
	struct roster_shift *shifts; /* by start, then level */
	int n_shifts;
	struct roster_gap *gaps; /* by start, merged */
	int n_gaps;
	/* Seconds where two shifts of one level overlap. */
	long overlap_s;
};

struct arena;
/*
 * The final roster over [from, to) (UTC): the layers' turns expanded in
 * the local zone (a skipped local time is the instant after it), cut by
 * the overrides, clipped to [from, to), and the gaps of that window.
 * Arrays in the arena. 0, or -1 on an unknown zone or at the arena's cap.
 */
/* E_INTERNAL `oncall.compute`: roster_compute failed (never read as an
 * empty roster). */
int roster_compute_failed(struct ctx *);
int roster_compute(struct arena *, const struct roster_def *, time_t from,
    time_t to, struct roster_result *);
/* 1 when profession is a nurse's or a doctor's (ide, idec, medecin). */
int roster_is_nurse(const char *profession);
/* Whether `profession` may hold a slot at `level` (1: AS/ASG, home aide,
 * nurse or doctor; 2: nurse or doctor). */
int roster_level_allows(int level, const char *profession);

/* ---- The stored roster ---- */

/*
 * The definition of ctx's CRT crt_id read from the database: its zone,
 * layers and members (accounts resolved: name, profession, on-call phone,
 * disabled), overrides not deleted and ending after `since`. In the arena.
 */
int
roster_load(struct ctx *, int64_t crt_id, time_t since, struct roster_def *out);

#endif
