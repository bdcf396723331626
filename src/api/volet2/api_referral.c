/*
 * Referral routes (issue 4 steps 1-2): record a referral for a person
 * (found or created first through /persons, with its duplicate check),
 * list them (feedback owed, by status), read one, and the triage steps.
 */
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/ctx.h"
#include "domain/volet2/admission.h"
#include "domain/volet2/referral.h"
#include "json/jv.h"

static json_t *
ref_json(const struct referral *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "person",
	    json_pack("{s:I,s:s,s:s,s:s,s:s?}", "id", (json_int_t)r->person_id,
		"birth_name", r->birth_name, "first_names", r->first_names,
		"birth_date", r->birth_date, "sex", r->sex));
	api_set_str(o, "source", r->source);
	api_set_str(o, "channel", r->channel);
	api_set_str(o, "reason", r->reason);
	json_object_set_new(
	    o, "requested_volet", json_integer(r->requested_volet));
	json_object_set_new(o, "urgent", json_boolean(r->urgent));
	api_set_str(o, "hospital_doctor", r->hospital_doctor);
	json_object_set_new(o, "referrer",
	    json_pack("{s:s,s:s?,s:o,s:s?}", "name", r->referrer_name,
		"contact", r->referrer_contact, "org_id",
		r->referrer_org_id ? json_integer(r->referrer_org_id)
				   : json_null(),
		"org", r->referrer_org));
	api_set_str(o, "received_on", r->received_on);
	api_set_str(o, "status", r->status);
	json_object_set_new(o, "complex", json_boolean(r->complex));
	json_object_set_new(o, "dac",
	    json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?}", "oriented_at",
		r->dac_oriented_at, "oriented_by", r->dac_oriented_by, "reason",
		r->dac_reason, "answer", r->dac_answer, "answered_at",
		r->dac_answered_at));
	json_object_set_new(o, "feedback",
	    json_pack("{s:b,s:s?,s:s?,s:s?}", "owed",
		r->feedback_given_at == NULL, "given_at", r->feedback_given_at,
		"by", r->feedback_by, "note", r->feedback_note));
	api_set_str(o, "created_at", r->created_at);
	api_set_str(o, "created_by", r->created_by);
	return o;
}

#define RF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct referral_in, n), fl, mn, mx, en, lab, \
		    NULL, 0 \
	}

