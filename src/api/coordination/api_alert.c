/*
 * Alerts (issue 12): the list, a user's alert on a person, its
 * acknowledgement and its closing (domain/coordination/alert.h). The
 * product's alerts are raised by the timer, not by a route.
 * Replies are described with the typed writer (json/jw.h).
 */
#include <stddef.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "domain/coordination/alert.h"
#include "json/jv.h"
#include "json/jw.h"

static const char *const alert_state_all[] = { "open", "acked", "closed",
	"active", NULL };
static const char *const mine_values[] = { "1", NULL };

#define ALERT_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Alerte") \
	X(S, person_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Personne (null : alerte du CRT, une convention)") \
	X(S, birth_name_display, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Prénom(s) tels que saisis") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom d'usage") \
	X(S, kind, JW_ENUM, 0, alert_kind_codes, NULL, "Type") \
	X(S, kind_label, JW_STR, 0, NULL, NULL, "Type, en français") \
	X(S, severity, JW_ENUM, 0, alert_severity_codes, NULL, "Gravité") \
	X(S, source, JW_ENUM, 0, alert_source_codes, NULL, \
	    "user : levée par un intervenant ; product : par Maillage") \
	X(S, state, JW_ENUM, 0, alert_state_codes, NULL, \
	    "open : à prendre en compte ; acked : prise en compte ; closed") \
	X(S, detail, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Ce qui s'est passé (null sans accès à la partie soins)") \
	X(S, route, JW_ENUM, 0, alert_route_codes, NULL, \
	    "Destinataire à la levée : coordination (jour ouvré 8 h-18 h) " \
	    "ou oncall (nuit, week-end, férié : la coordination tant que " \
	    "l'astreinte n'existe pas)") \
	X(S, raised_at, JW_DATETIME, 0, NULL, NULL, "Levée le (UTC)") \
	X(S, raised_by_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Levée par (null : Maillage)") \
	X(S, acked_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Prise en compte le") \
	X(S, acked_by_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Prise en compte par") \
	X(S, closed_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Close le") \
	X(S, closed_by_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Close par (null : Maillage, sa cause disparue)") \
	X(S, close_action, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Action menée, ou ce qui a fait disparaître la cause") \
	X(S, may_ack, JW_BOOL, 0, NULL, NULL, \
	    "Vous pouvez la prendre en compte (son type, son état)") \
	X(S, may_close, JW_BOOL, 0, NULL, NULL, \
	    "Vous pouvez la clore (prise en compte ; une note « à " \
	    "prendre en compte » se clôt par sa confirmation)")
JW_FIELDS(ALERT, ALERT_F);
JW_ROWS(ALERT, ALERT_F);
const struct jw_schema api_alert_schema = JW_INIT(ALERT, "Alert", "Alerte");

#define ALIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_alert_schema, \
	    "Une page des alertes, les plus récentes d'abord") \
	X(S, total, JW_INT, 0, NULL, NULL, \
	    "Toutes les alertes visibles de la requête") \
	X(S, limit, JW_INT, 0, NULL, NULL, "Taille de la page") \
	X(S, offset, JW_INT, 0, NULL, NULL, "Décalage de la page")
JW_FIELDS(ALIST, ALIST_F);
JW_ROWS(ALIST, ALIST_F);
const struct jw_schema api_alert_list_schema =
    JW_INIT(ALIST, "AlertList", "Alertes visibles");

static void
write_alert(struct jw *w, const struct alert *a)
{
	jw_int(w, ALERT_id, a->id);
	jw_id_or_null(w, ALERT_person_id, a->person_id);
	jw_str(w, ALERT_birth_name_display, a->birth_name);
	jw_str(w, ALERT_first_names_display, a->first_names);
	jw_str(w, ALERT_used_name, a->used_name);
	jw_str(w, ALERT_kind, a->kind);
	jw_str(w, ALERT_kind_label, alert_kind_label(a->kind));
	jw_str(w, ALERT_severity, a->severity);
	jw_str(w, ALERT_source, a->source);
	jw_str(w, ALERT_state, a->state);
	jw_str(w, ALERT_detail, a->detail);
	jw_str(w, ALERT_route, a->route);
	jw_str(w, ALERT_raised_at, a->raised_at);
	jw_str(w, ALERT_raised_by_name, a->raised_by_name);
	jw_str(w, ALERT_acked_at, a->acked_at);
	jw_str(w, ALERT_acked_by_name, a->acked_by_name);
	jw_str(w, ALERT_closed_at, a->closed_at);
	jw_str(w, ALERT_closed_by_name, a->closed_by_name);
	jw_str(w, ALERT_close_action, a->close_action);
	jw_bool(w, ALERT_may_ack, a->may_ack);
	jw_bool(w, ALERT_may_close, a->may_close);
}

