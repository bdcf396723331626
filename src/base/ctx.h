/*
 * The per-request (or per-command) context passed everywhere instead of
 * globals. It owns the arena; the rest points into it or into long-lived
 * state. Layers above `base` attach their own data through the typed
 * pointers declared here as incomplete structs.
 */
#ifndef BASE_CTX_H
#define BASE_CTX_H

#include <stdint.h>

#include "arena.h"
#include "err.h"

struct db;
struct trace_row;

struct ctx {
	struct arena arena;
	struct db *db; /* connection used by this request */
	char request_id[17];
	const char *ip;
	const char *route; /* route pattern, for the trace */

	/* Who acts: filled by the session step (0 = nobody). */
	int64_t crt_id;
	int64_t user_id;
	int64_t org_id;
	int64_t session_id;
	int role; /* enum role (access.h) */
	int profession; /* enum profession (access.h) */
	/* The CRT's access-matrix revision + 1, read with the session (0:
	 * unknown, the matrix is read from the database). */
	int64_t rules_tag;
	const char *login;
	const char *now; /* request time, ISO-8601 UTC */

	/* First error wins (err_set). */
	enum err_code err;
	const char *err_key;
	const char *err_field;
	const char *err_msg;
	/* Optional id the error refers to (err_set_ref), e.g. "holder_id". */
	const char *err_ref_name;
	int64_t err_ref_id;
	/* Keep the handler's writes although it answers an error (a failed
	 * login's attempt row must count towards the lock). */
	int commit_on_error;
	/* A session whose last_seen is to be moved to now, with the
	 * request's other writes (auth/session.c; 0: none). */
	int64_t session_touch;
	/* The user's on-call level + 1 when the caller already knows it (a
	 * live stream takes it each minute: its decisions do not compute
	 * the roster again); 0: unknown, computed when needed. */
	int oncall_known;

	/* Trace rows waiting to be written with the transaction (audit.c). */
	struct trace_row *traces;
	struct trace_row *traces_tail;
};

/* Prepares a context with an arena capped at `cap` bytes and a fresh id. */
void ctx_init(struct ctx *, size_t cap);
void ctx_release(struct ctx *);

#endif
