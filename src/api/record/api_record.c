/*
 * Record sections beyond identity: the DLU (emergency liaison file, with
 * the identity an emergency team needs, on one page) and the caregivers.
 */
#include <assert.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/directory/territory.h"
#include "domain/record/dlu.h"
#include "domain/record/person.h"
#include "domain/record/profile.h"
#include "json/jv.h"
#include "json/jw.h"

/*
 * The DLU, described once (issue 9 §2): the free texts' X-macro gives
 * both the input rows and the reply's DluTexts; the texts are in the
 * order of dlu_text_codes (asserted in dlu_reply()).
 */
#define DLUTEXT_F(X, S) \
	X(S, treatments, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Traitements en cours") \
	X(S, allergies, JW_STR, JW_NULLABLE, NULL, NULL, "Allergies") \
	X(S, history, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Antécédents significatifs") \
	X(S, directives_where, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Où trouver les directives anticipées") \
	X(S, trusted_person, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Personne de confiance") \
	X(S, people_to_call, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Personnes à prévenir") \
	X(S, devices, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Appareillages et dispositifs") \
	X(S, mobility, JW_STR, JW_NULLABLE, NULL, NULL, "Mobilité") \
	X(S, communication, JW_STR, JW_NULLABLE, NULL, NULL, "Communication") \
	X(S, cognition, JW_STR, JW_NULLABLE, NULL, NULL, "Cognition") \
	X(S, senses, JW_STR, JW_NULLABLE, NULL, NULL, "Sens (vue, audition)") \
	X(S, habits, JW_STR, JW_NULLABLE, NULL, NULL, "Habitudes de vie") \
	X(S, home_access, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Accès au domicile (clés, code)")
#define DLUT_F(X, S) \
	DLUTEXT_F(X, S) \
	X(S, directives, JW_ENUM, 0, dlu_directives_codes, NULL, \
	    "Directives anticipées rédigées")
JW_FIELDS(DLUT, DLUT_F);
JW_ROWS(DLUT, DLUT_F);
static const struct jw_schema dlu_texts_schema =
    JW_INIT(DLUT, "DluTexts", "Contenu du DLU");

/* The same texts as input rows. */
#define DLU_JV(S, n, t, fl, en, sc, lab) \
	{ #n, JV_STR, offsetof(struct dlu_in, text[S##_##n]), \
		JV_NULL | JV_MULTI, 0, 4000, NULL, lab, NULL, 0 },

static const struct jv_field dlu_fields[] = {
	DLUTEXT_F(DLU_JV, DLUT){ "directives", JV_ENUM,
	    offsetof(struct dlu_in, directives), JV_NULL, 1, 10,
	    dlu_directives_codes, "Directives anticipées rédigées", NULL, 0 },
	{ "reviewed_on", JV_DATE, offsetof(struct dlu_in, reviewed_on), JV_NULL,
	    10, 10, NULL, "Date de révision", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

#define CREF_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, "Code INSEE") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom")
JW_FIELDS(CREF, CREF_F);
JW_ROWS(CREF, CREF_F);
static const struct jw_schema commune_ref_schema =
    JW_INIT(CREF, "CommuneRef", "Commune (code et nom)");

#define DLUP_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de la personne") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance (trait strict, RNIV)") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom utilisé") \
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénom(s) (RNIV)") \
	X(S, birth_name_display, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) tels que saisis") \
	X(S, birth_date, JW_DATE, 0, NULL, NULL, "Date de naissance") \
	X(S, birthplace_insee, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Code INSEE du lieu de naissance (99xxx : à l'étranger)") \
	X(S, birthplace_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Lieu de naissance (commune, ou pays d'un code 99xxx)") \
	X(S, sex, JW_ENUM, 0, person_sex_codes, NULL, "Sexe") \
	X(S, address, JW_STR, JW_NULLABLE, NULL, NULL, "Adresse") \
	X(S, phone, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Téléphone du domicile (la tournée, les urgences)") \
	X(S, commune, JW_OBJ, JW_NULLABLE, NULL, &commune_ref_schema, \
	    "Commune de résidence")
JW_FIELDS(DLUP, DLUP_F);
JW_ROWS(DLUP, DLUP_F);
static const struct jw_schema dlu_person_schema =
    JW_INIT(DLUP, "DluPerson", "Identité utile aux urgences");

#define REVIEW_F(X, S) \
	X(S, reviewed_on, JW_DATE, 0, NULL, NULL, "Révisé le") \
	X(S, review_due, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Prochaine révision (un an après)") \
	X(S, overdue, JW_BOOL, 0, NULL, NULL, "Révision dépassée") \
	X(S, reviewed_by, JW_OBJ, 0, NULL, &api_user_ref_schema, "Révisé par") \
	X(S, updated_at, JW_DATETIME, 0, NULL, NULL, "Modifié le")
JW_FIELDS(REVIEW, REVIEW_F);
JW_ROWS(REVIEW, REVIEW_F);
static const struct jw_schema review_schema =
    JW_INIT(REVIEW, "DluReview", "Révision annuelle du DLU");

#define DGP_F(X, S) \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom") \
	X(S, org, JW_STR, JW_NULLABLE, NULL, NULL, "Cabinet") \
	X(S, phone, JW_STR, JW_NULLABLE, NULL, NULL, "Téléphone")
JW_FIELDS(DGP, DGP_F);
JW_ROWS(DGP, DGP_F);
static const struct jw_schema dlu_gp_schema =
    JW_INIT(DGP, "DluDoctor", "Médecin traitant (annuaire)");

#define DLP_F(X, S) \
	X(S, code, JW_ENUM, 0, profile_protection_codes, NULL, "Mesure") \
	X(S, label, JW_STR, 0, NULL, NULL, "Mesure (libellé)") \
	X(S, representative, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Représentant (curateur, tuteur…)")
JW_FIELDS(DLP, DLP_F);
JW_ROWS(DLP, DLP_F);
static const struct jw_schema dlu_protection_schema =
    JW_INIT(DLP, "DluProtection", "Protection juridique");

#define DGIR_F(X, S) \
	X(S, value, JW_INT, 0, NULL, NULL, "GIR (1 à 6)") \
	X(S, evaluated_on, JW_DATE, 0, NULL, NULL, "Évalué le")
JW_FIELDS(DGIR, DGIR_F);
JW_ROWS(DGIR, DGIR_F);
static const struct jw_schema dlu_gir_schema =
    JW_INIT(DGIR, "DluGir", "Dernière évaluation AGGIR");

#define DEM_F(X, S) \
	X(S, gp, JW_OBJ, JW_NULLABLE, NULL, &dlu_gp_schema, \
	    "Médecin traitant avec son téléphone") \
	X(S, crt_oncall_phone, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Numéro d'astreinte du CRT") \
	X(S, legal_protection, JW_OBJ, JW_NULLABLE, NULL, \
	    &dlu_protection_schema, "Protection juridique (aucune : null)") \
	X(S, gir, JW_OBJ, JW_NULLABLE, NULL, &dlu_gir_schema, "Dernier GIR")
JW_FIELDS(DEM, DEM_F);
JW_ROWS(DEM, DEM_F);
static const struct jw_schema dlu_emergency_schema = JW_INIT(
    DEM, "DluEmergency", "Pour les urgences : qui appeler, qui décide (HAS)");

#define DLU_F(X, S) \
	X(S, person, JW_OBJ, 0, NULL, &dlu_person_schema, "Personne") \
	X(S, access, JW_OBJ, 0, NULL, &api_grant_schema, \
	    "Accès de l'utilisateur") \
	X(S, emergency, JW_OBJ, 0, NULL, &dlu_emergency_schema, \
	    "Qui appeler, qui décide") \
	X(S, dlu, JW_OBJ, JW_NULLABLE, NULL, &dlu_texts_schema, \
	    "Contenu (null : pas encore de DLU)") \
	X(S, review, JW_OBJ, JW_NULLABLE, NULL, &review_schema, \
	    "Révision (null : pas encore de DLU)")
JW_FIELDS(DLU, DLU_F);
JW_ROWS(DLU, DLU_F);
const struct jw_schema api_dlu_schema =
    JW_INIT(DLU, "Dlu", "Dossier de liaison d'urgence, avec l'identité");

static void
dlu_emergency_write(struct jw *w, const struct dlu_emergency *e)
{
	/* SPEC: issue 10 point 6 — HAS DLU-Dom: whom to call, who decides. */
	jw_obj_begin(w, DLU_emergency);
	if (e->gp_name != NULL) {
		jw_obj_begin(w, DEM_gp);
		jw_str(w, DGP_name, e->gp_name);
		jw_str(w, DGP_org, e->gp_org);
		jw_str(w, DGP_phone, e->gp_phone);
		jw_obj_end(w);
	} else
		jw_null(w, DEM_gp);
	jw_str(w, DEM_crt_oncall_phone, e->oncall_phone);
	if (e->protection != NULL && e->protection_label != NULL) {
		jw_obj_begin(w, DEM_legal_protection);
		jw_str(w, DLP_code, e->protection);
		jw_str(w, DLP_label, e->protection_label);
		jw_str(w, DLP_representative, e->representative);
		jw_obj_end(w);
	} else
		jw_null(w, DEM_legal_protection);
	if (e->gir != 0) {
		jw_obj_begin(w, DEM_gir);
		jw_int(w, DGIR_value, e->gir);
		jw_str(w, DGIR_evaluated_on, e->gir_on);
		jw_obj_end(w);
	} else
		jw_null(w, DEM_gir);
	jw_obj_end(w);
}

static int
dlu_reply(struct ctx *ctx, const struct access_grant *g, struct jw *w)
{
	struct person p;
	struct dlu d;
	struct dlu_emergency e;
	struct commune c;
	int rc, exists, i, com = 0;

	rc = person_get(ctx, g, &p);
	if (rc == E_OK)
		rc = dlu_get(ctx, g, &d, &exists);
	if (rc == E_OK)
		rc = dlu_emergency(ctx, g, &e);
	if (rc != E_OK)
		return rc;
	if (p.commune_code != NULL)
		com = territory_commune(ctx, p.commune_code, &c) == E_OK;
	err_clear(ctx);
	jw_begin(w, &api_dlu_schema);
	jw_obj_begin(w, DLU_person);
	jw_int(w, DLUP_id, p.id);
	jw_str(w, DLUP_birth_name, p.birth_name);
	jw_str(w, DLUP_used_name, p.used_name);
	jw_str(w, DLUP_first_names, p.first_names);
	jw_str(w, DLUP_birth_name_display, PERSON_DISPLAY(&p, birth_name));
	jw_str(w, DLUP_first_names_display, PERSON_DISPLAY(&p, first_names));
	jw_str(w, DLUP_birth_date, p.birth_date);
	jw_str(w, DLUP_birthplace_insee, p.birthplace_insee);
	jw_str(w, DLUP_birthplace_name,
	    person_birthplace_name(ctx, p.birthplace_insee));
	jw_str(w, DLUP_sex, p.sex);
	jw_str(w, DLUP_address, p.address);
	jw_str(w, DLUP_phone, p.phone);
	if (com) {
		jw_obj_begin(w, DLUP_commune);
		jw_str(w, CREF_code, c.code);
		jw_str(w, CREF_name, c.name);
		jw_obj_end(w);
	} else
		jw_null(w, DLUP_commune);
	jw_obj_end(w);
	api_grant_write(w, DLU_access, g);
	dlu_emergency_write(w, &e);
	if (!exists) {
		jw_null(w, DLU_dlu);
		jw_null(w, DLU_review);
		return E_OK;
	}
	jw_obj_begin(w, DLU_dlu);
	for (i = 0; i < DLU_TEXTS; i++) {
		assert(strcmp(DLUT_rows[i].name, dlu_text_codes[i]) == 0);
		jw_str(w, i, d.text[i]);
	}
	jw_str(w, DLUT_directives, d.directives);
	jw_obj_end(w);
	jw_obj_begin(w, DLU_review);
	jw_str(w, REVIEW_reviewed_on, d.reviewed_on);
	jw_str(w, REVIEW_review_due, d.review_due);
	jw_bool(w, REVIEW_overdue, d.overdue);
	api_user_ref_write(
	    w, REVIEW_reviewed_by, d.reviewed_by, d.reviewed_by_name);
	jw_str(w, REVIEW_updated_at, d.updated_at);
	jw_obj_end(w);
	return E_OK;
}

int
api_dlu_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct access_grant g;
	int rc;

	rc = access_require(ctx, id, CAT_BIT(CAT_ADMIN) | CAT_BIT(CAT_SOINS),
	    ACT_READ, "dlu.read", &g);
	if (rc != E_OK)
		return rc;
	return dlu_reply(ctx, &g, w);
}

static int
dlu_read(struct ctx *ctx, struct req *req)
{
	struct jw w;

	return api_reply_if(req, &w, api_dlu_part(ctx, req->ids[0], &w));
}

static int
dlu_write(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct jw w;
	int rc;

	rc = access_require(
	    ctx, req->ids[0], CAT_BIT(CAT_SOINS), ACT_WRITE, "dlu.update", &g);
	if (rc == E_OK)
		rc = dlu_put(ctx, &g, req->in);
	if (rc == E_OK)
		rc = access_check(ctx, req->ids[0], &g);
	if (rc != E_OK)
		return rc;
	return api_reply_if(req, &w, dlu_reply(ctx, &g, &w));
}

#define CF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct caregiver_in, n), fl, mn, mx, en, lab, \
		    NULL, 0 \
	}
#define CG_FIELDS(req) \
	CF(name, JV_STR, req, 1, 150, NULL, "Nom de l'aidant"), \
	    CF(relation, JV_STR, req, 1, 80, NULL, "Lien avec la personne"), \
	    CF(phone, JV_STR, JV_NULL, 0, 30, NULL, "Téléphone"), \
	    CF(email, JV_STR, JV_NULL, 0, 254, NULL, "Adresse e-mail"), \
	    CF(lives_with, JV_BOOL, 0, 0, 0, NULL, "Vit avec la personne"), \
	    CF(situation, JV_ENUM, 0, 1, 10, dlu_caregiver_situations, \
		"Situation de l'aidant"), \
	    CF(trusted_person, JV_BOOL, 0, 0, 0, NULL, \
		"Personne de confiance"), \
	    CF(note, JV_STR, JV_NULL | JV_MULTI, 0, 2000, NULL, \
		"Commentaire"), \
	    CF(ended_on, JV_DATE, JV_NULL, 10, 10, NULL, \
		"N'aide plus depuis le")

static const struct jv_field cg_create_fields[] = { CG_FIELDS(JV_REQ),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };
static const struct jv_field cg_patch_fields[] = { CG_FIELDS(0),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

#define CG_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom de l'aidant") \
	X(S, relation, JW_STR, 0, NULL, NULL, "Lien avec la personne") \
	X(S, phone, JW_STR, JW_NULLABLE, NULL, NULL, "Téléphone") \
	X(S, email, JW_STR, JW_NULLABLE, NULL, NULL, "Adresse e-mail") \
	X(S, lives_with, JW_BOOL, 0, NULL, NULL, "Vit avec la personne") \
	X(S, situation, JW_ENUM, 0, dlu_caregiver_situations, NULL, \
	    "Situation de l'aidant") \
	X(S, trusted_person, JW_BOOL, 0, NULL, NULL, "Personne de confiance") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Commentaire") \
	X(S, ended_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "N'aide plus depuis le")
JW_FIELDS(CG, CG_F);
JW_ROWS(CG, CG_F);
static const struct jw_schema caregiver_schema =
    JW_INIT(CG, "Caregiver", "Aidant de la personne");

#define CGLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &caregiver_schema, "Aidants")
JW_FIELDS(CGLIST, CGLIST_F);
JW_ROWS(CGLIST, CGLIST_F);
const struct jw_schema api_caregiver_list_schema =
    JW_INIT(CGLIST, "CaregiverList", "Aidants de la personne");

static int
cg_list_build(struct ctx *ctx, const struct access_grant *g, struct jw *w)
{
	struct caregiver *v;
	int rc, n, i;

	rc = dlu_caregivers(ctx, g, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_caregiver_list_schema);
	jw_arr_begin(w, CGLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		jw_int(w, CG_id, v[i].id);
		jw_str(w, CG_name, v[i].name);
		jw_str(w, CG_relation, v[i].relation);
		jw_str(w, CG_phone, v[i].phone);
		jw_str(w, CG_email, v[i].email);
		jw_bool(w, CG_lives_with, v[i].lives_with);
		jw_str(w, CG_situation, v[i].situation);
		jw_bool(w, CG_trusted_person, v[i].trusted_person);
		jw_str(w, CG_note, v[i].note);
		jw_str(w, CG_ended_on, v[i].ended_on);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return E_OK;
}

static int
cg_list_reply(struct ctx *ctx, const struct access_grant *g, struct req *req)
{
	struct jw w;

	return api_reply_if(req, &w, cg_list_build(ctx, g, &w));
}

int
api_caregivers_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct access_grant g;
	int rc;

	rc = access_require(
	    ctx, id, CAT_BIT(CAT_SOCIAL), ACT_READ, "caregiver.read", &g);
	if (rc != E_OK)
		return rc;
	return cg_list_build(ctx, &g, w);
}

static int
cg_get(struct ctx *ctx, struct req *req)
{
	struct jw w;

	return api_reply_if(req, &w, api_caregivers_part(ctx, req->ids[0], &w));
}

static int
cg_post(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int64_t id;
	int rc;

	rc = access_require(ctx, req->ids[0], CAT_BIT(CAT_SOCIAL), ACT_WRITE,
	    "caregiver.add", &g);
	if (rc == E_OK)
		rc = dlu_caregiver_add(ctx, &g, req->in, &id);
	if (rc != E_OK)
		return rc;
	return cg_list_reply(ctx, &g, req);
}

static int
cg_patch(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int rc;

	rc = access_require(ctx, req->ids[0], CAT_BIT(CAT_SOCIAL), ACT_WRITE,
	    "caregiver.update", &g);
	if (rc == E_OK)
		rc = dlu_caregiver_update(ctx, &g, req->ids[1], req->in);
	if (rc != E_OK)
		return rc;
	return cg_list_reply(ctx, &g, req);
}

/* The profile, described once (issue 9 §2). */
#define CONTACT_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant dans l'annuaire") \
	X(S, name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom") \
	X(S, org, JW_STR, JW_NULLABLE, NULL, NULL, "Structure") \
	X(S, phone, JW_STR, JW_NULLABLE, NULL, NULL, "Téléphone")
JW_FIELDS(CONTACT, CONTACT_F);
JW_ROWS(CONTACT, CONTACT_F);
static const struct jw_schema contact_schema = JW_INIT(
    CONTACT, "ProfileContact", "Professionnel ou structure de l'annuaire");

#define CONSENT_F(X, S) \
	X(S, informed_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Information sur le partage donnée le") \
	X(S, informed_by, JW_OBJ, JW_NULLABLE, NULL, &api_user_ref_schema, \
	    "Information donnée par") \
	X(S, informed_to, JW_ENUM, JW_NULLABLE, profile_informed_to_codes, \
	    NULL, "Information donnée à") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Commentaire sur le consentement")
JW_FIELDS(CONSENT, CONSENT_F);
JW_ROWS(CONSENT, CONSENT_F);
static const struct jw_schema consent_schema = JW_INIT(
    CONSENT, "ProfileConsent", "Information de la personne sur le partage");

#define SOCIAL_F(X, S) \
	X(S, legal_protection, JW_ENUM, 0, profile_protection_codes, NULL, \
	    "Protection juridique") \
	X(S, legal_protection_label, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Libellé de la protection juridique") \
	X(S, legal_representative, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Représentant légal (nom, coordonnées)") \
	X(S, housing_needs, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Besoins d'adaptation du logement") \
	X(S, technical_aids, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Aides techniques") \
	X(S, telealarm, JW_BOOL, 0, NULL, NULL, "Téléassistance installée") \
	X(S, telealarm_provider, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Fournisseur de téléassistance")
JW_FIELDS(SOCIAL, SOCIAL_F);
JW_ROWS(SOCIAL, SOCIAL_F);
static const struct jw_schema social_schema =
    JW_INIT(SOCIAL, "ProfileSocial", "Situation sociale (catégorie social)");

#define PROFILE_F(X, S) \
	X(S, gp, JW_OBJ, JW_NULLABLE, NULL, &contact_schema, \
	    "Médecin traitant") \
	X(S, nurse, JW_OBJ, JW_NULLABLE, NULL, &contact_schema, \
	    "Infirmier(ère) libéral(e)") \
	X(S, pharmacy, JW_OBJ, JW_NULLABLE, NULL, &contact_schema, \
	    "Pharmacie") \
	X(S, consent, JW_OBJ, 0, NULL, &consent_schema, \
	    "Information sur le consentement") \
	X(S, social, JW_OBJ, JW_NULLABLE, NULL, &social_schema, \
	    "Situation sociale (null si la catégorie social n'est pas " \
	    "lisible)") \
	X(S, updated_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Modifié le")
JW_FIELDS(PROFILE, PROFILE_F);
JW_ROWS(PROFILE, PROFILE_F);
const struct jw_schema api_profile_schema = JW_INIT(PROFILE, "Profile",
    "Professionnels habituels, consentement et situation sociale");

/* Member f: a contact from the directory, or null. */
static void
contact_write(struct jw *w, int f, const struct profile_contact *c)
{
	if (c->id == 0) {
		jw_null(w, f);
		return;
	}
	jw_obj_begin(w, f);
	jw_int(w, CONTACT_id, c->id);
	jw_str(w, CONTACT_name, c->name);
	jw_str(w, CONTACT_org, c->org);
	jw_str(w, CONTACT_phone, c->phone);
	jw_obj_end(w);
}

static const char *
protection_label(const char *code)
{
	int i = code ? jv_enum_index(profile_protection_codes, code) : -1;

	return i >= 0 ? profile_protection_labels[i] : NULL;
}

static int
profile_build(struct ctx *ctx, const struct access_grant *g, struct jw *w)
{
	struct profile p;
	int rc;

	rc = profile_get(ctx, g, &p);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_profile_schema);
	contact_write(w, PROFILE_gp, &p.gp);
	contact_write(w, PROFILE_nurse, &p.nurse);
	contact_write(w, PROFILE_pharmacy, &p.pharmacy);
	jw_obj_begin(w, PROFILE_consent);
	jw_str(w, CONSENT_informed_on, p.consent_informed_on);
	if (p.consent_informed_by != 0)
		api_user_ref_write(w, CONSENT_informed_by,
		    p.consent_informed_by, p.consent_informed_by_name);
	else
		jw_null(w, CONSENT_informed_by);
	jw_str(w, CONSENT_informed_to, p.consent_informed_to);
	jw_str(w, CONSENT_note, p.consent_note);
	jw_obj_end(w);
	if (p.social) {
		jw_obj_begin(w, PROFILE_social);
		jw_str(w, SOCIAL_legal_protection, p.legal_protection);
		jw_str(w, SOCIAL_legal_protection_label,
		    protection_label(p.legal_protection));
		jw_str(w, SOCIAL_legal_representative, p.legal_representative);
		jw_str(w, SOCIAL_housing_needs, p.housing_needs);
		jw_str(w, SOCIAL_technical_aids, p.technical_aids);
		jw_bool(w, SOCIAL_telealarm, p.telealarm);
		jw_str(w, SOCIAL_telealarm_provider, p.telealarm_provider);
		jw_obj_end(w);
	} else
		jw_null(w, PROFILE_social);
	jw_str(w, PROFILE_updated_at, p.updated_at);
	return E_OK;
}

static int
profile_reply(struct ctx *ctx, const struct access_grant *g, struct req *req)
{
	struct jw w;

	return api_reply_if(req, &w, profile_build(ctx, g, &w));
}

int
api_profile_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct access_grant g;
	int rc;

	rc = access_require(ctx, id, ACCESS_ANY, ACT_READ, "profile.read", &g);
	if (rc != E_OK)
		return rc;
	return profile_build(ctx, &g, w);
}

static int
profile_read(struct ctx *ctx, struct req *req)
{
	struct jw w;

	return api_reply_if(req, &w, api_profile_part(ctx, req->ids[0], &w));
}

static int
profile_patch(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	unsigned cats = profile_in_cats(req->in);
	int rc;

	if (cats == 0)
		return err_set(ctx, E_INVALID, "profile.patch.empty", NULL,
		    "Aucune modification demandée.");
	rc = access_require(
	    ctx, req->ids[0], cats, ACT_WRITE, "profile.update", &g);
	if (rc == E_OK)
		rc = profile_update(ctx, &g, req->in);
	if (rc == E_OK)
		rc = access_check(ctx, req->ids[0], &g);
	if (rc != E_OK)
		return rc;
	return profile_reply(ctx, &g, req);
}

#define PRF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct profile_in, n), fl, mn, mx, en, lab, \
		    NULL, 0 \
	}

static const struct jv_field profile_fields[] = {
	PRF(gp_id, JV_INT, JV_NULL, 1, 0, NULL, "Médecin traitant"),
	PRF(nurse_id, JV_INT, JV_NULL, 1, 0, NULL, "Infirmier(ère) libéral(e)"),
	PRF(pharmacy_id, JV_INT, JV_NULL, 1, 0, NULL, "Pharmacie"),
	PRF(consent_informed_on, JV_DATE, JV_NULL, 10, 10, NULL,
	    "Information sur le partage donnée le"),
	PRF(consent_informed_to, JV_ENUM, JV_NULL, 1, 20,
	    profile_informed_to_codes, "Information donnée à"),
	PRF(consent_note, JV_STR, JV_NULL | JV_MULTI, 0, 2000, NULL,
	    "Commentaire sur le consentement"),
	PRF(legal_protection, JV_ENUM, JV_NULL, 1, 40, profile_protection_codes,
	    "Protection juridique"),
	PRF(legal_representative, JV_STR, JV_NULL, 0, 300, NULL,
	    "Représentant légal (nom, coordonnées)"),
	PRF(housing_needs, JV_STR, JV_NULL | JV_MULTI, 0, 4000, NULL,
	    "Besoins d'adaptation du logement"),
	PRF(technical_aids, JV_STR, JV_NULL | JV_MULTI, 0, 4000, NULL,
	    "Aides techniques"),
	PRF(telealarm, JV_BOOL, 0, 0, 0, NULL, "Téléassistance installée"),
	PRF(telealarm_provider, JV_STR, JV_NULL, 0, 200, NULL,
	    "Fournisseur de téléassistance"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/* The errors of each route: access_require()'s, and those of the
 * domain's checks (profile.c, dlu.c). */
static const struct route_error read_errors[] = { API_ACCESS_ERRORS,
	{ 0, NULL } };

static const struct route_error profile_patch_errors[] = {
	{ E_INVALID, "profile.patch.empty" },
	{ E_INVALID, "profile.gp_id.invalid" },
	{ E_INVALID, "profile.nurse_id.invalid" },
	{ E_INVALID, "profile.pharmacy_id.invalid" },
	{ E_INVALID, "profile.consent_informed_on.future" },
	{ E_INVALID, "profile.consent_informed_to.required" },
	API_ACCESS_ERRORS, { 0, NULL }
};

static const struct route_error dlu_put_errors[] = {
	{ E_INVALID, "dlu.reviewed_on.future" }, API_ACCESS_ERRORS, { 0, NULL }
};

#define CG_INPUT_ERRORS \
	{ E_INVALID, "person.text.forbidden_char" }, \
	    { E_INVALID, "caregiver.name.required" }, \
	    { E_INVALID, "caregiver.phone.invalid" }, \
	    { E_INVALID, "caregiver.email.invalid" }, \
	{ \
		E_INVALID, "caregiver.ended_on.future" \
	}

static const struct route_error cg_post_errors[] = { CG_INPUT_ERRORS,
	API_ACCESS_ERRORS, { 0, NULL } };

static const struct route_error cg_patch_errors[] = {
	{ E_NOT_FOUND, "caregiver.not_found" }, CG_INPUT_ERRORS,
	API_ACCESS_ERRORS, { 0, NULL }
};

/*
 * SPEC: issue 10 point 5 — the emergency search (identity and commune
 * only, whoever follows the person) and the break-the-glass pre-check:
 * both say whether a grant would open the DLU before a reason is typed.
 */
/* The verdict on an emergency access, in a search row and the pre-check. */
#define VERDICT_F(X, S) \
	X(S, dlu_readable, JW_BOOL, 0, NULL, NULL, \
	    "Le DLU est déjà lisible (cercle de soins, accès ouvert)") \
	X(S, breakglass_possible, JW_BOOL, 0, NULL, NULL, \
	    "Un accès d'urgence ouvrirait le DLU") \
	X(S, refusal, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Pourquoi l'accès d'urgence serait refusé (en français)")
#define EMERG_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, "Nom de naissance") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom utilisé") \
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénom(s) (RNIV)") \
	X(S, birth_name_display, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) tels que saisis") \
	X(S, birth_date, JW_DATE, 0, NULL, NULL, "Date de naissance") \
	X(S, commune, JW_OBJ, JW_NULLABLE, NULL, &api_commune_schema, \
	    "Commune de résidence") \
	VERDICT_F(X, S)
JW_FIELDS(EMERG, EMERG_F);
JW_ROWS(EMERG, EMERG_F);
static const struct jw_schema emergency_row_schema =
    JW_INIT(EMERG, "EmergencyPerson", "Personne trouvée en urgence");

#define ELIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &emergency_row_schema, \
	    "Personnes trouvées (10 au plus)") \
	X(S, more, JW_BOOL, 0, NULL, NULL, \
	    "D'autres personnes correspondent : préciser la recherche")
JW_FIELDS(ELIST, ELIST_F);
JW_ROWS(ELIST, ELIST_F);
const struct jw_schema api_emergency_list_schema =
    JW_INIT(ELIST, "EmergencyPersonList", "Résultat de la recherche d'urgence");

#define BGCHECK_F(X, S) VERDICT_F(X, S)
JW_FIELDS(BGCHECK, BGCHECK_F);
JW_ROWS(BGCHECK, BGCHECK_F);
const struct jw_schema api_breakglass_check_schema = JW_INIT(BGCHECK,
    "BreakglassCheck", "Ce qu'un accès d'urgence ouvrirait, avant le motif");

static int
emergency_search(struct ctx *ctx, struct req *req)
{
	struct person_emergency *v;
	struct jw w;
	const char *date = req_query(req, "birth_date"),
		   *com = req_query(req, "commune");
	int n, more, i, rc;

	if (com != NULL &&
	    (strlen(com) != 5 || strspn(com, "0123456789AB") != 5))
		return err_set(ctx, E_INVALID, "emergency.commune.invalid",
		    "commune", "La commune attend un code INSEE.");
	rc = person_emergency_search(
	    ctx, req_query(req, "name"), date, com, &v, &n, &more);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_emergency_list_schema);
	jw_arr_begin(&w, ELIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, EMERG_id, v[i].p.id);
		jw_str(&w, EMERG_birth_name, v[i].p.birth_name);
		jw_str(&w, EMERG_used_name, v[i].p.used_name);
		jw_str(&w, EMERG_first_names, v[i].p.first_names);
		jw_str(&w, EMERG_birth_name_display,
		    PERSON_DISPLAY(&v[i].p, birth_name));
		jw_str(&w, EMERG_first_names_display,
		    PERSON_DISPLAY(&v[i].p, first_names));
		jw_str(&w, EMERG_birth_date, v[i].p.birth_date);
		if (v[i].p.has_commune)
			api_commune_write(&w, EMERG_commune, &v[i].p.commune);
		else
			jw_null(&w, EMERG_commune);
		jw_bool(&w, EMERG_dlu_readable, v[i].e.readable);
		jw_bool(&w, EMERG_breakglass_possible, v[i].e.possible);
		jw_str(&w, EMERG_refusal, v[i].e.refusal);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_bool(&w, ELIST_more, more);
	api_reply(req, &w);
	return E_OK;
}

static int
breakglass_check(struct ctx *ctx, struct req *req)
{
	struct access_emergency e;
	struct access_grant g;
	struct jw w;
	int rc;

	rc = access_check(ctx, req->ids[0], &g);
	if (rc == E_OK)
		rc = access_emergency_row(
		    ctx, req->ids[0], "person.breakglass.check", &e);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_breakglass_check_schema);
	jw_bool(&w, BGCHECK_dlu_readable, e.readable);
	jw_bool(&w, BGCHECK_breakglass_possible, e.possible);
	jw_str(&w, BGCHECK_refusal, e.refusal);
	api_reply(req, &w);
	return E_OK;
}

#define MISSING_F(X, S) \
	X(S, support_id, JW_INT, 0, NULL, NULL, "Accompagnement") \
	X(S, person_id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, "Nom de naissance") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom utilisé") \
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénom(s) (RNIV)") \
	X(S, birth_name_display, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) tels que saisis") \
	X(S, birth_date, JW_DATE, 0, NULL, NULL, "Date de naissance") \
	X(S, started_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Début de l'accompagnement")
JW_FIELDS(MISSING, MISSING_F);
JW_ROWS(MISSING, MISSING_F);
static const struct jw_schema dlu_missing_schema =
    JW_INIT(MISSING, "DluMissing", "Accompagnement actif sans DLU");

#define MLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &dlu_missing_schema, \
	    "Accompagnements actifs sans DLU, par nom") \
	X(S, total, JW_INT, 0, NULL, NULL, "Nombre")
