/*
 * The liaison notebook (note.h, issue 12): notes, receipts and the
 * acknowledgement of vigilance notes. Owns note, note_receipt and
 * note_ack, never updates a note (append-only), and never decides access
 * itself: every read and write goes through access_require or
 * access_list_row with the note's data category.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/coordination/note.h"
#include "domain/coordination/visit.h"
#include "domain/event.h"

const char *const note_category_codes[] = { "soins", "traitement", "social",
	"vie_quotidienne", "psy", "medical", NULL };
const char *const note_category_labels[] = { "Soins", "Traitement", "Social",
	"Vie quotidienne", "Psy", "Médical", NULL };
const char *const note_kind_codes[] = { "text", "dar", NULL };

/* DOMAIN: the note category → data category of the access decision
 * (docs/ARCHITECTURE.md « The record's data and its categories »): the
 * treatments and daily life are care data, as the DLU's treatments are. */
static const int note_cats[] = { CAT_SOINS, CAT_SOINS, CAT_SOCIAL, CAT_SOINS,
	CAT_PSY, CAT_MEDICAL };

#define NOTE_TEXT_MAX 4000
#define NOTE_TARGET_MAX 200
#define NOTE_UNREAD_DAYS 30
#define NOTE_UNREAD_MAX 2000
#define NOTE_OVERDUE_SECS 3600

int
note_category_cat(const char *code)
{
	int i;

	for (i = 0; code != NULL && note_category_codes[i] != NULL; i++)
		if (strcmp(code, note_category_codes[i]) == 0)
			return note_cats[i];
	return -1;
}

/* The index of a known note category code in note_category_codes. */
static int
cat_index(const char *code)
{
	int i;

	for (i = 0; note_category_codes[i] != NULL; i++)
		if (strcmp(code, note_category_codes[i]) == 0)
			return i;
	assert(!"a checked note category");
	return 0;
}

/* The note categories (bit i: note_category_codes[i]) whose data
 * category is in `cats` (CAT_BITs of a grant). */
static unsigned
note_bits(unsigned cats)
{
	unsigned bits = 0;
	int i;

	for (i = 0; note_category_codes[i] != NULL; i++)
		if (cats & CAT_BIT(note_cats[i]))
			bits |= 1u << i;
	return bits;
}

int
note_cat_of(struct db *db, int64_t crt_id, int64_t id)
{
	struct db_stmt *st = db_stmt(db, Q_NOTE_CATEGORY);
	int cat = -1;

	db_bind_i64(st, 1, crt_id);
	db_bind_i64(st, 2, id);
	if (db_step(NULL, st) == DB_ROW)
		cat = note_category_cat(db_col_text(st, 0));
	/* Stepped to its end: run by the publisher on the writer's
	 * connection after a commit, a statement left on its row would keep
	 * an old snapshot open, and the next batch's BEGIN IMMEDIATE fails
	 * (« database is locked ») once another process has written. */
	while (db_step(NULL, st) == DB_ROW)
		;
	return cat;
}

static int
not_found(struct ctx *ctx)
{
	return err_set(ctx, E_NOT_FOUND, "note.not_found", NULL,
	    "Cette note n'existe pas ou vous n'avez pas accès à sa "
	    "catégorie.");
}

static int
invalid(struct ctx *ctx, const char *field, const char *msg)
{
	return err_set(ctx, E_INVALID,
	    arena_printf(&ctx->arena, "note.%s.invalid", field), field, msg);
}

/* The readable note categories of a grant as ",soins,traitement,". */
static const char *
readable_codes(struct ctx *ctx, unsigned read)
{
	char buf[128];
	size_t o = 1;
	int i;

	buf[0] = ',';
	for (i = 0; note_category_codes[i] != NULL; i++) {
		if (!(read & CAT_BIT(note_cats[i])))
			continue;
		o += (size_t)snprintf(
		    buf + o, sizeof(buf) - o, "%s,", note_category_codes[i]);
	}
	buf[o] = '\0';
	return arena_strdup(&ctx->arena, buf);
}

/* "YYYY-MM-DDTHH:MM:SS…" (UTC) → seconds; -1 if malformed. */
static time_t
utc_secs(const char *s)
{
	int y, mo, d, h, mi, se;

	if (s == NULL ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) !=
		6)
		return (time_t)-1;
	return (time_t)calendar_days(y, mo, d) * 86400 + h * 3600L + mi * 60L +
	    se;
}

