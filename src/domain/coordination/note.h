/*
 * The liaison notebook (issue 12, « carnet de liaison », PRODUCT §4):
 * notes on a person by the members of her circle and the CRT's care team,
 * read receipts, and the acknowledgement of vigilance notes by the next
 * professional who visits. A note's category gives the data category the
 * access decision checks (note_category_cat: médical → medical, psy →
 * psy, social → social, soins / traitement / vie quotidienne → soins);
 * every read and write is decided and traced by access/ here.
 * Append-only: a note is never updated; a correction is a new note that
 * names the one it corrects (both are shown, the old one « corrigée »).
 * This module writes only note, note_receipt and note_ack; it reads the
 * visit series (coordination) to check a note's visit and to apply the
 * overdue rule.
 */
#ifndef DOMAIN_COORDINATION_NOTE_H
#define DOMAIN_COORDINATION_NOTE_H

#include <stdint.h>
#include <time.h>

struct ctx;
struct db;

/* Codes (API, database) and French labels, NULL-terminated, in the same
 * order: soins, traitement, social, vie_quotidienne, psy, medical. */
extern const char *const note_category_codes[];
extern const char *const note_category_labels[];
/* text (free text) or dar (transmission ciblée: target, data, actions,
 * results). */
extern const char *const note_kind_codes[];

/* The data category (enum category, access.h) of a note category code,
 * or -1 for an unknown code. */
int note_category_cat(const char *code);
/* The data category of note `id` of CRT crt_id (note_category_cat), read
 * on db outside any request (the live stream's publisher); -1 when there
 * is no such note. A note's category never changes (append-only). */
int note_cat_of(struct db *, int64_t crt_id, int64_t id);

struct note {
	int64_t id, person_id, series_id, corrects_id, created_by;
	const char *category, *kind, *body, *target, *data, *actions;
	const char *results, *occ_key, *created_at, *author_name;
	int vigilance;
	/* The note that corrects this one (0 / NULL: not corrected). */
	int64_t corrected_by_id;
	const char *corrected_at, *corrected_by_name;
	/* The reader's receipt and acknowledgement (NULL: none), and how
	 * many acknowledgements the note has. */
	const char *read_at, *acked_at;
	int ack_count;
	/* The person's names (the « non lues » list only, else NULL). */
	const char *birth_name, *first_names;
};

/* A note to write (0 / NULL: absent). */
struct note_in {
	int64_t person_id, series_id;
	const char *category, *kind, *body, *target, *data, *actions;
	const char *results, *occ_key;
	int vigilance;
};

/*
 * Writes a note on in->person_id: decided for a write of its category
 * (access_require "note.write": 403 access.denied, 404 person.not_found),
 * each field checked (422 note.<field>.invalid, French message; nothing
 * written on an error). A visit is series_id + occ_key together: the
 * series must visit this person and have that occurrence (422
 * note.visit.invalid). `corrects` (0: none) makes it a correction of that
 * note: same person, the corrected note readable (404 note.not_found) and
 * not yet corrected (409 note.corrected). The writer's receipt is
 * recorded with it. *id: the new note.
 */
int note_create(
    struct ctx *, const struct note_in *, int64_t corrects, int64_t *id);
/* A plain text note by ctx's user (note_create, kind "text"): what
 * another context writes into the notebook through a hook set by main
 * (issue 13: the telealarm call's next-morning note). */
int note_create_text(struct ctx *, int64_t person_id, const char *category,
    const char *body, int64_t *id);

/*
 * One note, decided for a read of its category ("note.read"); 404
 * note.not_found when missing or not readable (a note one may not read
 * is not told apart from a missing one). With `receipt`, records the
 * reader's receipt (idempotent: the first reading's date stays; a write,
 * so only on a write route).
 */
int note_get(struct ctx *, int64_t id, int receipt, struct note *);

struct note_query {
	int64_t person_id;
	const char *category; /* NULL: all */
	int vigilance, unread; /* filters (1: on) */
	int limit, offset;
	/* Out (note_list): the note categories the person's decision lets
	 * the reader read and write (bit i: note_category_codes[i]). */
	unsigned may_read, may_write;
};

