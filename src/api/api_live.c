/*
 * Live updates (issue 12): GET /api/v1/events and the publication of the
 * event log to the streams. Wires three layers that may not know each
 * other: the log (domain/event.c), the streams (http/live.c) and the
 * access decision (access/, the streams' per-person filter). Publication
 * happens only after a commit: the writer's `published` hook reads the
 * rows its batch committed; with PostgreSQL a LISTEN connection per
 * process reads the rows the other processes committed (NOTIFY is sent
 * in the writing transaction, so only on its commit).
 * Must not: emit events (the domain does, in its writes).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "api/api.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "base/log.h"
#include "db/commit.h"
#include "db/db.h"
#include "domain/coordination/note.h"
#include "domain/event.h"
#include "http/live.h"
#include "json/jv.h"

#define PUMP_BATCH 256
#define REPLAY_MAX 2000 /* more to replay: the page reloads instead */
#define LISTEN_WAIT_MS 1000
#define CHANNEL "maillage_event"

static pthread_mutex_t pump_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_t listener;
static int listener_on;
static atomic_int listener_stop;
static const char *live_url;

static void
msg_of(const struct event *e, struct live_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->id = e->id;
	m->crt_id = e->crt_id;
	m->person_id = e->person_id;
	m->ref_id = e->ref_id;
	m->user_id = e->user_id;
	memcpy(m->type, e->type, sizeof(m->type));
	/* A note.* event: only to who reads its note's category (an
	 * unknown one, which a CHECK forbids: to nobody). */
	if (e->note_category[0] != '\0') {
		int c = note_category_cat(e->note_category);

		m->cats = c >= 0 ? CAT_BIT(c) : 1u << CAT__MAX;
	}
	/* A person's conversation is read under `soins` (message.c): its
	 * events too (issue 12 review: a partner refused the conversation
	 * by an objection still got them). */
	if (e->person_id != 0 && strncmp(e->type, "message.", 8) == 0)
		m->cats = CAT_BIT(CAT_SOINS);
}

struct batch {
	struct live_msg m[PUMP_BATCH];
	int n;
};

static void
to_batch(const struct event *e, void *arg)
{
	struct batch *b = arg;

	msg_of(e, &b->m[b->n++]);
}

/* Publishes the committed rows not yet published. Serialised: the writer
 * and the LISTEN thread may both pump; live_publish() drops repeats. */
static void
pump(struct db *db)
{
	static struct batch b;
	int n;

	pthread_mutex_lock(&pump_mu);
	do {
		b.n = 0;
		n = event_read_after(
		    db, live_last_id(), PUMP_BATCH, to_batch, &b);
		if (b.n > 0)
			live_publish(b.m, b.n);
	} while (n == PUMP_BATCH);
	pthread_mutex_unlock(&pump_mu);
}

/* The writer, after a batch's commit: only if a job emitted. */
static void
published(struct db *db)
{
	if (event_take_dirty())
		pump(db);
}

static void *
listen_main(void *arg)
{
	struct timespec pause = { 1, 0 };
	struct db *db = NULL;
	char err[256];
	int r;

	(void)arg;
	while (!atomic_load(&listener_stop)) {
		if (db == NULL) {
			if (db_open(live_url, &db, err, sizeof(err)) != 0 ||
			    db_listen(db, CHANNEL) != E_OK) {
				if (db != NULL)
					db_close(db);
				db = NULL;
				log_warn("live: LISTEN connection: %s", err);
				nanosleep(&pause, NULL);
				continue;
			}
			/* What was committed while we were not listening. */
			pump(db);
		}
		r = db_wait_notify(db, LISTEN_WAIT_MS);
		if (r < 0) {
			log_warn("live: LISTEN connection lost, reopening");
			db_close(db);
			db = NULL;
		} else if (r > 0)
			pump(db);
	}
	if (db != NULL)
		db_close(db);
	return NULL;
}

