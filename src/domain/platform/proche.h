/*
 * The proche accounts (issue 11): the person herself or one of her
 * caregivers, read-only, bound to that one person, who sees her planning
 * and nothing else. A coordinator creates one from the person's record;
 * the answer is an invitation link (a random token, kept hashed, valid
 * PROCHE_INVITE_SECS, one use) that lets the proche choose a password.
 * No approval step: such an account reads no category of any record
 * (access.c: its role's ceiling is empty), so there is nothing for the
 * « Validation des comptes » to weigh.
 */
#ifndef DOMAIN_PROCHE_H
#define DOMAIN_PROCHE_H

#include <stdint.h>

struct ctx;
struct access_grant;

#define PROCHE_INVITE_SECS (7 * 24 * 3600)
/* The pseudo-login under which wrong tokens are counted by the login
 * throttle (no real login starts with '#'). */
#define PROCHE_INVITE_THROTTLE "#invitation"

/* For whom: stable codes (API, database), French labels; NULL-ended. */
extern const char *const proche_for_codes[];
extern const char *const proche_for_labels[];
/* The states of an account, as the coordinator sees them. */
extern const char *const proche_status_codes[];

struct proche {
	int64_t id; /* the account (app_user.id) */
	int64_t person_id;
	const char *login;
	const char *display_name;
	const char *proche_for; /* "personne" or "aidant" */
	const char *relation; /* the caregiver's relation, or NULL */
	const char *created_at;
	const char *activated_at; /* last link used, or NULL */
	const char *invited_until; /* open link's expiry, or NULL */
	/* "invited" (a link open), "active" (a password chosen), "expired"
	 * (no password, no open link), "revoked" (disabled). */
	const char *status;
};

struct proche_fields {
	const char *login;
	const char *display_name;
	const char *proche_for;
	const char *relation;
};

/*
 * Creates a proche account bound to the grant's person (the caller
 * decided a write of the social category) and its first invitation.
 * *token is the link's secret (shown once, never stored), *expires_at
 * its end; both in the arena. The login is scoped like an administrator's
 * (user_login_scoped). E_INVALID / E_CONFLICT with French errors.
 */
int proche_create(struct ctx *, const struct access_grant *,
    const struct proche_fields *, struct proche *out, const char **token);
/* The person's proche accounts (the grant's), revoked last. Arena. */
int proche_list(
    struct ctx *, const struct access_grant *, struct proche **, int *n);
/* One proche account of ctx's CRT; E_NOT_FOUND proche.not_found. */
int proche_get(struct ctx *, int64_t id, struct proche *);
/* A new link for an account of the grant's person (earlier open links are
 * revoked): for an expired invitation or a forgotten password. */
int proche_reinvite(struct ctx *, const struct access_grant *, int64_t id,
    struct proche *out, const char **token);
/* Revokes the account: disabled, open links revoked, sessions ended. */
int proche_revoke(
    struct ctx *, const struct access_grant *, int64_t id, struct proche *out);

/* What a token names, across CRTs (the link is opened signed out). */
struct proche_invitation {
	int64_t id;
	int64_t crt_id;
	int64_t user_id;
	const char *login;
	const char *display_name;
	const char *expires_at;
};
/*
 * Finds the open invitation of `token`: E_OK, or E_NOT_FOUND
 * invitation.unknown (no such token: a guess, counted by the caller), or
 * E_CONFLICT invitation.expired / invitation.used / invitation.revoked,
 * each with its French message. Changes nothing.
 */
int proche_invitation_find(
    struct ctx *, const char *token, struct proche_invitation *);
/*
 * Uses the invitation (once: E_CONFLICT invitation.used if it was taken
 * meanwhile) and sets the account's password hash; ends the account's
 * other sessions and queues the trace row ("proche.activate"). ctx must
 * act for the account (crt_id, user_id).
 */
int proche_invitation_use(
    struct ctx *, const struct proche_invitation *, const char *pw_hash);

#endif