JW_FIELDS(MLIST, MLIST_F);
JW_ROWS(MLIST, MLIST_F);
const struct jw_schema api_dlu_missing_schema = JW_INIT(
    MLIST, "DluMissingList", "Accompagnements actifs sans DLU (à remplir)");

static int
dlu_missing(struct ctx *ctx, struct req *req)
{
	struct dlu_missing *v;
	struct jw w;
	int n, i, rc;

	rc = dlu_missing_list(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_dlu_missing_schema);
	jw_arr_begin(&w, MLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, MISSING_support_id, v[i].support_id);
		jw_int(&w, MISSING_person_id, v[i].person_id);
		jw_str(&w, MISSING_birth_name, v[i].birth_name);
		jw_str(&w, MISSING_used_name, v[i].used_name);
		jw_str(&w, MISSING_first_names, v[i].first_names);
		jw_str(&w, MISSING_birth_name_display, v[i].birth_name_display);
		jw_str(
		    &w, MISSING_first_names_display, v[i].first_names_display);
		jw_str(&w, MISSING_birth_date, v[i].birth_date);
		jw_str(&w, MISSING_started_on, v[i].started_on);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_int(&w, MLIST_total, n);
	api_reply(req, &w);
	return E_OK;
}

static const struct route_param emergency_query[] = {
	{ "name", JV_STR, 2, 100, NULL, NULL,
	    "Nom (ou une partie, avec ou sans accents)" },
	{ "birth_date", JV_DATE, 10, 10, NULL, NULL,
	    "Date de naissance (AAAA-MM-JJ)" },
	{ "commune", JV_STR, 5, 5, NULL, NULL, "Commune (code INSEE)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error emergency_errors[] = {
	{ E_INVALID, "emergency.name.required" },
	{ E_INVALID, "emergency.narrow.required" },
	{ E_INVALID, "emergency.birth_date.invalid" },
	{ E_INVALID, "emergency.commune.invalid" }, { 0, NULL }
};

static const struct route_error breakglass_check_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { 0, NULL }
};