/* "YYYY-MM-DDTHH:MM:SS.000Z" of a UTC instant (created_at's form). */
static const char *
utc_text(struct ctx *ctx, time_t t)
{
	char buf[CLOCK_ISO_LEN + 1];

	clock_fmt_iso(buf, t, 0);
	return arena_strdup(&ctx->arena, buf);
}

/* Room for one more element in an arena array of *cap elements of
 * `size` bytes holding n (doubled when full; the old copy is left to the
 * arena). */
static void *
grow(struct ctx *ctx, void *v, int n, int *cap, size_t size)
{
	void *nv;

	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	nv = arena_alloc(&ctx->arena, size * (size_t)*cap);
	if (n)
		memcpy(nv, v, size * (size_t)n);
	return nv;
}

/* Steps a statement to its end (after the row read), so that its next
 * use starts afresh. */
static int
drain(struct ctx *ctx, struct db_stmt *st)
{
	enum db_res r;

	while ((r = db_step(ctx, st)) == DB_ROW)
		;
	return r == DB_ERR ? (int)ctx->err : E_OK;
}

/* A note row (the column order of q_note.def). */
static void
note_row(struct ctx *ctx, struct db_stmt *st, struct note *n)
{
	memset(n, 0, sizeof(*n));
	n->id = db_col_i64(st, 0);
	n->person_id = db_col_i64(st, 1);
	n->category = db_col_dup(ctx, st, 2);
	n->kind = db_col_dup(ctx, st, 3);
	n->body = db_col_dup(ctx, st, 4);
	n->target = db_col_dup(ctx, st, 5);
	n->data = db_col_dup(ctx, st, 6);
	n->actions = db_col_dup(ctx, st, 7);
	n->results = db_col_dup(ctx, st, 8);
	n->series_id = db_col_null(st, 9) ? 0 : db_col_i64(st, 9);
	n->occ_key = db_col_dup(ctx, st, 10);
	n->vigilance = db_col_i64(st, 11) != 0;
	n->corrects_id = db_col_null(st, 12) ? 0 : db_col_i64(st, 12);
	n->created_at = db_col_dup(ctx, st, 13);
	n->created_by = db_col_i64(st, 14);
	n->author_name = db_col_dup(ctx, st, 15);
	n->corrected_by_id = db_col_null(st, 16) ? 0 : db_col_i64(st, 16);
	n->corrected_at = db_col_dup(ctx, st, 17);
	n->corrected_by_name = db_col_dup(ctx, st, 18);
	n->read_at = db_col_dup(ctx, st, 19);
	n->acked_at = db_col_dup(ctx, st, 20);
	n->ack_count = (int)db_col_i64(st, 21);
}

/* Loads note `id` of ctx's CRT without deciding (the caller decides). */
static int
note_load(struct ctx *ctx, int64_t id, struct note *n)
{
	struct db_stmt *st;
	enum db_res r;

	st = db_stmt(ctx->db, Q_NOTE_GET);
	db_bind_i64(st, 1, ctx->user_id);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r != DB_ROW)
		return not_found(ctx);
	note_row(ctx, st, n);
	return drain(ctx, st);
}

/*
 * Loads and decides note `id` for `act` of its category. A missing note
 * and a refused one answer the same 404 (the trace keeps the refusal).
 */
static int
note_decided(struct ctx *ctx, int64_t id, const char *action, struct note *n)
{
	static const struct access_missing missing = { E_NOT_FOUND,
		"note.not_found", NULL,
		"Cette note n'existe pas ou vous n'avez pas accès à sa "
		"catégorie." };
	struct access_grant g;
	int rc, cat;

	rc = note_load(ctx, id, n);
	if (rc != E_OK)
		return rc;
	cat = note_category_cat(n->category);
	if (cat < 0)
		return not_found(ctx);
	rc = access_require_sub(ctx, n->person_id,
	    CAT_BIT(CAT_ADMIN) | CAT_BIT(cat), ACT_READ, action, &g, &missing);
	if (rc == E_FORBIDDEN) {
		/* A person one reads, a category one does not: the note is
		 * as missing (its existence is health data too); the
		 * denial is traced. */
		err_clear(ctx);
		return not_found(ctx);
	}
	return rc;
}

