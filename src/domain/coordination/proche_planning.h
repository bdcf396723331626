/*
 * The planning as a proche sees it (issue 11): who comes to her person's
 * home and when — the start and end (UTC and local), the kind of visit,
 * the visitor's first name and profession, the organisation — and nothing
 * else: no note, no marking or its reason, no address, no other person.
 * The occurrences come from visit_occurrences(), whose person read is
 * decided and traced for a proche by access_proche_require().
 */
#ifndef DOMAIN_COORDINATION_PROCHE_PLANNING_H
#define DOMAIN_COORDINATION_PROCHE_PLANNING_H

#include <stdint.h>

struct ctx;

#define PROCHE_PLANNING_DAYS 7 /* the default window: today and 6 more */

struct proche_visit {
	const char *start, *end; /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	const char *local_start, *local_end; /* "YYYY-MM-DDTHH:MM", the CRT's */
	const char *kind, *kind_label;
	const char *first_name; /* NULL: an organisation without a name */
	const char *profession; /* French label, or NULL */
	const char *organisation; /* NULL when unknown */
};

/*
 * The visits of ctx's proche's person (person_id 0: the bound one; another
 * person: 404 person.not_found, traced as a denial) from local date `from`
 * to `to` inclusive (NULL: today, and today + PROCHE_PLANNING_DAYS - 1),
 * by start; the visits not made or suspended are left out (nobody comes).
 * *from_out and *to_out: the window answered. Arrays in ctx's arena.
 */
int proche_planning_list(struct ctx *, int64_t person_id, const char *from,
    const char *to, const char **from_out, const char **to_out,
    struct proche_visit **out, int *n);

#endif
