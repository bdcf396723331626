/*
 * Support routes (issue 4 steps 7-10 and the views): the file active with
 * its places, one support with its absences, the versioned PPCS plan, the
 * contract, hospitalisations and absences, the exit with its relay; the
 * pipeline board, a person's timeline, the delays; the CRT's settings.
 */
#include <limits.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/directory/org.h"
#include "domain/volet2/episode.h"
#include "domain/volet2/plan.h"
#include "domain/volet2/support.h"
#include "json/jv.h"

/* Who records a contract; who decides an exit (the coordinator, PRODUCT
 * §3); who sets the CRT's limits (the direction too: no person data). */

static json_t *
places_json(const struct support_places *p)
{
	return json_pack("{s:i,s:i,s:i,s:i}", "target", p->target, "active",
	    p->active, "preparing", p->preparing, "left", p->left);
}

/* `care`: the reader may see care data (hospitalisations, absences). */
static json_t *
sup_json(const struct support *s, int care)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "person",
	    json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)s->person_id,
		"birth_name", s->birth_name, "first_names", s->first_names,
		"birth_date", s->birth_date));
	json_object_set_new(o, "referral_id", json_integer(s->referral_id));
	json_object_set_new(o, "case_id", json_integer(s->case_id));
	api_set_str(o, "status", s->status);
	api_set_str(o, "received_on", s->received_on);
	api_set_str(o, "decided_on", s->decided_on);
	api_set_str(o, "started_on", s->started_on);
	json_object_set_new(o, "plan",
	    s->plan_version ? json_pack("{s:i,s:s?}", "version",
				  s->plan_version, "referent", s->referent)
			    : json_null());
	json_object_set_new(o, "contract",
	    s->contract_signed_on
		? json_pack("{s:s,s:s,s:s?,s:I,s:s?,s:s?}", "signed_on",
		      s->contract_signed_on, "signed_by", s->contract_signed_by,
		      "signer", s->contract_signer, "document_id",
		      (json_int_t)s->contract_document_id, "recorded_by",
		      s->contract_by, "recorded_at", s->contract_at)
		: json_null());
	api_set_str(
	    o, "hospitalised_since", care ? s->hospitalised_since : NULL);
	api_set_str(o, "absent_since", care ? s->absent_since : NULL);
	json_object_set_new(o, "exit_proposed",
	    care && s->exit_proposed
		? json_pack("{s:s,s:s}", "reason", "hospitalisation_longue",
		      "since", s->hospitalised_since)
		: json_null());
	json_object_set_new(o, "exit",
	    s->exit_on
		? json_pack("{s:s,s:s,s:s?,"
			    "s:s?,s:{s:o,s:s?,s:s?},s:s?,s:s?}",
		      "reason", s->exit_reason, "on", s->exit_on, "decision",
		      s->exit_decision, "doctor_opinion",
		      care ? s->exit_doctor_opinion : NULL, "relay", "org",
		      s->relay_org_id ? json_pack("{s:I,s:s}", "id",
					    (json_int_t)s->relay_org_id, "name",
					    s->relay_org)
				      : json_null(),
		      "name", s->relay_name, "informed_on",
		      s->relay_informed_on, "by", s->exit_by, "at", s->exit_at)
		: json_null());
	/* Issue 8 point 16: renounced before signing, not an exit. */
	json_object_set_new(o, "withdrawal",
	    s->withdrawn_on
		? json_pack("{s:s,s:s,s:s,s:s?,s:s?}", "label",
		      SUPPORT_WITHDRAWAL_LABEL, "on", s->withdrawn_on, "reason",
		      s->withdrawal_reason, "by", s->withdrawn_by, "at",
		      s->withdrawn_at)
		: json_null());
	return o;
}

/* For lists (no per-person grant): whether the role may read care data
 * at all (a secretary may not: no hospitalisation shown). */
static int
list_care(const struct ctx *ctx)
{
	return (access_role_ceiling(ctx->role, ACT_READ) &
		   CAT_BIT(CAT_SOINS)) != 0;
}

static int
sup_list(struct ctx *ctx, struct req *req)
{
	const char *status = req_query(req, "status");
	struct support_places p;
	struct support *v;
	struct access_grant g;
	enum access_row row;
	json_t *items;
	int n, i, rc;

	if (status != NULL && jv_enum_index(support_status_codes, status) < 0)
		return err_set(ctx, E_INVALID, "supports.status.invalid",
		    "status", "Statut d'accompagnement inconnu.");
	rc = support_places(ctx, &p);
	if (rc == E_OK)
		rc = support_list(ctx, status, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++) {
		/* Decided and traced per row; a hidden person is left out. */
		rc = access_list_row(ctx, v[i].person_id, CAT_BIT(CAT_ADMIN),
		    "support.list", &g, &row);
		if (rc != E_OK) {
			json_decref(items);
			return rc;
		}
		if (row == ACCESS_ROW_VISIBLE)
			json_array_append_new(
			    items, sup_json(&v[i], list_care(ctx)));
	}
	req->out =
	    json_pack("{s:o,s:o}", "places", places_json(&p), "items", items);
	return E_OK;
}