/* Records ctx's user's receipt of note `id` (of `person_id`); a first
 * reading emits `note.read` when `emit` (not the writer's own receipt,
 * which `note.posted` says). */
static int
receipt_insert(struct ctx *ctx, int64_t id, int64_t person_id, int emit)
{
	struct db_stmt *st;
	int rc;

	st = db_stmt(ctx->db, Q_NOTE_RECEIPT_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_text(st, 4, ctx->now);
	rc = db_run(ctx, st);
	if (rc != E_OK || !emit || db_changes(st) != 1)
		return rc;
	return event_emit(ctx, "note.read", person_id, id);
}

/* Whether s is 1..max bytes of text, blanks only being no text (the
 * input table bounds it in characters; this also guards the domain's own
 * callers: the seed). */
static int
text_ok(const char *s, size_t max)
{
	const char *p;

	if (s == NULL || strlen(s) > max * 4)
		return 0;
	for (p = s; *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'; p++)
		;
	return *p != '\0';
}

/*
 * SPEC: issue 12 review (F19) — one code per condition: a text the note
 * needs that is missing, empty or blank is note.<field>.required (the
 * input table lets "" through for these fields, so that the JSON
 * validator's too_short / required do not answer the same condition
 * with other codes).
 */
static int
required(struct ctx *ctx, const char *field, const char *msg)
{
	return err_set(ctx, E_INVALID,
	    arena_printf(&ctx->arena, "note.%s.required", field), field, msg);
}

/*
 * The visit of a note or an acknowledgement: series and key together,
 * the series visits the person, and it has that occurrence (expanded by
 * the calendar over the key's day ± 1, so a moved or holiday-shifted
 * instance is found by its key).
 */
static int
visit_check(
    struct ctx *ctx, int64_t person_id, int64_t series_id, const char *key)
{
	static const char msg[] =
	    "La visite indiquée n'est pas une visite de cette personne.";
	struct visit_query q;
	struct visit_occ *v;
	struct calendar_local l;
	struct db_stmt *st;
	enum db_res r;
	long d;
	int y, m, dd, n, i, rc;

	if (series_id == 0 && key == NULL)
		return E_OK;
	if (series_id == 0 || key == NULL || strlen(key) != 20 ||
	    calendar_parse_date(arena_strndup(&ctx->arena, key, 10), &l) != 0)
		return invalid(ctx, "visit",
		    "Une visite se désigne par sa série (series_id) et son "
		    "occurrence (occ_key, AAAA-MM-JJTHH:MM:SSZ), ensemble.");
	st = db_stmt(ctx->db, Q_NOTE_SERIES_PERSON);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, series_id);
	db_bind_i64(st, 3, person_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r != DB_ROW)
		return invalid(ctx, "visit", msg);
	rc = drain(ctx, st);
	if (rc != E_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	q.person_id = person_id;
	d = calendar_days(l.y, l.m, l.d);
	calendar_from_days(d - 1, &y, &m, &dd);
	q.from = arena_printf(&ctx->arena, "%04d-%02d-%02d", y, m, dd);
	calendar_from_days(d + 1, &y, &m, &dd);
	q.to = arena_printf(&ctx->arena, "%04d-%02d-%02d", y, m, dd);
	rc = visit_occurrences(ctx, &q, &v, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (v[i].series->id == series_id && strcmp(v[i].key, key) == 0)
			return E_OK;
	return invalid(ctx, "visit", msg);
}

static int
in_check(struct ctx *ctx, const struct note_in *in)
{
	int dar;

	if (note_category_cat(in->category) < 0)
		return invalid(ctx, "category",
		    "Choisissez la catégorie de la note : soins, traitement, "
		    "social, vie quotidienne, psy ou médical.");
	if (in->kind == NULL ||
	    (strcmp(in->kind, "text") != 0 && strcmp(in->kind, "dar") != 0))
		return invalid(ctx, "kind",
		    "Une note est un texte libre (text) ou une transmission "
		    "ciblée (dar).");
	dar = strcmp(in->kind, "dar") == 0;
	if (!dar) {
		if (!text_ok(in->body, NOTE_TEXT_MAX))
			return required(
			    ctx, "body", "Écrivez le texte de la note.");
		if (text_ok(in->target, NOTE_TARGET_MAX) ||
		    text_ok(in->data, NOTE_TEXT_MAX) ||
		    text_ok(in->actions, NOTE_TEXT_MAX) ||
		    text_ok(in->results, NOTE_TEXT_MAX))
			return invalid(ctx, "kind",
			    "La cible et les Données / Actions / Résultats "
			    "sont ceux d'une transmission ciblée (dar).");
		return E_OK;
	}
	if (text_ok(in->body, NOTE_TEXT_MAX))
		return invalid(ctx, "body",
		    "Une transmission ciblée s'écrit en Données / Actions / "
		    "Résultats, sans texte libre.");
	if (!text_ok(in->target, NOTE_TARGET_MAX))
		return required(ctx, "target",
		    "Indiquez la cible de la transmission (ce qu'elle "
		    "concerne : douleur, chute, appétit…).");
	if (!text_ok(in->data, NOTE_TEXT_MAX) &&
	    !text_ok(in->actions, NOTE_TEXT_MAX) &&
	    !text_ok(in->results, NOTE_TEXT_MAX))
		return required(ctx, "data",
		    "Remplissez au moins l'une des Données, Actions ou "
		    "Résultats.");
	return E_OK;
}

static void
bind_text_or_null(struct db_stmt *st, int i, const char *s)
{
	if (s != NULL && *s != '\0')
		db_bind_text(st, i, s);
	else
		db_bind_null(st, i);
}

/*
 * SPEC: issue 12 review (F5) — what a correction may be. The corrector
 * writes the corrected note's category (a correction rewrites it: the
 * psychologist does not rewrite the aide's care note), the new category
 * is one the corrected note's writer reads (her role ceiling ∩ her
 * profession's matrix: she is not shown « Corrigée » pointing at a note
 * she cannot open), and the correction of a vigilance note is a
 * vigilance note (*vigilance forced): correcting is not taking into
 * account, the corrected note still waits for its acknowledgement.
 */
static int
correction_check(
    struct ctx *ctx, const struct note *old, int cat, int *vigilance)
{
	struct access_grant g;
	unsigned gains;
	int rc;

	rc = access_require(ctx, old->person_id,
	    CAT_BIT(note_category_cat(old->category)), ACT_WRITE,
	    "note.correct", &g);
	if (rc != E_OK)
		return rc;
	rc = access_user_reads(ctx, 0, old->created_by, &gains);
	if (rc != E_OK)
		return rc;
	if (!(gains & CAT_BIT(cat)))
		return err_set(ctx, E_INVALID, "note.category.author",
		    "category",
		    "La correction doit rester lisible par l'auteur de la "
		    "note : choisissez une catégorie qu'il ou elle lit.");
	if (old->vigilance)
		*vigilance = 1;
	return E_OK;
}

int
note_create_text(struct ctx *ctx, int64_t person_id, const char *category,
    const char *body, int64_t *id)
{
	struct note_in in;

	memset(&in, 0, sizeof(in));
	in.person_id = person_id;
	in.category = category;
	in.kind = "text";
	in.body = body;
	return note_create(ctx, &in, 0, id);
}

int
note_create(
    struct ctx *ctx, const struct note_in *in, int64_t corrects, int64_t *id)
{
	struct access_grant g;
	struct note old;
	struct db_stmt *st;
	enum db_res r;
	int rc, cat, vigilance = in->vigilance;

	*id = 0;
	rc = in_check(ctx, in);
	if (rc != E_OK)
		return rc;
	cat = note_category_cat(in->category);
	if (corrects != 0) {
		rc = note_decided(ctx, corrects, "note.read", &old);
		if (rc != E_OK)
			return rc;
		if (old.person_id != in->person_id)
			return not_found(ctx);
		if (old.corrected_by_id != 0)
			return err_set(ctx, E_CONFLICT, "note.corrected", NULL,
			    "Cette note est déjà corrigée : corrigez la "
			    "correction.");
		rc = correction_check(ctx, &old, cat, &vigilance);
		if (rc != E_OK)
			return rc;
	}
	/* SPEC: issue 12 — writing a note is writing its data category. */
	rc = access_require(
	    ctx, in->person_id, CAT_BIT(cat), ACT_WRITE, "note.write", &g);
	if (rc == E_FORBIDDEN && ctx->err_key != NULL &&
	    strcmp(ctx->err_key, "access.denied") == 0) {
		/* Issue 12 review (F18): the refused category, said (the
		 * trace row access_require queued stays). */
		err_clear(ctx);
		return err_set(ctx, E_FORBIDDEN, "note.category.forbidden",
		    "category",
		    arena_printf(&ctx->arena,
			"Vous ne pouvez pas écrire de note « %s » pour cette "
			"personne : choisissez une autre catégorie.",
			note_category_labels[cat_index(in->category)]));
	}
	if (rc != E_OK)
		return rc;
	rc = visit_check(ctx, in->person_id, in->series_id, in->occ_key);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_NOTE_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, in->person_id);
	db_bind_text(st, 3, in->category);
	db_bind_text(st, 4, in->kind);
	/* A blank text the kind does not use is no text (in_check). */
	bind_text_or_null(
	    st, 5, text_ok(in->body, NOTE_TEXT_MAX) ? in->body : NULL);
	bind_text_or_null(
	    st, 6, text_ok(in->target, NOTE_TARGET_MAX) ? in->target : NULL);
	bind_text_or_null(
	    st, 7, text_ok(in->data, NOTE_TEXT_MAX) ? in->data : NULL);
	bind_text_or_null(
	    st, 8, text_ok(in->actions, NOTE_TEXT_MAX) ? in->actions : NULL);
	bind_text_or_null(
	    st, 9, text_ok(in->results, NOTE_TEXT_MAX) ? in->results : NULL);
	if (in->series_id != 0) {
		db_bind_i64(st, 10, in->series_id);
		db_bind_text(st, 11, in->occ_key);
	} else {
		db_bind_null(st, 10);
		db_bind_null(st, 11);
	}
	db_bind_i64(st, 12, vigilance ? 1 : 0);
	if (corrects != 0)
		db_bind_i64(st, 13, corrects);
	else
		db_bind_null(st, 13);
	db_bind_text(st, 14, ctx->now);
	db_bind_i64(st, 15, ctx->user_id);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? (int)ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	rc = drain(ctx, st);
	if (rc == E_OK)
		rc = receipt_insert(ctx, *id, in->person_id, 0);
	/* A correction is a note posted too (ref: the new note). */
	return event_emit_if(ctx, rc, "note.posted", in->person_id, *id);
}

int
note_get(struct ctx *ctx, int64_t id, int receipt, struct note *n)
{
	int rc;

	rc = note_decided(ctx, id, "note.read", n);
	if (rc == E_OK && receipt && n->read_at == NULL) {
		rc = receipt_insert(ctx, id, n->person_id, 1);
		if (rc == E_OK)
			n->read_at = ctx->now;
	}
	return rc;
}

/* Reads the rows of a prepared note select into an arena array. */
static int
rows_read(struct ctx *ctx, struct db_stmt *st, int extra, int max,
    struct note **out, int *n)
{
	struct note *v = NULL;
	enum db_res r;
	int cap = 0;

	*n = 0;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		if (*n == max)
			continue; /* drain: the statement must end */
		v = grow(ctx, v, *n, &cap, sizeof(*v));
		note_row(ctx, st, &v[*n]);
		if (extra) {
			v[*n].birth_name = db_col_dup(ctx, st, 22);
			v[*n].first_names = db_col_dup(ctx, st, 23);
		}
		(*n)++;
	}
	if (r == DB_ERR)
		return ctx->err;
	*out = v;
	return E_OK;
}

int
note_categories(
    struct ctx *ctx, int64_t person_id, unsigned *may_read, unsigned *may_write)
{
	struct access_grant g;
	int rc;

	*may_read = *may_write = 0;
	rc = access_require(
	    ctx, person_id, ACCESS_ANY, ACT_READ, "note.categories", &g);
	if (rc != E_OK)
		return rc;
	*may_read = note_bits(g.read);
	*may_write = note_bits(g.write);
	return E_OK;
}

int
note_list(struct ctx *ctx, struct note_query *q, struct note **out, int *n,
    int *total)
{
	struct access_grant g;
	struct db_stmt *st;
	const char *cats, *cat;
	enum db_res r;
	int rc;

	*out = NULL;
	*n = *total = 0;
	if (q->category != NULL && note_category_cat(q->category) < 0)
		return invalid(ctx, "category",
		    "Catégorie inconnue : soins, traitement, social, "
		    "vie_quotidienne, psy ou medical.");
	rc = access_require(
	    ctx, q->person_id, ACCESS_ANY, ACT_READ, "note.list", &g);
	if (rc != E_OK)
		return rc;
	q->may_read = note_bits(g.read);
	q->may_write = note_bits(g.write);
	cats = readable_codes(ctx, g.read);
	cat = q->category ? q->category : "";
	st = db_stmt(ctx->db, Q_NOTE_COUNT);
	db_bind_i64(st, 1, ctx->user_id);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, q->person_id);
	db_bind_text(st, 4, cats);
	db_bind_text(st, 5, cat);
	db_bind_text(st, 6, cat);
	db_bind_i64(st, 7, q->vigilance ? 1 : 0);
	db_bind_i64(st, 8, q->unread ? 1 : 0);
	db_bind_i64(st, 9, ctx->user_id);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? (int)ctx->err : E_DB;
	*total = (int)db_col_i64(st, 0);
	rc = drain(ctx, st);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_NOTE_LIST);
	db_bind_i64(st, 1, ctx->user_id);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, q->person_id);
	db_bind_text(st, 5, cats);
	db_bind_text(st, 6, cat);
	db_bind_text(st, 7, cat);
	db_bind_i64(st, 8, q->vigilance ? 1 : 0);
	db_bind_i64(st, 9, q->unread ? 1 : 0);
	db_bind_i64(st, 10, ctx->user_id);
	db_bind_i64(st, 11, q->limit);
	db_bind_i64(st, 12, q->offset);
	return rows_read(ctx, st, 0, q->limit, out, n);
}

