/*
 * Views over the volet-2 episode (issue 4 "Views"): the pipeline board
 * (referrals → waiting list → evaluation → committee → admitted → active
 * → exited) with counts, each person's timeline from the referral to the
 * exit, and the delays referral → decision → start over a period.
 */
#ifndef DOMAIN_EPISODE_H
#define DOMAIN_EPISODE_H

#include <stdint.h>

struct ctx;
struct access_grant;

enum episode_stage {
	STAGE_DEMANDE, /* received, or oriented to the DAC */
	STAGE_ATTENTE, /* on the shared waiting list */
	STAGE_EVALUATION, /* evaluated or being evaluated */
	STAGE_COMITE, /* on a committee's agenda, undecided */
	STAGE_ADMIS, /* admitted, plan or contract pending */
	STAGE_ACTIF, /* active support */
	STAGE_SORTI, /* exited within the last 12 months */
	STAGE__MAX
};

extern const char *const episode_stage_codes[STAGE__MAX + 1];
extern const char *const episode_stage_labels[STAGE__MAX + 1];

struct board_card {
	enum episode_stage stage;
	int64_t person_id;
	const char *birth_name;
	const char *first_names;
	/* Display forms of the strict traits (issue 10 §2). */
	const char *birth_name_display;
	const char *first_names_display;
	int64_t referral_id;
	int64_t support_id; /* 0 before admission */
	const char *since; /* date the stage began */
	const char *detail; /* status or exit reason */
	int urgent;
	int flag; /* oriented to DAC / exit proposed */
};

/* Every card of the board (the caller traces the people shown). */
int episode_board(struct ctx *, struct board_card **, int *n);

/*
 * SPEC: issue 8 point 17 — `on` is always the calendar day the event
 * happened, "YYYY-MM-DD" in Europe/Paris (a committee's decision: the
 * committee's day); `at` is the ISO-8601 UTC instant only for events that
 * happen in Maillage when they are recorded (orientation to the DAC, its
 * answer, the feedback, the closing, a plan version), else NULL.
 */
struct timeline_event {
	const char *on; /* YYYY-MM-DD, Europe/Paris */
	const char *at; /* instant or NULL */
	const char *kind; /* referral.received, support.exit... */
	const char *label; /* French */
	int64_t referral_id;
	int64_t support_id;
};

/*
 * SPEC: issue 12 review (F24) — the person's alerts on her timeline come
 * from the coordination context, a peer this one does not include: main
 * sets their source once at start (episode_alerts_set; unset, the
 * timeline has no alert). `events` calls add(arg, at, kind, label) for
 * each alert event grant g shows (raised, acknowledged, closed), and
 * returns E_OK or the first error.
 */
struct episode_alerts {
	int (*events)(struct ctx *, const struct access_grant *g,
	    int (*add)(
		void *, const char *at, const char *kind, const char *label),
	    void *arg);
};
/* Sets the source (a static table; NULL removes it). Not thread-safe: at
 * start, before the server's threads. */
void episode_alerts_set(const struct episode_alerts *);

/* The person's episodes, oldest first (by day, then by instant within a
 * day when both events have one); care events need `soins` read. */
int episode_timeline(struct ctx *, const struct access_grant *,
    struct timeline_event **, int *n);

struct delay_stat {
	int count;
	int median; /* days */
	double mean;
	int max;
};

struct delays {
	int decisions;
	int admitted;
	int refused;
	int oriented;
	struct delay_stat to_decision; /* referral → decision */
	struct delay_stat to_start; /* decision → start */
	struct delay_stat total; /* referral → start */
};

/* Over the decisions of committees held from `from` to `to` (dates,
 * inclusive). */
int
episode_delays(struct ctx *, const char *from, const char *to, struct delays *);

#endif
