/*
 * Server-Sent Events streams (live.h). Owns: the ring of the last events
 * published, the list of open streams, the heartbeat ticker (one thread
 * for all streams). Must not: know what an event means, read the event
 * log, or decide who sees what (the `visible` hook asks access/).
 *
 * No thread per client: a stream is a content-reader response. When the
 * reader has nothing to send it suspends its connection and returns 0;
 * live_publish() and the ticker resume it (MHD_resume_connection is
 * thread-safe with MHD_ALLOW_SUSPEND_RESUME). The reader runs on one of
 * MHD's network threads, with that thread's database connection, for the
 * session re-check and the per-person filter.
 */
#include <inttypes.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/ctx.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "http/live.h"
#include "http/route.h"

#define RING_N 4096 /* events kept in memory for the streams */
#define OUT_MAX 16384 /* bytes a stream formats per wake */
#define CACHE_N 32 /* per-stream decisions kept */
#define CACHE_MS 5000 /* how long a decision is reused */
#define HEARTBEAT_MS_DEFAULT 15000 /* < 20 s (issue 12) */
#define STREAM_ARENA (256u * 1024)

struct decision {
	int64_t person_id;
	int64_t at; /* clock_mono_ms; 0: free */
	unsigned reads; /* category bits read; 0: not visible */
};

