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
	char type[LIVE_TYPE_MAX];
	/* Categories (access CAT_BIT mask) one must read on the person to
	 * get it (a note.* event: its note's); 0: any. */
	unsigned cats;
};

/* What a stream route's handler hands to the dispatcher (req->live). */
struct live_start {
	const struct live_msg *replay; /* sent first, oldest first */
	int nreplay;
	int reset; /* send a `reset` event first: the page reloads */
	int64_t cursor; /* live events with a greater id follow */
};

/* The hooks, set once by http_start(). session: re-checks the stream's
 * session on a fresh ctx (E_OK fills the identity); visible: the mask of
 * the categories the ctx's user reads of person_id, 0 when none (the
 * access decision, no trace). */
void live_init(int (*session)(struct ctx *, struct req *),
    int (*visible)(struct ctx *, int64_t person_id));
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
/* Ends every stream (SIGTERM) and waits until none is suspended, so that
 * the daemon can stop. */
void live_stop(void);

#endif
