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
#include "json/jw.h"

/* The referral replies, described once (issue 9 §2). */
#define PREF_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de la personne") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance (trait strict, RNIV)") \
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénom(s) (RNIV)") \
	X(S, birth_name_display, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) tels que saisis") \
	X(S, birth_date, JW_DATE, 0, NULL, NULL, "Date de naissance") \
	X(S, sex, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Sexe (F, M ; « né » ou « née » dans les textes)")
JW_FIELDS(PREF, PREF_F);
JW_ROWS(PREF, PREF_F);
const struct jw_schema api_person_ref_schema =
    JW_INIT(PREF, "PersonRef", "Personne concernée (identité minimale)");

void
api_person_ref_write(struct jw *w, int f, int64_t id,
    const char *const names[4], const char *birth_date, const char *sex)
{
	jw_obj_begin(w, f);
	jw_int(w, PREF_id, id);
	jw_str(w, PREF_birth_name, names[0]);
	jw_str(w, PREF_first_names, names[1]);
	jw_str(w, PREF_birth_name_display, names[2] ? names[2] : names[0]);
	jw_str(w, PREF_first_names_display, names[3] ? names[3] : names[1]);
	jw_str(w, PREF_birth_date, birth_date);
	jw_str(w, PREF_sex, sex);
	jw_obj_end(w);
}

#define REFERRER_F(X, S) \
	X(S, name, JW_STR, 0, NULL, NULL, "Demandeur") \
	X(S, contact, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Coordonnées du demandeur") \
	X(S, org_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Structure du demandeur") \
	X(S, org, JW_STR, JW_NULLABLE, NULL, NULL, "Nom de la structure")
JW_FIELDS(REFERRER, REFERRER_F);
JW_ROWS(REFERRER, REFERRER_F);
static const struct jw_schema referrer_schema =
    JW_INIT(REFERRER, "Referrer", "Demandeur");

#define DAC_F(X, S) \
	X(S, oriented_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Orientée vers le DAC le") \
	X(S, oriented_by, JW_STR, JW_NULLABLE, NULL, NULL, "Orientée par") \
	X(S, reason, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Motif de l'orientation") \
	X(S, answer, JW_STR, JW_NULLABLE, NULL, NULL, "Réponse du DAC") \
	X(S, answered_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Réponse reçue le")
JW_FIELDS(DAC, DAC_F);
JW_ROWS(DAC, DAC_F);
static const struct jw_schema dac_schema =
    JW_INIT(DAC, "ReferralDac", "Orientation vers le DAC");

#define FEEDBACK_F(X, S) \
	X(S, owed, JW_BOOL, 0, NULL, NULL, "Retour d'information dû") \
	X(S, given_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Donné le") \
	X(S, by, JW_STR, JW_NULLABLE, NULL, NULL, "Donné par") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Note")
JW_FIELDS(FEEDBACK, FEEDBACK_F);
JW_ROWS(FEEDBACK, FEEDBACK_F);
static const struct jw_schema feedback_schema =
    JW_INIT(FEEDBACK, "ReferralFeedback", "Retour d'information au demandeur");

#define REF_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de la demande") \
	X(S, person, JW_OBJ, 0, NULL, &api_person_ref_schema, \
	    "Personne concernée") \
	X(S, source, JW_ENUM, 0, referral_source_codes, NULL, \
	    "Origine de la demande") \
	X(S, channel, JW_ENUM, 0, referral_channel_codes, NULL, \
	    "Canal de réception") \
	X(S, reason, JW_STR, 0, NULL, NULL, "Motif de la demande") \
	X(S, requested_volet, JW_INT, 0, NULL, NULL, "Volet demandé (1 ou 2)") \
	X(S, urgent, JW_BOOL, 0, NULL, NULL, \
	    "Urgence (sortie d'hospitalisation)") \
	X(S, hospital_doctor, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Médecin hospitalier") \
	X(S, referrer, JW_OBJ, 0, NULL, &referrer_schema, "Demandeur") \
	X(S, received_on, JW_DATE, 0, NULL, NULL, "Reçue le") \
	X(S, status, JW_ENUM, 0, referral_status_codes, NULL, "Statut") \
	X(S, complex, JW_BOOL, 0, NULL, NULL, "Situation complexe") \
	X(S, dac, JW_OBJ, 0, NULL, &dac_schema, "Orientation vers le DAC") \
	X(S, feedback, JW_OBJ, 0, NULL, &feedback_schema, \
	    "Retour d'information au demandeur") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Enregistrée le") \
	X(S, created_by, JW_STR, 0, NULL, NULL, "Enregistrée par")
JW_FIELDS(REF, REF_F);
JW_ROWS(REF, REF_F);
const struct jw_schema api_referral_schema =
    JW_INIT(REF, "Referral", "Demande (signalement) et son orientation");

#define REFS_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_referral_schema, \
	    "Demandes, urgentes d'abord puis les plus récentes")
JW_FIELDS(REFS, REFS_F);
JW_ROWS(REFS, REFS_F);
const struct jw_schema api_referral_list_schema =
    JW_INIT(REFS, "ReferralList", "Demandes visibles par l'utilisateur");

#define DONEBY_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de l'évaluateur") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom de l'évaluateur") \
	X(S, profession, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Profession de l'évaluateur")
JW_FIELDS(DONEBY, DONEBY_F);
JW_ROWS(DONEBY, DONEBY_F);
static const struct jw_schema done_by_schema =
    JW_INIT(DONEBY, "Evaluator", "Évaluateur");

#define AEVAL_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de l'évaluation") \
	X(S, kind, JW_ENUM, 0, admission_eval_kinds, NULL, \
	    "Type d'évaluation") \
	X(S, done_on, JW_DATE, 0, NULL, NULL, "Date") \
	X(S, done_by, JW_OBJ, 0, NULL, &done_by_schema, "Évaluateur") \
	X(S, joint_with, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Conjointe avec (services)") \
	X(S, with_gp, JW_BOOL, 0, NULL, NULL, "Avec le médecin traitant") \
	X(S, findings, JW_STR, 0, NULL, NULL, "Constats") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Enregistrée le")
JW_FIELDS(AEVAL, AEVAL_F);
JW_ROWS(AEVAL, AEVAL_F);
static const struct jw_schema aeval_schema =
    JW_INIT(AEVAL, "AdmissionEvaluation", "Évaluation d'admission");

#define AEVALS_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &aeval_schema, "Évaluations d'admission")
JW_FIELDS(AEVALS, AEVALS_F);
JW_ROWS(AEVALS, AEVALS_F);
const struct jw_schema api_admission_eval_list_schema =
    JW_INIT(AEVALS, "EvaluationList", "Évaluations d'admission d'une demande");

/* The members of a referral, into the object being written. */
static void
ref_write(struct jw *w, const struct referral *r)
{
	jw_int(w, REF_id, r->id);
	{
		const char *const nm[4] = { r->birth_name, r->first_names,
			r->birth_name_display, r->first_names_display };

		api_person_ref_write(
		    w, REF_person, r->person_id, nm, r->birth_date, r->sex);
	}
	jw_str(w, REF_source, r->source);
	jw_str(w, REF_channel, r->channel);
	jw_str(w, REF_reason, r->reason);
	jw_int(w, REF_requested_volet, r->requested_volet);
	jw_bool(w, REF_urgent, r->urgent);
	jw_str(w, REF_hospital_doctor, r->hospital_doctor);
	jw_obj_begin(w, REF_referrer);
	jw_str(w, REFERRER_name, r->referrer_name);
	jw_str(w, REFERRER_contact, r->referrer_contact);
	jw_id_or_null(w, REFERRER_org_id, r->referrer_org_id);
	jw_str(w, REFERRER_org, r->referrer_org);
	jw_obj_end(w);
	jw_str(w, REF_received_on, r->received_on);
	jw_str(w, REF_status, r->status);
	jw_bool(w, REF_complex, r->complex);
	jw_obj_begin(w, REF_dac);
	jw_str(w, DAC_oriented_at, r->dac_oriented_at);
	jw_str(w, DAC_oriented_by, r->dac_oriented_by);
	jw_str(w, DAC_reason, r->dac_reason);
	jw_str(w, DAC_answer, r->dac_answer);
	jw_str(w, DAC_answered_at, r->dac_answered_at);
	jw_obj_end(w);
	jw_obj_begin(w, REF_feedback);
	jw_bool(w, FEEDBACK_owed, r->feedback_given_at == NULL);
	jw_str(w, FEEDBACK_given_at, r->feedback_given_at);
	jw_str(w, FEEDBACK_by, r->feedback_by);
	jw_str(w, FEEDBACK_note, r->feedback_note);
	jw_obj_end(w);
	jw_str(w, REF_created_at, r->created_at);
	jw_str(w, REF_created_by, r->created_by);
}

/* One referral as the whole reply. */
static void
ref_reply(struct req *req, const struct referral *r)
{
	struct jw w;

	jw_begin(&w, &api_referral_schema);
	ref_write(&w, r);
	api_reply(req, &w);
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
	ref_reply(req, &r);
	return E_OK;
}

/* The list reply of the referrals v[0..n), each row decided and traced:
 * one whose person the reader may not see is left out. */
static int
ref_rows(struct ctx *ctx, struct referral *v, int n, struct jw *w)
{
	struct access_grant g;
	enum access_row row;
	int i, rc;

	jw_begin(w, &api_referral_list_schema);
	jw_arr_begin(w, REFS_items);
	for (i = 0; i < n; i++) {
		rc = access_list_row(ctx, v[i].person_id, CAT_BIT(CAT_ADMIN),
		    "referral.list", &g, &row);
		if (rc != E_OK) {
			jw_release(w);
			return rc;
		}
		if (row == ACCESS_ROW_VISIBLE) {
			jw_item_obj_begin(w);
			ref_write(w, &v[i]);
			jw_obj_end(w);
		}
	}
	jw_arr_end(w);
	return E_OK;
}

static int
ref_list(struct ctx *ctx, struct req *req)
{
	const char *status = req_query(req, "status"),
		   *fb = req_query(req, "feedback_due"),
		   *open = req_query(req, "open");
	struct referral *v;
	struct jw w;
	int64_t pid = 0;
	int n, rc;

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
	return api_reply_if(req, &w, ref_rows(ctx, v, n, &w));
}

int
api_referrals_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct referral *v;
	int n, rc;

	/* As GET /referrals?person_id=id, with its route permission. */
	if (!access_permits(ctx->role, PERM_REFERRAL_READ))
		return err_set(ctx, E_FORBIDDEN, "role.forbidden", NULL,
		    "Votre rôle ne permet pas cette action.");
	rc = referral_list(ctx, NULL, 0, 0, id, &v, &n);
	if (rc == E_OK)
		rc = ref_rows(ctx, v, n, w);
	return rc;
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
	ref_reply(req, &r);
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
	ref_reply(req, &r);
	return E_OK;
}

static int
evals_reply(
    struct ctx *ctx, const struct access_grant *g, int64_t rid, struct req *req)
{
	struct admission_eval *v;
	struct jw w;
	int n, i, rc;

	rc = admission_evals(ctx, g, rid, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_admission_eval_list_schema);
	jw_arr_begin(&w, AEVALS_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, AEVAL_id, v[i].id);
		jw_str(&w, AEVAL_kind, v[i].kind);
		jw_str(&w, AEVAL_done_on, v[i].done_on);
		jw_obj_begin(&w, AEVAL_done_by);
		jw_int(&w, DONEBY_id, v[i].done_by);
		jw_str(&w, DONEBY_name, v[i].done_by_name);
		jw_str(&w, DONEBY_profession, v[i].done_by_profession);
		jw_obj_end(&w);
		jw_str(&w, AEVAL_joint_with, v[i].joint_with);
		jw_bool(&w, AEVAL_with_gp, v[i].with_gp);
		jw_str(&w, AEVAL_findings, v[i].findings);
		jw_str(&w, AEVAL_created_at, v[i].created_at);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
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
	return evals_reply(ctx, &g, req->ids[0], req);
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
	return evals_reply(ctx, &g, req->ids[0], req);
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

/* A referral of the path: missing (or its person hidden), or refused. */
#define REF_ACCESS_ERRORS \
	{ E_NOT_FOUND, "referral.not_found" }, \
	{ \
		E_FORBIDDEN, "access.denied" \
	}

static const struct route_error ref_post_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_INVALID, "referral.requested_volet.invalid" },
	{ E_INVALID, "referral.hospital_doctor.source" },
	{ E_INVALID, "referral.received_on.future" },
	{ E_INVALID, "referral.referrer_org_id.invalid" }, { 0, NULL }
};

static const struct route_error ref_get_errors[] = { REF_ACCESS_ERRORS,
	{ 0, NULL } };

static const struct route_error ref_triage_errors[] = { REF_ACCESS_ERRORS,
	{ E_INVALID, "referral.text.required" },
	{ E_INVALID, "referral.action.invalid" },
	{ E_CONFLICT, "referral.state" }, { 0, NULL } };

static const struct route_error aeval_post_errors[] = { REF_ACCESS_ERRORS,
	{ E_CONFLICT, "referral.state" },
	{ E_INVALID, "evaluation.done_on.invalid" },
	{ E_INVALID, "evaluation.done_by.invalid" },
	{ E_INVALID, "evaluation.done_by.doctor" }, { 0, NULL } };

const struct route_doc api_referral_docs[] = { { M_POST, "/api/v1/referrals",
						   NULL, ref_post_errors },
	{ M_GET, "/api/v1/referrals", ref_list_query, ref_list_errors },
	{ M_GET, "/api/v1/referrals/{id}", NULL, ref_get_errors },
	{ M_POST, "/api/v1/referrals/{id}/triage", NULL, ref_triage_errors },
	{ M_POST, "/api/v1/referrals/{id}/evaluations", NULL,
	    aeval_post_errors },
	{ M_GET, "/api/v1/referrals/{id}/evaluations", NULL, ref_get_errors },
	{ M_GET, NULL, NULL, NULL } };

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