struct stream {
	struct stream *prev, *next;
	struct MHD_Connection *conn;
	int suspended; /* under mu */
	int closing; /* under mu: end at the next call */
	int64_t cursor; /* ids up to here are sent or skipped */
	struct live_msg *replay;
	int nreplay, ireplay;
	int reset; /* a reset event is owed */
	int started;
	/* Identity and what re-checks it. */
	int64_t crt_id, user_id;
	char *token;
	const struct route *route;
	int64_t checked_ms; /* last session check */
	int64_t wrote_ms; /* last bytes written */
	struct decision cache[CACHE_N];
	/* The user's on-call duty (issue 13), taken again each minute of
	 * the (test) clock: shifts start and end on whole minutes. */
	int64_t duty_minute;
	int on_duty;
	/* Whether the role hears telealarm events (-1: to take again, at
	 * each session check). */
	int alarm_read;
	char out[OUT_MAX];
	size_t outlen, outpos;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle_cv = PTHREAD_COND_INITIALIZER;
static struct live_msg ring[RING_N];
static uint64_t ring_total; /* messages ever appended */
static int64_t ring_dropped; /* id of the last overwritten message */
static int64_t last_id; /* highest id published */
static struct stream *streams;
static int nstreams, nsuspended, stopping;
static int (*hook_session)(struct ctx *, struct req *);
static unsigned (*hook_reads)(struct ctx *, int64_t);
static int (*hook_crt_event)(struct ctx *, const struct live_msg *);
static int (*hook_on_duty)(struct ctx *);
static int heartbeat_ms = HEARTBEAT_MS_DEFAULT;
static pthread_t ticker;
static int ticker_on;

/* Under mu: wakes s if it sleeps. */
static void
wake(struct stream *s)
{
	if (!s->suspended)
		return;
	s->suspended = 0;
	nsuspended--;
	MHD_resume_connection(s->conn);
}

/* Heartbeats and session checks of sleeping streams. */
static void *
ticker_main(void *arg)
{
	struct timespec ts;
	struct stream *s;
	int64_t now;
	long step = heartbeat_ms / 4 > 1000 ? 1000 : heartbeat_ms / 4;

	(void)arg;
	for (;;) {
		ts.tv_sec = step / 1000;
		ts.tv_nsec = (step % 1000) * 1000000L;
		nanosleep(&ts, NULL);
		now = clock_mono_ms();
		pthread_mutex_lock(&mu);
		if (stopping) {
			pthread_mutex_unlock(&mu);
			break;
		}
		for (s = streams; s != NULL; s = s->next)
			if (now - s->wrote_ms >= heartbeat_ms)
				wake(s);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

void
live_init(int (*session)(struct ctx *, struct req *),
    unsigned (*reads)(struct ctx *, int64_t),
    int (*crt_event)(struct ctx *, const struct live_msg *),
    int (*on_duty)(struct ctx *))
{
	const char *v = getenv("MAILLAGE_SSE_HEARTBEAT_MS");
	/* Tests shorten the heartbeat (and so the session re-check). */
	long hb = v != NULL ? strtol(v, NULL, 10) : 0;

	hook_session = session;
	hook_reads = reads;
	hook_crt_event = crt_event;
	hook_on_duty = on_duty;
	if (hb >= 50 && hb <= HEARTBEAT_MS_DEFAULT)
		heartbeat_ms = (int)hb;
	stopping = 0;
	if (!ticker_on && pthread_create(&ticker, NULL, ticker_main, NULL) == 0)
		ticker_on = 1;
}

void
live_publish(const struct live_msg *m, int n)
{
	struct stream *s;
	int i, added = 0;

	pthread_mutex_lock(&mu);
	for (i = 0; i < n; i++) {
		if (m[i].id <= last_id)
			continue;
		if (ring_total >= RING_N)
			ring_dropped = ring[ring_total % RING_N].id;
		ring[ring_total % RING_N] = m[i];
		ring_total++;
		last_id = m[i].id;
		added = 1;
	}
	if (added)
		for (s = streams; s != NULL; s = s->next)
			wake(s);
	pthread_mutex_unlock(&mu);
}

int64_t
live_last_id(void)
{
	int64_t v;

	pthread_mutex_lock(&mu);
	v = last_id;
	pthread_mutex_unlock(&mu);
	return v;
}

void
live_set_last_id(int64_t v)
{
	pthread_mutex_lock(&mu);
	if (v > last_id)
		last_id = v;
	pthread_mutex_unlock(&mu);
}

/* Under mu: copies up to max ring messages with id > s->cursor into m.
 * Returns their count, or -1 when some were overwritten unsent. */
static int
ring_take(struct stream *s, struct live_msg *m, int max)
{
	uint64_t lo, hi, mid;
	int n = 0;

	if (s->cursor < ring_dropped)
		return -1;
	lo = ring_total > RING_N ? ring_total - RING_N : 0;
	hi = ring_total;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ring[mid % RING_N].id <= s->cursor)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ring_total && n < max; lo++)
		m[n++] = ring[lo % RING_N];
	return n;
}

static void out_add(struct stream *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
out_add(struct stream *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s->out + s->outlen, OUT_MAX - s->outlen, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < OUT_MAX - s->outlen)
		s->outlen += (size_t)n;
}

static void
out_event(struct stream *s, const struct live_msg *m)
{
	out_add(s,
	    "id: %" PRId64 "\nevent: %s\ndata: {\"id\":%" PRId64
	    ",\"type\":\"%s\",\"person_id\":%" PRId64 ",\"ref_id\":%" PRId64
	    "}\n\n",
	    m->id, m->type, m->id, m->type, m->person_id, m->ref_id);
}

/* The `reset` event (the page reloads its data), at the cursor. */
static void
out_reset(struct stream *s)
{
	struct live_msg m;

	memset(&m, 0, sizeof(m));
	s->reset = 0;
	m.id = s->cursor;
	memcpy(m.type, "reset", 6);
	out_event(s, &m);
}

/* The per-stream request context: a fresh arena each wake, the session
 * read again (logout, expiry, a disabled account end the stream). */
struct wake_ctx {
	struct ctx ctx;
	struct db *db;
	int open; /* read transaction open */
	int ok; /* session still valid */
};

static int
wake_open(struct stream *s, struct wake_ctx *w)
{
	struct req req;

	if (w->open)
		return w->ok;
	w->open = 1;
	w->ok = 0;
	ctx_init(&w->ctx, STREAM_ARENA);
	w->db = db_thread();
	if (w->db == NULL)
		return 0;
	w->ctx.db = w->db;
	if (db_begin(&w->ctx, w->db, 0) != E_OK) {
		w->db = NULL;
		return 0;
	}
	memset(&req, 0, sizeof(req));
	req.route = s->route;
	req.cookie_token = s->token;
	w->ok = hook_session(&w->ctx, &req) == E_OK &&
	    w->ctx.user_id == s->user_id && w->ctx.crt_id == s->crt_id;
	s->checked_ms = clock_mono_ms();
	s->alarm_read = -1;
	return w->ok;
}

static void
wake_close(struct wake_ctx *w)
{
	if (!w->open)
		return;
	if (w->db != NULL)
		db_rollback(w->db);
	ctx_release(&w->ctx);
	w->open = 0;
}

/* Whether a reader of the person's categories `reads` may see m. */
static int
readable(unsigned reads, const struct live_msg *m)
{
	if (reads == 0)
		return 0;
	return m->cat < 0 || (m->cat < 32 && (reads & (1u << m->cat)) != 0);
}

/* The access decision on one person, on the wake's connection and
 * identity but in an arena of its own: a wake may take hundreds of
 * decisions (a stream behind by a burst of events), and one decision may
 * compute the on-call roster; sharing the wake's capped arena exhausted
 * it (the roster's allocation aborted the server under bench/alarms.mjs). */
static void
own_ctx(const struct wake_ctx *w, struct ctx *dc)
{
	*dc = w->ctx;
	arena_init(&dc->arena, STREAM_ARENA);
	dc->traces = dc->traces_tail = NULL;
}

static unsigned
decide(struct wake_ctx *w, const struct stream *s, int64_t person_id)
{
	struct ctx dc;
	unsigned reads;

	own_ctx(w, &dc);
	/* The duty taken this minute (below): the decision does not compute
	 * the roster again for each person. */
	if (s->on_duty >= 0)
		dc.oncall_known = s->on_duty + 1;
	reads = hook_reads(&dc, person_id);
	arena_release(&dc.arena);
	return reads;
}

/* The user's duty now (1 on call, 0 not, -1 unknown), in an arena of
 * its own as decide(): it computes the roster. */
static int
duty(struct wake_ctx *w)
{
	struct ctx dc;
	int d;

	if (hook_on_duty == NULL)
		return 0;
	own_ctx(w, &dc);
	d = hook_on_duty(&dc);
	arena_release(&dc.arena);
	return d;
}

/* Whether the stream's user may see m (-1: the session has ended). */
static int
may_see(struct stream *s, struct wake_ctx *w, const struct live_msg *m)
{
	int64_t now = clock_mono_ms(), minute = (int64_t)clock_now_s() / 60;
	struct decision *d, *old = &s->cache[0];
	int i;

	if (strcmp(m->type, "reset") == 0)
		return 1;
	if (m->crt_id != s->crt_id || m->cat == -2)
		return 0;
	if (m->user_id != 0 && m->user_id != s->user_id)
		return 0;
	/* The roster changed (issue 13 review F1): the user's duty is taken
	 * again at the next event about a person, not at the next minute. */
	if (strncmp(m->type, "oncall.", 7) == 0)
		s->duty_minute = -1;
	/* An event type some roles do not hear whoever it is about (a
	 * telealarm event without alarm.read: review F4): the hook decides
	 * by role. */
	if (m->person_id != 0 && strncmp(m->type, "alarm.", 6) == 0) {
		if (s->alarm_read < 0) {
			if (!wake_open(s, w))
				return -1;
			s->alarm_read = hook_crt_event(&w->ctx, m) != 0;
		}
		if (!s->alarm_read)
			return 0;
	}
	if (m->person_id == 0) {
		/* Addressed to this user (a direct message), or about the
		 * CRT (a convention's alert): the hook decides by role. */
		if (m->user_id != 0)
			return 1;
		if (!wake_open(s, w))
			return -1;
		return hook_crt_event(&w->ctx, m) ? 1 : 0;
	}
	/* The on-call grant (issue 13) follows the user's duty: taken
	 * again each minute; when it starts or ends, every decision of the
	 * stream is taken again. */
	if (s->duty_minute != minute) {
		int dn;

		if (!wake_open(s, w))
			return -1;
		dn = duty(w);
		if (dn != s->on_duty)
			for (i = 0; i < CACHE_N; i++)
				s->cache[i].at = 0;
		s->duty_minute = minute;
		s->on_duty = dn;
	}
	/* On duty, the user's on-call screen hears every call of the CRT
	 * (GET /alarms lists them all to her role; an event carries only
	 * ids): a call's event (its ref_id is the call; a subscriber
	 * reference's has none, review F2) is hers without a decision, once
	 * the session is known valid (wake_open above, review F3), and the call it
	 * opened or closed may change the on-call grant on its person, so
	 * her cached decision on that person is taken again at its next
	 * other event (not at each of a burst of calls: 1 000 a second in
	 * bench/alarms.mjs). */
	if (s->on_duty > 0 && strncmp(m->type, "alarm.", 6) == 0 &&
	    m->ref_id != 0) {
		for (i = 0; i < CACHE_N; i++)
			if (s->cache[i].person_id == m->person_id)
				s->cache[i].at = 0;
		return 1;
	}
	/* A change of the circle or of the consent changes the decision.
	 * Off duty a call changes nothing of what the user reads (a stream
	 * does not re-decide at each of a burst of calls). */
	for (i = 0; i < CACHE_N; i++) {
		d = &s->cache[i];
		if (d->at != 0 && d->person_id == m->person_id) {
			old = d;
			break;
		}
		if (d->at < old->at)
			old = d;
	}
	if (old->at != 0 && old->person_id == m->person_id &&
	    now - old->at < CACHE_MS && strncmp(m->type, "circle.", 7) != 0 &&
	    strncmp(m->type, "consent.", 8) != 0)
		return readable(old->reads, m);
	if (!wake_open(s, w))
		return -1;
	old->person_id = m->person_id;
	old->at = now;
	old->reads = decide(w, s, m->person_id);
	return readable(old->reads, m);
}

/* Formats what is owed into s->out. -1: end the stream. */
static int
fill(struct stream *s)
{
	struct live_msg batch[64];
	struct wake_ctx w;
	int64_t now = clock_mono_ms();
	int n, i, r, rc = 0;

	memset(&w, 0, sizeof(w));
	s->outlen = s->outpos = 0;
	if (!s->started) {
		s->started = 1;
		/* The starting point as an id without data: the browser keeps
		 * it as its Last-Event-ID (no event is dispatched), so that a
		 * reconnection before any event replays from here instead of
		 * starting after what was published meanwhile. A replay's
		 * events and a reset carry their own ids. */
		if (s->nreplay == 0 && !s->reset)
			out_add(
			    s, "retry: 3000\nid: %" PRId64 "\n\n", s->cursor);
		else
			out_add(s, "retry: 3000\n\n");
	}
	if (now - s->checked_ms >= heartbeat_ms && !wake_open(s, &w)) {
		rc = -1;
		goto out;
	}
	if (s->reset)
		out_reset(s);
	while (s->ireplay < s->nreplay && s->outlen < OUT_MAX - 512) {
		const struct live_msg *m = &s->replay[s->ireplay++];

		r = may_see(s, &w, m);
		if (r < 0) {
			rc = -1;
			goto out;
		}
		if (r)
			out_event(s, m);
	}
	while (s->ireplay >= s->nreplay && s->outlen < OUT_MAX - 64 * 200) {
		pthread_mutex_lock(&mu);
		n = ring_take(s, batch, 64);
		if (n < 0) {
			/* Fell behind the ring: the page reloads. */
			s->cursor = last_id;
		}
		pthread_mutex_unlock(&mu);
		if (n < 0) {
			out_reset(s);
			continue;
		}
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			s->cursor = batch[i].id;
			r = may_see(s, &w, &batch[i]);
			if (r < 0) {
				rc = -1;
				goto out;
			}
			if (r)
				out_event(s, &batch[i]);
		}
	}
	if (s->outlen == 0 && now - s->wrote_ms >= heartbeat_ms)
		out_add(s, ": ping\n\n");
out:
	wake_close(&w);
	return rc;
}

