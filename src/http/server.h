/*
 * The HTTP server: libmicrohttpd glue and the dispatcher pipeline.
 * Read routes run on the network thread with that thread's connection;
 * write routes and the trace rows of reads go to the group-commit writer
 * while the connection is suspended, and the response is queued only
 * after the commit (on the handler's next call, after resume).
 */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "http/route.h"

struct jw_schema;

struct ctx;
struct live_msg;
struct db;

struct http_config {
	const char *listen; /* "127.0.0.1:8080", port 0 = any */
	int threads; /* network threads (epoll pool) */
	int trust_proxy; /* use X-Real-IP from a local nginx */
	size_t body_max; /* bytes, JSON bodies */
	size_t upload_max; /* bytes, R_UPLOAD routes */
	const char *cookie; /* session cookie name */
	int max_connections; /* whole server (default 1000) */
	int per_ip_limit; /* one address (default 64) */
	int idle_timeout; /* seconds (default 30) */
};

/* What the layers above provide (wired by main, keeping http/ below). */
struct http_hooks {
	/* Finds the session from req->cookie_token; fills ctx identity
	 * and req->session. E_OK or E_AUTH. */
	int (*session)(struct ctx *, struct req *);
	/* 1 when req->csrf_header matches the session's token. */
	int (*csrf_ok)(struct ctx *, struct req *);
	/* Writes the queued trace rows on db (open transaction). */
	int (*flush)(struct ctx *, struct db *);
	/* Whether trace rows are queued. */
	int (*pending)(struct ctx *);
	/* Forgets queued trace rows (their transaction failed). */
	void (*discard)(struct ctx *);
	/* 1 when ctx's user holds route permission `perm` (not 0). */
	int (*permits)(struct ctx *, unsigned perm);
	/* The event streams' filter (http/live.h): the category bits ctx's
	 * user reads of person_id (0: not visible), the access decision
	 * without a trace; and whether she may see an event about no
	 * person (struct live_msg). */
	unsigned (*reads)(struct ctx *, int64_t person_id);
	int (*crt_event)(struct ctx *, const struct live_msg *);
	/* 1 when ctx's user is on call now (the on-call grant, issue 13),
	 * 0 when not, -1 when it cannot be told. */
	int (*on_duty)(struct ctx *);
};

int http_start(const struct http_config *, const struct route_table *,
    size_t ntables, const struct http_hooks *, int *port);
/* The error reply's description ({"error": {code, message, ...}}), for
 * the OpenAPI document. */
extern const struct jw_schema http_error_schema;
/* Stops accepting, waits for requests in flight (up to timeout_ms). */
void http_stop(int timeout_ms);
/* Finds the route for a method/path (also used by tests). */
const struct route *
http_match(const char *method, const char *path, struct req *req, int *status);

#endif
