/*
 * The round of ctx's user as an iCalendar feed (issue 11): the visits of
 * the past 14 days and the next 60, each with its times, the person's
 * initials and commune only (no health data: not the kind of visit, not
 * the full name), read through visit_occurrences (decided and traced as
 * that user, who opened the request with auth/feed.c).
 */
#ifndef DOMAIN_COORDINATION_VISIT_FEED_H
#define DOMAIN_COORDINATION_VISIT_FEED_H

struct ctx;

#define VISIT_FEED_PAST_DAYS 14
#define VISIT_FEED_NEXT_DAYS 60

/* The iCalendar text (arena). */
int visit_feed_ics(struct ctx *, const char **text);

#endif
