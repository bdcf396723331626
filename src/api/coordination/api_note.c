/*
 * The liaison notebook (issue 12): a person's notes, corrections, read
 * receipts, the acknowledgement of vigilance notes and the user's unread
 * notes (domain/coordination/note.h). Thin handlers: every decision and
 * trace is the domain's (access/ per note category). Replies are
 * described with the typed writer (json/jw.h).
 */
#include <stddef.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "domain/coordination/note.h"
#include "json/jv.h"
#include "json/jw.h"

#define NOTE_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Note") \
	X(S, person_id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, category, JW_ENUM, 0, note_category_codes, NULL, "Catégorie") \
	X(S, category_label, JW_STR, 0, NULL, NULL, "Libellé de la catégorie") \
	X(S, kind, JW_ENUM, 0, note_kind_codes, NULL, \
	    "text : texte libre ; dar : transmission ciblée") \
	X(S, body, JW_STR, JW_NULLABLE, NULL, NULL, "Texte libre") \
	X(S, target, JW_STR, JW_NULLABLE, NULL, NULL, "Cible (dar)") \
	X(S, data, JW_STR, JW_NULLABLE, NULL, NULL, "Données (dar)") \
	X(S, actions, JW_STR, JW_NULLABLE, NULL, NULL, "Actions (dar)") \
	X(S, results, JW_STR, JW_NULLABLE, NULL, NULL, "Résultats (dar)") \
	X(S, series_id, JW_INT, JW_NULLABLE, NULL, NULL, "Série de la visite") \
	X(S, occ_key, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Occurrence de la visite") \
	X(S, vigilance, JW_BOOL, 0, NULL, NULL, "« À prendre en compte »") \
	X(S, corrects_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Note que celle-ci corrige") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Écrite le (UTC)") \
	X(S, author, JW_OBJ, 0, NULL, &api_user_ref_schema, "Auteur") \
	X(S, corrected_by_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Note qui corrige celle-ci (null : pas corrigée)") \
	X(S, corrected_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Corrigée le") \
	X(S, corrected_by_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Corrigée par") \
	X(S, read_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Lue par moi le (null : non lue)") \
	X(S, acked_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Prise en compte par moi le") \
	X(S, ack_count, JW_INT, 0, NULL, NULL, "Prises en compte, en tout") \
	X(S, birth_name, JW_STR, JW_OPTIONAL, NULL, NULL, \
	    "Nom de naissance (non lues seulement)") \
	X(S, first_names, JW_STR, JW_OPTIONAL, NULL, NULL, \
	    "Prénoms (non lues seulement)")
JW_FIELDS(NOTE, NOTE_F);
JW_ROWS(NOTE, NOTE_F);
const struct jw_schema api_note_schema =
    JW_INIT(NOTE, "Note", "Note du carnet de liaison");

#define NLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_note_schema, "Notes") \
	X(S, total, JW_INT, 0, NULL, NULL, "Notes lisibles en tout") \
	X(S, limit, JW_INT, 0, NULL, NULL, "Taille de page") \
	X(S, offset, JW_INT, 0, NULL, NULL, "Décalage") \
	X(S, may_read, JW_ARR_ENUM, 0, note_category_codes, NULL, \
	    "Catégories de note que je peux lire pour cette personne") \
	X(S, may_write, JW_ARR_ENUM, 0, note_category_codes, NULL, \
	    "Catégories de note que je peux écrire pour cette personne")
JW_FIELDS(NLIST, NLIST_F);
JW_ROWS(NLIST, NLIST_F);
const struct jw_schema api_note_list_schema = JW_INIT(NLIST, "NoteList",
    "Notes d'une personne que l'utilisateur peut lire, récentes d'abord");

#define NCATS_F(X, S) \
	X(S, person_id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, may_read, JW_ARR_ENUM, 0, note_category_codes, NULL, \
	    "Catégories de note que je peux lire") \
	X(S, may_write, JW_ARR_ENUM, 0, note_category_codes, NULL, \
	    "Catégories de note que je peux écrire")
JW_FIELDS(NCATS, NCATS_F);
JW_ROWS(NCATS, NCATS_F);
const struct jw_schema api_note_categories_schema =
    JW_INIT(NCATS, "NoteCategories",
	"Les catégories de note que l'utilisateur peut lire et écrire pour "
	"une personne (décision d'accès)");