static int
reply_one(struct req *req, const struct alert *a)
{
	struct jw w;

	jw_begin(&w, &api_alert_schema);
	write_alert(&w, a);
	api_reply(req, &w);
	return E_OK;
}

static int
in_codes(const char *const *l, const char *s)
{
	for (; *l != NULL; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

static int
alert_list_get(struct ctx *ctx, struct req *req)
{
	struct alert_query q;
	struct alert *rows;
	const char *mine;
	struct jw w;
	int n, i, rc, total;

	memset(&q, 0, sizeof(q));
	rc = api_query_once(ctx, req);
	if (rc == E_OK)
		rc = api_paging(ctx, req, &q.limit, &q.offset);
	if (rc != E_OK)
		return rc;
	q.state = req_query(req, "state");
	if (q.state != NULL && !in_codes(alert_state_all, q.state))
		return err_set(ctx, E_INVALID, "query.state.invalid", "state",
		    "L'état (state) doit être open, acked, closed ou active.");
	q.kind = req_query(req, "kind");
	if (q.kind != NULL && !in_codes(alert_kind_codes, q.kind))
		return err_set(ctx, E_INVALID, "query.kind.invalid", "kind",
		    "Ce type d'alerte (kind) n'existe pas.");
	mine = req_query(req, "mine");
	if (mine != NULL && strcmp(mine, "1") != 0)
		return err_set(ctx, E_INVALID, "query.mine.invalid", "mine",
		    "mine vaut 1 (mes alertes) ou est absent.");
	q.mine = mine != NULL;
	rc = api_query_id(ctx, req, "person_id", &q.person_id);
	if (rc == E_OK)
		rc = alert_list(ctx, &q, &rows, &n, &total);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_alert_list_schema);
	jw_arr_begin(&w, ALIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		write_alert(&w, &rows[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_int(&w, ALIST_total, total);
	jw_int(&w, ALIST_limit, q.limit);
	jw_int(&w, ALIST_offset, q.offset);
	api_reply(req, &w);
	return E_OK;
}

static int
alert_one_get(struct ctx *ctx, struct req *req)
{
	struct alert a;
	int rc = alert_get(ctx, req->ids[0], &a);

	return rc != E_OK ? rc : reply_one(req, &a);
}

struct raise_in {
	struct jv_str kind, severity, detail;
};

static const struct jv_field raise_fields[] = {
	{ "kind", JV_ENUM, offsetof(struct raise_in, kind), JV_REQ, 0, 0,
	    alert_user_kind_codes, "Type d'alerte", NULL, 0 },
	{ "severity", JV_ENUM, offsetof(struct raise_in, severity), JV_REQ, 0,
	    0, alert_severity_codes, "Gravité", NULL, 0 },
	{ "detail", JV_STR, offsetof(struct raise_in, detail),
	    JV_REQ | JV_MULTI, 1, 1000, NULL, "Ce qui s'est passé", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
alert_raise_post(struct ctx *ctx, struct req *req)
{
	const struct raise_in *in = req->in;
	struct alert a;
	int64_t id;
	int rc;

	rc = alert_create(
	    ctx, req->ids[0], in->kind.s, in->severity.s, in->detail.s, &id);
	if (rc == E_OK)
		rc = alert_get(ctx, id, &a);
	return rc != E_OK ? rc : reply_one(req, &a);
}

/* Acknowledging takes an empty object. */
struct ack_in {
	int unused;
};

static const struct jv_field ack_fields[] = { { NULL, 0, 0, 0, 0, 0, NULL, NULL,
    NULL, 0 } };

static int
alert_ack_post(struct ctx *ctx, struct req *req)
{
	struct alert a;
	int rc = alert_ack(ctx, req->ids[0], &a);

	return rc != E_OK ? rc : reply_one(req, &a);
}

struct close_in {
	struct jv_str action;
};

static const struct jv_field close_fields[] = {
	{ "action", JV_STR, offsetof(struct close_in, action),
	    JV_REQ | JV_MULTI, 1, 1000, NULL, "Action menée", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
alert_close_post(struct ctx *ctx, struct req *req)
{
	const struct close_in *in = req->in;
	struct alert a;
	int rc = alert_close(ctx, req->ids[0], in->action.s, &a);

	return rc != E_OK ? rc : reply_one(req, &a);
}

static const struct route_param list_params[] = {
	{ "state", JV_ENUM, 0, 0, alert_state_all, NULL,
	    "open, acked, closed, ou active (non closes)" },
	{ "kind", JV_ENUM, 0, 0, alert_kind_codes, NULL, "Type" },
	{ "person_id", JV_INT, 1, 0, NULL, NULL, "Les alertes d'une personne" },
	{ "mine", JV_ENUM, 0, 0, mine_values, NULL,
	    "1 : mes alertes (la coordination : toutes, où elles sont "
	    "routées ; les soignants : celles de leurs cercles ; les autres : "
	    "levées ou traitées par eux)" },
	API_PAGING_PARAMS, { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error list_errors[] = { { E_INVALID,
						      "query.state.invalid" },
	{ E_INVALID, "query.kind.invalid" },
	{ E_INVALID, "query.mine.invalid" },
	{ E_INVALID, "query.person_id.invalid" }, API_QUERY_ONCE_ERROR,
	API_PAGING_ERRORS, { 0, NULL } };

static const struct route_error raise_errors[] = { API_ACCESS_ERRORS,
	{ E_INVALID, "alert.kind.invalid" },
	{ E_INVALID, "alert.severity.invalid" }, { 0, NULL } };

static const struct route_error ack_errors[] = {
	{ E_NOT_FOUND, "alert.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_FORBIDDEN, "alert.kind.forbidden" }, { E_CONFLICT, "alert.state" },
	{ 0, NULL }
};

static const struct route_error close_errors[] = {
	{ E_NOT_FOUND, "alert.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_FORBIDDEN, "alert.kind.forbidden" }, { E_CONFLICT, "alert.state" },
	{ E_CONFLICT, "alert.closes_by_cause" }, { 0, NULL }
};

static const struct route_error get_errors[] = {
	{ E_NOT_FOUND, "alert.not_found" }, { 0, NULL }
};

const struct route_doc api_alert_docs[] = { { M_GET, "/api/v1/alerts",
						list_params, list_errors },
	{ M_GET, "/api/v1/alerts/{id}", NULL, get_errors },
	{ M_POST, "/api/v1/persons/{id}/alerts", NULL, raise_errors },
	{ M_POST, "/api/v1/alerts/{id}/ack", NULL, ack_errors },
	{ M_POST, "/api/v1/alerts/{id}/close", NULL, close_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_alert_routes[] = {
	{ M_GET, "/api/v1/alerts", alert_list_get, NULL, PERM_ALERT_READ, NULL,
	    0, 0, 200, "alert",
	    "Alertes visibles (chaque personne décidée et tracée), filtrées "
	    "par état, type, personne ou « mes alertes »",
	    "AlertList" },
	{ M_GET, "/api/v1/alerts/{id}", alert_one_get, NULL, PERM_ALERT_READ,
	    NULL, 0, 0, 200, "alert", "Une alerte", "Alert" },
	{ M_POST, "/api/v1/persons/{id}/alerts", alert_raise_post, NULL,
	    PERM_ALERT_RAISE, raise_fields, sizeof(struct raise_in), R_WRITE,
	    201, "alert",
	    "Lever une alerte sur une personne (chute, dénutrition, déclin "
	    "cognitif, épuisement de l'aidant, autre)",
	    "Alert" },
	{ M_POST, "/api/v1/alerts/{id}/ack", alert_ack_post, NULL,
	    PERM_ALERT_HANDLE, ack_fields, sizeof(struct ack_in), R_WRITE, 200,
	    "alert", "Prendre une alerte en compte (datée, attribuée)",
	    "Alert" },
	{ M_POST, "/api/v1/alerts/{id}/close", alert_close_post, NULL,
	    PERM_ALERT_HANDLE, close_fields, sizeof(struct close_in), R_WRITE,
	    200, "alert",
	    "Clore une alerte prise en compte, avec l'action menée", "Alert" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