/* One person of « non lues »: her decision, taken once. */
struct unread_person {
	int64_t id;
	unsigned cats, read;
};

/* Binds « non lues » from i: crt, since, reader (x2), then the reader's
 * person filter (NOTE_PERSON_FILTER). */
static int
bind_unread(struct ctx *ctx, struct db_stmt *st, int i, const char *since)
{
	struct access_list_filter f;
	int rc;

	rc = access_list_filter(ctx, &f);
	if (rc != E_OK)
		return rc;
	db_bind_i64(st, i++, ctx->crt_id);
	db_bind_text(st, i++, since);
	db_bind_i64(st, i++, ctx->user_id);
	db_bind_i64(st, i++, ctx->user_id);
	db_bind_i64(st, i, f.need_circle);
	db_bind_i64(st, i + 1, ctx->user_id);
	db_bind_i64(st, i + 2, ctx->org_id);
	db_bind_i64(st, i + 3, f.check_objections);
	db_bind_i64(st, i + 4, ctx->org_id);
	return E_OK;
}

int
note_unread(
    struct ctx *ctx, struct note **out, int *n, int *count, int *vigilance)
{
	struct access_grant g;
	enum access_row row;
	struct unread_person *p = NULL;
	struct {
		int64_t person;
		int cat, vigilance, n;
	} *c = NULL;
	struct note *v;
	struct db_stmt *st;
	enum db_res r;
	const char *since;
	int np = 0, capp = 0, nc = 0, capc = 0, nv, i, j, k = 0, rc;