int
api_live_start(const char *url)
{
	struct db *db;
	char err[256];
	int64_t last = 0;
	int pg;

	if (db_open(url, &db, err, sizeof(err)) != 0) {
		log_error("live: %s", err);
		return -1;
	}
	pg = db_kind(db) == DB_PG;
	if (event_last_id(db, &last) != E_OK) {
		db_close(db);
		return -1;
	}
	db_close(db);
	/* Streams opened without Last-Event-ID start after what exists. */
	live_set_last_id(last);
	commit_set_published(published);
	/* PostgreSQL: the event lock first in every batch (q_event.def). */
	if (pg)
		commit_set_lock(event_lock);
	live_url = url;
	atomic_store(&listener_stop, 0);
	if (pg && pthread_create(&listener, NULL, listen_main, NULL) == 0)
		listener_on = 1;
	return 0;
}

void
api_live_stop(void)
{
	if (!listener_on)
		return;
	atomic_store(&listener_stop, 1);
	pthread_join(listener, NULL);
	listener_on = 0;
}

int
api_live_visible(struct ctx *ctx, int64_t person_id)
{
	struct access_grant g;

	/* An event about no person, for no one user (an alert of the CRT:
	 * a convention): for the roles that read the partnerships, as its
	 * alert (issue 12 review: partners and the admin got them). */
	if (person_id == 0)
		return access_permits(ctx->role, PERM_PARTNERSHIP_READ) ? -1
									: 0;
	if (access_check(ctx, person_id, &g) != E_OK) {
		err_clear(ctx);
		return 0;
	}
	/* The circle and consent as for the record; a break-the-glass
	 * grant opens one emergency reading, not a feed. The categories
	 * read: a note.* event needs its note's (http/live.c). */
	return g.kind == GRANT_NORMAL ? (int)g.read : 0;
}

/* SPEC: issue 12 — GET /api/v1/events: Server-Sent Events, replayed from
 * Last-Event-ID (header, or ?last_event_id= for tests). */
static int
events_get(struct ctx *ctx, struct req *req)
{
	struct live_start *st = arena_zalloc(&ctx->arena, sizeof(*st));
	const char *v = req->last_event_id;
	struct live_msg *m;
	struct event *ev;
	int64_t after = 0, last;
	int n, reset, rc, i;
	char *end;

	if (v == NULL || *v == '\0')
		v = req_query(req, "last_event_id");
	if (v == NULL || *v == '\0') {
		st->cursor = live_last_id();
		req->live = st;
		return E_OK;
	}
	after = strtoll(v, &end, 10);
	if (*end != '\0' || after < 0 || end == v)
		return err_set(ctx, E_INVALID, "events.last_event_id",
		    "last_event_id",
		    "Identifiant du dernier événement reçu invalide.");
	rc = event_since(ctx, after, REPLAY_MAX, &ev, &n, &reset, &last);
	if (rc != E_OK)
		return rc;
	st->reset = reset;
	st->cursor = after > last || reset ? last : after;
	if (st->cursor < last)
		st->cursor = last;
	if (n > 0) {
		m = arena_alloc(&ctx->arena, (size_t)n * sizeof(*m));
		for (i = 0; i < n; i++)
			msg_of(&ev[i], &m[i]);
		st->replay = m;
		st->nreplay = n;
	}
	req->live = st;
	return E_OK;
}

static const struct route_param events_params[] = {
	{ "last_event_id", JV_INT, 0, 0, NULL, NULL,
	    "Rejouer les événements après cet identifiant (comme l'en-tête "
	    "Last-Event-ID)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error events_errors[] = {
	{ E_INVALID, "events.last_event_id" }, { 0, NULL }
};

const struct route_doc api_live_docs[] = { { M_GET, "/api/v1/events",
					       events_params, events_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_live_routes[] = {
	{ M_GET, "/api/v1/events", events_get, NULL, PERM_ANY, NULL, 0,
	    R_STREAM, 200, "live",
	    "Mises à jour en direct (Server-Sent Events : id, type, "
	    "identifiants seulement ; filtrées selon les droits)",
	    NULL },
	{ M_GET, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
