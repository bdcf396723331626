/*
 * Server-Sent Events streams (issue 12 « Live updates »): GET routes
 * flagged R_STREAM answer `text/event-stream` held open WITHOUT a thread
 * per client. Each stream is a libmicrohttpd content-reader response that
 * suspends its connection when it has nothing to send; live_publish()
 * (after a commit) and the heartbeat ticker resume it. Knows ids and
 * types only: who may see an event is asked of the hook (access/).
 */
#ifndef HTTP_LIVE_H
#define HTTP_LIVE_H

#include <stdint.h>

struct ctx;
struct req;
struct MHD_Connection;
struct MHD_Response;

#define LIVE_TYPE_MAX 32

/* One event as streamed: `id:`, `event:` type, `data:` the ids as JSON. */
struct live_msg {
	int64_t id;
	int64_t crt_id;
	int64_t person_id; /* 0: none; else sent to who may read her */
	int64_t ref_id;
	int64_t user_id; /* 0: anyone of the CRT; else only that user */
	/* The data category (bit index) the reader must read of the person
	 * (a medical note's event only to who reads medical data); -1: any
	 * category she reads; -2: nobody (what it was about is gone). */
	int cat;
	char type[LIVE_TYPE_MAX];
};

/* What a stream route's handler hands to the dispatcher (req->live). */
struct live_start {
	const struct live_msg *replay; /* sent first, oldest first */
	int nreplay;
	int reset; /* send a `reset` event first: the page reloads */
	int64_t cursor; /* live events with a greater id follow */
};

/* The hooks, set once by http_start(). session: re-checks the stream's
 * session on a fresh ctx (E_OK fills the identity); reads: the bits of
 * the data categories the ctx's user reads of person_id under a normal
 * grant, 0 when she may not see her (the access decision, no trace);
 * crt_event: 1 when the ctx's user may see an event about no person, or
 * by her role an `alarm.*` event (before the decision on its person). */
void live_init(int (*session)(struct ctx *, struct req *),
    unsigned (*reads)(struct ctx *, int64_t person_id),
    int (*crt_event)(struct ctx *, const struct live_msg *),
    int (*on_duty)(struct ctx *));
/* Publishes committed events (ids increasing; one already published is
 * ignored, so two publishers may overlap) and wakes the streams. */
void live_publish(const struct live_msg *, int n);
/* The highest id published (streams without Last-Event-ID start there). */
int64_t live_last_id(void);
void live_set_last_id(int64_t);
/* The stream's response for `conn`; req's cookie and route are kept for
 * the session checks, ctx's identity for the filter. */
struct MHD_Response *live_response(struct MHD_Connection *, const struct ctx *,
    const struct req *, const struct live_start *);
/* The open streams of the session whose cookie token is `token`. */
int live_session_streams(const char *token);
/* Ends every stream (SIGTERM) and waits until none is suspended, so that
 * the daemon can stop. */
void live_stop(void);

#endif
