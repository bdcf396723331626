/*
 * Server-side sessions. The cookie carries a random token; the database
 * keeps only its BLAKE2b hash, so a leaked database yields no session.
 * Each session has its own CSRF token, compared in constant time.
 */
#ifndef AUTH_SESSION_H
#define AUTH_SESSION_H

#include <stdint.h>

struct ctx;
struct db;

#define SESSION_COOKIE "maillage_session"
#define SESSION_TTL_SECS (12 * 3600) /* one working shift */
#define SESSION_TOKEN_LEN 64
#define SESSION_IDLE_SECS (30 * 60) /* default idle timeout */

struct session_user {
	int64_t session_id;
	int64_t crt_id;
	int64_t user_id;
	int64_t org_id;
	const char *csrf;
	const char *login;
	const char *display_name;
	const char *role;
	const char *profession;
	const char *org_name;
	const char *org_type;
	const char *crt_code;
	const char *crt_name;
	int64_t rules_tag; /* access_rules_rev.rev + 1 */
	int must_change; /* one-time password: change it first */
};

/*
 * Sets the idle timeout (seconds without a request that end a session;
 * `serve --session-idle`). The absolute lifetime stays SESSION_TTL_SECS.
 */
void session_set_idle(int secs);
int session_idle(void);
/*
 * Finds the live session for a token: not past its absolute lifetime, not
 * idle for longer than the idle timeout. E_AUTH when none. Arena strings.
 * When its last_seen is older than a minute (or a quarter of a short idle
 * timeout), sets ctx->session_touch for session_touch() on the writer.
 */
int session_lookup(
    struct ctx *, struct db *, const char *token, struct session_user *);
/* Fills ctx's identity fields (crt, user, role...) from a session. */
void session_apply(struct ctx *, const struct session_user *);
/* Creates a session; token (SESSION_TOKEN_LEN) and csrf in the arena. */
int session_create(struct ctx *, struct db *, int64_t crt_id, int64_t user_id,
    const char **token, const char **csrf);
int session_delete(struct ctx *, struct db *, int64_t session_id);
/* Ends every session of a user (disabled account, new password). */
int session_delete_user(struct ctx *, struct db *, int64_t user_id);
/* Ends the user's other sessions, keeping keep_id (own new password). */
int session_delete_others(
    struct ctx *, struct db *, int64_t user_id, int64_t keep_id);
/* Moves ctx->session_touch's last_seen to now (writer, inside the
 * request's transaction) and clears it. */
int session_touch(struct ctx *, struct db *);
/* The BLAKE2b-256 hash of a secret token, 64 hex digits and a NUL: what
 * the database keeps of a session token (and of an invitation link's). */
void session_token_hash(const char *token, char out[65]);
/* 1 when the header value matches the session's CSRF token. */
int session_csrf_ok(const struct session_user *, const char *header);

#endif
