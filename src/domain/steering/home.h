/*
 * The home page « Ma journée » / « À faire » (issue 12, steering): what
 * the user has to do today, per role, computed in one request. Each item
 * is a count with the list it opens (the page draws a count of 0 without
 * its link: nothing to open).
 * The counts of the coordination and the direction are aggregates of the
 * CRT (no name: the list they open decides each row it shows); the care
 * staff's and the partner's go through the visits and alerts of their own
 * people, decided and traced by those modules.
 */
#ifndef DOMAIN_STEERING_HOME_H
#define DOMAIN_STEERING_HOME_H

#include <stdint.h>

struct ctx;

/* Which home a role gets. */
enum home_view {
	HOME_NONE,
	HOME_COORDINATION,
	HOME_CARE,
	HOME_DIRECTION,
	HOME_PARTNER,
	HOME__MAX
};
extern const char *const home_view_codes[HOME__MAX + 1];

struct home_item {
	const char *key; /* stable: "alerts.open", "round.today"... */
	const char *label; /* French */
	int64_t count;
	const char *detail; /* a date, a target... or NULL */
	const char *link; /* the UI's list: "#/alertes?etat=active" */
};

struct home {
	enum home_view view;
	const char *today; /* local date */
	struct home_item *items;
	int n;
};

/* ctx's user's home page. Arrays in the arena. */
int home_get(struct ctx *, struct home *);

#endif
