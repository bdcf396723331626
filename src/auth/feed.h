/*
 * The secret address of a team member's round as an iCalendar feed
 * (issue 11): a phone's calendar subscribes to it without a session, so
 * the address itself is the credential. A random token (32 bytes), only
 * its BLAKE2b hash in the database (a leaked database opens no feed), one
 * per user, shown once when created, revoked by the user (or by
 * disabling the account).
 */
#ifndef AUTH_FEED_H
#define AUTH_FEED_H

#include <stdint.h>

struct ctx;
struct db;

#define FEED_TOKEN_BYTES 32

/* Replaces ctx's user's feed with a new one: *token (arena) to show
 * once. */
int feed_create(struct ctx *, struct db *, const char **token);
/* Revokes ctx's user's feed (none: nothing to do). */
int feed_revoke(struct ctx *, struct db *);
/* When ctx's user's feed was created (arena), or NULL when none. */
int feed_created_at(struct ctx *, struct db *, const char **at);
/*
 * Opens a request as the owner of the feed of `token`: fills ctx's
 * identity (crt, user, role, profession...) as a session would, so what
 * the feed reads is decided and traced as that user. E_AUTH
 * (feed.unknown) for an unknown or revoked token or a disabled account.
 */
int feed_open(struct ctx *, struct db *, const char *token);

#endif