/* A hidden person's support answers like a missing one (issue 8 §7). */
static const struct access_missing support_missing = { E_NOT_FOUND,
	"support.not_found", NULL, SUPPORT_MISSING };

/* The support of path id with its person's access decided. */
static int
sup_access(struct ctx *ctx, struct req *req, unsigned cats, enum act act,
    const char *action, struct support *s, struct access_grant *g)
{
	int rc;

	rc = support_get(ctx, req->ids[0], s);
	if (rc == E_OK)
		rc = access_require_sub(
		    ctx, s->person_id, cats, act, action, g, &support_missing);
	return rc;
}

static int
sup_full(
    struct ctx *ctx, const struct access_grant *g, int64_t id, json_t **out)
{
	struct support_absence *a;
	struct support s;
	json_t *o, *abs;
	int n, i, rc;

	n = 0;
	rc = support_get(ctx, id, &s);
	if (rc == E_OK && (g->read & CAT_BIT(CAT_SOINS)))
		rc = support_absences(ctx, g, id, &a, &n);
	if (rc != E_OK)
		return rc;
	o = sup_json(&s, (g->read & CAT_BIT(CAT_SOINS)) != 0);
	abs = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(abs,
		    json_pack("{s:I,s:s,s:s,s:s?,s:s,"
			      "s:s?,s:s,s:s}",
			"id", (json_int_t)a[i].id, "kind", a[i].kind,
			"start_on", a[i].start_on, "end_on", a[i].end_on,
			"place", a[i].place, "note", a[i].note, "created_at",
			a[i].created_at, "created_by", a[i].created_by));
	/* null: the reader may not see them (care data). */
	if (g->read & CAT_BIT(CAT_SOINS))
		json_object_set_new(o, "absences", abs);
	else {
		json_decref(abs);
		json_object_set_new(o, "absences", json_null());
	}
	json_object_set_new(o, "access", api_grant_json(g));
	*out = o;
	return E_OK;
}

static int
sup_get(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_ADMIN), ACT_READ, "support.read", &s, &g);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], &req->out);
}

static int
person_supports(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct support *v;
	json_t *items;
	int n, i, rc;

	rc = access_require(
	    ctx, req->ids[0], CAT_BIT(CAT_ADMIN), ACT_READ, "support.list", &g);
	if (rc == E_OK)
		rc = support_of_person(ctx, req->ids[0], &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(
		    items, sup_json(&v[i], (g.read & CAT_BIT(CAT_SOINS)) != 0));
	req->out = json_pack("{s:o}", "items", items);
	return E_OK;
}

/* ---- plan ---- */

static json_t *
plan_json(const struct plan *p)
{
	const struct plan_action *a;
	json_t *o, *acts;
	int i;

	o = json_pack("{s:i,s:{s:I,s:s},s:s,s:s,s:s?,s:s,s:s}", "version",
	    p->version, "referent", "id", (json_int_t)p->referent_id, "name",
	    p->referent, "problems", p->problems, "project", p->project,
	    "unmet", p->unmet, "created_at", p->created_at, "created_by",
	    p->created_by);
	if (p->actions == NULL) {
		json_object_set_new(
		    o, "action_count", json_integer(p->nactions));
		return o;
	}
	acts = json_array();
	for (i = 0; i < p->nactions; i++) {
		a = &p->actions[i];
		json_array_append_new(acts,
		    json_pack("{s:s,s:s,s:s,s:s,s:s,"
			      "s:o,s:o,s:s,s:s,s:s?,s:s,s:s,s:s?}",
			"area", a->area, "domain", a->domain, "need", a->need,
			"objective", a->objective, "action", a->action,
			"who_user",
			a->who_user_id ? json_pack("{s:I,s:s}", "id",
					     (json_int_t)a->who_user_id, "name",
					     a->who_user)
				       : json_null(),
			"who_org",
			a->who_org_id
			    ? json_pack("{s:I,s:s}", "id",
				  (json_int_t)a->who_org_id, "name", a->who_org)
			    : json_null(),
			"frequency", a->frequency, "start_on", a->start_on,
			"due_on", a->due_on, "review_on", a->review_on,
			"status", a->status, "status_reason",
			a->status_reason));
	}
	json_object_set_new(o, "actions", acts);
	return o;
}

static int
plan_read(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct support s;
	struct plan p;
	int64_t version = 0;
	int rc;

	rc = api_query_id(ctx, req, "version", &version);
	if (rc == E_OK && version > INT_MAX)
		rc = err_set(ctx, E_NOT_FOUND, "plan.not_found", NULL,
		    "Cette version du plan n'existe pas.");
	if (rc == E_OK)
		rc = sup_access(ctx, req, CAT_BIT(CAT_SOINS), ACT_READ,
		    "plan.read", &s, &g);
	if (rc == E_OK)
		rc = plan_get(ctx, &g, req->ids[0], (int)version, &p);
	if (rc != E_OK)
		return rc;
	req->out = plan_json(&p);
	json_object_set_new(
	    req->out, "current", json_boolean(p.version == s.plan_version));
	json_object_set_new(req->out, "support", sup_json(&s, 1));
	return E_OK;
}

static int
plan_list(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct support s;
	struct plan *v;
	json_t *items;
	int n, i, rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_SOINS), ACT_READ, "plan.versions", &s, &g);
	if (rc == E_OK)
		rc = plan_versions(ctx, &g, req->ids[0], &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, plan_json(&v[i]));
	req->out = json_pack("{s:o}", "items", items);
	return E_OK;
}

