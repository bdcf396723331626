/*
 * Document routes: upload a PDF or image to a record (raw body with its
 * Content-Type; title and category in the query), list them, download
 * one. Every read is traced with the document's category.
 */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/record/document.h"
#include "json/jv.h"
#include "json/jw.h"

/* The document replies, described once (issue 9 §2): the metadata,
 * never the content (downloaded raw). */
#define DOC_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, category, JW_ENUM, 0, access_cat_codes, NULL, \
	    "Catégorie de données") \
	X(S, title, JW_STR, 0, NULL, NULL, "Titre") \
	X(S, content_type, JW_STR, 0, NULL, NULL, \
	    "Type du fichier (application/pdf, image/jpeg, image/png)") \
	X(S, size, JW_INT, 0, NULL, NULL, "Taille en octets") \
	X(S, sha256, JW_STR, 0, NULL, NULL, "Empreinte SHA-256 (hexadécimal)") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Joint le") \
	X(S, created_by, JW_OBJ, 0, NULL, &api_user_ref_schema, "Joint par")
JW_FIELDS(DOC, DOC_F);
JW_ROWS(DOC, DOC_F);
const struct jw_schema api_document_schema =
    JW_INIT(DOC, "Document", "Document joint au dossier (métadonnées)");

#define DOCLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_document_schema, \
	    "Documents des catégories permises")
JW_FIELDS(DOCLIST, DOCLIST_F);
JW_ROWS(DOCLIST, DOCLIST_F);
const struct jw_schema api_document_list_schema =
    JW_INIT(DOCLIST, "DocumentList", "Documents du dossier");

/* The document's members of the object being written. */
static void
doc_write(struct jw *w, const struct document *d)
{
	jw_int(w, DOC_id, d->id);
	jw_str(w, DOC_category, d->category);
	jw_str(w, DOC_title, d->title);
	jw_str(w, DOC_content_type, d->content_type);
	jw_int(w, DOC_size, d->size);
	jw_str(w, DOC_sha256, d->sha256);
	jw_str(w, DOC_created_at, d->created_at);
	api_user_ref_write(
	    w, DOC_created_by, d->created_by, d->created_by_name);
}

static int
doc_post(struct ctx *ctx, struct req *req)
{
	const char *cat = req_query(req, "category"),
		   *title = req_query(req, "title"), *ct = req->content_type;
	struct access_grant g;
	struct document d;
	struct jw w;
	char type[64];
	int64_t id;
	int c, rc;

	c = cat ? access_cat_from(cat) : -1;
	if (c < 0)
		return err_set(ctx, E_INVALID, "document.category.invalid",
		    "category",
		    "Indiquez la catégorie du document (admin, "
		    "social, soins, medical, psy).");
	if (title == NULL || title[0] == '\0' ||
	    jv_utf8_len(title, strlen(title)) > 200 ||
	    jv_has_ctl(title, strlen(title), 0))
		return err_set(ctx, E_INVALID, "document.title.invalid",
		    "title",
		    "Le titre du document est obligatoire (200 caractères au "
		    "plus).");
	/* "application/pdf; charset=binary" → "application/pdf" */
	snprintf(type, sizeof(type), "%s", ct ? ct : "");
	type[strcspn(type, "; ")] = '\0';
	rc = access_require(
	    ctx, req->ids[0], CAT_BIT(c), ACT_WRITE, "document.add", &g);
	if (rc == E_OK)
		rc = document_add(
		    ctx, &g, cat, title, type, req->body, req->body_len, &id);
	if (rc == E_OK)
		rc = document_meta(ctx, req->ids[0], id, &d);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_document_schema);
	doc_write(&w, &d);
	api_reply(req, &w);
	return E_OK;
}