#define NITEMS_F(X, S) \
	X(S, count, JW_INT, 0, NULL, NULL, \
	    "Nombre (exact ; « non lues » : toutes, même au-delà des 2000 " \
	    "notes listées)") \
	X(S, items, JW_ARR, 0, NULL, &api_note_schema, "Notes")
JW_FIELDS(NITEMS, NITEMS_F);
JW_ROWS(NITEMS, NITEMS_F);
const struct jw_schema api_note_items_schema = JW_INIT(NITEMS, "NoteItems",
    "Notes (non lues, ou à prendre en compte avant la visite)");

#define NREADER_F(X, S) \
	X(S, user, JW_OBJ, 0, NULL, &api_user_ref_schema, "Lecteur") \
	X(S, profession, JW_ENUM, 0, access_prof_codes, NULL, "Profession") \
	X(S, read_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Lue le (null : pas encore lue)") \
	X(S, acked_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Prise en compte le") \
	X(S, in_circle, JW_BOOL, 0, NULL, NULL, "Membre du cercle de soins")
JW_FIELDS(NREADER, NREADER_F);
JW_ROWS(NREADER, NREADER_F);
static const struct jw_schema nreader_schema =
    JW_INIT(NREADER, "NoteReader", "Lecteur d'une note (ou pas encore)");

#define NREC_F(X, S) \
	X(S, note, JW_OBJ, 0, NULL, &api_note_schema, "La note") \
	X(S, read_count, JW_INT, 0, NULL, NULL, "L'ont lue") \
	X(S, unread_count, JW_INT, 0, NULL, NULL, \
	    "Membres du cercle qui ne l'ont pas lue") \
	X(S, readers, JW_ARR, 0, NULL, &nreader_schema, \
	    "Lecteurs, puis les membres du cercle qui ne l'ont pas lue")
JW_FIELDS(NREC, NREC_F);
JW_ROWS(NREC, NREC_F);
const struct jw_schema api_note_receipts_schema = JW_INIT(
    NREC, "NoteReceipts", "Qui a lu une note, et qui du cercle ne l'a pas lue");

static const char *
cat_label(const char *code)
{
	int i;

	for (i = 0; note_category_codes[i] != NULL; i++)
		if (strcmp(code, note_category_codes[i]) == 0)
			return note_category_labels[i];
	return code;
}

/* The members of a note, from NOTE_id on (in an object already open). */
static void
note_members(struct jw *w, const struct note *n, int names)
{
	jw_int(w, NOTE_id, n->id);
	jw_int(w, NOTE_person_id, n->person_id);
	jw_str(w, NOTE_category, n->category);
	jw_str(w, NOTE_category_label, cat_label(n->category));
	jw_str(w, NOTE_kind, n->kind);
	jw_str(w, NOTE_body, n->body);
	jw_str(w, NOTE_target, n->target);
	jw_str(w, NOTE_data, n->data);
	jw_str(w, NOTE_actions, n->actions);
	jw_str(w, NOTE_results, n->results);
	jw_id_or_null(w, NOTE_series_id, n->series_id);
	jw_str(w, NOTE_occ_key, n->occ_key);
	jw_bool(w, NOTE_vigilance, n->vigilance);
	jw_id_or_null(w, NOTE_corrects_id, n->corrects_id);
	jw_str(w, NOTE_created_at, n->created_at);
	api_user_ref_write(w, NOTE_author, n->created_by, n->author_name);
	jw_id_or_null(w, NOTE_corrected_by_id, n->corrected_by_id);
	jw_str(w, NOTE_corrected_at, n->corrected_at);
	jw_str(w, NOTE_corrected_by_name, n->corrected_by_name);
	jw_str(w, NOTE_read_at, n->read_at);
	jw_str(w, NOTE_acked_at, n->acked_at);
	jw_int(w, NOTE_ack_count, n->ack_count);
	if (names) {
		jw_str(w, NOTE_birth_name, n->birth_name ? n->birth_name : "");
		jw_str(
		    w, NOTE_first_names, n->first_names ? n->first_names : "");
	}
}

static void
note_reply(struct req *req, const struct note *n)
{
	struct jw w;

	jw_begin(&w, &api_note_schema);
	note_members(&w, n, 0);
	api_reply(req, &w);
}

