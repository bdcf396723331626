/*
 * Routes as data (STYLE §6). Each api_*.c ends with a table of rows; the
 * dispatcher (server.c) runs the same pipeline for every one: parse →
 * limits → session → CSRF → validate into a typed struct → coarse role
 * check → transaction → handler → commit → render. The OpenAPI document
 * and docs/API.md are generated from the same tables (openapi.c).
 */
#ifndef HTTP_ROUTE_H
#define HTTP_ROUTE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct ctx;
struct jv_field;

enum method { M_GET, M_POST, M_PUT, M_PATCH, M_DELETE, M__MAX };

enum route_flags {
	R_WRITE = 1 << 0, /* runs in the group-commit writer txn */
	R_PUBLIC = 1 << 1, /* no session needed */
	R_NOCSRF = 1 << 2, /* unsafe method without CSRF (login only) */
	R_RAW = 1 << 3, /* handler sets a non-JSON body */
	R_UPLOAD = 1 << 4, /* raw body (a file), up to upload_max */
	/* open to a session whose password is one-time (issue 8 point 2):
	 * the others answer 403 password.change_required */
	R_ONETIME = 1 << 5,
	/* open to a proche account (issue 11), besides the R_ONETIME
	 * routes: the others answer 403 role.forbidden */
	R_PROCHE = 1 << 6,
	/* a GET answered as Server-Sent Events (http/live.h): the handler
	 * fills req->live, the dispatcher holds the stream open */
	R_STREAM = 1 << 7,
	/* a machine's signed message (Standard Webhooks, issue 13): the
	 * webhook-* and X-Operator headers and the raw body are kept in
	 * req->hook and req->body, the body is not parsed by the dispatcher
	 * (the route's `prepare` checks the signature, then parses it with
	 * the route's input table) */
	R_SIGNED = 1 << 8
};

#define REQ_MAX_IDS 4
#define REQ_MAX_QUERY 16

struct req;
struct live_start;

typedef int (*route_fn)(struct ctx *, struct req *);

struct route {
	enum method method;
	const char *path; /* "/api/v1/persons/{id}" */
	route_fn handler;
	/* Optional step on the network thread before a write route's
	 * handler (e.g. the slow Argon2id check outside the writer). */
	route_fn prepare;
	/* The permission needed (access.h enum perm, checked through
	 * http_hooks.permits); 0 = any signed-in user. */
	unsigned perm;
	const struct jv_field *in; /* body fields, or NULL */
	size_t in_size;
	unsigned flags;
	int status; /* success status (200/201/204) */
	const char *tag;
	const char *summary; /* French, for the docs */
	const char *out; /* output schema name (openapi.c) */
};

struct req_kv {
	const char *k;
	const char *v;
};

/* R_SIGNED: the Standard Webhooks headers, as received (or NULL). */
struct req_hook {
	const char *id; /* webhook-id */
	const char *timestamp; /* webhook-timestamp */
	const char *signature; /* webhook-signature */
	const char *op; /* X-Operator */
};

struct req {
	const struct route *route;
	int64_t ids[REQ_MAX_IDS]; /* {x} path values */
	int nids;
	struct req_kv query[REQ_MAX_QUERY];
	int nquery;
	void *in; /* validated body (arena) */
	const char *csrf_header;
	const char *content_type; /* request's, for R_UPLOAD */
	const char *body; /* R_UPLOAD: the bytes */
	size_t body_len;
	const char *cookie_token;
	int https; /* X-Forwarded-Proto: https */
	/* Output, filled by the handler. */
	int status;
	json_t *out;
	const char *set_cookie;
	const char *raw_type; /* R_RAW */
	const char *raw_body;
	size_t raw_len;
	const char *retry_after;
	char *raw_owned; /* heap body (xmalloc), sent as is */
	const char *disposition; /* Content-Disposition */
	void *state; /* prepare → handler */
	void *session; /* struct session_user * */
	/* R_STREAM: the Last-Event-ID header, and what the handler sets. */
	const char *last_event_id;
	const struct live_start *live;
	struct req_hook hook; /* R_SIGNED */
};

/* A query-string value, or NULL. */
const char *req_query(const struct req *, const char *name);

/*
 * Documentation of a route beyond its row (issue 9 §2), declared next to
 * the handler that parses the query: its query parameters and the error
 * codes it can return. Errors every route of its kind returns (session,
 * CSRF, permission, body, path id, server) are derived from the row by
 * openapi.c and need not be listed.
 */
struct route_param {
	const char *name;
	int type; /* enum jv_type: JV_STR/INT/ENUM/DATE */
	int64_t min; /* value (JV_INT) or length (JV_STR) */
	int64_t max; /* 0: none */
	const char *const *enumv; /* JV_ENUM, NULL-ended */
	const char *def; /* default, as text, or NULL */
	const char *label; /* French */
};

struct route_error {
	int code; /* enum err_code: gives the status */
	const char *key; /* stable key, e.g. "person.not_found" */
};

struct route_doc {
	enum method method;
	const char *path;
	const struct route_param *query; /* NULL-name ended, or NULL */
	const struct route_error *errors; /* NULL-key ended, or NULL */
};

/*
 * A success status a route answers besides its row's `status`, with the
 * described reply it carries (e.g. 202: a change stored as a request to
 * approve). Lists end with a NULL path.
 */
struct route_reply {
	enum method method;
	const char *path;
	int status;
	const char *out; /* a described schema's name */
};

/* All the route tables, NULL-path terminated, assembled by main. */
struct route_table {
	const char *name;
	const struct route *rows; /* ends with a NULL path */
	const struct route_doc *docs; /* ends with a NULL path; or NULL */
};

extern const char *const route_method_names[M__MAX];

#endif