struct action_in {
	struct jv_str area;
	struct jv_str domain;
	struct jv_str need;
	struct jv_str objective;
	struct jv_str action;
	struct jv_int who_user_id;
	struct jv_int who_org_id;
	struct jv_str frequency;
	struct jv_str start_on;
	struct jv_str due_on;
	struct jv_str review_on;
	struct jv_str status;
	struct jv_str status_reason;
};

#define AF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct action_in, n), fl, mn, mx, en, lab, \
		    NULL, 0 \
	}

static const struct jv_field action_fields[] = {
	AF(area, JV_ENUM, JV_REQ, 1, 40, plan_area_codes, "Axe"),
	AF(domain, JV_ENUM, JV_REQ, 1, 40, plan_domain_codes, "Domaine"),
	AF(need, JV_STR, JV_REQ | JV_MULTI, 2, 2000, NULL,
	    "Problème ou besoin"),
	AF(objective, JV_STR, JV_REQ | JV_MULTI, 2, 2000, NULL,
	    "Objectif partagé"),
	AF(action, JV_STR, JV_REQ | JV_MULTI, 2, 2000, NULL, "Action"),
	AF(who_user_id, JV_INT, JV_NULL, 1, 0, NULL,
	    "Membre de l'équipe responsable"),
	AF(who_org_id, JV_INT, JV_NULL, 1, 0, NULL,
	    "Structure partenaire responsable"),
	AF(frequency, JV_STR, JV_REQ, 2, 200, NULL, "Fréquence"),
	AF(start_on, JV_DATE, JV_REQ, 10, 10, NULL, "Début"),
	AF(due_on, JV_DATE, JV_NULL, 10, 10, NULL, "Échéance"),
	AF(review_on, JV_DATE, JV_REQ, 10, 10, NULL, "Réévaluation"),
	AF(status, JV_ENUM, JV_REQ, 1, 20, plan_status_codes, "État"),
	AF(status_reason, JV_STR, JV_NULL | JV_MULTI, 2, 2000, NULL,
	    "Raison (non réalisée)"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct plan_in {
	struct jv_int referent_id;
	struct jv_str problems;
	struct jv_str project;
	struct jv_str unmet;
	struct jv_arr actions;
};

static const struct jv_field plan_fields[] = {
	{ "referent_id", JV_INT, offsetof(struct plan_in, referent_id), JV_REQ,
	    1, 0, NULL, "Référent", NULL, 0 },
	{ "problems", JV_STR, offsetof(struct plan_in, problems),
	    JV_REQ | JV_MULTI, 2, 8000, NULL, "Synthèse des problèmes", NULL,
	    0 },
	{ "project", JV_STR, offsetof(struct plan_in, project),
	    JV_REQ | JV_MULTI, 2, 8000, NULL, "Projet de la personne", NULL,
	    0 },
	{ "unmet", JV_STR, offsetof(struct plan_in, unmet), JV_NULL | JV_MULTI,
	    0, 8000, NULL, "Objectifs partagés non atteints", NULL, 0 },
	{ "actions", JV_ARR, offsetof(struct plan_in, actions), JV_REQ, 1, 100,
	    NULL, "Actions", action_fields, sizeof(struct action_in) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
plan_put(struct ctx *ctx, struct req *req)
{
	const struct plan_in *in = req->in;
	const struct action_in *ai = in->actions.items;
	struct plan_action *acts;
	struct access_grant g;
	struct support s;
	struct plan p;
	int version, i, rc;

	acts = arena_alloc(
	    &ctx->arena, sizeof(*acts) * (size_t)(in->actions.n + 1));
	if (acts == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Requête trop volumineuse.");
	memset(&p, 0, sizeof(p));
	p.referent_id = in->referent_id.v;
	p.problems = in->problems.s;
	p.project = in->project.s;
	p.unmet = in->unmet.s;
	p.actions = acts;
	p.nactions = in->actions.n;
	for (i = 0; i < in->actions.n; i++) {
		memset(&acts[i], 0, sizeof(acts[i]));
		acts[i].area = ai[i].area.s;
		acts[i].domain = ai[i].domain.s;
		acts[i].need = ai[i].need.s;
		acts[i].objective = ai[i].objective.s;
		acts[i].action = ai[i].action.s;
		acts[i].who_user_id = jv_int_or(&ai[i].who_user_id, 0);
		acts[i].who_org_id = jv_int_or(&ai[i].who_org_id, 0);
		acts[i].frequency = ai[i].frequency.s;
		acts[i].start_on = ai[i].start_on.s;
		acts[i].due_on = ai[i].due_on.s;
		acts[i].review_on = ai[i].review_on.s;
		acts[i].status = ai[i].status.s;
		acts[i].status_reason = ai[i].status_reason.s;
	}
	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_SOINS), ACT_WRITE, "plan.save", &s, &g);
	if (rc == E_OK)
		rc = plan_save(ctx, &g, req->ids[0], &p, &version);
	if (rc == E_OK)
		rc = support_get(ctx, req->ids[0], &s);
	if (rc == E_OK)
		rc = plan_get(ctx, &g, req->ids[0], version, &p);
	if (rc != E_OK)
		return rc;
	req->out = plan_json(&p);
	json_object_set_new(req->out, "current", json_true());
	json_object_set_new(req->out, "support", sup_json(&s, 1));
	return E_OK;
}

/* ---- contract, absences, exit ---- */

struct contract_in {
	struct jv_str signed_on;
	struct jv_str signed_by;
	struct jv_str signer_name;
	struct jv_int document_id;
};

static const struct jv_field contract_fields[] = {
	{ "signed_on", JV_DATE, offsetof(struct contract_in, signed_on), JV_REQ,
	    10, 10, NULL, "Signé le", NULL, 0 },
	{ "signed_by", JV_ENUM, offsetof(struct contract_in, signed_by), JV_REQ,
	    1, 20, support_signer_codes, "Signé par", NULL, 0 },
	{ "signer_name", JV_STR, offsetof(struct contract_in, signer_name),
	    JV_NULL, 2, 200, NULL, "Nom du représentant", NULL, 0 },
	{ "document_id", JV_INT, offsetof(struct contract_in, document_id),
	    JV_REQ, 1, 0, NULL, "Contrat signé (document)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
contract_post(struct ctx *ctx, struct req *req)
{
	const struct contract_in *in = req->in;
	struct access_grant g;
	struct support s;
	int rc;

	if (strcmp(in->signed_by.s, "representant") == 0 &&
	    in->signer_name.s == NULL)
		return err_set(ctx, E_INVALID, "support.signer_name.required",
		    "signer_name",
		    "Indiquez le nom du représentant qui a "
		    "signé.");
	rc = sup_access(ctx, req, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    "support.contract", &s, &g);
	if (rc == E_OK)
		rc = support_contract(ctx, &g, req->ids[0], in->signed_on.s,
		    in->signed_by.s, in->signer_name.s, in->document_id.v);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], &req->out);
}

struct absence_in {
	struct jv_str kind;
	struct jv_str start_on;
	struct jv_str end_on;
	struct jv_str place;
	struct jv_str note;
};

static const struct jv_field absence_fields[] = {
	{ "kind", JV_ENUM, offsetof(struct absence_in, kind), JV_REQ, 1, 20,
	    support_absence_kinds, "Type", NULL, 0 },
	{ "start_on", JV_DATE, offsetof(struct absence_in, start_on), JV_REQ,
	    10, 10, NULL, "Début", NULL, 0 },
	{ "end_on", JV_DATE, offsetof(struct absence_in, end_on), JV_NULL, 10,
	    10, NULL, "Retour", NULL, 0 },
	{ "place", JV_STR, offsetof(struct absence_in, place), JV_REQ, 2, 200,
	    NULL, "Lieu (établissement, service)", NULL, 0 },
	{ "note", JV_STR, offsetof(struct absence_in, note), JV_NULL | JV_MULTI,
	    0, 2000, NULL, "Note", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
absence_post(struct ctx *ctx, struct req *req)
{
	const struct absence_in *in = req->in;
	struct access_grant g;
	struct support s;
	int64_t aid;
	int rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_SOINS), ACT_WRITE, "support.absence", &s, &g);
	if (rc == E_OK)
		rc = support_absence_add(ctx, &g, req->ids[0], in->kind.s,
		    in->start_on.s, in->end_on.s, in->place.s, in->note.s,
		    &aid);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], &req->out);
}

struct return_in {
	struct jv_str end_on;
};

static const struct jv_field return_fields[] = {
	{ "end_on", JV_DATE, offsetof(struct return_in, end_on), JV_REQ, 10, 10,
	    NULL, "Retour", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
absence_patch(struct ctx *ctx, struct req *req)
{
	const struct return_in *in = req->in;
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_SOINS), ACT_WRITE, "support.absence", &s, &g);
	if (rc == E_OK)
		rc = support_absence_end(
		    ctx, &g, req->ids[0], req->ids[1], in->end_on.s);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], &req->out);
}

