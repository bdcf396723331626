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

#define TF(i, name, label) \
	{ \
		name, JV_STR, offsetof(struct dlu_in, text[i]), \
		    JV_NULL | JV_MULTI, 0, 4000, NULL, label, NULL, 0 \
	}

/* Same order as dlu_text_codes (asserted in dlu_json). */
static const struct jv_field dlu_fields[] = { TF(0, "treatments",
						  "Traitements en cours"),
	TF(1, "allergies", "Allergies"),
	TF(2, "history", "Antécédents significatifs"),
	TF(3, "directives_where", "Où trouver les directives anticipées"),
	TF(4, "trusted_person", "Personne de confiance"),
	TF(5, "people_to_call", "Personnes à prévenir"),
	TF(6, "devices", "Appareillages et dispositifs"),
	TF(7, "mobility", "Mobilité"), TF(8, "communication", "Communication"),
	TF(9, "cognition", "Cognition"),
	TF(10, "senses", "Sens (vue, audition)"),
	TF(11, "habits", "Habitudes de vie"),
	TF(12, "home_access", "Accès au domicile (clés, code)"),
	{ "directives", JV_ENUM, offsetof(struct dlu_in, directives), JV_NULL,
	    1, 10, dlu_directives_codes, "Directives anticipées rédigées", NULL,
	    0 },
	{ "reviewed_on", JV_DATE, offsetof(struct dlu_in, reviewed_on), JV_NULL,
	    10, 10, NULL, "Date de révision", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

/* The DLU reply (issue 10 point 6: described once, jw). */
#define DCOM_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, "Code INSEE") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom")
JW_FIELDS(DCOM, DCOM_F);
JW_ROWS(DCOM, DCOM_F);
static const struct jw_schema dlu_commune_schema =
    JW_INIT(DCOM, "DluCommune", "Commune de résidence");

#define DWHO_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, "Nom de naissance") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom utilisé") \
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénom(s)") \
	X(S, birth_date, JW_DATE, 0, NULL, NULL, "Date de naissance") \
	X(S, sex, JW_ENUM, 0, person_sex_codes, NULL, "Sexe") \
	X(S, address, JW_STR, JW_NULLABLE, NULL, NULL, "Adresse") \
	X(S, commune, JW_OBJ, JW_NULLABLE, NULL, &dlu_commune_schema, \
	    "Commune de résidence")
JW_FIELDS(DWHO, DWHO_F);
JW_ROWS(DWHO, DWHO_F);
static const struct jw_schema dlu_person_schema =
    JW_INIT(DWHO, "DluPerson", "La personne, pour l'équipe d'urgence");

/* Same order as dlu_text_codes (asserted in dlu_json). */
#define DTXT(X, S, n, lab) X(S, n, JW_STR, JW_NULLABLE, NULL, NULL, lab)
#define DTEXT_F(X, S) \
	DTXT(X, S, treatments, "Traitements en cours") \
	DTXT(X, S, allergies, "Allergies") \
	DTXT(X, S, history, "Antécédents significatifs") \
	DTXT(X, S, directives_where, "Où trouver les directives anticipées") \
	DTXT(X, S, trusted_person, "Personne de confiance") \
	DTXT(X, S, people_to_call, "Personnes à prévenir") \
	DTXT(X, S, devices, "Appareillages et dispositifs") \
	DTXT(X, S, mobility, "Mobilité") \
	DTXT(X, S, communication, "Communication") \
	DTXT(X, S, cognition, "Cognition") \
	DTXT(X, S, senses, "Sens (vue, audition)") \
	DTXT(X, S, habits, "Habitudes de vie") \
	DTXT(X, S, home_access, "Accès au domicile (clés, code)") \
	X(S, directives, JW_ENUM, JW_NULLABLE, dlu_directives_codes, NULL, \
	    "Directives anticipées rédigées")
JW_FIELDS(DTEXT, DTEXT_F);
JW_ROWS(DTEXT, DTEXT_F);
static const struct jw_schema dlu_text_schema =
    JW_INIT(DTEXT, "DluTexts", "Les rubriques du DLU");

#define DBY_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom")
JW_FIELDS(DBY, DBY_F);
JW_ROWS(DBY, DBY_F);
static const struct jw_schema dlu_by_schema =
    JW_INIT(DBY, "DluReviewer", "Auteur de la révision");

#define DREV_F(X, S) \
	X(S, reviewed_on, JW_DATE, 0, NULL, NULL, "Révisé le") \
	X(S, review_due, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Prochaine révision avant le") \
	X(S, overdue, JW_BOOL, 0, NULL, NULL, "Révision en retard") \
	X(S, reviewed_by, JW_OBJ, 0, NULL, &dlu_by_schema, "Révisé par") \
	X(S, updated_at, JW_DATETIME, 0, NULL, NULL, "Modifié le")
JW_FIELDS(DREV, DREV_F);
JW_ROWS(DREV, DREV_F);
static const struct jw_schema dlu_review_schema =
    JW_INIT(DREV, "DluReview", "Révision annuelle du DLU");

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
	X(S, person, JW_OBJ, 0, NULL, &dlu_person_schema, "La personne") \
	X(S, access, JW_OBJ, 0, NULL, &api_grant_schema, \
	    "Accès de l'utilisateur") \
	X(S, emergency, JW_OBJ, 0, NULL, &dlu_emergency_schema, \
	    "Qui appeler, qui décide") \
	X(S, dlu, JW_OBJ, JW_NULLABLE, NULL, &dlu_text_schema, \
	    "Les rubriques (null : pas encore de DLU)") \
	X(S, review, JW_OBJ, JW_NULLABLE, NULL, &dlu_review_schema, \
	    "La révision (null : pas encore de DLU)")
JW_FIELDS(DLU, DLU_F);
JW_ROWS(DLU, DLU_F);
const struct jw_schema api_dlu_schema =
    JW_INIT(DLU, "Dlu", "Dossier de liaison d'urgence");

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
dlu_json(struct ctx *ctx, const struct access_grant *g, struct req *req)
{
	struct person p;
	struct dlu d;
	struct dlu_emergency e;
	struct commune c;
	struct jw w;
	int rc, exists, i, has_commune = 0;

	rc = person_get(ctx, g, &p);
	if (rc == E_OK)
		rc = dlu_get(ctx, g, &d, &exists);
	if (rc == E_OK)
		rc = dlu_emergency(ctx, g, &e);
	if (rc != E_OK)
		return rc;
	if (p.commune_code != NULL &&
	    territory_commune(ctx, p.commune_code, &c) == E_OK)
		has_commune = 1;
	err_clear(ctx);
	jw_begin(&w, &api_dlu_schema);
	jw_obj_begin(&w, DLU_person);
	jw_int(&w, DWHO_id, p.id);
	jw_str(&w, DWHO_birth_name, p.birth_name);
	jw_str(&w, DWHO_used_name, p.used_name);
	jw_str(&w, DWHO_first_names, p.first_names);
	jw_str(&w, DWHO_birth_date, p.birth_date);
	jw_str(&w, DWHO_sex, p.sex);
	jw_str(&w, DWHO_address, p.address);
	if (has_commune) {
		jw_obj_begin(&w, DWHO_commune);
		jw_str(&w, DCOM_code, c.code);
		jw_str(&w, DCOM_name, c.name);
		jw_obj_end(&w);
	} else
		jw_null(&w, DWHO_commune);
	jw_obj_end(&w);
	api_grant_write(&w, DLU_access, g);
	dlu_emergency_write(&w, &e);
	if (!exists) {
		jw_null(&w, DLU_dlu);
		jw_null(&w, DLU_review);
		api_reply(req, &w);
		return E_OK;
	}
	jw_obj_begin(&w, DLU_dlu);
	for (i = 0; i < DLU_TEXTS; i++) {
		assert(strcmp(dlu_fields[i].name, dlu_text_codes[i]) == 0);
		assert(strcmp(DTEXT_rows[DTEXT_treatments + i].name,
			   dlu_text_codes[i]) == 0);
		jw_str(&w, DTEXT_treatments + i, d.text[i]);
	}
	jw_str(&w, DTEXT_directives, d.directives);
	jw_obj_end(&w);
	jw_obj_begin(&w, DLU_review);
	jw_str(&w, DREV_reviewed_on, d.reviewed_on);
	jw_str(&w, DREV_review_due, d.review_due);
	jw_bool(&w, DREV_overdue, d.overdue);
	jw_obj_begin(&w, DREV_reviewed_by);
	jw_int(&w, DBY_id, d.reviewed_by);
	jw_str(&w, DBY_name, d.reviewed_by_name);
	jw_obj_end(&w);
	jw_str(&w, DREV_updated_at, d.updated_at);
	jw_obj_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static int
dlu_read(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int rc;

	rc = access_require(ctx, req->ids[0],
	    CAT_BIT(CAT_ADMIN) | CAT_BIT(CAT_SOINS), ACT_READ, "dlu.read", &g);
	if (rc != E_OK)
		return rc;
	return dlu_json(ctx, &g, req);
}

static int
dlu_write(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int rc;

	rc = access_require(
	    ctx, req->ids[0], CAT_BIT(CAT_SOINS), ACT_WRITE, "dlu.update", &g);
	if (rc == E_OK)
		rc = dlu_put(ctx, &g, req->in);
	if (rc == E_OK)
		rc = access_check(ctx, req->ids[0], &g);
	if (rc != E_OK)
		return rc;
	return dlu_json(ctx, &g, req);
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

static int
cg_list_json(struct ctx *ctx, const struct access_grant *g, json_t **out)
{
	struct caregiver *v;
	json_t *items, *it;
	int rc, n, i;

	rc = dlu_caregivers(ctx, g, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++) {
		it = json_object();
		json_object_set_new(it, "id", json_integer(v[i].id));
		api_set_str(it, "name", v[i].name);
		api_set_str(it, "relation", v[i].relation);
		api_set_str(it, "phone", v[i].phone);
		api_set_str(it, "email", v[i].email);
		json_object_set_new(
		    it, "lives_with", json_boolean(v[i].lives_with));
		api_set_str(it, "situation", v[i].situation);
		json_object_set_new(
		    it, "trusted_person", json_boolean(v[i].trusted_person));
		api_set_str(it, "note", v[i].note);
		api_set_str(it, "ended_on", v[i].ended_on);
		json_array_append_new(items, it);
	}
	*out = json_pack("{s:o}", "items", items);
	return E_OK;
}

static int
cg_get(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int rc;

	rc = access_require(ctx, req->ids[0], CAT_BIT(CAT_SOCIAL), ACT_READ,
	    "caregiver.read", &g);
	if (rc != E_OK)
		return rc;
	return cg_list_json(ctx, &g, &req->out);
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
	return cg_list_json(ctx, &g, &req->out);
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
	return cg_list_json(ctx, &g, &req->out);
}

static json_t *
contact_json(const struct profile_contact *c)
{
	if (c->id == 0)
		return json_null();
	return json_pack("{s:I,s:s?,s:s?,s:s?}", "id", (json_int_t)c->id,
	    "name", c->name, "org", c->org, "phone", c->phone);
}

static const char *
protection_label(const char *code)
{
	int i = code ? jv_enum_index(profile_protection_codes, code) : -1;

	return i >= 0 ? profile_protection_labels[i] : NULL;
}

static int
profile_json(struct ctx *ctx, const struct access_grant *g, json_t **out)
{
	struct profile p;
	json_t *o;
	int rc;

	rc = profile_get(ctx, g, &p);
	if (rc != E_OK)
		return rc;
	o = json_object();
	json_object_set_new(o, "gp", contact_json(&p.gp));
	json_object_set_new(o, "nurse", contact_json(&p.nurse));
	json_object_set_new(o, "pharmacy", contact_json(&p.pharmacy));
	json_object_set_new(o, "consent",
	    json_pack("{s:s?,s:o,s:s?,s:s?}", "informed_on",
		p.consent_informed_on, "informed_by",
		p.consent_informed_by ? json_pack("{s:I,s:s?}", "id",
					    (json_int_t)p.consent_informed_by,
					    "name", p.consent_informed_by_name)
				      : json_null(),
		"informed_to", p.consent_informed_to, "note", p.consent_note));
	json_object_set_new(o, "social",
	    !p.social ? json_null()
		      : json_pack("{s:s,s:s?,s:s?,s:s?,s:s?,s:b,s:s?}",
			    "legal_protection", p.legal_protection,
			    "legal_protection_label",
			    protection_label(p.legal_protection),
			    "legal_representative", p.legal_representative,
			    "housing_needs", p.housing_needs, "technical_aids",
			    p.technical_aids, "telealarm", p.telealarm,
			    "telealarm_provider", p.telealarm_provider));
	api_set_str(o, "updated_at", p.updated_at);
	*out = o;
	return E_OK;
}

static int
profile_read(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int rc;

	rc = access_require(
	    ctx, req->ids[0], ACCESS_ANY, ACT_READ, "profile.read", &g);
	if (rc != E_OK)
		return rc;
	return profile_json(ctx, &g, &req->out);
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
	return profile_json(ctx, &g, &req->out);
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
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénom(s)") \
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
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénom(s)") \
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