int
api_documents_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct access_grant g;
	struct document *v;
	int rc, n, i;

	rc = access_require(ctx, id, ACCESS_ANY, ACT_READ, "document.list", &g);
	if (rc == E_OK)
		rc = document_list(ctx, &g, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_document_list_schema);
	jw_arr_begin(w, DOCLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		doc_write(w, &v[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return E_OK;
}

static int
doc_list(struct ctx *ctx, struct req *req)
{
	struct jw w;

	return api_reply_if(req, &w, api_documents_part(ctx, req->ids[0], &w));
}

static int
doc_get(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct document d;
	char *data;
	size_t len;
	int rc;

	/* Whether the person is visible at all, before saying anything
	 * about her documents (a refusal is traced). */
	rc = access_check(ctx, req->ids[0], &g);
	if (rc == E_OK && g.kind == GRANT_NONE)
		rc = access_require(ctx, req->ids[0], CAT_BIT(CAT_ADMIN),
		    ACT_READ, "document.read", &g);
	if (rc == E_OK)
		rc = document_meta(ctx, req->ids[0], req->ids[1], &d);
	if (rc == E_OK)
		rc = access_require(ctx, req->ids[0],
		    CAT_BIT(access_cat_from(d.category)), ACT_READ,
		    "document.read", &g);
	if (rc == E_OK)
		rc = document_data(ctx, &g, &d, &data, &len);
	if (rc != E_OK)
		return rc;
	req->raw_owned = data;
	req->raw_len = len;
	req->raw_type = d.content_type;
	/* Our own file name: nothing from the user reaches the header. */
	req->disposition = arena_printf(&ctx->arena,
	    "attachment; "
	    "filename=\"document-%lld.%s\"",
	    (long long)d.id, document_ext(d.content_type));
	return E_OK;
}

/* Query parameters as doc_post parses them (route.h). */
static const struct route_param doc_post_query[] = {
	{ "category", JV_ENUM, 0, 0, access_cat_codes, NULL,
	    "Catégorie du document (obligatoire)" },
	{ "title", JV_STR, 1, 200, NULL, NULL, "Titre (obligatoire)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error doc_post_errors[] = {
	{ E_INVALID, "document.category.invalid" },
	{ E_INVALID, "document.title.invalid" },
	{ E_INVALID, "document.content_type.invalid" },
	{ E_INVALID, "document.content_type.mismatch" },
	{ E_INVALID, "document.file.empty" },
	{ E_TOOBIG, "document.file.too_big" }, API_ACCESS_ERRORS, { 0, NULL }
};

static const struct route_error doc_list_errors[] = { API_ACCESS_ERRORS,
	{ 0, NULL } };

static const struct route_error doc_get_errors[] = {
	{ E_NOT_FOUND, "document.not_found" }, API_ACCESS_ERRORS, { 0, NULL }
};

const struct route_doc api_document_docs[] = {
	{ M_POST, "/api/v1/persons/{id}/documents", doc_post_query,
	    doc_post_errors },
	{ M_GET, "/api/v1/persons/{id}/documents", NULL, doc_list_errors },
	{ M_GET, "/api/v1/persons/{id}/documents/{document}", NULL,
	    doc_get_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_document_routes[] = {
	{ M_POST, "/api/v1/persons/{id}/documents", doc_post, NULL, 0, NULL, 0,
	    R_WRITE | R_UPLOAD, 201, "document",
	    "Joindre un document (corps : le fichier PDF, JPEG ou PNG de 5 Mo au "
	    "plus, avec son Content-Type ; category et title en paramètres)",
	    "Document" },
	{ M_GET, "/api/v1/persons/{id}/documents", doc_list, NULL, 0, NULL, 0,
	    0, 200, "document", "Documents du dossier (catégories permises)",
	    "DocumentList" },
	{ M_GET, "/api/v1/persons/{id}/documents/{document}", doc_get, NULL, 0,
	    NULL, 0, R_RAW, 200, "document",
	    "Télécharger un document "
	    "(accès tracé)",
	    NULL },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