struct exit_in {
	struct jv_str reason;
	struct jv_str exit_on;
	struct jv_str decision;
	struct jv_int relay_org_id;
	struct jv_str relay_name;
	struct jv_str relay_informed_on;
	struct jv_str doctor_opinion;
};

#define XF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct exit_in, n), fl, mn, mx, en, lab, NULL, \
		    0 \
	}

static const struct jv_field exit_fields[] = { XF(reason, JV_ENUM, JV_REQ, 1,
						   40, support_exit_codes,
						   "Motif de sortie"),
	XF(exit_on, JV_DATE, JV_REQ, 10, 10, NULL, "Date de sortie"),
	XF(decision, JV_STR, JV_REQ | JV_MULTI, 2, 4000, NULL,
	    "Décision de l'équipe"),
	XF(relay_org_id, JV_INT, JV_NULL, 1, 0, NULL,
	    "Service de droit commun qui prend le relais"),
	XF(relay_name, JV_STR, JV_NULL, 2, 200, NULL, "Relais (hors annuaire)"),
	XF(relay_informed_on, JV_DATE, JV_NULL, 10, 10, NULL,
	    "Relais informé le"),
	XF(doctor_opinion, JV_STR, JV_NULL | JV_MULTI, 2, 4000, NULL,
	    "Avis du médecin (critères non remplis, raison de santé)"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static int
exit_post(struct ctx *ctx, struct req *req)
{
	const struct exit_in *in = req->in;
	struct support_exit x = { in->reason.s, in->exit_on.s, in->decision.s,
		jv_int_or(&in->relay_org_id, 0), in->relay_name.s,
		in->relay_informed_on.s, in->doctor_opinion.s };
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(ctx, req, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    arena_printf(&ctx->arena, "support.exit.%s", in->reason.s), &s, &g);
	if (rc == E_OK)
		rc = support_exit(ctx, &g, req->ids[0], &x);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], &req->out);
}

