/*
 * Error codes and the request error slot (STYLE §3). Fallible functions
 * return an `enum err_code`; the stable key, field and French message live
 * in the request context. The first error set wins.
 */
#ifndef BASE_ERR_H
#define BASE_ERR_H

#include <stdint.h>

enum err_code {
	E_OK = 0,
	E_INVALID, /* 422: input well-formed but not acceptable */
	E_BADREQ, /* 400: malformed request (JSON syntax, UTF-8) */
	E_TOOBIG, /* 413 */
	E_AUTH, /* 401 */
	E_FORBIDDEN, /* 403 */
	E_NOT_FOUND, /* 404 */
	E_METHOD, /* 405 */
	E_MEDIA, /* 415: body not in the route's media type */
	E_CONFLICT, /* 409 */
	E_THROTTLED, /* 429 */
	E_UNAVAILABLE, /* 503 */
	E_DB, /* 500, generic message */
	E_INTERNAL, /* 500, generic message */
	E__MAX
};

struct ctx;

/* Records the error in ctx unless one is already set; returns `code`. */
int err_set(struct ctx *, enum err_code, const char *key, const char *field,
    const char *msg_fr);
/* Attaches a named id to the error `key` when it is the one recorded
 * (the first error wins); rendered beside code and message. */
void err_set_ref(struct ctx *, const char *key, const char *name, int64_t id);
/* Clears the slot (used when a caller handles an error itself). */
void err_clear(struct ctx *);
/* The HTTP status for a code. */
int err_status(enum err_code);
/* Stable English name of a code, for logs. */
const char *err_name(enum err_code);

#endif