const struct route_doc api_record_docs[] = {
	{ M_GET, "/api/v1/persons/{id}/profile", NULL, read_errors },
	{ M_PATCH, "/api/v1/persons/{id}/profile", NULL, profile_patch_errors },
	{ M_GET, "/api/v1/persons/{id}/dlu", NULL, read_errors },
	{ M_PUT, "/api/v1/persons/{id}/dlu", NULL, dlu_put_errors },
	{ M_GET, "/api/v1/persons/{id}/caregivers", NULL, read_errors },
	{ M_POST, "/api/v1/persons/{id}/caregivers", NULL, cg_post_errors },
	{ M_PATCH, "/api/v1/persons/{id}/caregivers/{caregiver}", NULL,
	    cg_patch_errors },
	{ M_GET, "/api/v1/emergency/persons", emergency_query,
	    emergency_errors },
	{ M_GET, "/api/v1/persons/{id}/breakglass", NULL,
	    breakglass_check_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_record_routes[] = {
	{ M_GET, "/api/v1/persons/{id}/profile", profile_read, NULL, 0, NULL, 0,
	    0, 200, "profile",
	    "Médecin traitant, infirmier, pharmacie, "
	    "information sur le consentement ; protection juridique, logement, "
	    "aides techniques, téléassistance",
	    "Profile" },
	{ M_PATCH, "/api/v1/persons/{id}/profile", profile_patch, NULL, 0,
	    profile_fields, sizeof(struct profile_in), R_WRITE, 200, "profile",
	    "Modifier ces informations (catégories admin et social)",
	    "Profile" },
	{ M_GET, "/api/v1/persons/{id}/dlu", dlu_read, NULL, 0, NULL, 0, 0, 200,
	    "dlu",
	    "Dossier de liaison d'urgence (une page, avec "
	    "l'identité) et sa révision annuelle",
	    "Dlu" },
	{ M_PUT, "/api/v1/persons/{id}/dlu", dlu_write, NULL, 0, dlu_fields,
	    sizeof(struct dlu_in), R_WRITE, 200, "dlu",
	    "Mettre à jour le DLU (date de révision : aujourd'hui par défaut)",
	    "Dlu" },
	{ M_GET, "/api/v1/emergency/persons", emergency_search, NULL,
	    PERM_PERSON_BREAKGLASS, NULL, 0, 0, 200, "breakglass",
	    "Recherche d'urgence : nom et date de naissance ou commune, "
	    "identité et commune seulement, 10 personnes au plus, tracée",
	    "EmergencyPersonList" },
	{ M_GET, "/api/v1/dlu/missing", dlu_missing, NULL, PERM_SUPPORT_READ,
	    NULL, 0, 0, 200, "dlu",
	    "Accompagnements actifs dont la personne n'a pas de DLU "
	    "(à remplir), avec leur nombre",
	    "DluMissingList" },
	{ M_GET, "/api/v1/persons/{id}/breakglass", breakglass_check, NULL,
	    PERM_PERSON_BREAKGLASS, NULL, 0, 0, 200, "breakglass",
	    "Avant le motif : un accès d'urgence ouvrirait-il le DLU ?",
	    "BreakglassCheck" },
	{ M_GET, "/api/v1/persons/{id}/caregivers", cg_get, NULL, 0, NULL, 0, 0,
	    200, "caregiver", "Aidants de la personne", "CaregiverList" },
	{ M_POST, "/api/v1/persons/{id}/caregivers", cg_post, NULL, 0,
	    cg_create_fields, sizeof(struct caregiver_in), R_WRITE, 201,
	    "caregiver",
	    "Ajouter un aidant (situation : présent, épuisé, "
	    "absent)",
	    "CaregiverList" },
	{ M_PATCH, "/api/v1/persons/{id}/caregivers/{caregiver}", cg_patch,
	    NULL, 0, cg_patch_fields, sizeof(struct caregiver_in), R_WRITE, 200,
	    "caregiver", "Modifier un aidant", "CaregiverList" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