struct relay_in {
	struct jv_str relay_informed_on;
};

static const struct jv_field relay_fields[] = {
	{ "relay_informed_on", JV_DATE,
	    offsetof(struct relay_in, relay_informed_on), JV_REQ, 10, 10, NULL,
	    "Relais informé le", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
exit_patch(struct ctx *ctx, struct req *req)
{
	const struct relay_in *in = req->in;
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_ADMIN), ACT_WRITE, "support.relay", &s, &g);
	if (rc == E_OK)
		rc = support_relay_informed(
		    ctx, &g, req->ids[0], in->relay_informed_on.s);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], &req->out);
}

struct withdrawal_in {
	struct jv_str withdrawn_on;
	struct jv_str reason;
};

static const struct jv_field withdrawal_fields[] = {
	{ "withdrawn_on", JV_DATE, offsetof(struct withdrawal_in, withdrawn_on),
	    JV_REQ, 10, 10, NULL, "Date de la renonciation", NULL, 0 },
	{ "reason", JV_STR, offsetof(struct withdrawal_in, reason),
	    JV_REQ | JV_MULTI, 2, 4000, NULL, "Motif de la renonciation", NULL,
	    0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/* SPEC: issue 8 point 16 — « Renonciation avant signature ». */
static int
withdrawal_post(struct ctx *ctx, struct req *req)
{
	const struct withdrawal_in *in = req->in;
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(ctx, req, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    "support.withdrawal", &s, &g);
	if (rc == E_OK)
		rc = support_withdraw(
		    ctx, &g, req->ids[0], in->withdrawn_on.s, in->reason.s);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], &req->out);
}