static const struct jv_field ref_fields[] = { RF(person_id, JV_INT, JV_REQ, 1,
						  0, NULL, "Personne"),
	RF(source, JV_ENUM, JV_REQ, 1, 40, referral_source_codes,
	    "Origine de la demande"),
	RF(channel, JV_ENUM, JV_REQ, 1, 40, referral_channel_codes,
	    "Canal de réception"),
	RF(reason, JV_STR, JV_REQ | JV_MULTI, 2, 4000, NULL,
	    "Motif de la demande"),
	RF(requested_volet, JV_INT, JV_REQ, 1, 2, NULL, "Volet demandé"),
	RF(urgent, JV_BOOL, 0, 0, 0, NULL,
	    "Urgence (sortie d'hospitalisation)"),
	RF(hospital_doctor, JV_STR, JV_NULL, 0, 200, NULL,
	    "Médecin hospitalier"),
	RF(referrer_name, JV_STR, JV_REQ, 1, 200, NULL, "Demandeur"),
	RF(referrer_contact, JV_STR, JV_NULL, 0, 300, NULL,
	    "Coordonnées du demandeur"),
	RF(referrer_org_id, JV_INT, JV_NULL, 1, 0, NULL,
	    "Structure du demandeur"),
	RF(received_on, JV_DATE, JV_NULL, 10, 10, NULL, "Reçue le"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static int
ref_post(struct ctx *ctx, struct req *req)
{
	const struct referral_in *in = req->in;
	struct access_grant g;
	struct referral r;
	int64_t id;
	int rc;

	rc = access_require(ctx, in->person_id.v, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    "referral.create", &g);
	if (rc == E_OK)
		rc = referral_create(ctx, &g, in, &id);
	if (rc == E_OK)
		rc = referral_get(ctx, id, &r);
	if (rc != E_OK)
		return rc;
	req->out = ref_json(&r);
	return E_OK;
}

static int
ref_list(struct ctx *ctx, struct req *req)
{
	const char *status = req_query(req, "status"),
		   *fb = req_query(req, "feedback_due"),
		   *open = req_query(req, "open");
	struct referral *v;
	struct access_grant g;
	enum access_row row;
	json_t *items;
	int64_t pid = 0;
	int n, i, rc;

	if (status != NULL && jv_enum_index(referral_status_codes, status) < 0)
		return err_set(ctx, E_INVALID, "referrals.status.invalid",
		    "status", "Statut de demande inconnu.");
	rc = api_query_id(ctx, req, "person_id", &pid);
	if (rc == E_OK)
		rc = referral_list(ctx, status,
		    fb != NULL && strcmp(fb, "1") == 0,
		    open != NULL && strcmp(open, "1") == 0, pid, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++) {
		/* Each listed referral shows a person: decided and traced by
		 * the access module; one the reader may not see is left out. */
		rc = access_list_row(ctx, v[i].person_id, CAT_BIT(CAT_ADMIN),
		    "referral.list", &g, &row);
		if (rc != E_OK) {
			json_decref(items);
			return rc;
		}
		if (row == ACCESS_ROW_VISIBLE)
			json_array_append_new(items, ref_json(&v[i]));
	}
	req->out = json_pack("{s:o}", "items", items);
	return E_OK;
}

/* A hidden person's referral answers like a missing one (issue 8 §7). */
static const struct access_missing referral_missing = { E_NOT_FOUND,
	"referral.not_found", NULL, REFERRAL_MISSING };

static int
ref_get(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct referral r;
	int rc;

	rc = referral_get(ctx, req->ids[0], &r);
	if (rc == E_OK)
		rc = access_require_sub(ctx, r.person_id, CAT_BIT(CAT_ADMIN),
		    ACT_READ, "referral.read", &g, &referral_missing);
	if (rc != E_OK)
		return rc;
	req->out = ref_json(&r);
	return E_OK;
}

struct triage_in {
	struct jv_str action;
	struct jv_str text;
};

static const struct jv_field triage_fields[] = {
	{ "action", JV_ENUM, offsetof(struct triage_in, action), JV_REQ, 1, 20,
	    referral_action_codes, "Étape", NULL, 0 },
	{ "text", JV_STR, offsetof(struct triage_in, text), JV_NULL | JV_MULTI,
	    0, 4000, NULL, "Précision (motif, réponse, note)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
ref_triage(struct ctx *ctx, struct req *req)
{
	const struct triage_in *in = req->in;
	struct access_grant g;
	struct referral r;
	int rc;

	if ((strcmp(in->action.s, "orienter_dac") == 0 ||
		strcmp(in->action.s, "reponse_dac") == 0) &&
	    (in->text.s == NULL || in->text.len < 2))
		return err_set(ctx, E_INVALID, "referral.text.required", "text",
		    "Précisez le motif de l'orientation ou la réponse du DAC.");
	rc = referral_get(ctx, req->ids[0], &r);
	if (rc == E_OK)
		rc = access_require_sub(ctx, r.person_id, CAT_BIT(CAT_ADMIN),
		    ACT_WRITE,
		    arena_printf(&ctx->arena, "referral.%s", in->action.s), &g,
		    &referral_missing);
	if (rc == E_OK)
		rc = referral_triage(
		    ctx, &g, req->ids[0], in->action.s, in->text.s);
	if (rc == E_OK)
		rc = referral_get(ctx, req->ids[0], &r);
	if (rc != E_OK)
		return rc;
	req->out = ref_json(&r);
	return E_OK;
}

static int
evals_json(
    struct ctx *ctx, const struct access_grant *g, int64_t rid, json_t **out)
{
	struct admission_eval *v;
	json_t *items;
	int n, i, rc;

	rc = admission_evals(ctx, g, rid, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items,
		    json_pack("{s:I,s:s,s:s,s:{s:I,"
			      "s:s,s:s},s:s?,s:b,s:s,s:s}",
			"id", (json_int_t)v[i].id, "kind", v[i].kind, "done_on",
			v[i].done_on, "done_by", "id", (json_int_t)v[i].done_by,
			"name", v[i].done_by_name, "profession",
			v[i].done_by_profession, "joint_with", v[i].joint_with,
			"with_gp", v[i].with_gp, "findings", v[i].findings,
			"created_at", v[i].created_at));
	*out = json_pack("{s:o}", "items", items);
	return E_OK;
}

struct aeval_in {
	struct jv_str kind;
	struct jv_str done_on;
	struct jv_int done_by;
	struct jv_str joint_with;
	struct jv_bool with_gp;
	struct jv_str findings;
};

static const struct jv_field aeval_fields[] = {
	{ "kind", JV_ENUM, offsetof(struct aeval_in, kind), JV_REQ, 1, 20,
	    admission_eval_kinds, "Type d'évaluation", NULL, 0 },
	{ "done_on", JV_DATE, offsetof(struct aeval_in, done_on), JV_REQ, 10,
	    10, NULL, "Date", NULL, 0 },
	{ "done_by", JV_INT, offsetof(struct aeval_in, done_by), JV_NULL, 1, 0,
	    NULL, "Évaluateur", NULL, 0 },
	{ "joint_with", JV_STR, offsetof(struct aeval_in, joint_with), JV_NULL,
	    0, 300, NULL, "Conjointe avec (services)", NULL, 0 },
	{ "with_gp", JV_BOOL, offsetof(struct aeval_in, with_gp), 0, 0, 0, NULL,
	    "Avec le médecin traitant", NULL, 0 },
	{ "findings", JV_STR, offsetof(struct aeval_in, findings),
	    JV_REQ | JV_MULTI, 2, 8000, NULL, "Constats", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
aeval_post(struct ctx *ctx, struct req *req)
{
	const struct aeval_in *in = req->in;
	struct access_grant g;
	struct referral r;
	int64_t id;
	int rc;

	rc = referral_get(ctx, req->ids[0], &r);
	if (rc == E_OK)
		rc = access_require_sub(ctx, r.person_id, CAT_BIT(CAT_SOINS),
		    ACT_WRITE, "admission.evaluation", &g, &referral_missing);
	if (rc == E_OK)
		rc = admission_eval_add(ctx, &g, req->ids[0], in->kind.s,
		    in->done_on.s, jv_int_or(&in->done_by, 0), in->joint_with.s,
		    in->with_gp.set && in->with_gp.v, in->findings.s, &id);
	if (rc != E_OK)
		return rc;
	return evals_json(ctx, &g, req->ids[0], &req->out);
}

static int
aeval_get(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct referral r;
	int rc;

	rc = referral_get(ctx, req->ids[0], &r);
	if (rc == E_OK)
		rc = access_require_sub(ctx, r.person_id, CAT_BIT(CAT_SOINS),
		    ACT_READ, "admission.evaluation.read", &g,
		    &referral_missing);
	if (rc != E_OK)
		return rc;
	return evals_json(ctx, &g, req->ids[0], &req->out);
}

static const char *const feedback_values[] = { "0", "1", NULL };

/* Query parameters as ref_list parses them (route.h). */
static const struct route_param ref_list_query[] = {
	{ "status", JV_ENUM, 0, 0, referral_status_codes, NULL, "Statut" },
	{ "feedback_due", JV_ENUM, 0, 0, feedback_values, "0",
	    "1 : retour d'information attendu" },
	{ "open", JV_ENUM, 0, 0, feedback_values, "0",
	    "1 : seulement les demandes en cours (pas encore décidées)" },
	{ "person_id", JV_INT, 1, 0, NULL, NULL, "Personne concernée" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error ref_list_errors[] = {
	{ E_INVALID, "referrals.status.invalid" },
	{ E_INVALID, "query.person_id.invalid" }, { 0, NULL }
};

const struct route_doc api_referral_docs[] = {
	{ M_GET, "/api/v1/referrals", ref_list_query, ref_list_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_referral_routes[] = {
	{ M_POST, "/api/v1/referrals", ref_post, NULL, PERM_REFERRAL_CREATE,
	    ref_fields, sizeof(struct referral_in), R_WRITE, 201, "referral",
	    "Enregistrer une demande (signalement) pour une personne trouvée "
	    "ou créée",
	    "Referral" },
	{ M_GET, "/api/v1/referrals", ref_list, NULL, PERM_REFERRAL_READ, NULL,
	    0, 0, 200, "referral",
	    "Demandes (status, feedback_due=1 : retour "
	    "d'information dû, open=1 : en cours, person_id), urgentes "
	    "d'abord puis les plus récentes",
	    "ReferralList" },
	{ M_GET, "/api/v1/referrals/{id}", ref_get, NULL, PERM_REFERRAL_READ,
	    NULL, 0, 0, 200, "referral", "Une demande et son orientation",
	    "Referral" },
	{ M_POST, "/api/v1/referrals/{id}/triage", ref_triage, NULL,
	    PERM_REFERRAL_TRIAGE, triage_fields, sizeof(struct triage_in),
	    R_WRITE, 200, "referral",
	    "Étape de tri : complexe, orienter_dac, reponse_dac, retour, "
	    "accepter (liste d'attente), classer",
	    "Referral" },
	{ M_POST, "/api/v1/referrals/{id}/evaluations", aeval_post, NULL, 0,
	    aeval_fields, sizeof(struct aeval_in), R_WRITE, 201, "referral",
	    "Évaluation d'admission : visite à domicile (conjointe ou non) ou "
	    "évaluation médicale par le médecin du CRT",
	    "EvaluationList" },
	{ M_GET, "/api/v1/referrals/{id}/evaluations", aeval_get, NULL, 0, NULL,
	    0, 0, 200, "referral",
	    "Évaluations d'admission d'une "
	    "demande",
	    "EvaluationList" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
