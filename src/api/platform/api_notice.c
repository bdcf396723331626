/*
 * Notices of the current user (issue 8 point 2): list, newest first and
 * paged, and mark one read. Every logged-in user has their own; nobody
 * sees another's.
 */
#include <string.h>

#include "api/api.h"
#include "base/ctx.h"
#include "domain/platform/notice.h"
#include "json/jv.h"
#include "json/jw.h"

/* The notice replies, described once (issue 9 §2). */
#define NOTICE_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de l'avis") \
	X(S, kind, JW_STR, 0, NULL, NULL, \
	    "Nature de l'avis (account_request, auth.failures…)") \
	X(S, text, JW_STR, 0, NULL, NULL, "Texte de l'avis") \
	X(S, link, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Écran de l'application concerné (« #/comptes »…)") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Émis le") \
	X(S, read_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Lu le (null : non lu)")
JW_FIELDS(NOTICE, NOTICE_F);
JW_ROWS(NOTICE, NOTICE_F);
static const struct jw_schema notice_schema =
    JW_INIT(NOTICE, "Notice", "Avis adressé à l'utilisateur");

#define NLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &notice_schema, "Avis de la page") \
	X(S, total, JW_INT, 0, NULL, NULL, "Nombre d'avis (filtre appliqué)") \
	X(S, unread, JW_INT, 0, NULL, NULL, "Nombre d'avis non lus") \
	X(S, limit, JW_INT, 0, NULL, NULL, "Taille de la page") \
	X(S, offset, JW_INT, 0, NULL, NULL, "Décalage de la page")
JW_FIELDS(NLIST, NLIST_F);
JW_ROWS(NLIST, NLIST_F);
const struct jw_schema api_notice_list_schema =
    JW_INIT(NLIST, "NoticeList", "Page de mes avis, les plus récents d'abord");

#define NREAD_F(X, S) \
	X(S, notice, JW_OBJ, 0, NULL, &notice_schema, "L'avis, marqué lu")
JW_FIELDS(NREAD, NREAD_F);
JW_ROWS(NREAD, NREAD_F);
const struct jw_schema api_notice_read_schema =
    JW_INIT(NREAD, "NoticeRead", "Avis marqué comme lu");

/* The members of one notice, in the object being written. */
static void
notice_write(struct jw *w, const struct notice *o)
{
	jw_int(w, NOTICE_id, o->id);
	jw_str(w, NOTICE_kind, o->kind);
	jw_str(w, NOTICE_text, o->text);
	jw_str(w, NOTICE_link, o->link);
	jw_str(w, NOTICE_created_at, o->created_at);
	jw_str(w, NOTICE_read_at, o->read_at);
}

static int
notices_list(struct ctx *ctx, struct req *req)
{
	const char *u = req_query(req, "unread");
	struct notice *v;
	int64_t total, unread;
	struct jw w;
	int limit, offset, n, i, rc;

	if (u != NULL && strcmp(u, "0") != 0 && strcmp(u, "1") != 0)
		return err_set(ctx, E_INVALID, "notice.unread.invalid",
		    "unread", "Le paramètre « unread » vaut 0 ou 1.");
	rc = api_paging(ctx, req, &limit, &offset);
	if (rc == E_OK)
		rc = notice_list(ctx, u != NULL && u[0] == '1', limit, offset,
		    &v, &n, &total, &unread);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_notice_list_schema);
	jw_arr_begin(&w, NLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		notice_write(&w, &v[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_int(&w, NLIST_total, total);
	jw_int(&w, NLIST_unread, unread);
	jw_int(&w, NLIST_limit, limit);
	jw_int(&w, NLIST_offset, offset);
	api_reply(req, &w);
	return E_OK;
}

static int
notice_mark_read(struct ctx *ctx, struct req *req)
{
	struct notice o;
	struct jw w;
	int rc;

	rc = notice_read(ctx, req->ids[0], &o);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_notice_read_schema);
	jw_obj_begin(&w, NREAD_notice);
	notice_write(&w, &o);
	jw_obj_end(&w);
	api_reply(req, &w);
	return E_OK;
}

/* Marking read takes an empty object: every POST has a closed body. */
struct read_in {
	int unused;
};

static const struct jv_field read_fields[] = { { NULL, 0, 0, 0, 0, 0, NULL,
    NULL, NULL, 0 } };

static const char *const unread_values[] = { "0", "1", NULL };

/* Query parameters as notices_list parses them (route.h). */
static const struct route_param notices_query[] = { { "unread", JV_ENUM, 0, 0,
							unread_values, "0",
							"1 : non lus "
							"seulement" },
	API_PAGING_PARAMS, { NULL, 0, 0, 0, NULL, NULL, NULL } };

static const struct route_error notices_errors[] = {
	{ E_INVALID, "notice.unread.invalid" }, API_PAGING_ERRORS, { 0, NULL }
};

static const struct route_error notice_read_errors[] = {
	{ E_NOT_FOUND, "notice.not_found" }, { 0, NULL }
};

const struct route_doc api_notice_docs[] = {
	{ M_GET, "/api/v1/notices", notices_query, notices_errors },
	{ M_POST, "/api/v1/notices/{id}/read", NULL, notice_read_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_notice_routes[] = {
	{ M_GET, "/api/v1/notices", notices_list, NULL, 0, NULL, 0, 0, 200,
	    "notice",
	    "Mes avis, les plus récents d'abord (?unread=1, ?limit=, "
	    "?offset=)",
	    "NoticeList" },
	{ M_POST, "/api/v1/notices/{id}/read", notice_mark_read, NULL, 0,
	    read_fields, sizeof(struct read_in), R_WRITE, 200, "notice",
	    "Marquer un de mes avis comme lu", "NoticeRead" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