	*out = NULL;
	*n = *count = *vigilance = 0;
	since = utc_text(ctx, utc_secs(ctx->now) - NOTE_UNREAD_DAYS * 86400L);
	st = db_stmt(ctx->db, Q_NOTE_UNREAD_COUNTS);
	rc = bind_unread(ctx, st, 1, since);
	if (rc != E_OK)
		return rc;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		c = grow(ctx, c, nc, &capc, sizeof(*c));
		c[nc].person = db_col_i64(st, 0);
		c[nc].cat = note_category_cat(db_col_text(st, 1));
		c[nc].vigilance = db_col_i64(st, 2) != 0;
		c[nc].n = (int)db_col_i64(st, 3);
		if (c[nc].cat < 0)
			continue;
		if (np == 0 || p[np - 1].id != c[nc].person) {
			p = grow(ctx, p, np, &capp, sizeof(*p));
			p[np].id = c[nc].person;
			p[np].cats = CAT_BIT(CAT_ADMIN);
			p[np].read = 0;
			np++;
		}
		p[np - 1].cats |= CAT_BIT(c[nc].cat);
		nc++;
	}
	if (r == DB_ERR)
		return ctx->err;
	/* One decision per person, naming the categories of her unread
	 * notes (after the walk: access/ runs its own statements). */
	for (i = 0; i < np; i++) {
		rc = access_list_row(
		    ctx, p[i].id, p[i].cats, "note.unread", &g, &row);
		if (rc != E_OK)
			return rc;
		p[i].read = row == ACCESS_ROW_VISIBLE ? g.read : 0;
	}
	for (i = 0, j = 0; i < nc; i++) {
		while (p[j].id != c[i].person)
			j++;
		if (!(p[j].read & CAT_BIT(c[i].cat)))
			continue;
		*count += c[i].n;
		if (c[i].vigilance)
			*vigilance += c[i].n;
	}
	st = db_stmt(ctx->db, Q_NOTE_UNREAD);
	db_bind_i64(st, 1, ctx->user_id);
	rc = bind_unread(ctx, st, 2, since);
	if (rc != E_OK)
		return rc;
	/* Without the readable categories in SQL, a hidden row takes a
	 * place of the cap: read a margin (the decided rows are kept). */
	db_bind_i64(st, 11, NOTE_UNREAD_MAX * 2);
	rc = rows_read(ctx, st, 1, NOTE_UNREAD_MAX * 2, &v, &nv);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < nv && k < NOTE_UNREAD_MAX; i++) {
		for (j = 0; j < np && p[j].id != v[i].person_id; j++)
			;
		if (j < np &&
		    (p[j].read & CAT_BIT(note_category_cat(v[i].category))))
			v[k++] = v[i];
	}
	*out = v;
	*n = k;
	return E_OK;
}

