/*
 * The record page in one request (issue 10 §12): GET
 * /api/v1/persons/{id}/record answers the record (GET /persons/{id})
 * and the parts the page shows with it — AGGIR evaluations, DLU,
 * profile, caregivers, documents (record context), the volet-2 timeline,
 * supports and referrals (volet 2), the planning's week, the liaison
 * notebook's first page and the circle's conversation (coordination)
 * and the proche accounts
 * (platform) — each written by its own route's
 * function (api_*_part): the same access_require, the same trace row,
 * the same reply, embedded unchanged. Over rural 4G each round trip costs
 * 150 ms or more; the page needed five one after the other.
 *
 * At the root of api/ because it assembles two contexts (record,
 * volet2). Must not decide anything itself: which parts are asked
 * follows the page's own rule (below), and every decision is the part's.
 */
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/calendar.h"
#include "json/jv.h"
#include "json/jw.h"

/* The parts, in the order of their members below. */
static const char *const view_part_codes[] = { "aggir", "dlu", "profile",
	"caregivers", "documents", "timeline", "supports", "referrals",
	"visits", "proches", "plan", "notes", "messages", NULL };

#define VREF_F(X, S) \
	X(S, part, JW_ENUM, 0, view_part_codes, NULL, "Partie refusée") \
	X(S, status, JW_INT, 0, NULL, NULL, \
	    "Statut HTTP que sa route aurait répondu") \
	X(S, code, JW_STR, 0, NULL, NULL, "Code stable de l'erreur") \
	X(S, message, JW_STR, 0, NULL, NULL, "Message en français")
JW_FIELDS(VREF, VREF_F);
JW_ROWS(VREF, VREF_F);
static const struct jw_schema refused_schema = JW_INIT(VREF, "RecordRefusal",
    "Partie demandée que l'accès refuse (comme sa route)");

#define VIEW_F(X, S) \
	X(S, person, JW_OBJ, 0, NULL, &api_person_full_schema, \
	    "Le dossier, comme GET /persons/{id}") \
	X(S, aggir, JW_OBJ, JW_OPTIONAL, NULL, &api_aggir_eval_list_schema, \
	    "Comme GET /persons/{id}/aggir") \
	X(S, dlu, JW_OBJ, JW_OPTIONAL, NULL, &api_dlu_schema, \
	    "Comme GET /persons/{id}/dlu") \
	X(S, profile, JW_OBJ, JW_OPTIONAL, NULL, &api_profile_schema, \
	    "Comme GET /persons/{id}/profile") \
	X(S, caregivers, JW_OBJ, JW_OPTIONAL, NULL, \
	    &api_caregiver_list_schema, "Comme GET /persons/{id}/caregivers") \
	X(S, documents, JW_OBJ, JW_OPTIONAL, NULL, &api_document_list_schema, \
	    "Comme GET /persons/{id}/documents") \
	X(S, timeline, JW_OBJ, JW_OPTIONAL, NULL, &api_timeline_schema, \
	    "Comme GET /persons/{id}/timeline") \
	X(S, supports, JW_OBJ, JW_OPTIONAL, NULL, &api_person_supports_schema, \
	    "Comme GET /persons/{id}/supports") \
	X(S, referrals, JW_OBJ, JW_OPTIONAL, NULL, &api_referral_list_schema, \
	    "Comme GET /referrals?person_id={id}") \
	X(S, visits, JW_OBJ, JW_OPTIONAL, NULL, &api_visit_list_schema, \
	    "Comme GET /visits?person_id={id}&from={week}&to={week+6}") \
	X(S, proches, JW_OBJ, JW_OPTIONAL, NULL, &api_proche_list_schema, \
	    "Comme GET /persons/{id}/proches") \
	X(S, plan, JW_OBJ, JW_OPTIONAL, NULL, &api_plan_schema, \
	    "Comme GET /supports/{sid}/plan du suivi en préparation ou actif " \
	    "(la proposition du cercle)") \
	X(S, notes, JW_OBJ, JW_OPTIONAL, NULL, &api_note_list_schema, \
	    "Comme GET /persons/{id}/notes (carnet de liaison)") \
	X(S, messages, JW_OBJ, JW_OPTIONAL, NULL, &api_message_list_schema, \
	    "Comme GET /persons/{id}/messages (la conversation du cercle)") \
	X(S, refused, JW_ARR, 0, NULL, &refused_schema, \
	    "Parties demandées refusées (code et message de leur route)")
