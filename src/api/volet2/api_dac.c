/*
 * The DAC's routes (issue 10 point 7): a partner user lists the referrals
 * oriented to its organisation (within consent) and answers each once.
 * Replies are described with the typed writer (json/jw.h).
 */
#include <stddef.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/record/person.h"
#include "domain/volet2/dac.h"
#include "domain/volet2/referral.h"
#include "json/jv.h"
#include "json/jw.h"

#define DACREF_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de la demande") \
	X(S, person_id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, "Nom de naissance") \
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénoms (RNIV)") \
	X(S, birth_name_display, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) tels que saisis") \
	X(S, birth_date, JW_DATE, 0, NULL, NULL, "Date de naissance") \
	X(S, sex, JW_ENUM, 0, person_sex_codes, NULL, "Sexe") \
	X(S, reason, JW_STR, 0, NULL, NULL, "Motif de la demande") \
	X(S, urgent, JW_BOOL, 0, NULL, NULL, "Urgente") \
	X(S, received_on, JW_DATE, 0, NULL, NULL, "Reçue le") \
	X(S, status, JW_ENUM, 0, referral_status_codes, NULL, \
	    "État de la demande") \
	X(S, oriented_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Orientée vers le DAC le") \
	X(S, oriented_reason, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Pourquoi le CRT oriente vers le DAC") \
	X(S, taken, JW_BOOL, JW_NULLABLE, NULL, NULL, \
	    "Prise en charge par le DAC (null : pas encore de réponse)") \
	X(S, answer, JW_STR, JW_NULLABLE, NULL, NULL, "Réponse du DAC") \
	X(S, joint_eval_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Évaluation conjointe proposée le") \
	X(S, answered_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Répondu le") \
	X(S, answered_by, JW_STR, JW_NULLABLE, NULL, NULL, "Répondu par")
JW_FIELDS(DACREF, DACREF_F);
JW_ROWS(DACREF, DACREF_F);
static const struct jw_schema dac_referral_schema = JW_INIT(
    DACREF, "DacReferral", "Demande orientée vers le DAC et sa réponse");

#define DACLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &dac_referral_schema, \
	    "Demandes orientées vers la structure de l'utilisateur, celles " \
	    "sans réponse d'abord")
JW_FIELDS(DACLIST, DACLIST_F);
JW_ROWS(DACLIST, DACLIST_F);
const struct jw_schema api_dac_list_schema = JW_INIT(DACLIST, "DacReferralList",
    "Demandes orientées vers le DAC de l'utilisateur");

static int
dac_list(struct ctx *ctx, struct req *req)
{
	struct dac_referral *v;
	struct jw w;
	int n, i, rc;

	rc = dac_referrals(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_dac_list_schema);
	jw_arr_begin(&w, DACLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, DACREF_id, v[i].id);
		jw_int(&w, DACREF_person_id, v[i].person_id);
		jw_str(&w, DACREF_birth_name, v[i].birth_name);
		jw_str(&w, DACREF_first_names, v[i].first_names);
		jw_str(&w, DACREF_birth_name_display, v[i].birth_name_display);
		jw_str(
		    &w, DACREF_first_names_display, v[i].first_names_display);
		jw_str(&w, DACREF_birth_date, v[i].birth_date);
		jw_str(&w, DACREF_sex, v[i].sex);
		jw_str(&w, DACREF_reason, v[i].reason);
		jw_bool(&w, DACREF_urgent, v[i].urgent);
		jw_str(&w, DACREF_received_on, v[i].received_on);
		jw_str(&w, DACREF_status, v[i].status);
		jw_str(&w, DACREF_oriented_at, v[i].oriented_at);
		jw_str(&w, DACREF_oriented_reason, v[i].oriented_reason);
		if (v[i].taken < 0)
			jw_null(&w, DACREF_taken);
		else
			jw_bool(&w, DACREF_taken, v[i].taken);
		jw_str(&w, DACREF_answer, v[i].answer);
		jw_str(&w, DACREF_joint_eval_on, v[i].joint_eval_on);
		jw_str(&w, DACREF_answered_at, v[i].answered_at);
		jw_str(&w, DACREF_answered_by, v[i].answered_by);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

struct answer_in {
	struct jv_bool taken;
	struct jv_str text;
	struct jv_str joint_eval_on;
};

static const struct jv_field answer_fields[] = {
	{ "taken", JV_BOOL, offsetof(struct answer_in, taken), JV_REQ, 0, 0,
	    NULL, "Prise en charge par le DAC", NULL, 0 },
	{ "text", JV_STR, offsetof(struct answer_in, text), JV_NULL | JV_MULTI,
	    0, 2000, NULL,
	    "Motif (obligatoire si non prise en charge) ou précisions", NULL,
	    0 },
	{ "joint_eval_on", JV_DATE, offsetof(struct answer_in, joint_eval_on),
	    JV_NULL, 10, 10, NULL, "Évaluation conjointe proposée le", NULL,
	    0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
dac_answer_post(struct ctx *ctx, struct req *req)
{
	const struct answer_in *in = req->in;
	int rc;

	rc = dac_answer(ctx, req->ids[0], in->taken.v,
	    in->text.set && !in->text.null ? in->text.s : NULL,
	    in->joint_eval_on.set && !in->joint_eval_on.null
		? in->joint_eval_on.s
		: NULL);
	if (rc != E_OK)
		return rc;
	return dac_list(ctx, req);
}

static const struct route_error answer_errors[] = { { E_NOT_FOUND,
							"referral.not_found" },
	{ E_CONFLICT, "referral.state" }, { E_INVALID, "dac.reason.required" },
	{ E_INVALID, "dac.joint_eval_on.invalid" }, { 0, NULL } };

const struct route_doc api_dac_docs[] = {
	{ M_POST, "/api/v1/dac/referrals/{id}/answer", NULL, answer_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_dac_routes[] = {
	{ M_GET, "/api/v1/dac/referrals", dac_list, NULL, PERM_DAC_REFERRALS,
	    NULL, 0, 0, 200, "referral",
	    "Demandes orientées vers la structure de l'utilisateur (le DAC), "
	    "dans le respect des oppositions ; les autres partenaires n'en "
	    "voient aucune",
	    "DacReferralList" },
	{ M_POST, "/api/v1/dac/referrals/{id}/answer", dac_answer_post, NULL,
	    PERM_DAC_REFERRALS, answer_fields, sizeof(struct answer_in),
	    R_WRITE, 200, "referral",
	    "Réponse du DAC à une demande orientée vers lui (une fois) : prise "
	    "en charge ou non (motif), évaluation conjointe proposée à une "
	    "date",
	    "DacReferralList" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