int
note_pending(struct ctx *ctx, int64_t person_id, struct note **out, int *n)
{
	struct access_grant g;
	struct db_stmt *st;
	struct note *v;
	int nv, i, k = 0, rc;

	*out = NULL;
	*n = 0;
	rc = access_require(
	    ctx, person_id, ACCESS_ANY, ACT_READ, "note.pending", &g);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_NOTE_PENDING);
	db_bind_i64(st, 1, ctx->user_id);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, person_id);
	rc = rows_read(ctx, st, 0, 500, &v, &nv);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < nv; i++)
		if (g.read & CAT_BIT(note_category_cat(v[i].category)))
			v[k++] = v[i];
	*out = v;
	*n = k;
	return E_OK;
}

int
note_ack(struct ctx *ctx, int64_t id, int64_t series_id, const char *occ_key,
    struct note *out)
{
	struct db_stmt *st;
	int rc;

	rc = note_decided(ctx, id, "note.ack", out);
	if (rc != E_OK)
		return rc;
	if (!out->vigilance)
		return err_set(ctx, E_CONFLICT, "note.not_vigilance", NULL,
		    "Seule une note « à prendre en compte » se confirme.");
	/* SPEC: issue 12 review (F6) — taken into account by the next
	 * professional: not by its writer. */
	if (out->created_by == ctx->user_id)
		return err_set(ctx, E_CONFLICT, "note.own", NULL,
		    "Votre propre note « à prendre en compte » se confirme "
		    "par un autre professionnel.");
	rc = visit_check(ctx, out->person_id, series_id, occ_key);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_NOTE_ACK_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_text(st, 4, ctx->now);
	if (series_id != 0) {
		db_bind_i64(st, 5, series_id);
		db_bind_text(st, 6, occ_key);
	} else {
		db_bind_null(st, 5);
		db_bind_null(st, 6);
	}
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) == 1)
		rc = event_emit(ctx, "note.acked", out->person_id, id);
	if (rc == E_OK && out->read_at == NULL)
		rc = receipt_insert(ctx, id, out->person_id, 0);
	if (rc != E_OK)
		return rc;
	if (out->acked_at == NULL) {
		out->acked_at = ctx->now;
		out->ack_count++;
	}
	if (out->read_at == NULL)
		out->read_at = ctx->now;
	return E_OK;
}