static void
items_reply(struct req *req, const struct note *v, int n, int count, int names)
{
	struct jw w;
	int i;

	jw_begin(&w, &api_note_items_schema);
	jw_int(&w, NITEMS_count, count);
	jw_arr_begin(&w, NITEMS_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		note_members(&w, &v[i], names);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
}

/* Member f: the codes of the note categories in `bits` (bit i:
 * note_category_codes[i]). */
static void
note_cats_write(struct jw *w, int f, unsigned bits)
{
	int i;

	jw_arr_begin(w, f);
	for (i = 0; note_category_codes[i] != NULL; i++)
		if (bits & (1u << i))
			jw_item_str(w, note_category_codes[i]);
	jw_arr_end(w);
}

static const char *const flag_values[] = { "0", "1", NULL };

static int
flag_query(struct ctx *ctx, const struct req *req, const char *name, int *v)
{
	const char *s = req_query(req, name);

	*v = 0;
	if (s == NULL || strcmp(s, "0") == 0)
		return E_OK;
	if (strcmp(s, "1") == 0) {
		*v = 1;
		return E_OK;
	}
	return err_set(ctx, E_INVALID,
	    arena_printf(&ctx->arena, "query.%s.invalid", name), name,
	    "Ce paramètre vaut 0 ou 1.");
}

/* A page of a person's notes (note_list) as NoteList, begun in *w. */
static int
list_write(struct ctx *ctx, struct note_query *q, struct jw *w)
{
	struct note *v;
	int n, total, i, rc;

	rc = note_list(ctx, q, &v, &n, &total);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_note_list_schema);
	jw_arr_begin(w, NLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		note_members(w, &v[i], 0);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_int(w, NLIST_total, total);
	jw_int(w, NLIST_limit, q->limit);
	jw_int(w, NLIST_offset, q->offset);
	note_cats_write(w, NLIST_may_read, q->may_read);
	note_cats_write(w, NLIST_may_write, q->may_write);
	return E_OK;
}

/* The notes part of a person's record (the first page, every category
 * the user may read): GET /persons/{id}/notes without a query. */
int
api_notes_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct note_query q;

	/* As GET /persons/{id}/notes, with its route permission. */
	if (!access_permits(ctx->role, PERM_NOTE_READ))
		return err_set(ctx, E_FORBIDDEN, "role.forbidden", NULL,
		    "Votre rôle ne permet pas cette action.");
	memset(&q, 0, sizeof(q));
	q.person_id = id;
	q.limit = 50;
	return list_write(ctx, &q, w);
}

static int
list_get(struct ctx *ctx, struct req *req)
{
	struct note_query q;
	struct jw w;
	int rc;

	memset(&q, 0, sizeof(q));
	q.person_id = req->ids[0];
	q.category = req_query(req, "category");
	rc = api_query_once(ctx, req);
	if (rc == E_OK)
		rc = api_paging(ctx, req, &q.limit, &q.offset);
	if (rc == E_OK)
		rc = flag_query(ctx, req, "unread", &q.unread);
	if (rc == E_OK)
		rc = flag_query(ctx, req, "vigilance", &q.vigilance);
	if (rc == E_OK)
		rc = list_write(ctx, &q, &w);
	return api_reply_if(req, &w, rc);
}

static int
categories_get(struct ctx *ctx, struct req *req)
{
	unsigned rd, wr;
	struct jw w;
	int rc;

	rc = note_categories(ctx, req->ids[0], &rd, &wr);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_note_categories_schema);
	jw_int(&w, NCATS_person_id, req->ids[0]);
	note_cats_write(&w, NCATS_may_read, rd);
	note_cats_write(&w, NCATS_may_write, wr);
	api_reply(req, &w);
	return E_OK;
}

static int
pending_get(struct ctx *ctx, struct req *req)
{
	struct note *v;
	int n, rc;

	rc = note_pending(ctx, req->ids[0], &v, &n);
	if (rc != E_OK)
		return rc;
	items_reply(req, v, n, n, 0);
	return E_OK;
}

struct note_body {
	struct jv_str category, kind, body, target, data, actions, results;
	struct jv_str occ_key;
	struct jv_int series_id;
	struct jv_bool vigilance;
};

