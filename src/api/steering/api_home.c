/*
 * The home page « Ma journée » (issue 12): GET /api/v1/home, every item
 * of the user's role in one request (domain/steering/home.h).
 */
#include <stddef.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/steering/home.h"
#include "json/jw.h"

#define HITEM_F(X, S) \
	X(S, key, JW_STR, 0, NULL, NULL, \
	    "Clé stable (alerts.open, round.today…)") \
	X(S, label, JW_STR, 0, NULL, NULL, "Libellé") \
	X(S, count, JW_INT, 0, NULL, NULL, \
	    "Nombre (0 : rien à faire, sans lien)") \
	X(S, detail, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Précision (une date, un objectif)") \
	X(S, link, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "La liste qu'il ouvre dans l'interface (#/…)")
JW_FIELDS(HITEM, HITEM_F);
JW_ROWS(HITEM, HITEM_F);
static const struct jw_schema hitem_schema =
    JW_INIT(HITEM, "HomeItem", "Une chose à faire : un nombre et sa liste");

#define HOME_F(X, S) \
	X(S, view, JW_ENUM, 0, home_view_codes, NULL, \
	    "coordination, care (soignants, intervenants), direction, " \
	    "partner, none") \
	X(S, today, JW_DATE, 0, NULL, NULL, "Aujourd'hui (date locale)") \
	X(S, items, JW_ARR, 0, NULL, &hitem_schema, "Les choses à faire")
JW_FIELDS(HOME, HOME_F);
JW_ROWS(HOME, HOME_F);
const struct jw_schema api_home_schema =
    JW_INIT(HOME, "Home", "Ma journée : ce qu'il y a à faire, par rôle");

static int
home_route(struct ctx *ctx, struct req *req)
{
	struct home h;
	struct jw w;
	int i, rc = home_get(ctx, &h);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_home_schema);
	jw_str(&w, HOME_view, home_view_codes[h.view]);
	jw_str(&w, HOME_today, h.today);
	jw_arr_begin(&w, HOME_items);
	for (i = 0; i < h.n; i++) {
		jw_item_obj_begin(&w);
		jw_str(&w, HITEM_key, h.items[i].key);
		jw_str(&w, HITEM_label, h.items[i].label);
		jw_int(&w, HITEM_count, h.items[i].count);
		jw_str(&w, HITEM_detail, h.items[i].detail);
		jw_str(&w, HITEM_link, h.items[i].link);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

const struct route_doc api_home_docs[] = { { M_GET, NULL, NULL, NULL } };

const struct route api_home_routes[] = {
	{ M_GET, "/api/v1/home", home_route, NULL, PERM_PERSON_READ, NULL, 0, 0,
	    200, "home",
	    "Ma journée : les choses à faire du rôle, chacune un nombre et la "
	    "liste qu'elle ouvre, en une requête",
	    "Home" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