int
note_receipts(struct ctx *ctx, int64_t id, struct note *note,
    struct note_reader **out, int *n)
{
	struct note_reader *v = NULL;
	struct db_stmt *st;
	enum db_res r;
	unsigned gains;
	int64_t uid;
	int cap = 0, cat, i, found, rc;

	*out = NULL;
	*n = 0;
	rc = note_decided(ctx, id, "note.receipts", note);
	if (rc != E_OK)
		return rc;
	cat = note_category_cat(note->category);
	st = db_stmt(ctx->db, Q_NOTE_RECEIPTS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		v = grow(ctx, v, *n, &cap, sizeof(*v));
		memset(&v[*n], 0, sizeof(v[*n]));
		v[*n].user_id = db_col_i64(st, 0);
		v[*n].name = db_col_dup(ctx, st, 1);
		v[*n].profession = db_col_dup(ctx, st, 2);
		v[*n].read_at = db_col_dup(ctx, st, 3);
		v[*n].acked_at = db_col_dup(ctx, st, 4);
		(*n)++;
	}
	if (r == DB_ERR)
		return ctx->err;
	st = db_stmt(ctx->db, Q_NOTE_CIRCLE_USERS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, note->person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		uid = db_col_i64(st, 0);
		found = 0;
		for (i = 0; i < *n; i++)
			if (v[i].user_id == uid) {
				v[i].in_circle = 1;
				found = 1;
			}
		if (found)
			continue;
		v = grow(ctx, v, *n, &cap, sizeof(*v));
		memset(&v[*n], 0, sizeof(v[*n]));
		v[*n].user_id = uid;
		v[*n].name = db_col_dup(ctx, st, 1);
		v[*n].profession = db_col_dup(ctx, st, 2);
		v[*n].in_circle = 1;
		(*n)++;
	}
	if (r == DB_ERR)
		return ctx->err;
	/* A circle account that may not read the note is not "someone who
	 * has not read it": left out. The access module decides for each
	 * (role ceiling ∩ profession matrix ∩ circle ∩ objections), as
	 * it would on her own request; after the walk, as it runs its own
	 * statements. */
	for (i = 0; i < *n;) {
		if (v[i].read_at != NULL) {
			i++;
			continue;
		}
		rc = access_user_reads(
		    ctx, note->person_id, v[i].user_id, &gains);
		if (rc != E_OK)
			return rc;
		if (gains & CAT_BIT(cat)) {
			i++;
			continue;
		}
		memmove(&v[i], &v[i + 1], sizeof(*v) * (size_t)(*n - i - 1));
		(*n)--;
	}
	*out = v;
	return E_OK;
}