static ssize_t
reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *s = cls;
	size_t n;

	(void)pos;
	pthread_mutex_lock(&mu);
	if (s->closing) {
		pthread_mutex_unlock(&mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	pthread_mutex_unlock(&mu);
	if (s->outpos >= s->outlen && fill(s) < 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (s->outpos < s->outlen) {
		n = s->outlen - s->outpos;
		if (n > max)
			n = max;
		memcpy(buf, s->out + s->outpos, n);
		s->outpos += n;
		s->wrote_ms = clock_mono_ms();
		return (ssize_t)n;
	}
	/* Nothing to send: sleep until an event, a heartbeat or the stop.
	 * Checked again under the lock, so no wake-up is lost between. */
	pthread_mutex_lock(&mu);
	if (s->closing) {
		pthread_mutex_unlock(&mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (last_id > s->cursor) {
		pthread_mutex_unlock(&mu);
		return 0; /* called again at once */
	}
	s->suspended = 1;
	nsuspended++;
	MHD_suspend_connection(s->conn);
	pthread_mutex_unlock(&mu);
	return 0;
}

static void
reader_free(void *cls)
{
	struct stream *s = cls;

	pthread_mutex_lock(&mu);
	if (s->suspended) {
		/* Cannot happen (MHD frees a resumed connection), counted
		 * anyway so that live_stop() never waits for it. */
		nsuspended--;
	}
	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		streams = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	nstreams--;
	pthread_cond_broadcast(&idle_cv);
	pthread_mutex_unlock(&mu);
	xfree(s->replay);
	xfree(s->token);
	xfree(s);
}

int
live_session_streams(const char *token)
{
	struct stream *s;
	int n = 0;

	if (token == NULL)
		return 0;
	pthread_mutex_lock(&mu);
	for (s = streams; s != NULL; s = s->next)
		if (!s->closing && strcmp(s->token, token) == 0)
			n++;
	pthread_mutex_unlock(&mu);
	return n;
}

struct MHD_Response *
live_response(struct MHD_Connection *conn, const struct ctx *ctx,
    const struct req *req, const struct live_start *st)
{
	struct MHD_Response *resp;
	struct stream *s = xcalloc(1, sizeof(*s));
	size_t tl = req->cookie_token ? strlen(req->cookie_token) : 0;

	s->conn = conn;
	s->crt_id = ctx->crt_id;
	s->user_id = ctx->user_id;
	s->route = req->route;
	s->token = xmalloc(tl + 1);
	memcpy(s->token, tl ? req->cookie_token : "", tl + 1);
	s->checked_ms = s->wrote_ms = clock_mono_ms();
	s->alarm_read = -1;
	s->reset = st->reset;
	s->cursor = st->cursor;
	if (st->nreplay > 0) {
		s->replay = xmalloc((size_t)st->nreplay * sizeof(*s->replay));
		memcpy(s->replay, st->replay,
		    (size_t)st->nreplay * sizeof(*s->replay));
		s->nreplay = st->nreplay;
	}
	resp = MHD_create_response_from_callback(
	    MHD_SIZE_UNKNOWN, 1024, reader, s, reader_free);
	if (resp == NULL) {
		xfree(s->replay);
		xfree(s->token);
		xfree(s);
		return NULL;
	}
	pthread_mutex_lock(&mu);
	s->closing = stopping;
	s->next = streams;
	if (streams != NULL)
		streams->prev = s;
	streams = s;
	nstreams++;
	pthread_mutex_unlock(&mu);
	MHD_add_response_header(resp, "Content-Type", "text/event-stream");
	MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	return resp;
}

void
live_stop(void)
{
	struct timespec ts;
	struct stream *s;
	int waited = 0;

	pthread_mutex_lock(&mu);
	stopping = 1;
	for (s = streams; s != NULL; s = s->next) {
		s->closing = 1;
		wake(s);
	}
	/* Each stream ends on its next call; MHD may not stop while one is
	 * still suspended. */
	while (nstreams > 0 && waited < 5000) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 50 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&idle_cv, &mu, &ts);
		waited += 50;
	}
	if (nstreams > 0)
		log_warn("live: %d stream(s) still open at the stop", nstreams);
	pthread_mutex_unlock(&mu);
	if (ticker_on) {
		pthread_join(ticker, NULL);
		ticker_on = 0;
	}
}