#define NF(n, t, fl, min, max, en, lab) \
	{ \
#n, t, offsetof(struct note_body, n), fl, min, max, en, lab, \
		    NULL, 0 \
	}
static const struct jv_field note_fields[] = {
	NF(category, JV_ENUM, JV_REQ, 0, 0, note_category_codes, "Catégorie"),
	NF(kind, JV_ENUM, 0, 0, 0, note_kind_codes, "Type de note"),
	NF(body, JV_STR, JV_NULL | JV_MULTI, 0, 4000, NULL, "Texte"),
	NF(target, JV_STR, JV_NULL, 0, 200, NULL, "Cible"),
	NF(data, JV_STR, JV_NULL | JV_MULTI, 0, 4000, NULL, "Données"),
	NF(actions, JV_STR, JV_NULL | JV_MULTI, 0, 4000, NULL, "Actions"),
	NF(results, JV_STR, JV_NULL | JV_MULTI, 0, 4000, NULL, "Résultats"),
	NF(series_id, JV_INT, JV_NULL, 1, 0, NULL, "Série de la visite"),
	NF(occ_key, JV_STR, JV_NULL, 20, 20, NULL,
	    "Occurrence de la visite (AAAA-MM-JJTHH:MM:SSZ)"),
	NF(vigilance, JV_BOOL, 0, 0, 0, NULL, "À prendre en compte"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static void
note_in_of(const struct note_body *b, int64_t person_id, struct note_in *in)
{
	memset(in, 0, sizeof(*in));
	in->person_id = person_id;
	in->category = b->category.s;
	in->kind = b->kind.set && b->kind.s ? b->kind.s : "text";
	in->body = b->body.s;
	in->target = b->target.s;
	in->data = b->data.s;
	in->actions = b->actions.s;
	in->results = b->results.s;
	in->series_id =
	    b->series_id.set && !b->series_id.null ? b->series_id.v : 0;
	in->occ_key = b->occ_key.s;
	in->vigilance = b->vigilance.v;
}

/* The new note, as read back by its writer. */
static int
created_reply(struct ctx *ctx, struct req *req, int64_t id)
{
	struct note n;
	int rc;

	rc = note_get(ctx, id, 0, &n);
	if (rc != E_OK)
		return rc;
	note_reply(req, &n);
	return E_OK;
}

static int
create_post(struct ctx *ctx, struct req *req)
{
	struct note_in in;
	int64_t id;
	int rc;

	note_in_of(req->in, req->ids[0], &in);
	rc = note_create(ctx, &in, 0, &id);
	if (rc != E_OK)
		return rc;
	return created_reply(ctx, req, id);
}

static int
correct_post(struct ctx *ctx, struct req *req)
{
	struct note old;
	struct note_in in;
	int64_t id;
	int rc;

	/* The person is the corrected note's (decided there again). */
	rc = note_get(ctx, req->ids[0], 0, &old);
	if (rc != E_OK)
		return rc;
	note_in_of(req->in, old.person_id, &in);
	rc = note_create(ctx, &in, req->ids[0], &id);
	if (rc != E_OK)
		return rc;
	return created_reply(ctx, req, id);
}

static int
note_get_h(struct ctx *ctx, struct req *req)
{
	struct note n;
	int rc;

	rc = note_get(ctx, req->ids[0], 0, &n);
	if (rc != E_OK)
		return rc;
	note_reply(req, &n);
	return E_OK;
}

static int
read_post(struct ctx *ctx, struct req *req)
{
	struct note n;
	int rc;

	rc = note_get(ctx, req->ids[0], 1, &n);
	if (rc != E_OK)
		return rc;
	note_reply(req, &n);
	return E_OK;
}

/* POST /notes/{id}/read takes an empty object (every unsafe route has a
 * closed JSON body). */
struct empty_in {
	int unused;
};

static const struct jv_field empty_fields[] = { { NULL, 0, 0, 0, 0, 0, NULL,
    NULL, NULL, 0 } };

struct ack_body {
	struct jv_int series_id;
	struct jv_str occ_key;
};

static const struct jv_field ack_fields[] = {
	{ "series_id", JV_INT, offsetof(struct ack_body, series_id), JV_NULL, 1,
	    0, NULL, "Série de la visite commencée", NULL, 0 },
	{ "occ_key", JV_STR, offsetof(struct ack_body, occ_key), JV_NULL, 20,
	    20, NULL, "Occurrence de la visite commencée", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
ack_post(struct ctx *ctx, struct req *req)
{
	const struct ack_body *b = req->in;
	struct note n;
	int64_t sid = 0;
	int rc;

	if (b != NULL && b->series_id.set && !b->series_id.null)
		sid = b->series_id.v;
	rc = note_ack(ctx, req->ids[0], sid, b ? b->occ_key.s : NULL, &n);
	if (rc != E_OK)
		return rc;
	note_reply(req, &n);
	return E_OK;
}

static int
receipts_get(struct ctx *ctx, struct req *req)
{
	struct note_reader *v;
	struct note note;
	struct jw w;
	int n, i, rc, nread = 0;

	rc = note_receipts(ctx, req->ids[0], &note, &v, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++)
		nread += v[i].read_at != NULL;
	jw_begin(&w, &api_note_receipts_schema);
	jw_obj_begin(&w, NREC_note);
	note_members(&w, &note, 0);
	jw_obj_end(&w);
	jw_int(&w, NREC_read_count, nread);
	jw_int(&w, NREC_unread_count, n - nread);
	jw_arr_begin(&w, NREC_readers);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		api_user_ref_write(&w, NREADER_user, v[i].user_id, v[i].name);
		jw_str(&w, NREADER_profession, v[i].profession);
		jw_str(&w, NREADER_read_at, v[i].read_at);
		jw_str(&w, NREADER_acked_at, v[i].acked_at);
		jw_bool(&w, NREADER_in_circle, v[i].in_circle);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static int
unread_get(struct ctx *ctx, struct req *req)
{
	struct note *v;
	int n, rc, count, vigilance;

	rc = note_unread(ctx, &v, &n, &count, &vigilance);
	if (rc != E_OK)
		return rc;
	items_reply(req, v, n, count, 1);
	return E_OK;
}

static const struct route_param list_query[] = {
	{ "category", JV_ENUM, 0, 0, note_category_codes, NULL,
	    "Une catégorie seulement" },
	{ "unread", JV_ENUM, 0, 0, flag_values, "0",
	    "1 : seulement les notes que je n'ai pas lues" },
	{ "vigilance", JV_ENUM, 0, 0, flag_values, "0",
	    "1 : seulement les notes « à prendre en compte »" },
	{ "limit", JV_INT, 1, 200, NULL, "50", "Taille de page" },
	{ "offset", JV_INT, 0, 100000000, NULL, "0", "Décalage" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error list_errors[] = { { E_INVALID,
						      "note.category.invalid" },
	{ E_INVALID, "query.unread.invalid" },
	{ E_INVALID, "query.vigilance.invalid" },
	{ E_INVALID, "paging.limit.invalid" },
	{ E_INVALID, "paging.offset.invalid" }, API_QUERY_ONCE_ERROR,
	API_ACCESS_ERRORS, { 0, NULL } };

static const struct route_error pending_errors[] = { API_ACCESS_ERRORS,
	{ 0, NULL } };

/* The domain's refusals of a note's content (note.c in_check, the
 * visit, the category written); the input table's own codes are derived
 * from it (http/openapi.c). Issue 12 review (F19): one code per
 * condition — a needed text missing, empty or blank is `required`. */
#define NOTE_INPUT_ERRORS \
	{ E_INVALID, "note.category.invalid" }, \
	    { E_INVALID, "note.kind.invalid" }, \
	    { E_INVALID, "note.body.required" }, \
	    { E_INVALID, "note.body.invalid" }, \
	    { E_INVALID, "note.target.required" }, \
	    { E_INVALID, "note.data.required" }, \
	    { E_INVALID, "note.visit.invalid" }, \
	{ \
		E_FORBIDDEN, "note.category.forbidden" \
	}

static const struct route_error create_errors[] = { NOTE_INPUT_ERRORS,
	API_ACCESS_ERRORS, { 0, NULL } };

static const struct route_error correct_errors[] = { NOTE_INPUT_ERRORS,
	{ E_NOT_FOUND, "note.not_found" }, { E_CONFLICT, "note.corrected" },
	{ E_INVALID, "note.category.author" }, API_ACCESS_ERRORS, { 0, NULL } };

static const struct route_error one_errors[] = {
	{ E_NOT_FOUND, "note.not_found" }, { 0, NULL }
};

static const struct route_error ack_errors[] = { { E_NOT_FOUND,
						     "note.not_found" },
	{ E_CONFLICT, "note.not_vigilance" }, { E_CONFLICT, "note.own" },
	{ E_INVALID, "note.visit.invalid" }, { 0, NULL } };

const struct route_doc api_note_docs[] = {
	{ M_GET, "/api/v1/persons/{id}/notes", list_query, list_errors },
	{ M_POST, "/api/v1/persons/{id}/notes", NULL, create_errors },
	{ M_GET, "/api/v1/persons/{id}/notes/pending", NULL, pending_errors },
	{ M_GET, "/api/v1/persons/{id}/notes/categories", NULL,
	    pending_errors },
	{ M_GET, "/api/v1/notes/{id}", NULL, one_errors },
	{ M_POST, "/api/v1/notes/{id}/corrections", NULL, correct_errors },
	{ M_POST, "/api/v1/notes/{id}/read", NULL, one_errors },
	{ M_POST, "/api/v1/notes/{id}/ack", NULL, ack_errors },
	{ M_GET, "/api/v1/notes/{id}/receipts", NULL, one_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_note_routes[] = {
	{ M_GET, "/api/v1/persons/{id}/notes", list_get, NULL, PERM_NOTE_READ,
	    NULL, 0, 0, 200, "note",
	    "Carnet de liaison de la personne : les notes que je peux lire "
	    "(selon leur catégorie), récentes d'abord",
	    "NoteList" },
	{ M_POST, "/api/v1/persons/{id}/notes", create_post, NULL,
	    PERM_NOTE_WRITE, note_fields, sizeof(struct note_body), R_WRITE,
	    201, "note",
	    "Écrire une note (texte libre ou transmission ciblée D/A/R), "
	    "éventuellement sur une visite et « à prendre en compte »",
	    "Note" },
	{ M_GET, "/api/v1/persons/{id}/notes/pending", pending_get, NULL,
	    PERM_NOTE_READ, NULL, 0, 0, 200, "note",
	    "Notes « à prendre en compte » que personne n'a encore prises en "
	    "compte (montrées d'abord quand la visite commence)",
	    "NoteItems" },
	{ M_GET, "/api/v1/persons/{id}/notes/categories", categories_get, NULL,
	    PERM_NOTE_READ, NULL, 0, 0, 200, "note",
	    "Les catégories de note que je peux lire et écrire pour la "
	    "personne (le formulaire de note n'offre que celles que "
	    "j'écris)",
	    "NoteCategories" },
	{ M_GET, "/api/v1/notes/{id}", note_get_h, NULL, PERM_NOTE_READ, NULL,
	    0, 0, 200, "note", "Une note (sans la marquer lue)", "Note" },
	{ M_POST, "/api/v1/notes/{id}/corrections", correct_post, NULL,
	    PERM_NOTE_WRITE, note_fields, sizeof(struct note_body), R_WRITE,
	    201, "note",
	    "Corriger une note : une nouvelle note qui la remplace, "
	    "l'ancienne restant affichée « corrigée »",
	    "Note" },
	{ M_POST, "/api/v1/notes/{id}/read", read_post, NULL, PERM_NOTE_READ,
	    empty_fields, sizeof(struct empty_in), R_WRITE, 200, "note",
	    "Marquer une note lue (accusé de lecture, une fois par lecteur)",
	    "Note" },
	{ M_POST, "/api/v1/notes/{id}/ack", ack_post, NULL, PERM_NOTE_WRITE,
	    ack_fields, sizeof(struct ack_body), R_WRITE, 200, "note",
	    "« J'ai pris connaissance » d'une note à prendre en compte "
	    "(éventuellement au début d'une visite)",
	    "Note" },
	{ M_GET, "/api/v1/notes/{id}/receipts", receipts_get, NULL,
	    PERM_NOTE_RECEIPTS, NULL, 0, 0, 200, "note",
	    "Qui a lu la note, et qui du cercle ne l'a pas encore lue",
	    "NoteReceipts" },
	{ M_GET, "/api/v1/me/notes/unread", unread_get, NULL, PERM_NOTE_READ,
	    NULL, 0, 0, 200, "note",
	    "Mes notes non lues (30 derniers jours), par personne",
	    "NoteItems" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