int
note_vigilance_overdue_each(struct ctx *ctx, const char *now_iso,
    time_t *next_due, int (*cb)(void *, const struct note_overdue *), void *arg)
{
	struct note_overdue *v = NULL;
	struct db_stmt *st;
	enum db_res r;
	time_t now, end;
	int64_t last = 0, nid;
	int n = 0, cap = 0, i, rc;

	now = utc_secs(now_iso);
	if (now == (time_t)-1)
		return err_set(ctx, E_INVALID, "note.now.invalid", NULL,
		    "Heure invalide.");
	st = db_stmt(ctx->db, Q_NOTE_OVERDUE_CANDIDATES);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		/* Ordered by note then arrival: the first row of a note is
		 * its first visit started after it. */
		nid = db_col_i64(st, 0);
		if (nid == last)
			continue;
		last = nid;
		if (db_col_null(st, 7))
			end = utc_secs(db_col_text(st, 6)) +
			    (time_t)db_col_i64(st, 8) * 60;
		else
			end = utc_secs(db_col_text(st, 7));
		if (end < 0)
			continue;
		if (now < end + NOTE_OVERDUE_SECS) {
			if (next_due != NULL &&
			    (*next_due == 0 ||
				end + NOTE_OVERDUE_SECS < *next_due))
				*next_due = end + NOTE_OVERDUE_SECS;
			continue;
		}
		v = grow(ctx, v, n, &cap, sizeof(*v));
		v[n].note_id = nid;
		v[n].crt_id = db_col_i64(st, 1);
		v[n].person_id = db_col_i64(st, 2);
		v[n].series_id = db_col_i64(st, 4);
		v[n].occ_key = db_col_dup(ctx, st, 5);
		v[n].visit_end = utc_text(ctx, end);
		v[n].due_at = utc_text(ctx, end + NOTE_OVERDUE_SECS);
		n++;
	}
	if (r == DB_ERR)
		return ctx->err;
	/* The callback may run statements of its own: called after the
	 * walk. */
	for (i = 0; i < n; i++) {
		rc = cb(arg, &v[i]);
		if (rc != 0)
			return rc;
	}
	return E_OK;
}
