/*
 * The event log of live updates (issue 12): what changed, as ids only.
 * A write that changes something a screen shows calls event_emit() inside
 * its own transaction (the row is undone with it); the server publishes
 * the committed rows to the open event streams after the commit (api/
 * api_live.c), and a reconnecting stream replays from the table over a
 * bounded window. The shared kernel of the domain: every context calls it,
 * it includes no context.
 */
#ifndef DOMAIN_EVENT_H
#define DOMAIN_EVENT_H

#include <stdint.h>

struct ctx;
struct db;

#define EVENT_TYPE_MAX 32
/* The window kept for replay (the writer prunes older rows). */
#define EVENT_WINDOW_SECS (7L * 24 * 3600)

/* One row of the log. person_id, ref_id, user_id: 0 when none. */
struct event {
	int64_t id; /* monotonic, from the database */
	int64_t crt_id;
	int64_t person_id; /* the person it concerns (filtering by access) */
	int64_t ref_id; /* the object changed (visit series, message...) */
	int64_t user_id; /* for one user only (a direct message), else 0 */
	char type[EVENT_TYPE_MAX]; /* "visit.changed", "message.posted"... */
	/* note.* events: the note's category code (read with the row, not
	 * stored in it), so that a stream sends them only to who may read
	 * that category; "" otherwise. */
	char note_category[EVENT_TYPE_MAX];
};

/*
 * Appends an event of ctx's CRT inside the open write transaction of
 * ctx->db: `type` is a stable dotted code (docs/ARCHITECTURE.md « Live
 * updates »), the ids say what changed. Never names nor data. Prunes the
 * rows older than EVENT_WINDOW_SECS now and then. E_OK or E_DB.
 */
int
event_emit(struct ctx *, const char *type, int64_t person_id, int64_t ref_id);
/* After a write step that returned rc: emits when rc is E_OK, returns rc
 * or the emission's error (`return event_emit_if(ctx, db_run(ctx, st),
 * "dlu.changed", g->person_id, 0);`). */
int event_emit_if(
    struct ctx *, int rc, const char *type, int64_t person_id, int64_t ref_id);
/* The same for one user only (user_id: the recipient), e.g. a direct
 * message; person_id may be 0. */
int event_emit_user(struct ctx *, const char *type, int64_t person_id,
    int64_t ref_id, int64_t user_id);
/*
 * PostgreSQL: takes the transaction-level lock under which event ids are
 * given (in commit order across app servers). The writer takes it first
 * in each batch (commit_set_lock), before any other row lock; event_emit
 * takes it again (free when held) for writes outside the writer. E_OK or
 * E_DB.
 */
int event_lock(struct db *);
/* 1 (and clears the mark) when an event was emitted on this thread since
 * the last call: the writer reads the new rows only then. */
int event_take_dirty(void);

/*
 * Replay for ctx's CRT: the events with id > after (at most max, oldest
 * first) into out (arena of ctx, *n of them). *reset = 1 when `after` is
 * outside the window (pruned, or beyond the last id: another database),
 * and the caller must tell the page to reload instead. *last: the highest
 * id of the log (any CRT). E_OK or E_DB.
 */
int event_since(struct ctx *, int64_t after, int max, struct event **out,
    int *n, int *reset, int64_t *last);
/* The highest id of the log (0: empty), on db outside any request. */
int event_last_id(struct db *, int64_t *last);
/*
 * The committed rows with id > after, every CRT, oldest first, at most
 * max: calls fn for each. Runs its own read transaction on db (the
 * writer after a commit, or the LISTEN connection). Returns the number
 * of rows, or -1 on a database error.
 */
int event_read_after(struct db *, int64_t after, int max,
    void (*fn)(const struct event *, void *), void *arg);

#endif
