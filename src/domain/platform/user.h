/*
 * User accounts: one per person working with the CRT, with a role, a
 * profession and an organisation (PRODUCT §1). Password hashes are made
 * by auth/password.c before reaching here.
 */
#ifndef DOMAIN_USER_H
#define DOMAIN_USER_H

#include <stdint.h>

struct ctx;

struct user {
	int64_t id;
	int64_t crt_id;
	int64_t org_id;
	const char *login;
	const char *display_name;
	const char *role;
	const char *profession;
	int disabled;
	const char *created_at;
	const char *org_name;
	const char *org_type;
};

struct user_fields {
	const char *login;
	const char *display_name;
	const char *role;
	const char *profession;
	int64_t org_id; /* 0: the CRT's own organisation */
	const char *pw_hash;
	int disabled; /* -1: unchanged (update) */
};

/* Creates a user of ctx's CRT. E_INVALID/E_CONFLICT with French errors. */
int user_create(struct ctx *, const struct user_fields *, int64_t *id);
/* Updates the non-NULL fields (login cannot change). */
int user_update(struct ctx *, int64_t id, const struct user_fields *);
/* Stores a new password hash for a user of ctx's CRT. */
int user_set_password(struct ctx *, int64_t id, const char *pw_hash);
int user_get(struct ctx *, int64_t id, struct user *);
int user_list(struct ctx *, struct user **, int *n);
/* By login, across CRTs (logins are global); E_NOT_FOUND if none. */
int user_by_login(
    struct ctx *, const char *login, struct user *, const char **pw_hash);
/* The account's previous password hashes, newest first (at most
 * PASSWORD_HISTORY), in the arena; compared by the caller. */
int
user_password_history(struct ctx *, int64_t id, const char ***hashes, int *n);
/*
 * The login an administrator's request really creates (issue 8 point 7):
 * on a host serving several CRTs, new logins carry the CRT's code
 * ("medecin" → "medecin.nord48"), so a CRT's logins never clash with
 * another's and "already taken" only ever speaks of one's own CRT.
 * Unchanged when there is one CRT, or when the suffix is there already.
 * E_INVALID user.login.invalid when too long once suffixed. Arena.
 */
int user_login_scoped(struct ctx *, const char *login, const char **out);
/* Login syntax: 2-64 of [a-z0-9._-], starting with a letter or digit. */
int user_login_ok(const char *);

/* Whether a role reads anything of a record beyond the identity: such
 * accounts are created, re-enabled, changed and reset only with the
 * approval of the direction or the coordination (PRODUCT §1). */
int user_role_sensitive(const char *role);

/* A change of a sensitive account asked by the administrator. */
struct account_request {
	int64_t id;
	int64_t user_id; /* 0: a creation */
	const char *login;
	const char *display_name; /* NULL: unchanged */
	const char *role;
	const char *profession;
	int64_t org_id; /* 0: unchanged / the CRT's own */
	int disabled; /* -1: unchanged */
	int reset_password;
	int64_t requested_by;
	const char *requested_by_name;
	const char *requested_at;
	const char *status; /* pending, approved, rejected */
	int64_t decided_by;
	const char *decided_by_name;
	const char *decided_at;
};

/* Stores a pending request (after checking what user_create/update would
 * refuse); E_CONFLICT account_request.pending if one is pending already. */
int user_request_add(struct ctx *, struct account_request *);
int user_request_get(struct ctx *, int64_t id, struct account_request *);
/* status "" for all; at most 200, newest first. */
int user_request_list(
    struct ctx *, const char *status, struct account_request **, int *n);
/*
 * Approves (applies the change, with `pw_hash` as the new password for a
 * creation or a reset) or rejects a pending request, by ctx's user, who
 * may be neither the requester nor the account concerned. On approval
 * *user_id is the account created or changed.
 */
int user_request_decide(struct ctx *, int64_t id, int approve,
    const char *pw_hash, struct account_request *, int64_t *user_id);

/*
 * The trace rows of account administration (issue 9 §3: src/api writes
 * no trace row), queued for ctx's CRT and user with grant "-" and outcome
 * "ok", after the change they record succeeded.
 *   user.create            a created account (login and role)
 *   user.update            an updated account; disabled / password_reset
 *                          say whether the change disabled it or set its
 *                          password
 *   user.request           a change stored as a request (202)
 *   user.request.approve / .reject   a decided request; note: the
 *                          decider's comment or NULL
 */
void user_trace_created(struct ctx *, const struct user *);
void user_trace_updated(
    struct ctx *, const struct user *, int disabled, int password_reset);
void user_trace_requested(struct ctx *, const struct account_request *);
void user_trace_decided(struct ctx *, const struct account_request *,
    int approve, const char *note);

#endif
