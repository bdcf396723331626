/*
 * The round as an iCalendar feed (issue 11): the user creates, reads and
 * revokes the secret address of her own round; a phone's calendar reads
 * the feed at that address without a session (auth/feed.c opens the
 * request as its owner, domain/coordination/visit_feed.c builds it).
 * Replies are described with the typed writer (json/jw.h).
 */
#include <stddef.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "auth/feed.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "domain/coordination/visit_feed.h"
#include "json/jv.h"
#include "json/jw.h"

#define FEED_F(X, S) \
	X(S, active, JW_BOOL, 0, NULL, NULL, "Une adresse d'agenda existe") \
	X(S, created_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Créée le") \
	X(S, path, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Chemin secret de l'agenda (à la création seulement : il n'est " \
	    "plus jamais montré)")
JW_FIELDS(FEED, FEED_F);
JW_ROWS(FEED, FEED_F);
const struct jw_schema api_visit_feed_schema = JW_INIT(
    FEED, "VisitFeed", "Agenda (iCalendar) de ma tournée, adresse secrète");

static int
feed_reply(struct ctx *ctx, struct req *req, const char *token)
{
	const char *at;
	struct jw w;
	int rc = feed_created_at(ctx, ctx->db, &at);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_visit_feed_schema);
	jw_bool(&w, FEED_active, at != NULL);
	jw_str(&w, FEED_created_at, at);
	jw_str(&w, FEED_path,
	    token ? arena_printf(
			&ctx->arena, "/api/v1/visits/feed.ics?token=%s", token)
		  : NULL);
	api_reply(req, &w);
	return E_OK;
}

static int
feed_get(struct ctx *ctx, struct req *req)
{
	return feed_reply(ctx, req, NULL);
}

struct feed_in {
	struct jv_bool replace;
};

static const struct jv_field feed_fields[] = {
	{ "replace", JV_BOOL, offsetof(struct feed_in, replace), JV_REQ, 0, 0,
	    NULL,
	    "Remplacer l'adresse existante (l'ancienne cesse de fonctionner)",
	    NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
feed_post(struct ctx *ctx, struct req *req)
{
	const struct feed_in *in = req->in;
	const char *token, *at;
	int rc = feed_created_at(ctx, ctx->db, &at);

	if (rc != E_OK)
		return rc;
	if (at != NULL && !in->replace.v)
		return err_set(ctx, E_CONFLICT, "feed.exists", "replace",
		    "Une adresse d'agenda existe déjà : en créer une nouvelle "
		    "arrête l'ancienne (replace: true).");
	rc = feed_create(ctx, ctx->db, &token);
	if (rc != E_OK)
		return rc;
	return feed_reply(ctx, req, token);
}

static int
feed_delete(struct ctx *ctx, struct req *req)
{
	int rc = feed_revoke(ctx, ctx->db);

	if (rc != E_OK)
		return rc;
	return feed_reply(ctx, req, NULL);
}

/* The feed itself: public (a calendar app has no session), the token in
 * the query, answered as text/calendar. */
static int
feed_ics(struct ctx *ctx, struct req *req)
{
	const char *text;
	int rc;

	rc = feed_open(ctx, ctx->db, req_query(req, "token"));
	if (rc != E_OK)
		return rc;
	if (!access_permits(ctx->role, PERM_VISIT_READ))
		return err_set(ctx, E_FORBIDDEN, "role.forbidden", NULL,
		    "Votre rôle ne donne pas accès au planning.");
	rc = visit_feed_ics(ctx, &text);
	if (rc != E_OK)
		return rc;
	req->raw_type = "text/calendar; charset=utf-8";
	req->raw_body = text;
	req->raw_len = strlen(text);
	return E_OK;
}

static const struct route_param ics_params[] = {
	{ "token", JV_STR, 20, 128, NULL, NULL,
	    "Jeton secret de l'adresse d'agenda" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error ics_errors[] = { { E_AUTH, "feed.unknown" },
	{ 0, NULL } };

static const struct route_error post_errors[] = { { E_CONFLICT, "feed.exists" },
	{ 0, NULL } };

const struct route_doc api_visit_feed_docs[] = { { M_POST, "/api/v1/me/feed",
						     NULL, post_errors },
	{ M_GET, "/api/v1/visits/feed.ics", ics_params, ics_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_visit_feed_routes[] = {
	{ M_GET, "/api/v1/me/feed", feed_get, NULL, PERM_VISIT_READ, NULL, 0, 0,
	    200, "visit",
	    "Mon agenda (iCalendar) : existe-t-il une adresse secrète ?",
	    "VisitFeed" },
	{ M_POST, "/api/v1/me/feed", feed_post, NULL, PERM_VISIT_READ,
	    feed_fields, sizeof(struct feed_in), R_WRITE, 200, "visit",
	    "Créer (ou remplacer) l'adresse secrète de l'agenda de ma tournée "
	    "(montrée une seule fois)",
	    "VisitFeed" },
	{ M_DELETE, "/api/v1/me/feed", feed_delete, NULL, PERM_VISIT_READ, NULL,
	    0, R_WRITE, 200, "visit",
	    "Révoquer l'adresse de l'agenda de ma tournée", "VisitFeed" },
	{ M_GET, "/api/v1/visits/feed.ics", feed_ics, NULL, 0, NULL, 0,
	    R_PUBLIC | R_RAW, 200, "visit",
	    "Agenda iCalendar de la tournée (adresse secrète, sans session) : "
	    "horaires, initiales et commune seulement",
	    NULL },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