JW_FIELDS(VIEW, VIEW_F);
JW_ROWS(VIEW, VIEW_F);
const struct jw_schema api_record_view_schema = JW_INIT(VIEW, "PersonRecord",
    "Le dossier et les parties demandées que l'utilisateur peut lire");

enum view_part {
	VP_AGGIR,
	VP_DLU,
	VP_PROFILE,
	VP_CAREGIVERS,
	VP_DOCUMENTS,
	VP_TIMELINE,
	VP_SUPPORTS,
	VP_REFERRALS,
	VP_VISITS,
	VP_PROCHES,
	VP_PLAN,
	VP_NOTES,
	VP_MESSAGES,
	VP__MAX
};
_Static_assert(
    sizeof(view_part_codes) / sizeof(*view_part_codes) == VP__MAX + 1,
    "one code per part");

/*
 * A part is asked only when the page would ask it: the record's grant
 * reads the categories `needs` (the DLU and AGGIR are soins data, the
 * caregivers social), not under an emergency grant unless the part is
 * one of the emergency views, and the supports and referrals only once
 * the timeline was given (the Parcours part asks them after it; the
 * referrals are for the roles of GET /referrals, the page names them
 * only for those, another role gets its 403 role.forbidden). A part
 * left out is neither decided nor traced, as a request not sent; one
 * asked is decided and traced by its own route's function, and a refusal
 * is listed in `refused` with that route's code and message. The
 * planning's week and the proche accounts are never emergency views: a
 * break-the-glass grant reads neither (as the page asks neither then).
 * The plan is the circle proposal's (web/sections/record/edit.js
 * mayEditCircle): for a team role that writes the identity and reads
 * social and soins data, after the supports were given; a person with no
 * support in preparation or active with a plan has no plan part.
 */
static int
visits_part(struct ctx *ctx, int64_t id, const char *week, struct jw *w)
{
	return api_visits_part(ctx, id, week, w);
}

static int
plain_part(struct ctx *ctx, int64_t id, const char *week, struct jw *w,
    int (*fn)(struct ctx *, int64_t, struct jw *))
{
	(void)week;
	return fn(ctx, id, w);
}

static const struct {
	int (*fn)(struct ctx *, int64_t, struct jw *);
	int (*fnw)(struct ctx *, int64_t, const char *, struct jw *);
	unsigned needs;
	int emergency;
} view_parts[VP__MAX] = {
	[VP_AGGIR] = { api_aggir_part, NULL, CAT_BIT(CAT_SOINS), 0 },
	[VP_DLU] = { api_dlu_part, NULL, CAT_BIT(CAT_SOINS), 1 },
	[VP_PROFILE] = { api_profile_part, NULL, CAT_BIT(CAT_ADMIN), 0 },
	[VP_CAREGIVERS] = { api_caregivers_part, NULL, CAT_BIT(CAT_SOCIAL), 0 },
	[VP_DOCUMENTS] = { api_documents_part, NULL, 0, 0 },
	[VP_TIMELINE] = { api_timeline_part, NULL, 0, 0 },
	[VP_SUPPORTS] = { api_supports_part, NULL, 0, 0 },
	[VP_REFERRALS] = { api_referrals_part, NULL, 0, 0 },
	[VP_VISITS] = { NULL, visits_part, 0, 0 },
	[VP_PROCHES] = { api_proches_part, NULL, CAT_BIT(CAT_SOCIAL), 0 },
	[VP_PLAN] = { api_plan_part, NULL,
	    CAT_BIT(CAT_SOCIAL) | CAT_BIT(CAT_SOINS), 0 },
	[VP_NOTES] = { api_notes_part, NULL, 0, 0 },
	[VP_MESSAGES] = { api_messages_part, NULL, 0, 0 },
};

/* ?include=aggir,dlu,… → bits of enum view_part (absent: every part). */
static int
include_parse(struct ctx *ctx, const char *s, unsigned *out)
{
	const char *e;
	size_t n;
	int i;

	*out = 0;
	if (s == NULL) {
		*out = (1u << VP__MAX) - 1;
		return E_OK;
	}
	while (*s != '\0') {
		e = strchr(s, ',');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		for (i = 0; i < VP__MAX; i++)
			if (strlen(view_part_codes[i]) == n &&
			    memcmp(view_part_codes[i], s, n) == 0)
				break;
		if (i == VP__MAX)
			return err_set(ctx, E_INVALID, "record.include.invalid",
			    "include",
			    "Le paramètre « include » liste des parties "
			    "connues du dossier, séparées par des virgules.");
		*out |= 1u << i;
		s += n;
		if (*s == ',')
			s++;
	}
	return E_OK;
}

