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

static json_t *
notice_json(const struct notice *o)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(o->id));
	api_set_str(j, "kind", o->kind);
	api_set_str(j, "text", o->text);
	api_set_str(j, "link", o->link);
	api_set_str(j, "created_at", o->created_at);
	api_set_str(j, "read_at", o->read_at);
	return j;
}

static int
notices_list(struct ctx *ctx, struct req *req)
{
	const char *u = req_query(req, "unread");
	struct notice *v;
	int64_t total, unread;
	json_t *items;
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
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, notice_json(&v[i]));
	req->out = json_pack("{s:o,s:I,s:I,s:i,s:i}", "items", items, "total",
	    (json_int_t)total, "unread", (json_int_t)unread, "limit", limit,
	    "offset", offset);
	return E_OK;
}

static int
notice_mark_read(struct ctx *ctx, struct req *req)
{
	struct notice o;
	int rc;

	rc = notice_read(ctx, req->ids[0], &o);
	if (rc != E_OK)
		return rc;
	req->out = json_pack("{s:o}", "notice", notice_json(&o));
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

const struct route_doc api_notice_docs[] = {
	{ M_GET, "/api/v1/notices", notices_query, notices_errors },
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
	    "Marquer un de mes avis comme lu", "Notice" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