/* ---- views ---- */

static int
pipeline_get(struct ctx *ctx, struct req *req)
{
	struct support_places p;
	struct board_card *v;
	struct access_grant g;
	enum access_row row;
	json_t *cols[STAGE__MAX], *columns, *items;
	int n, i, k, count[STAGE__MAX] = { 0 }, rc;

	rc = support_places(ctx, &p);
	if (rc == E_OK)
		rc = episode_board(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	for (k = 0; k < STAGE__MAX; k++)
		cols[k] = json_array();
	for (i = 0; i < n; i++) {
		/* The column counts every case (the board's purpose); a card
		 * whose person the reader may not see is left out. */
		count[v[i].stage]++;
		rc = access_list_row(ctx, v[i].person_id, CAT_BIT(CAT_ADMIN),
		    "pipeline.read", &g, &row);
		if (rc != E_OK) {
			for (k = 0; k < STAGE__MAX; k++)
				json_decref(cols[k]);
			return rc;
		}
		if (row != ACCESS_ROW_VISIBLE)
			continue;
		json_array_append_new(cols[v[i].stage],
		    json_pack("{s:{s:I,"
			      "s:s,s:s},s:I,s:o,s:s?,s:s?,s:b,s:b}",
			"person", "id", (json_int_t)v[i].person_id,
			"birth_name", v[i].birth_name, "first_names",
			v[i].first_names, "referral_id",
			(json_int_t)v[i].referral_id, "support_id",
			v[i].support_id ? json_integer(v[i].support_id)
					: json_null(),
			"since", v[i].since, "detail", v[i].detail, "urgent",
			v[i].urgent, "flag",
			v[i].flag &&
			    (v[i].stage != STAGE_ACTIF || list_care(ctx))));
	}
	columns = json_array();
	for (k = 0; k < STAGE__MAX; k++) {
		items = cols[k];
		json_array_append_new(columns,
		    json_pack("{s:s,s:s,s:i,s:o}", "code",
			episode_stage_codes[k], "label",
			episode_stage_labels[k], "count", count[k], "items",
			items));
	}
	req->out = json_pack(
	    "{s:o,s:o}", "places", places_json(&p), "columns", columns);
	return E_OK;
}

static int
timeline_get(struct ctx *ctx, struct req *req)
{
	struct timeline_event *v;
	struct access_grant g;
	json_t *items;
	int n, i, rc;

	rc = access_require(ctx, req->ids[0], CAT_BIT(CAT_ADMIN), ACT_READ,
	    "timeline.read", &g);
	if (rc == E_OK)
		rc = episode_timeline(ctx, &g, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items,
		    json_pack("{s:s,s:o,s:s,s:s,s:o,"
			      "s:o}",
			"on", v[i].on, "at",
			v[i].at ? json_string(v[i].at) : json_null(), "kind",
			v[i].kind, "label", v[i].label, "referral_id",
			v[i].referral_id ? json_integer(v[i].referral_id)
					 : json_null(),
			"support_id",
			v[i].support_id ? json_integer(v[i].support_id)
					: json_null()));
	req->out = json_pack(
	    "{s:I,s:o}", "person_id", (json_int_t)req->ids[0], "items", items);
	return E_OK;
}

static json_t *
stat_json(const struct delay_stat *d)
{
	return json_pack("{s:i,s:o,s:o,s:o}", "count", d->count, "median_days",
	    d->count ? json_integer(d->median) : json_null(), "mean_days",
	    d->count ? json_real(d->mean) : json_null(), "max_days",
	    d->count ? json_integer(d->max) : json_null());
}

static int
delays_get(struct ctx *ctx, struct req *req)
{
	const char *from = req_query(req, "from"), *to = req_query(req, "to");
	struct delays d;
	int rc;

	if (to == NULL)
		to = clock_today_plus(&ctx->arena, 0);
	if (from == NULL)
		from = clock_add_months(&ctx->arena, to, -12);
	if (from == NULL || !clock_valid_date(from) || !clock_valid_date(to) ||
	    strcmp(from, to) > 0)
		return err_set(ctx, E_INVALID, "delays.period.invalid", "from",
		    "Période invalide (dates AAAA-MM-JJ, du … au …).");
	rc = episode_delays(ctx, from, to, &d);
	if (rc != E_OK)
		return rc;
	req->out = json_pack("{s:s,s:s,s:{s:i,s:i,s:i,s:i},s:o,s:o,s:o}",
	    "from", from, "to", to, "decisions", "total", d.decisions,
	    "admettre", d.admitted, "refuser", d.refused, "orienter",
	    d.oriented, "referral_to_decision", stat_json(&d.to_decision),
	    "decision_to_start", stat_json(&d.to_start), "referral_to_start",
	    stat_json(&d.total));
	return E_OK;
}

static int
settings_out(struct ctx *ctx, json_t **out)
{
	const char *oncall = NULL;
	int64_t target, months;
	int rc;

	rc = org_crt_settings(ctx, &target, &months);
	if (rc == E_OK)
		rc = org_crt_oncall(ctx, &oncall);
	if (rc != E_OK)
		return rc;
	*out = json_pack("{s:I,s:I,s:s?}", "file_active_target",
	    (json_int_t)target, "aggir_valid_months", (json_int_t)months,
	    "oncall_phone", oncall);
	return E_OK;
}

static int
settings_get(struct ctx *ctx, struct req *req)
{
	return settings_out(ctx, &req->out);
}

struct settings_in {
	struct jv_int file_active_target;
	struct jv_int aggir_valid_months;
	struct jv_str oncall_phone;
};

static const struct jv_field settings_fields[] = {
	{ "file_active_target", JV_INT,
	    offsetof(struct settings_in, file_active_target), JV_REQ, 30, 500,
	    NULL, "Objectif de file active (30 au moins)", NULL, 0 },
	{ "aggir_valid_months", JV_INT,
	    offsetof(struct settings_in, aggir_valid_months), JV_REQ, 1, 60,
	    NULL, "Validité d'une évaluation AGGIR (mois)", NULL, 0 },
	{ "oncall_phone", JV_STR, offsetof(struct settings_in, oncall_phone),
	    JV_NULL, 0, 30, NULL,
	    "Numéro d'astreinte du CRT, imprimé sur le DLU (absent : inchangé)",
	    NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
settings_put(struct ctx *ctx, struct req *req)
{
	const struct settings_in *in = req->in;
	int rc;

	rc = org_crt_settings_set(
	    ctx, in->file_active_target.v, in->aggir_valid_months.v);
	if (rc == E_OK && in->oncall_phone.set)
		rc = org_crt_oncall_set(ctx,
		    in->oncall_phone.null || in->oncall_phone.s[0] == '\0'
			? NULL
			: in->oncall_phone.s);
	if (rc != E_OK)
		return rc;
	return settings_out(ctx, &req->out);
}

/* Query parameters as sup_list, delays_get and plan_read parse them
 * (route.h). */
static const struct route_param sup_list_query[] = {
	{ "status", JV_ENUM, 0, 0, support_status_codes, NULL, "Statut" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error sup_list_errors[] = {
	{ E_INVALID, "supports.status.invalid" }, { 0, NULL }
};

static const struct route_param delays_query[] = {
	{ "from", JV_DATE, 10, 10, NULL, NULL,
	    "Début (AAAA-MM-JJ ; par "
	    "défaut douze mois avant la fin)" },
	{ "to", JV_DATE, 10, 10, NULL, NULL,
	    "Fin (AAAA-MM-JJ ; par défaut "
	    "aujourd'hui)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error delays_errors[] = {
	{ E_INVALID, "delays.period.invalid" }, { 0, NULL }
};

static const struct route_param plan_query[] = {
	{ "version", JV_INT, 1, 0, NULL, NULL,
	    "Version du plan (par défaut "
	    "la dernière)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error plan_errors[] = { { E_INVALID,
						      "query.version.invalid" },
	{ E_NOT_FOUND, "plan.not_found" }, { 0, NULL } };

static const struct route_error settings_errors[] = {
	{ E_INVALID, "settings.oncall_phone.invalid" }, { 0, NULL }
};

const struct route_doc api_support_docs[] = { { M_PUT, "/api/v1/crt/settings",
						  NULL, settings_errors },
	{ M_GET, "/api/v1/supports", sup_list_query, sup_list_errors },
	{ M_GET, "/api/v1/supports/delays", delays_query, delays_errors },
	{ M_GET, "/api/v1/supports/{id}/plan", plan_query, plan_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_support_routes[] = {
	{ M_GET, "/api/v1/supports", sup_list, NULL, PERM_SUPPORT_READ, NULL, 0,
	    0, 200, "support", "File active (status) et places restantes",
	    "SupportList" },
	{ M_GET, "/api/v1/supports/delays", delays_get, NULL, PERM_SUPPORT_READ,
	    NULL, 0, 0, 200, "support",
	    "Délais demande → décision → début "
	    "(from, to : AAAA-MM-JJ ; 12 derniers mois par défaut)",
	    "Delays" },
	{ M_GET, "/api/v1/supports/{id}", sup_get, NULL, 0, NULL, 0, 0, 200,
	    "support", "Un accompagnement : contrat, absences, sortie",
	    "Support" },
	{ M_GET, "/api/v1/supports/{id}/plan", plan_read, NULL, 0, NULL, 0, 0,
	    200, "support",
	    "Plan personnalisé (PPCS) en vigueur, ou ?version=N", "Plan" },
	{ M_PUT, "/api/v1/supports/{id}/plan", plan_put, NULL, 0, plan_fields,
	    sizeof(struct plan_in), R_WRITE, 200, "support",
	    "Enregistrer une "
	    "nouvelle version du plan personnalisé",
	    "Plan" },
	{ M_GET, "/api/v1/supports/{id}/plan/versions", plan_list, NULL, 0,
	    NULL, 0, 0, 200, "support", "Versions du plan personnalisé",
	    "PlanList" },
	{ M_POST, "/api/v1/supports/{id}/contract", contract_post, NULL,
	    PERM_SUPPORT_CONTRACT, contract_fields, sizeof(struct contract_in),
	    R_WRITE, 200, "support",
	    "Contrat d'accompagnement signé : l'accompagnement "
	    "devient actif",
	    "Support" },
	{ M_POST, "/api/v1/supports/{id}/absences", absence_post, NULL, 0,
	    absence_fields, sizeof(struct absence_in), R_WRITE, 201, "support",
	    "Hospitalisation ou absence (la place est conservée)", "Support" },
	{ M_PATCH, "/api/v1/supports/{id}/absences/{absence}", absence_patch,
	    NULL, 0, return_fields, sizeof(struct return_in), R_WRITE, 200,
	    "support", "Retour à domicile", "Support" },
	{ M_POST, "/api/v1/supports/{id}/exit", exit_post, NULL,
	    PERM_SUPPORT_EXIT, exit_fields, sizeof(struct exit_in), R_WRITE,
	    200, "support",
	    "Sortie d'un accompagnement actif, décidée en équipe, motif et "
	    "relais de droit commun",
	    "Support" },
	{ M_POST, "/api/v1/supports/{id}/withdrawal", withdrawal_post, NULL,
	    PERM_SUPPORT_EXIT, withdrawal_fields, sizeof(struct withdrawal_in),
	    R_WRITE, 200, "support",
	    "Renonciation avant signature du contrat (date, "
	    "motif) : clôt un accompagnement en préparation, sans être une "
	    "sortie",
	    "Support" },
	{ M_PATCH, "/api/v1/supports/{id}/exit", exit_patch, NULL,
	    PERM_SUPPORT_EXIT, relay_fields, sizeof(struct relay_in), R_WRITE,
	    200, "support", "Date à laquelle le relais a été informé",
	    "Support" },
	{ M_GET, "/api/v1/persons/{id}/supports", person_supports, NULL, 0,
	    NULL, 0, 0, 200, "support", "Accompagnements d'une personne",
	    "SupportList" },
	{ M_GET, "/api/v1/persons/{id}/timeline", timeline_get, NULL, 0, NULL,
	    0, 0, 200, "support",
	    "Chronologie des épisodes d'une personne, par jour : "
	    "on est toujours le jour de l'événement (AAAA-MM-JJ, heure de "
	    "Paris ; une décision de comité est datée du jour du comité), at "
	    "l'instant UTC pour les actes faits dans Maillage (orientation DAC, "
	    "réponse, retour, classement, version du plan), sinon null",
	    "Timeline" },
	{ M_GET, "/api/v1/pipeline", pipeline_get, NULL, PERM_PIPELINE_READ,
	    NULL, 0, 0, 200, "support",
	    "Tableau de suivi : demandes → évaluation → "
	    "comité → actifs → sortis, avec les effectifs",
	    "Pipeline" },
	{ M_GET, "/api/v1/crt/settings", settings_get, NULL, 0, NULL, 0, 0, 200,
	    "support",
	    "Réglages du CRT (objectif de file active, "
	    "validité AGGIR)",
	    "Settings" },
	{ M_PUT, "/api/v1/crt/settings", settings_put, NULL, PERM_CRT_SETTINGS,
	    settings_fields, sizeof(struct settings_in), R_WRITE, 200,
	    "support", "Modifier les réglages du CRT", "Settings" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