struct refusal {
	int part;
	int status;
	const char *code;
	const char *message;
};

static int
view_get(struct ctx *ctx, struct req *req)
{
	struct refusal ref[VP__MAX];
	const char *week = req_query(req, "week");
	struct calendar_local wl;
	struct access_grant g;
	struct jw w, pw;
	unsigned want;
	int nref = 0, i, rc, given_timeline = 0, given_supports = 0;

	_Static_assert(VIEW_aggir + VP__MAX == VIEW_refused, "parts");
	rc = include_parse(ctx, req_query(req, "include"), &want);
	if (rc == E_OK && week != NULL && calendar_parse_date(week, &wl) != 0)
		rc = err_set(ctx, E_INVALID, "record.week.invalid", "week",
		    "La semaine (week) est la date AAAA-MM-JJ de son lundi.");
	if (rc == E_OK)
		rc = api_person_part(ctx, req->ids[0], &pw, &g);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_record_view_schema);
	jw_embed(&w, VIEW_person, &pw);
	for (i = 0; i < VP__MAX; i++) {
		if (!(want & (1u << i)) ||
		    (g.read & view_parts[i].needs) != view_parts[i].needs ||
		    (g.kind == GRANT_BREAKGLASS && !view_parts[i].emergency) ||
		    ((i == VP_SUPPORTS || i == VP_REFERRALS) &&
			(want & (1u << VP_TIMELINE)) && !given_timeline) ||
		    (i == VP_PLAN &&
			(!given_supports || ctx->role == ROLE_PARTENAIRE ||
			    !(g.write & CAT_BIT(CAT_ADMIN)))))
			continue;
		rc = view_parts[i].fn != NULL
		    ? plain_part(ctx, req->ids[0], week, &pw, view_parts[i].fn)
		    : view_parts[i].fnw(ctx, req->ids[0], week, &pw);
		if (rc == E_OK) {
			jw_embed(&w, VIEW_aggir + i, &pw);
			given_timeline |= i == VP_TIMELINE;
			given_supports |= i == VP_SUPPORTS;
			continue;
		}
		if (i == VP_PLAN && rc == E_NOT_FOUND && ctx->err_key == NULL)
			continue; /* no plan to propose from */
		if (rc != E_FORBIDDEN && rc != E_NOT_FOUND) {
			jw_release(&w);
			return rc;
		}
		/* Refused as its route would be (the denial is traced). */
		ref[nref].part = i;
		ref[nref].status = err_status(rc);
		ref[nref].code = ctx->err_key;
		ref[nref].message = ctx->err_msg;
		nref++;
		err_clear(ctx);
	}
	jw_arr_begin(&w, VIEW_refused);
	for (i = 0; i < nref; i++) {
		jw_item_obj_begin(&w);
		jw_str(&w, VREF_part, view_part_codes[ref[i].part]);
		jw_int(&w, VREF_status, ref[i].status);
		jw_str(&w, VREF_code, ref[i].code);
		jw_str(&w, VREF_message, ref[i].message);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static const struct route_param view_query[] = {
	{ "include", JV_STR, 0, 200, NULL, NULL,
	    "Parties voulues, séparées par des virgules (aggir, dlu, profile, "
	    "caregivers, documents, timeline, supports, referrals, visits, "
	    "proches, plan, notes, messages ; absent : toutes)" },
	{ "week", JV_STR, 0, 10, NULL, NULL,
	    "Lundi (AAAA-MM-JJ) de la semaine de la partie visits (absent : "
	    "la semaine en cours, fuseau du CRT)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error view_errors[] = {
	{ E_INVALID, "record.include.invalid" },
	{ E_INVALID, "record.week.invalid" }, API_ACCESS_ERRORS, { 0, NULL }
};

const struct route_doc api_view_docs[] = {
	{ M_GET, "/api/v1/persons/{id}/record", view_query, view_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_view_routes[] = {
	{ M_GET, "/api/v1/persons/{id}/record", view_get, NULL, 0, NULL, 0, 0,
	    200, "person",
	    "Le dossier et, en une requête, les parties que la page affiche "
	    "(include=…) : chacune décidée et tracée comme sa route, une "
	    "partie refusée listée dans refused avec le code de sa route",
	    "PersonRecord" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