/*
 * A person's notes the reader may read, newest first: decided once on
 * the person (access_require "note.list", every category the user may
 * read; the trace names them), the rows of categories not granted left
 * out in SQL, so *total and the paging count only readable notes.
 * 422 note.category.invalid. Array in ctx's arena.
 */
int note_list(
    struct ctx *, struct note_query *, struct note **, int *n, int *total);

/*
 * SPEC: issue 12 review (F18) — the note categories ctx's user may read
 * and write on a person (bit i: note_category_codes[i]), from the access
 * decision (access_require "note.categories", traced): the note form
 * offers only the categories she writes. 404/403 as access_require.
 */
int note_categories(
    struct ctx *, int64_t person_id, unsigned *may_read, unsigned *may_write);

/*
 * The reader's unread notes (others' notes of the last 30 days without
 * her receipt). Her circles and objections are applied in SQL (as the
 * person list does); each person left is decided and traced once by
 * access_list_row ("note.unread", the categories of her unread notes);
 * a hidden person or a category not granted is left out. *count and
 * *vigilance: every readable unread note and the vigilance ones among
 * them (exact: counted by person and category, not from the items);
 * the items, vigilance notes first then newest, are capped (*n ≤ 2000).
 */
int
note_unread(struct ctx *, struct note **, int *n, int *count, int *vigilance);

/*
 * The vigilance notes of a person nobody has acknowledged and no note
 * corrects, oldest first, readable by the user (decided on the person,
 * "note.pending"; the rows of categories not granted left out).
 */
int note_pending(struct ctx *, int64_t person_id, struct note **, int *n);

/*
 * « J'ai pris connaissance »: the user acknowledges vigilance note `id`
 * (404 note.not_found as note_get; 409 note.not_vigilance), optionally
 * naming the visit she is starting (series_id + occ_key, checked as a
 * note's visit). Idempotent; records the receipt too. *out: the note
 * after.
 */
int note_ack(struct ctx *, int64_t id, int64_t series_id, const char *occ_key,
    struct note *out);

struct note_reader {
	int64_t user_id;
	const char *name, *profession;
	const char *read_at, *acked_at; /* NULL: not read / not acknowledged */
	int in_circle; /* a current member of the person's circle */
};

/*
 * Who has read note `id` (decided as note_get) and, for the circle, who
 * has not: every reader with a receipt, then the person's circle accounts
 * (in person or through their organisation) whose role ceiling ∩
 * profession matrix reads the note's category and who have not read it.
 */
int note_receipts(
    struct ctx *, int64_t id, struct note *, struct note_reader **, int *n);

/* SPEC: issue 12 — a vigilance note not acknowledged becomes an alert. */
struct note_overdue {
	int64_t crt_id, note_id, person_id;
	int64_t series_id; /* the first visit started after the note */
	const char *occ_key;
	const char *visit_end; /* UTC: its departure, or arrival + duration */
	const char *due_at; /* visit_end + 1 hour */
};

/*
 * Calls cb for every vigilance note (every CRT) still unacknowledged one
 * hour past the end of the first visit that started after it, as of
 * `now_iso` (UTC, "YYYY-MM-DDTHH:MM:SS…Z"). The rule, exactly:
 * - the note has vigilance = 1, no acknowledgement by anyone, and no note
 *   corrects it (its correction carries its own flag);
 * - "the first visit that started after the note" is, among the person's
 *   visit occurrences whose current marking is « done », the one whose
 *   arrival is the earliest strictly after the note's created_at (an
 *   occurrence not marked done has not started, as far as the record
 *   knows);
 * - its end is the marking's departure (left_at), or its arrival plus the
 *   series' duration when the departure is not recorded;
 * - the note is overdue when now ≥ end + 1 hour.
 * *next_due (if not NULL; 0: none yet) is lowered to the earliest due
 * instant still to come among those notes (the alert timer's wake-up).
 * cb's non-zero return stops the walk and is returned; strings live in
 * ctx's arena. Reads only (no trace: the caller is the server, not a
 * user; what it raises is traced by whoever raises it).
 */
int
note_vigilance_overdue_each(struct ctx *, const char *now_iso, time_t *next_due,
    int (*cb)(void *, const struct note_overdue *), void *arg);

#endif
