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
#include "base/clock.h"
#include "base/ctx.h"
#include "base/log.h"
#include "db/commit.h"
#include "db/db.h"
#include "domain/coordination/note.h"
#include "domain/event.h"
#include "domain/oncall/roster.h"
#include "http/live.h"
#include "json/jv.h"

#define PUMP_BATCH 256
#define LIVE_PER_SESSION 8 /* streams (tabs) of one session */
#define REPLAY_MAX 2000 /* more to replay: the page reloads instead */
#define LISTEN_WAIT_MS 1000
#define CHANNEL "maillage_event"

static pthread_mutex_t pump_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_t listener;
static int listener_on;
static atomic_int listener_stop;
static const char *live_url;

/* The data category an event's reader must read of its person (F1 of
 * issue 12's review): what the event's part shows is that category's. A
 * type not listed: any category of the person (her circle's events). */
static const struct {
	const char *type;
	int cat;
} type_cats[] = {
	{ "aggir.changed", CAT_SOINS },
	{ "dlu.changed", CAT_SOINS },
	{ "caregiver.changed", CAT_SOCIAL },
	{ "profile.changed", CAT_ADMIN },
	{ "message.posted", CAT_SOINS }, /* the conversation is soins */
	{ "message.withdrawn", CAT_SOINS },
	{ "message.mention", CAT_SOINS },
	{ NULL, 0 },
};

/* m from the log's row e; a note's event needs its note's category (read
 * on db: a medical note's existence is health data). */
static void
msg_of(struct db *db, const struct event *e, struct live_msg *m)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->id = e->id;
	m->crt_id = e->crt_id;
	m->person_id = e->person_id;
	m->ref_id = e->ref_id;
	m->user_id = e->user_id;
	memcpy(m->type, e->type, sizeof(m->type));
	m->cat = -1;
	if (e->person_id == 0)
		return;
	if (strncmp(e->type, "note.", 5) == 0) {
		m->cat = note_cat_of(db, e->crt_id, e->ref_id);
		if (m->cat < 0)
			m->cat = -2;
		return;
	}
	for (i = 0; type_cats[i].type != NULL; i++)
		if (strcmp(e->type, type_cats[i].type) == 0)
			m->cat = type_cats[i].cat;
}

struct batch {
	struct event e[PUMP_BATCH];
	struct live_msg m[PUMP_BATCH];
	int n;
};

static void
to_batch(const struct event *e, void *arg)
{
	struct batch *b = arg;

	b->e[b->n++] = *e;
}

/* Publishes the committed rows not yet published. Serialised: the writer
 * and the LISTEN thread may both pump; live_publish() drops repeats. */
static void
pump(struct db *db)
{
	static struct batch b;
	int n, i;

	pthread_mutex_lock(&pump_mu);
	do {
		b.n = 0;
		n = event_read_after(
		    db, live_last_id(), PUMP_BATCH, to_batch, &b);
		for (i = 0; i < b.n; i++)
			msg_of(db, &b.e[i], &b.m[i]);
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

unsigned
api_live_reads(struct ctx *ctx, int64_t person_id)
{
	struct access_grant g;

	if (access_check(ctx, person_id, &g) != E_OK) {
		err_clear(ctx);
		return 0;
	}
	/* The circle and consent as for the record (objections remove their
	 * categories); a break-the-glass grant opens one emergency reading,
	 * not a feed. The on-call grant (issue 13) is a duty, not an
	 * emergency: the person on duty hears the events of her open calls'
	 * persons. */
	return g.kind == GRANT_NORMAL || g.kind == GRANT_ONCALL ? g.read : 0;
}

/* Whether the stream's user is on call now (the roster): while she is,
 * her stream hears every telealarm call and takes its decision on a
 * call's person again (the on-call grant, http/live.c). */
int
api_live_on_duty(struct ctx *ctx)
{
	int level = 0;

	/* Only a role the on-call grant is for (access/: the one that may
	 * break the glass) is on duty for the stream. */
	if (!access_role_may_breakglass(ctx->role))
		return 0;
	if (roster_user_on_duty(ctx, ctx->crt_id, ctx->user_id, clock_now_s(),
		&level) != E_OK) {
		err_clear(ctx);
		return -1;
	}
	return level > 0;
}

/* An event about no person: a CRT alert (a partner's convention) is for
 * the roles that read the partnerships, as GET /alerts shows it; a
 * telealarm event (an unmatched call, an operator) for those that read
 * the calls, a roster's for those that read it; any other (the CRT's own
 * activity: a bed) for the CRT's team, not the technical administrator
 * nor a partner organisation. Also the role's gate of a telealarm event
 * about a person, before her access decision (http/live.c). A direct
 * message never gets here (its user_id decides). */
int
api_live_crt_event(struct ctx *ctx, const struct live_msg *m)
{
	if (strcmp(m->type, "alert.changed") == 0)
		return access_permits(ctx->role, PERM_PARTNERSHIP_READ);
	/* A telealarm event, about a person or not, for the roles that read
	 * the calls (GET /alarms); the roster's for those who read it. */
	if (strncmp(m->type, "alarm.", 6) == 0)
		return access_permits(ctx->role, PERM_ALARM_READ);
	if (strncmp(m->type, "oncall.", 7) == 0)
		return access_permits(ctx->role, PERM_ONCALL_READ);
	return ctx->role != ROLE_ADMIN && ctx->role != ROLE_PARTENAIRE &&
	    ctx->role != ROLE_PROCHE;
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

	/* One session, at most LIVE_PER_SESSION streams (its tabs): one
	 * account may not take the connections of its whole address (an
	 * office behind one address, nginx's limit_conn). */
	if (live_session_streams(req->cookie_token) >= LIVE_PER_SESSION)
		return err_set(ctx, E_THROTTLED, "events.too_many", NULL,
		    "Trop d'onglets de Maillage sont ouverts avec cette "
		    "session : les mises à jour en direct sont limitées à "
		    "8 onglets. Fermez-en un.");
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
			msg_of(ctx->db, &ev[i], &m[i]);
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
	{ E_INVALID, "events.last_event_id" },
	{ E_THROTTLED, "events.too_many" }, { 0, NULL }
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
