/*
 * Person routes (platform version): list/search, create, read, update,
 * care circle, consent objections, break-the-glass, access history.
 * Every handler obtains its grant from access_require() first.
 */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "domain/directory/territory.h"
#include "domain/record/country.h"
#include "domain/record/evaluation.h"
#include "domain/record/ins.h"
#include "domain/record/person.h"
#include "json/jv.h"
#include "json/jw.h"

#define PF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct person_in, n), fl, mn, mx, en, lab, \
		    NULL, 0 \
	}
#define DF(cat, lab) \
	{ \
#cat, JV_STR, \
		    offsetof(struct person_in, data.c[CAT_##cat]) - \
		    offsetof(struct person_in, data), \
		    JV_NULL | JV_MULTI, 0, 20000, NULL, lab, NULL, 0 \
	}

/* Data texts by category; names must match access_cat_codes. */
#define CAT_admin CAT_ADMIN
#define CAT_social CAT_SOCIAL
#define CAT_soins CAT_SOINS
#define CAT_medical CAT_MEDICAL
#define CAT_psy CAT_PSY

static const struct jv_field data_fields[] = {
	DF(admin, "Notes administratives"), DF(social, "Situation sociale"),
	DF(soins, "Soins"), DF(medical, "Médical"), DF(psy, "Psychologique"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

#define FF(i, name, lab) \
	{ \
		name, JV_BOOL, \
		    offsetof(struct person_in, flags.f[i]) - \
		    offsetof(struct person_in, flags), \
		    0, 0, 0, NULL, lab, NULL, 0 \
	}

/* DOMAIN §2 flags; names as person_flag_codes. */
static const struct jv_field flag_fields[] = { FF(FLAG_DOUBTFUL, "doubtful",
						   "Identité douteuse"),
	FF(FLAG_FICTITIOUS, "fictitious", "Identité fictive"),
	FF(FLAG_HOMONYM, "homonym", "Homonyme"),
	FF(FLAG_DUPLICATE, "duplicate", "Doublon suspecté"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

#define IDENTITY_FIELDS(req) \
	PF(birth_name, JV_STR, req, 1, 100, NULL, "Nom de naissance"), \
	    PF(first_names, JV_STR, req, 1, 200, NULL, "Prénom(s)"), \
	    PF(used_name, JV_STR, JV_NULL, 0, 100, NULL, "Nom utilisé"), \
	    PF(used_first_name, JV_STR, JV_NULL, 0, 100, NULL, \
		"Prénom utilisé"), \
	    PF(birth_date, JV_DATE, req, 10, 10, NULL, "Date de naissance"), \
	    PF(sex, JV_ENUM, req, 1, 1, person_sex_codes, "Sexe"), \
	    PF(birthplace_insee, JV_STR, JV_NULL, 5, 5, NULL, \
		"Code INSEE du lieu de naissance"), \
	    PF(ins, JV_STR, JV_NULL, 15, 15, NULL, "Matricule INS"), \
	    PF(ins_oid, JV_ENUM, JV_NULL, 1, 40, ins_oid_codes, \
		"OID de l'INS"), \
	    PF(identity_status, JV_ENUM, 0, 1, 10, ins_status_codes, \
		"Statut de l'identité"), \
	    PF(identity_document, JV_ENUM, JV_NULL, 1, 20, \
		person_document_codes, "Pièce d'identité contrôlée"), \
	    { "flags", JV_OBJ, offsetof(struct person_in, flags), 0, 0, 0, \
		    NULL, "Attributs de l'identité", flag_fields, 0 }, \
	    PF(address, JV_STR, JV_NULL, 0, 300, NULL, "Adresse"), \
	    PF(commune_code, JV_STR, JV_NULL, 5, 5, NULL, \
		"Commune (code INSEE)"), \
	    PF(phone, JV_STR, JV_NULL, 0, 30, NULL, "Téléphone"), \
	{ \
		"data", JV_OBJ, offsetof(struct person_in, data), 0, 0, 0, \
		    NULL, "Données par catégorie", data_fields, 0 \
	}

static const struct jv_field person_create_fields[] = { IDENTITY_FIELDS(JV_REQ),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static const struct jv_field person_patch_fields[] = { IDENTITY_FIELDS(0),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

/*
 * The person replies, described once (issue 9 §2): the identity (a list
 * row), the full record (read), and the record after a create or an
 * update. Each list extends the previous one, so their first members
 * share their indices (PERSON_x == PFULL_x == PNEW_x).
 */
#define STATUS_BY_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de l'utilisateur") \
	X(S, name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom de l'utilisateur")
JW_FIELDS(STATUS_BY, STATUS_BY_F);
JW_ROWS(STATUS_BY, STATUS_BY_F);
const struct jw_schema api_user_ref_schema =
    JW_INIT(STATUS_BY, "UserRef", "Utilisateur (identifiant et nom)");

void
api_user_ref_write(struct jw *w, int f, int64_t id, const char *name)
{
	jw_obj_begin(w, f);
	jw_int(w, STATUS_BY_id, id);
	jw_str(w, STATUS_BY_name, name);
	jw_obj_end(w);
}

/* Indices as enum person_flag, names as person_flag_codes (unit test). */
#define PFLAGS_F(X, S) \
	X(S, doubtful, JW_BOOL, 0, NULL, NULL, "Identité douteuse") \
	X(S, fictitious, JW_BOOL, 0, NULL, NULL, "Identité fictive") \
	X(S, homonym, JW_BOOL, 0, NULL, NULL, "Homonyme") \
	X(S, duplicate, JW_BOOL, 0, NULL, NULL, "Doublon suspecté")
JW_FIELDS(PFLAGS, PFLAGS_F);
JW_ROWS(PFLAGS, PFLAGS_F);
const struct jw_schema api_person_flags_schema =
    JW_INIT(PFLAGS, "PersonFlags", "Attributs de l'identité");

/* Indices as enum access_cat, names as access_cat_codes (unit test);
 * only the categories the user may read are present. */
#define PDATA_F(X, S) \
	X(S, admin, JW_STR, JW_OPTIONAL, NULL, NULL, "Notes administratives") \
	X(S, social, JW_STR, JW_OPTIONAL, NULL, NULL, "Situation sociale") \
	X(S, soins, JW_STR, JW_OPTIONAL, NULL, NULL, "Soins") \
	X(S, medical, JW_STR, JW_OPTIONAL, NULL, NULL, "Médical") \
	X(S, psy, JW_STR, JW_OPTIONAL, NULL, NULL, "Psychologique")
JW_FIELDS(PDATA, PDATA_F);
JW_ROWS(PDATA, PDATA_F);
const struct jw_schema api_person_data_schema = JW_INIT(PDATA, "PersonData",
    "Données par catégorie (catégories lisibles seulement)");

#define CIRCLE_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du membre") \
	X(S, user_id, JW_INT, JW_NULLABLE, NULL, NULL, "Professionnel") \
	X(S, org_id, JW_INT, JW_NULLABLE, NULL, NULL, "Structure") \
	X(S, role, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Rôle auprès de la personne") \
	X(S, name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom du professionnel ou de la structure") \
	X(S, kind, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Profession ou type de structure") \
	X(S, since, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Membre depuis")
JW_FIELDS(CIRCLE, CIRCLE_F);
JW_ROWS(CIRCLE, CIRCLE_F);
static const struct jw_schema circle_schema =
    JW_INIT(CIRCLE, "CircleMember", "Membre du cercle de soins");

#define OBJ_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de l'opposition") \
	X(S, org_id, JW_INT, JW_NULLABLE, NULL, NULL, "Structure visée") \
	X(S, org_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom de la structure") \
	X(S, category, JW_STR, JW_NULLABLE, NULL, NULL, "Catégorie visée") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Note") \
	X(S, since, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Depuis") \
	X(S, withdrawn_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Levée le") \
	X(S, informed_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Date à laquelle la personne s'est opposée") \
	X(S, informed_by, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Qui a informé la personne de son droit d'opposition")
JW_FIELDS(OBJ, OBJ_F);
JW_ROWS(OBJ, OBJ_F);
static const struct jw_schema objection_schema =
    JW_INIT(OBJ, "Objection", "Opposition au partage");

#define GIR_F(X, S) \
	X(S, value, JW_INT, 0, NULL, NULL, "GIR (1 à 6)") \
	X(S, evaluated_on, JW_DATE, 0, NULL, NULL, "Date de l'évaluation") \
	X(S, evaluator, JW_OBJ, 0, NULL, &api_user_ref_schema, "Évaluateur")
JW_FIELDS(GIR, GIR_F);
JW_ROWS(GIR, GIR_F);
static const struct jw_schema gir_schema =
    JW_INIT(GIR, "PersonGir", "Dernière évaluation AGGIR");

#define WARN_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, "Code stable") \
	X(S, field, JW_STR, 0, NULL, NULL, "Champ concerné") \
	X(S, message, JW_STR, 0, NULL, NULL, "Message en français")
JW_FIELDS(WARN, WARN_F);
JW_ROWS(WARN, WARN_F);
static const struct jw_schema warning_schema =
    JW_INIT(WARN, "Warning", "Avertissement (l'enregistrement a eu lieu)");

#define PERSON_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance, trait strict au format du référentiel INS " \
	    "(RNIV : majuscules sans accents)") \
	X(S, first_names, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) de naissance, trait strict au format RNIV") \
	X(S, birth_name_display, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance tel que saisi, pour l'affichage") \
	X(S, first_names_display, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) tels que saisis, pour l'affichage") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom utilisé") \
	X(S, used_first_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Prénom utilisé") \
	X(S, birth_date, JW_DATE, 0, NULL, NULL, "Date de naissance") \
	X(S, sex, JW_ENUM, 0, person_sex_codes, NULL, "Sexe") \
	X(S, birthplace_insee, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Code INSEE du lieu de naissance") \
	X(S, ins, JW_STR, JW_NULLABLE, NULL, NULL, "Matricule INS") \
	X(S, ins_oid, JW_ENUM, JW_NULLABLE, ins_oid_codes, NULL, \
	    "OID de l'INS") \
	X(S, identity_status, JW_ENUM, 0, ins_status_codes, NULL, \
	    "Statut de l'identité") \
	X(S, identity_status_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Statut fixé le") \
	X(S, identity_status_by, JW_OBJ, JW_NULLABLE, NULL, \
	    &api_user_ref_schema, "Statut fixé par") \
	X(S, identity_document, JW_ENUM, JW_NULLABLE, person_document_codes, \
	    NULL, "Pièce d'identité contrôlée") \
	X(S, flags, JW_OBJ, 0, NULL, &api_person_flags_schema, \
	    "Attributs de l'identité") \
	X(S, address, JW_STR, JW_NULLABLE, NULL, NULL, "Adresse") \
	X(S, commune_code, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Commune (code INSEE)") \
	X(S, phone, JW_STR, JW_NULLABLE, NULL, NULL, "Téléphone") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Créé le") \
	X(S, updated_at, JW_DATETIME, 0, NULL, NULL, "Modifié le")
JW_FIELDS(PERSON, PERSON_F);
JW_ROWS(PERSON, PERSON_F);
const struct jw_schema api_person_schema =
    JW_INIT(PERSON, "PersonIdentity", "Identité d'une personne");

#define PLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_person_schema, "Personnes trouvées") \
	X(S, total, JW_INT, 0, NULL, NULL, "Nombre total de résultats") \
	X(S, limit, JW_INT, 0, NULL, NULL, "Taille de la page") \
	X(S, offset, JW_INT, 0, NULL, NULL, "Décalage de la page")
JW_FIELDS(PLIST, PLIST_F);
JW_ROWS(PLIST, PLIST_F);
const struct jw_schema api_person_list_schema = JW_INIT(
    PLIST, "PersonList", "Page de résultats de la recherche de personnes");

#define PFULL_F(X, S) \
	PERSON_F(X, S) \
	X(S, birthplace_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Lieu de naissance : la commune, ou le pays d'un code 99xxx " \
	    "(null s'il est inconnu des référentiels)") \
	X(S, commune, JW_OBJ, JW_NULLABLE, NULL, &api_commune_schema, \
	    "Commune de résidence") \
	X(S, data, JW_OBJ, 0, NULL, &api_person_data_schema, \
	    "Données par catégorie") \
	X(S, circle, JW_ARR, 0, NULL, &circle_schema, "Cercle de soins") \
	X(S, objections, JW_ARR, 0, NULL, &objection_schema, \
	    "Oppositions au partage") \
	X(S, gir, JW_OBJ, JW_NULLABLE, NULL, &gir_schema, \
	    "Dernier GIR (si les soins sont lisibles)") \
	X(S, access, JW_OBJ, 0, NULL, &api_grant_schema, \
	    "Accès de l'utilisateur")
JW_FIELDS(PFULL, PFULL_F);
JW_ROWS(PFULL, PFULL_F);
const struct jw_schema api_person_full_schema = JW_INIT(
    PFULL, "Person", "Dossier d'une personne (catégories permises seulement)");

#define PNEW_F(X, S) \
	PFULL_F(X, S) \
	X(S, possible_duplicates, JW_ARR_INT, 0, NULL, NULL, \
	    "Dossiers qui pourraient être la même personne") \
	X(S, warnings, JW_ARR, 0, NULL, &warning_schema, "Avertissements")
JW_FIELDS(PNEW, PNEW_F);
JW_ROWS(PNEW, PNEW_F);
const struct jw_schema api_person_created_schema = JW_INIT(
    PNEW, "PersonCreated", "Dossier créé, doublons possibles, avertissements");

#define PUPD_F(X, S) \
	PFULL_F(X, S) \
	X(S, warnings, JW_ARR, 0, NULL, &warning_schema, "Avertissements")
JW_FIELDS(PUPD, PUPD_F);
JW_ROWS(PUPD, PUPD_F);
const struct jw_schema api_person_updated_schema =
    JW_INIT(PUPD, "PersonUpdated", "Dossier modifié et avertissements");

#define ID_F(X, S) X(S, id, JW_INT, 0, NULL, NULL, "Identifiant créé")
JW_FIELDS(ID, ID_F);
JW_ROWS(ID, ID_F);
const struct jw_schema api_id_schema =
    JW_INIT(ID, "Id", "Identifiant de ce qui a été créé");

void
api_id_reply(struct req *req, int64_t id)
{
	struct jw w;

	jw_begin(&w, &api_id_schema);
	jw_int(&w, ID_id, id);
	api_reply(req, &w);
}

#define BG_F(X, S) \
	X(S, expires_at, JW_DATETIME, 0, NULL, NULL, "Accès ouvert jusqu'au") \
	X(S, access, JW_OBJ, 0, NULL, &api_grant_schema, \
	    "Accès de l'utilisateur") \
	X(S, renewal, JW_INT, 0, NULL, NULL, \
	    "0 pour un premier accès, n pour le (n+1)e d'affilée")
JW_FIELDS(BG, BG_F);
JW_ROWS(BG, BG_F);
const struct jw_schema api_breakglass_schema =
    JW_INIT(BG, "Breakglass", "Accès d'urgence accordé");

#define BGI_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de l'accès") \
	X(S, person_id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, birth_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom de naissance (null si le lecteur ne peut voir la personne)") \
	X(S, first_names, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Prénom(s) (null si le lecteur ne peut voir la personne)") \
	X(S, birth_name_display, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom de naissance tel que saisi (null si masqué)") \
	X(S, first_names_display, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Prénom(s) tels que saisis (null si masqué)") \
	X(S, user_id, JW_INT, 0, NULL, NULL, "Utilisateur") \
	X(S, login, JW_STR, 0, NULL, NULL, "Identifiant de connexion") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom de l'utilisateur") \
	X(S, role, JW_STR, 0, NULL, NULL, "Rôle de l'utilisateur") \
	X(S, reason, JW_STR, 0, NULL, NULL, "Motif") \
	X(S, opened_at, JW_DATETIME, 0, NULL, NULL, "Ouvert le") \
	X(S, expires_at, JW_DATETIME, 0, NULL, NULL, "Expire le") \
	X(S, renewal, JW_INT, 0, NULL, NULL, \
	    "Numéro de renouvellement (0 : premier accès)") \
	X(S, identity_hidden, JW_BOOL, 0, NULL, NULL, \
	    "Identité masquée pour ce lecteur")
JW_FIELDS(BGI, BGI_F);
JW_ROWS(BGI, BGI_F);
static const struct jw_schema bg_item_schema =
    JW_INIT(BGI, "BreakglassGrant", "Accès d'urgence accordé");

#define BGR_F(X, S) \
	X(S, user_id, JW_INT, 0, NULL, NULL, "Utilisateur") \
	X(S, login, JW_STR, 0, NULL, NULL, "Identifiant de connexion") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom de l'utilisateur") \
	X(S, role, JW_STR, 0, NULL, NULL, "Rôle de l'utilisateur") \
	X(S, person_id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, birth_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom de naissance (null si masqué)") \
	X(S, first_names, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Prénom(s) (null si masqué)") \
	X(S, birth_name_display, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom de naissance tel que saisi (null si masqué)") \
	X(S, first_names_display, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Prénom(s) tels que saisis (null si masqué)") \
	X(S, grants, JW_INT, 0, NULL, NULL, "Accès listés de cette paire") \
	X(S, renewals, JW_INT, 0, NULL, NULL, "Dont renouvellements") \
	X(S, last_opened_at, JW_DATETIME, 0, NULL, NULL, \
	    "Dernier accès ouvert le")
JW_FIELDS(BGR, BGR_F);
JW_ROWS(BGR, BGR_F);
static const struct jw_schema bg_renewal_schema = JW_INIT(
    BGR, "BreakglassRenewal", "Utilisateur × personne ayant renouvelé l'accès");

#define BGL_F(X, S) \
	X(S, renewals, JW_ARR, 0, NULL, &bg_renewal_schema, \
	    "Paires utilisateur × personne avec renouvellement") \
	X(S, items, JW_ARR, 0, NULL, &bg_item_schema, \
	    "Accès d'urgence, du plus récent au plus ancien")
JW_FIELDS(BGL, BGL_F);
JW_ROWS(BGL, BGL_F);
const struct jw_schema api_breakglass_list_schema =
    JW_INIT(BGL, "BreakglassList", "Accès d'urgence récents");

#define ACC_F(X, S) \
	X(S, at, JW_DATETIME, 0, NULL, NULL, "Date et heure") \
	X(S, user_id, JW_INT, JW_NULLABLE, NULL, NULL, "Utilisateur") \
	X(S, login, JW_STR, 0, NULL, NULL, "Identifiant de connexion") \
	X(S, name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom de l'utilisateur (sinon l'identifiant)") \
	X(S, org, JW_STR, JW_NULLABLE, NULL, NULL, "Structure") \
	X(S, role, JW_STR, 0, NULL, NULL, "Rôle") \
	X(S, action, JW_STR, 0, NULL, NULL, "Action") \
	X(S, categories, JW_STR, 0, NULL, NULL, \
	    "Catégories concernées, séparées par des virgules") \
	X(S, grant, JW_STR, 0, NULL, NULL, \
	    "Nature de l'accès (normal, breakglass, denied, -)") \
	X(S, outcome, JW_STR, 0, NULL, NULL, "Résultat") \
	X(S, request_id, JW_STR, 0, NULL, NULL, "Identifiant de la requête") \
	X(S, seq, JW_INT, 0, NULL, NULL, "Numéro de la ligne de trace")
JW_FIELDS(ACC, ACC_F);
JW_ROWS(ACC, ACC_F);
static const struct jw_schema access_schema =
    JW_INIT(ACC, "AccessEntry", "Accès au dossier (ligne de trace)");

#define ACCL_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &access_schema, "Accès de la page") \
	X(S, total, JW_INT, 0, NULL, NULL, "Nombre total d'accès") \
	X(S, limit, JW_INT, 0, NULL, NULL, "Taille de la page") \
	X(S, offset, JW_INT, 0, NULL, NULL, "Décalage de la page")
JW_FIELDS(ACCL, ACCL_F);
JW_ROWS(ACCL, ACCL_F);
const struct jw_schema api_access_list_schema = JW_INIT(ACCL, "AccessList",
    "Historique des accès au dossier, du plus récent au plus ancien");

/* The identity members of the object being written. */
static void
identity_write(struct jw *w, const struct person *p)
{
	int i;

	jw_int(w, PERSON_id, p->id);
	jw_str(w, PERSON_birth_name, p->birth_name);
	jw_str(w, PERSON_first_names, p->first_names);
	jw_str(w, PERSON_birth_name_display, PERSON_DISPLAY(p, birth_name));
	jw_str(w, PERSON_first_names_display, PERSON_DISPLAY(p, first_names));
	jw_str(w, PERSON_used_name, p->used_name);
	jw_str(w, PERSON_used_first_name, p->used_first_name);
	jw_str(w, PERSON_birth_date, p->birth_date);
	jw_str(w, PERSON_sex, p->sex);
	jw_str(w, PERSON_birthplace_insee, p->birthplace_insee);
	jw_str(w, PERSON_ins, p->ins);
	jw_str(w, PERSON_ins_oid, p->ins_oid);
	jw_str(w, PERSON_identity_status, p->identity_status);
	jw_str(w, PERSON_identity_status_at, p->identity_status_at);
	if (p->identity_status_by != 0)
		api_user_ref_write(w, PERSON_identity_status_by,
		    p->identity_status_by, p->identity_status_by_name);
	else
		jw_null(w, PERSON_identity_status_by);
	jw_str(w, PERSON_identity_document, p->identity_document);
	jw_obj_begin(w, PERSON_flags);
	for (i = 0; i < FLAG__MAX; i++)
		jw_bool(w, PFLAGS_doubtful + i, p->flags[i]);
	jw_obj_end(w);
	jw_str(w, PERSON_address, p->address);
	jw_str(w, PERSON_commune_code, p->commune_code);
	jw_str(w, PERSON_phone, p->phone);
	jw_str(w, PERSON_created_at, p->created_at);
	jw_str(w, PERSON_updated_at, p->updated_at);
}

/* Writes the full record's members into w (an object of
 * api_person_full_schema or an extension of it); *birthplace is the
 * stored birthplace code, for the warnings. */
static int
person_full_write(struct ctx *ctx, const struct access_grant *g, struct jw *w,
    const char **birthplace)
{
	struct person p;
	struct circle_member *cm;
	struct objection *ob;
	struct aggir_eval *ev = NULL;
	struct commune com;
	int rc, c, n, nob, nev = 0, i;

	/* Everything is read first: the reply is written in one go. */
	rc = person_get(ctx, g, &p);
	if (rc == E_OK)
		rc = person_circle(ctx, g, &cm, &n);
	if (rc == E_OK && p.commune_code != NULL && p.has_commune)
		com = p.commune;
	else if (rc == E_OK && p.commune_code != NULL)
		rc = territory_commune(ctx, p.commune_code, &com);
	if (rc == E_OK)
		rc = person_objections(ctx, g, &ob, &nob);
	if (rc == E_OK && (g->read & CAT_BIT(CAT_SOINS)))
		rc = evaluation_aggir_list(ctx, g, 1, &ev, &nev);
	if (rc != E_OK)
		return rc;
	if (birthplace != NULL)
		*birthplace = p.birthplace_insee;
	identity_write(w, &p);
	jw_str(w, PFULL_birthplace_name,
	    person_birthplace_name(ctx, p.birthplace_insee));
	if (p.commune_code != NULL)
		api_commune_write(w, PFULL_commune, &com);
	else
		jw_null(w, PFULL_commune);
	jw_obj_begin(w, PFULL_data);
	for (c = 0; c < CAT__MAX; c++)
		if (p.data[c] != NULL)
			jw_str(w, PDATA_admin + c, p.data[c]);
	jw_obj_end(w);
	jw_arr_begin(w, PFULL_circle);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		jw_int(w, CIRCLE_id, cm[i].id);
		jw_id_or_null(w, CIRCLE_user_id, cm[i].user_id);
		jw_id_or_null(w, CIRCLE_org_id, cm[i].org_id);
		jw_str(w, CIRCLE_role, cm[i].role);
		jw_str(w, CIRCLE_name, cm[i].name);
		jw_str(w, CIRCLE_kind, cm[i].kind);
		jw_str(w, CIRCLE_since, cm[i].since);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_arr_begin(w, PFULL_objections);
	for (i = 0; i < nob; i++) {
		jw_item_obj_begin(w);
		jw_int(w, OBJ_id, ob[i].id);
		jw_id_or_null(w, OBJ_org_id, ob[i].org_id);
		jw_str(w, OBJ_org_name, ob[i].org_name);
		jw_str(w, OBJ_category, ob[i].category);
		jw_str(w, OBJ_note, ob[i].note);
		jw_str(w, OBJ_since, ob[i].since);
		jw_str(w, OBJ_withdrawn_at, ob[i].withdrawn_at);
		jw_str(w, OBJ_informed_on, ob[i].informed_on);
		jw_str(w, OBJ_informed_by, ob[i].informed_by);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	if (nev > 0) {
		jw_obj_begin(w, PFULL_gir);
		jw_int(w, GIR_value, ev[0].gir);
		jw_str(w, GIR_evaluated_on, ev[0].evaluated_on);
		api_user_ref_write(
		    w, GIR_evaluator, ev[0].evaluator_id, ev[0].evaluator_name);
		jw_obj_end(w);
	} else
		jw_null(w, PFULL_gir);
	api_grant_write(w, PFULL_access, g);
	return E_OK;
}

static int
persons_list(struct ctx *ctx, struct req *req)
{
	struct person_query pq;
	struct person *v;
	struct jw w;
	int64_t total;
	int n, i, rc;
	const char *gir = req_query(req, "gir"), *v2 = req_query(req, "volet2"),
		   *ben = req_query(req, "beneficiary");

	memset(&pq, 0, sizeof(pq));
	pq.beneficiary = -1;
	pq.q = req_query(req, "q");
	pq.commune = req_query(req, "commune");
	rc = api_paging(ctx, req, &pq.limit, &pq.offset);
	if (rc != E_OK)
		return rc;
	if (pq.q != NULL && strlen(pq.q) > 100)
		return err_set(ctx, E_INVALID, "persons.q.too_long", "q",
		    "La recherche est trop longue.");
	if (pq.commune != NULL &&
	    (strlen(pq.commune) != 5 ||
		strspn(pq.commune, "0123456789AB") != 5))
		return err_set(ctx, E_INVALID, "persons.commune.invalid",
		    "commune", "Le filtre « commune » attend un code INSEE.");
	if (gir != NULL) {
		if (strlen(gir) != 1 || gir[0] < '1' || gir[0] > '6')
			return err_set(ctx, E_INVALID, "persons.gir.invalid",
			    "gir", "Le filtre « gir » attend un GIR de 1 à 6.");
		pq.gir = gir[0] - '0';
	}
	if (v2 != NULL) {
		if (strcmp(v2, "1") != 0 && strcmp(v2, "0") != 0)
			return err_set(ctx, E_INVALID, "persons.volet2.invalid",
			    "volet2", "Le filtre « volet2 » vaut 0 ou 1.");
		pq.volet2 = v2[0] == '1';
	}
	if (ben != NULL) {
		if (strcmp(ben, "1") != 0 && strcmp(ben, "0") != 0)
			return err_set(ctx, E_INVALID,
			    "persons.beneficiary.invalid", "beneficiary",
			    "Le filtre « beneficiary » vaut 0 ou 1.");
		pq.beneficiary = ben[0] == '1';
	}
	rc = person_list(ctx, &pq, &v, &n, &total);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_person_list_schema);
	jw_arr_begin(&w, PLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		identity_write(&w, &v[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_int(&w, PLIST_total, total);
	jw_int(&w, PLIST_limit, pq.limit);
	jw_int(&w, PLIST_offset, pq.offset);
	api_reply(req, &w);
	return E_OK;
}

/* Writes "warnings": [{code, field, message}] (member f). */
static int
warnings_write(struct ctx *ctx, struct jw *w, int f, const char *birthplace)
{
	struct person_warning pw[2];
	int n, i, rc;

	rc = person_warnings(ctx, birthplace, pw, 2, &n);
	if (rc != E_OK)
		return rc;
	jw_arr_begin(w, f);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		jw_str(w, WARN_code, pw[i].code);
		jw_str(w, WARN_field, pw[i].field);
		jw_str(w, WARN_message, pw[i].message);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return E_OK;
}

static int
person_post(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	const char *birthplace = NULL;
	int64_t id, *dups;
	int ndups, rc, i;
	struct jw w;

	rc = person_create(ctx, req->in, &id, &dups, &ndups);
	if (rc != E_OK)
		return rc;
	/* The creator reads back what was stored (traced as a read). */
	rc = access_require(
	    ctx, id, CAT_BIT(CAT_ADMIN), ACT_READ, "person.read", &g);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_person_created_schema);
	rc = person_full_write(ctx, &g, &w, &birthplace);
	if (rc == E_OK) {
		jw_arr_begin(&w, PNEW_possible_duplicates);
		for (i = 0; i < ndups; i++)
			jw_item_int(&w, dups[i]);
		jw_arr_end(&w);
		rc = warnings_write(ctx, &w, PNEW_warnings, birthplace);
	}
	if (rc != E_OK) {
		jw_release(&w);
		return rc;
	}
	api_reply(req, &w);
	return E_OK;
}

int
api_person_part(
    struct ctx *ctx, int64_t id, struct jw *w, struct access_grant *grant)
{
	struct access_grant g;
	int rc;

	/* Traces exactly the categories this answer discloses. */
	rc = access_require(ctx, id, ACCESS_ANY, ACT_READ, "person.read", &g);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_person_full_schema);
	rc = person_full_write(ctx, &g, w, NULL);
	if (rc != E_OK) {
		jw_release(w);
		return rc;
	}
	if (grant != NULL)
		*grant = g;
	return E_OK;
}

static int
person_read(struct ctx *ctx, struct req *req)
{
	struct jw w;

	return api_reply_if(
	    req, &w, api_person_part(ctx, req->ids[0], &w, NULL));
}

static int
person_patch(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	unsigned cats = person_in_cats(req->in);
	const char *birthplace = NULL;
	struct jw w;
	int rc;

	if (cats == 0)
		return err_set(ctx, E_INVALID, "person.patch.empty", NULL,
		    "Aucune modification demandée.");
	rc = access_require(
	    ctx, req->ids[0], cats, ACT_WRITE, "person.update", &g);
	if (rc == E_OK)
		rc = person_update(ctx, &g, req->in);
	if (rc == E_OK)
		rc = access_check(ctx, req->ids[0], &g);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_person_updated_schema);
	rc = person_full_write(ctx, &g, &w, &birthplace);
	if (rc == E_OK)
		rc = warnings_write(ctx, &w, PUPD_warnings, birthplace);
	if (rc != E_OK) {
		jw_release(&w);
		return rc;
	}
	api_reply(req, &w);
	return E_OK;
}

struct circle_in {
	struct jv_int user_id;
	struct jv_int org_id;
	struct jv_str role;
};

static const struct jv_field circle_fields[] = {
	{ "user_id", JV_INT, offsetof(struct circle_in, user_id), JV_NULL, 1, 0,
	    NULL, "Professionnel", NULL, 0 },
	{ "org_id", JV_INT, offsetof(struct circle_in, org_id), JV_NULL, 1, 0,
	    NULL, "Structure", NULL, 0 },
	{ "role", JV_STR, offsetof(struct circle_in, role), JV_REQ, 1, 120,
	    NULL, "Rôle auprès de la personne", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/*
 * Care-circle and consent changes open a record to others: they need a
 * user who may read what they open (issue 8 point 3: the secretariat, or
 * a coordinator without medical read, may not widen access). Decided by
 * access_may_widen(): at least the social and care data, plus what the
 * new member would read or the lifted objection reopens.
 */
#define OPENS (CAT_BIT(CAT_SOCIAL) | CAT_BIT(CAT_SOINS))

static int
circle_post(struct ctx *ctx, struct req *req)
{
	const struct circle_in *in = req->in;
	struct access_grant g;
	unsigned gains;
	int64_t id;
	int rc;

	rc = access_member_gains(ctx, in->user_id.null ? 0 : in->user_id.v,
	    in->org_id.null ? 0 : in->org_id.v, &gains);
	if (rc == E_OK)
		rc = access_may_widen(
		    ctx, req->ids[0], OPENS | gains, "circle.add", &g);
	if (rc == E_OK)
		rc = person_circle_add(ctx, &g,
		    in->user_id.null ? 0 : in->user_id.v,
		    in->org_id.null ? 0 : in->org_id.v, in->role.s, &id);
	if (rc != E_OK)
		return rc;
	api_id_reply(req, id);
	return E_OK;
}

static int
circle_delete(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int rc;

	rc = access_may_widen(ctx, req->ids[0], OPENS, "circle.remove", &g);
	if (rc == E_OK)
		rc = person_circle_end(ctx, &g, req->ids[1]);
	return rc;
}

struct objection_in {
	struct jv_int org_id;
	struct jv_str category;
	struct jv_str note;
	struct jv_str informed_on;
	struct jv_str informed_by;
};

static const struct jv_field objection_fields[] = {
	{ "org_id", JV_INT, offsetof(struct objection_in, org_id), JV_NULL, 1,
	    0, NULL, "Structure", NULL, 0 },
	{ "category", JV_ENUM, offsetof(struct objection_in, category), JV_NULL,
	    1, 20, access_cat_codes, "Catégorie de données", NULL, 0 },
	{ "note", JV_STR, offsetof(struct objection_in, note),
	    JV_NULL | JV_MULTI, 0, 2000, NULL, "Commentaire", NULL, 0 },
	{ "informed_on", JV_DATE, offsetof(struct objection_in, informed_on),
	    JV_NULL, 10, 10, NULL, "Date de l'opposition", NULL, 0 },
	{ "informed_by", JV_STR, offsetof(struct objection_in, informed_by),
	    JV_NULL, 1, 200, NULL, "Personne qui a informé", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
objection_post(struct ctx *ctx, struct req *req)
{
	const struct objection_in *in = req->in;
	struct access_grant g;
	int64_t id;
	int rc;

	rc = access_may_widen(ctx, req->ids[0], OPENS, "consent.objection", &g);
	if (rc == E_OK)
		rc = person_objection_add(ctx, &g,
		    in->org_id.set && !in->org_id.null ? in->org_id.v : 0,
		    in->category.s, in->note.s, in->informed_on.s,
		    in->informed_by.s, &id);
	if (rc != E_OK)
		return rc;
	api_id_reply(req, id);
	return E_OK;
}

static int
objection_delete(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	unsigned cats;
	int rc;

	rc = access_objection_cats(ctx, req->ids[0], req->ids[1], &cats);
	if (rc == E_OK)
		rc = access_may_widen(
		    ctx, req->ids[0], OPENS | cats, "consent.withdraw", &g);
	if (rc == E_OK)
		rc = person_objection_withdraw(ctx, &g, req->ids[1]);
	return rc;
}

struct breakglass_in {
	struct jv_str reason;
};

static const struct jv_field breakglass_fields[] = {
	{ "reason", JV_STR, offsetof(struct breakglass_in, reason),
	    JV_REQ | JV_MULTI, 10, 1000, NULL, "Motif de l'accès d'urgence",
	    NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
breakglass_post(struct ctx *ctx, struct req *req)
{
	const struct breakglass_in *in = req->in;
	struct access_grant g;
	const char *exp;
	struct jw w;
	int rc, renewal = 0;

	rc = access_breakglass(ctx, req->ids[0], in->reason.s, &exp, &renewal);
	if (rc == E_OK)
		rc = access_check(ctx, req->ids[0], &g);
	if (rc != E_OK)
		return rc;
	/* renewal: 0 for a first grant, n for the (n+1)th in a row. */
	jw_begin(&w, &api_breakglass_schema);
	jw_str(&w, BG_expires_at, exp);
	api_grant_write(&w, BG_access, &g);
	jw_int(&w, BG_renewal, renewal);
	api_reply(req, &w);
	return E_OK;
}

static const char *
csv_cell(struct ctx *ctx, const char *s)
{
	const char *p;
	size_t n = 0;
	char *o;

	if (s == NULL)
		return "";
	/* Quote, double quotes, and defuse spreadsheet formulas. */
	o = arena_alloc(&ctx->arena, strlen(s) * 2 + 4);
	if (o == NULL)
		return "";
	o[n++] = '"';
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		o[n++] = '\'';
	for (p = s; *p; p++) {
		if (*p == '"')
			o[n++] = '"';
		o[n++] = *p;
	}
	o[n++] = '"';
	o[n] = '\0';
	return o;
}

struct accesses_arg {
	struct ctx *ctx;
	struct jw *w;
	struct buf *b;
	int csv;
};

static int
accesses_row(void *arg, const struct audit_entry *e)
{
	struct accesses_arg *a = arg;
	struct ctx *ctx = a->ctx;
	struct jw *w = a->w;

	if (a->csv) {
		const char *line = arena_printf(&ctx->arena,
		    "%s;%s;%s;%s;%s;%s;%s;%s;%s;%s\r\n", csv_cell(ctx, e->at),
		    csv_cell(ctx, e->login), csv_cell(ctx, e->name),
		    csv_cell(ctx, e->org), csv_cell(ctx, e->role),
		    csv_cell(ctx, e->action), csv_cell(ctx, e->categories),
		    csv_cell(ctx, e->grant), csv_cell(ctx, e->outcome),
		    csv_cell(ctx, e->request_id));

		if (line == NULL || buf_adds(a->b, line) != 0)
			return E_TOOBIG;
		return E_OK;
	}
	jw_item_obj_begin(w);
	jw_str(w, ACC_at, e->at);
	jw_id_or_null(w, ACC_user_id, e->user_id);
	jw_str(w, ACC_login, e->login);
	jw_str(w, ACC_name, e->name);
	jw_str(w, ACC_org, e->org);
	jw_str(w, ACC_role, e->role);
	jw_str(w, ACC_action, e->action);
	jw_str(w, ACC_categories, e->categories);
	jw_str(w, ACC_grant, e->grant);
	jw_str(w, ACC_outcome, e->outcome);
	jw_str(w, ACC_request_id, e->request_id);
	jw_int(w, ACC_seq, e->seq);
	jw_obj_end(w);
	return E_OK;
}

static int
accesses_get(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct accesses_arg a;
	const char *fmt = req_query(req, "format");
	int64_t before, total;
	int limit, offset, csv, rc;
	struct buf b;
	struct jw w;

	csv = fmt != NULL && strcmp(fmt, "csv") == 0;
	if (fmt != NULL && !csv && strcmp(fmt, "json") != 0)
		return err_set(ctx, E_INVALID, "accesses.format.invalid",
		    "format", "Format inconnu (json ou csv).");
	rc = api_paging(ctx, req, &limit, &offset);
	if (rc == E_OK)
		rc = api_query_id(ctx, req, "before", &before);
	if (rc == E_OK)
		rc = access_require(ctx, req->ids[0], CAT_BIT(CAT_ADMIN),
		    ACT_READ, "person.accesses", &g);
	if (rc != E_OK)
		return rc;
	if (before == 0)
		before = INT64_MAX;
	/* The page's total, like every list; the CSV is the person's
	 * right-of-access export: every row, never one page. */
	rc = audit_person_count(ctx, g.person_id, before, &total);
	if (rc != E_OK)
		return rc;
	a.ctx = ctx;
	a.w = &w;
	a.csv = csv;
	a.b = &b;
	buf_init(&b, 6u * 1024 * 1024);
	buf_adds(&b,
	    "\xEF\xBB\xBF"
	    "date;identifiant;nom;structure;role;"
	    "action;categories;acces;resultat;requete\r\n");
	/* The JSON page is streamed row by row into the reply. */
	jw_begin(&w, &api_access_list_schema);
	jw_arr_begin(&w, ACCL_items);
	rc = audit_person_each(ctx, g.person_id, before, csv ? total : limit,
	    csv ? 0 : offset, accesses_row, &a);
	if (rc != E_OK) {
		jw_release(&w);
		buf_release(&b);
		if (rc == E_TOOBIG)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Export trop volumineux.");
		return rc;
	}
	if (csv) {
		jw_release(&w);
		req->raw_type = "text/csv; charset=utf-8";
		req->raw_body = arena_strndup(&ctx->arena, b.p, b.len);
		req->raw_len = b.len;
		buf_release(&b);
		return req->raw_body ? E_OK : E_TOOBIG;
	}
	buf_release(&b);
	jw_arr_end(&w);
	jw_int(&w, ACCL_total, total);
	jw_int(&w, ACCL_limit, limit);
	jw_int(&w, ACCL_offset, offset);
	api_reply(req, &w);
	return E_OK;
}

/* The report's rows, copied out of the statement (each is decided
 * after the listing). */
struct bg_rows {
	struct ctx *ctx;
	struct access_breakglass_row *v;
	int n, cap;
};

static int
breakglass_row(void *arg, const struct access_breakglass_row *b)
{
	struct bg_rows *r = arg;
	struct arena *ar = &r->ctx->arena;
	struct access_breakglass_row *c;

	c = arena_push(ar, &r->v, &r->n, &r->cap, sizeof(*c));
	if (c == NULL)
		return err_set(r->ctx, E_TOOBIG, "request.too_big", NULL,
		    "Réponse trop volumineuse.");
	*c = *b;
	c->birth_name = arena_strdup(ar, b->birth_name);
	c->first_names = arena_strdup(ar, b->first_names);
	c->birth_name_display = arena_strdup(ar, b->birth_name_display);
	c->first_names_display = arena_strdup(ar, b->first_names_display);
	c->login = arena_strdup(ar, b->login);
	c->name = arena_strdup(ar, b->name);
	c->role = arena_strdup(ar, b->role);
	c->reason = arena_strdup(ar, b->reason);
	c->opened_at = arena_strdup(ar, b->opened_at);
	c->expires_at = arena_strdup(ar, b->expires_at);
	return E_OK;
}

/*
 * The renewals of the report, per user × person: every pair with at least
 * one renewal among the listed grants (in the order of its first listed
 * renewal), with its grants and renewals among the listed grants. The
 * names are those of the listed rows (null when hidden).
 */
static void
breakglass_renewals(struct jw *w, const struct access_breakglass_row *v, int n)
{
	int i, k, grants, renewals;

	jw_arr_begin(w, BGL_renewals);
	for (i = 0; i < n; i++) {
		if (v[i].renewal == 0)
			continue;
		for (k = 0; k < i; k++)
			if (v[k].renewal != 0 && v[k].user_id == v[i].user_id &&
			    v[k].person_id == v[i].person_id)
				break;
		if (k < i)
			continue; /* pair already listed */
		grants = renewals = 0;
		for (k = 0; k < n; k++)
			if (v[k].user_id == v[i].user_id &&
			    v[k].person_id == v[i].person_id) {
				grants++;
				renewals += v[k].renewal != 0;
			}
		jw_item_obj_begin(w);
		jw_int(w, BGR_user_id, v[i].user_id);
		jw_str(w, BGR_login, v[i].login);
		jw_str(w, BGR_name, v[i].name);
		jw_str(w, BGR_role, v[i].role);
		jw_int(w, BGR_person_id, v[i].person_id);
		jw_str(w, BGR_birth_name, v[i].birth_name);
		jw_str(w, BGR_first_names, v[i].first_names);
		jw_str(w, BGR_birth_name_display, v[i].birth_name_display);
		jw_str(w, BGR_first_names_display, v[i].first_names_display);
		jw_int(w, BGR_grants, grants);
		jw_int(w, BGR_renewals, renewals);
		jw_str(w, BGR_last_opened_at, v[i].opened_at);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/*
 * SPEC: PRODUCT §1 — break-the-glass accesses are reported to the
 * coordinator: ?since=YYYY-MM-DD (default: the last 3 days). Each grant
 * carries its renewal number; `renewals` lists, per user × person, the
 * pairs that renewed (flagged for the coordination).
 */
static int
breakglass_report(struct ctx *ctx, struct req *req)
{
	const char *since = req_query(req, "since");
	struct access_grant g;
	enum access_row row;
	struct bg_rows r;
	struct access_breakglass_row *b;
	char *hidden;
	struct jw w;
	int i, rc;

	if (since != NULL && !clock_valid_date(since))
		return err_set(ctx, E_INVALID, "breakglass.since.invalid",
		    "since",
		    "La date « since » doit être au format "
		    "AAAA-MM-JJ.");
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	rc = access_breakglass_each(ctx,
	    since ? since : clock_iso_after(&ctx->arena, -3 * 86400),
	    breakglass_row, &r);
	if (rc != E_OK)
		return rc;
	hidden = arena_zalloc(&ctx->arena, (size_t)r.n + 1);
	if (hidden == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Réponse trop volumineuse.");
	/* Names shown to the reader are an access: decided and traced by
	 * the access module. The report's purpose is the count of grants
	 * and renewals: a person the reader may not see stays, without
	 * identity. */
	for (i = 0; i < r.n; i++) {
		b = &r.v[i];
		if (access_list_row(ctx, b->person_id, CAT_BIT(CAT_ADMIN),
			"breakglass.report", &g, &row) != E_OK)
			return ctx->err;
		hidden[i] = row != ACCESS_ROW_VISIBLE;
		if (hidden[i]) {
			b->birth_name = b->birth_name_display = NULL;
			b->first_names = b->first_names_display = NULL;
		}
	}
	jw_begin(&w, &api_breakglass_list_schema);
	breakglass_renewals(&w, r.v, r.n);
	jw_arr_begin(&w, BGL_items);
	for (i = 0; i < r.n; i++) {
		b = &r.v[i];
		jw_item_obj_begin(&w);
		jw_int(&w, BGI_id, b->id);
		jw_int(&w, BGI_person_id, b->person_id);
		jw_str(&w, BGI_birth_name, b->birth_name);
		jw_str(&w, BGI_first_names, b->first_names);
		jw_str(&w, BGI_birth_name_display, b->birth_name_display);
		jw_str(&w, BGI_first_names_display, b->first_names_display);
		jw_int(&w, BGI_user_id, b->user_id);
		jw_str(&w, BGI_login, b->login);
		jw_str(&w, BGI_name, b->name);
		jw_str(&w, BGI_role, b->role);
		jw_str(&w, BGI_reason, b->reason);
		jw_str(&w, BGI_opened_at, b->opened_at);
		jw_str(&w, BGI_expires_at, b->expires_at);
		jw_int(&w, BGI_renewal, b->renewal);
		jw_bool(&w, BGI_identity_hidden, hidden[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

/*
 * SPEC: issue 10 §3 — the duplicate check before a creation. The create
 * form sends the identity being typed; the reply lists the existing
 * records that could be this person and that the user may open (name,
 * birth date, commune), and how many others exist that the user may not
 * open (no identity: « demandez à la coordination »). Each candidate is
 * an access decided and traced as a list row.
 */
struct candidates_in {
	struct jv_str birth_name;
	struct jv_str first_names;
	struct jv_str used_name;
	struct jv_str used_first_name;
	struct jv_str birth_date;
	struct jv_str ins;
};

#define CF(n, t, fl, mn, mx, lab) \
	{ \
#n, t, offsetof(struct candidates_in, n), fl, mn, mx, NULL, \
		    lab, NULL, 0 \
	}

static const struct jv_field candidates_fields[] = {
	CF(birth_name, JV_STR, JV_REQ, 1, 100, "Nom de naissance"),
	CF(first_names, JV_STR, JV_REQ, 1, 200, "Prénom(s)"),
	CF(used_name, JV_STR, JV_NULL, 0, 100, "Nom utilisé"),
	CF(used_first_name, JV_STR, JV_NULL, 0, 100, "Prénom utilisé"),
	CF(birth_date, JV_DATE, JV_REQ, 10, 10, "Date de naissance"),
	CF(ins, JV_STR, JV_NULL, 15, 15, "Matricule INS"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/* A candidate is a list row (PersonIdentity) and its commune: the first
 * members share PERSON_x's indices, written by identity_write(). */
#define CAND_F(X, S) \
	PERSON_F(X, S) \
	X(S, commune, JW_OBJ, JW_NULLABLE, NULL, &api_commune_schema, \
	    "Commune de résidence")
JW_FIELDS(CAND, CAND_F);
JW_ROWS(CAND, CAND_F);
static const struct jw_schema candidate_schema = JW_INIT(CAND,
    "PersonCandidate", "Dossier existant qui pourrait être la même personne");

#define CANDS_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &candidate_schema, \
	    "Dossiers existants que l'utilisateur peut ouvrir") \
	X(S, hidden, JW_INT, 0, NULL, NULL, \
	    "Dossiers existants que l'utilisateur ne peut pas ouvrir " \
	    "(identité non communiquée)")
JW_FIELDS(CANDS, CANDS_F);
JW_ROWS(CANDS, CANDS_F);
const struct jw_schema api_person_candidates_schema = JW_INIT(CANDS,
    "PersonCandidates", "Doublons possibles avant la création d'un dossier");

static int
candidates_post(struct ctx *ctx, struct req *req)
{
	const struct candidates_in *in = req->in;
	struct person probe, *v;
	struct commune *com;
	struct jw w;
	int n, hidden, i, rc;

	memset(&probe, 0, sizeof(probe));
	probe.birth_name = in->birth_name.s;
	probe.first_names = in->first_names.s;
	probe.used_name = in->used_name.null ? NULL : in->used_name.s;
	probe.used_first_name =
	    in->used_first_name.null ? NULL : in->used_first_name.s;
	probe.birth_date = in->birth_date.s;
	probe.ins = in->ins.null ? NULL : in->ins.s;
	rc = person_candidates(ctx, &probe, &v, &n, &hidden);
	if (rc != E_OK)
		return rc;
	/* Everything is read first: the reply is written in one go. */
	com = arena_alloc(&ctx->arena, sizeof(*com) * (size_t)(n + 1));
	if (com == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Réponse trop volumineuse.");
	for (i = 0; i < n; i++) {
		if (v[i].commune_code == NULL)
			continue;
		rc = territory_commune(ctx, v[i].commune_code, &com[i]);
		if (rc == E_NOT_FOUND) {
			err_clear(ctx);
			v[i].commune_code = NULL;
		} else if (rc != E_OK)
			return rc;
	}
	jw_begin(&w, &api_person_candidates_schema);
	jw_arr_begin(&w, CANDS_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		identity_write(&w, &v[i]);
		if (v[i].commune_code != NULL)
			api_commune_write(&w, CAND_commune, &com[i]);
		else
			jw_null(&w, CAND_commune);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_int(&w, CANDS_hidden, hidden);
	api_reply(req, &w);
	return E_OK;
}

/* Person routes have no route permission: access_require() decides per
 * person (and traces the refusal of, e.g., an administrator's attempt).
 * person.create and person.breakglass exist for the UI; a unit test keeps
 * them equal to the access decision's ceilings. */
#define TEAM PERM_ANY

static const char *const zero_one[] = { "0", "1", NULL };
static const char *const gir_values[] = { "1", "2", "3", "4", "5", "6", NULL };
static const char *const access_formats[] = { "json", "csv", NULL };

/* Query parameters as persons_list, accesses_get and breakglass_report
 * parse them, and the errors of each route (route.h). */
static const struct route_param persons_query[] = {
	{ "q", JV_STR, 0, 100, NULL, NULL,
	    "Nom (avec ou sans accents), "
	    "date de naissance JJ/MM/AAAA ou INS" },
	{ "commune", JV_STR, 5, 5, NULL, NULL, "Commune (code INSEE)" },
	{ "gir", JV_ENUM, 0, 0, gir_values, NULL,
	    "GIR de la dernière "
	    "évaluation" },
	{ "volet2", JV_ENUM, 0, 0, zero_one, "0",
	    "1 : communes du volet 2 "
	    "seulement" },
	{ "beneficiary", JV_ENUM, 0, 0, zero_one, NULL,
	    "Accompagnement volet 2 "
	    "actif (1) ou non (0)" },
	API_PAGING_PARAMS, { NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error persons_errors[] = { { E_INVALID,
							 "persons.q.too_long" },
	{ E_INVALID, "persons.commune.invalid" },
	{ E_INVALID, "persons.gir.invalid" },
	{ E_FORBIDDEN, "persons.gir.forbidden" },
	{ E_INVALID, "persons.volet2.invalid" },
	{ E_INVALID, "persons.beneficiary.invalid" }, API_PAGING_ERRORS,
	{ 0, NULL } };

#define PERSON_INPUT_ERRORS \
	{ E_INVALID, "person.birth_date.future" }, \
	    { E_INVALID, "person.birthplace.invalid" }, \
	    { E_INVALID, "person.commune_code.invalid" }, \
	    { E_INVALID, "person.identity_document.required" }, \
	    { E_INVALID, "person.identity_status.ins_required" }, \
	    { E_INVALID, "person.ins.invalid" }, \
	    { E_INVALID, "person.ins.trait_mismatch" }, \
	    { E_INVALID, "person.ins_oid.required" }, \
	    { E_INVALID, "person.phone.invalid" }, \
	    { E_INVALID, "person.text.forbidden_char" }, \
	{ \
		E_CONFLICT, "person.ins.taken" \
	}

static const struct route_error person_create_errors[] = {
	{ E_FORBIDDEN, "person.create.forbidden" },
	{ E_INVALID, "person.birth_name.required" },
	{ E_INVALID, "person.first_names.required" },
	{ E_INVALID, "person.birth_date.required" },
	{ E_INVALID, "person.sex.required" }, PERSON_INPUT_ERRORS, { 0, NULL }
};

static const struct route_error candidates_errors[] = {
	{ E_FORBIDDEN, "access.denied" }, { 0, NULL }
};

static const struct route_error person_read_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ 0, NULL }
};

static const struct route_error person_patch_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_INVALID, "person.patch.empty" }, PERSON_INPUT_ERRORS, { 0, NULL }
};

static const struct route_error circle_add_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_INVALID, "circle.member.one_of" },
	{ E_INVALID, "circle.member.proche" }, { 0, NULL }
};

static const struct route_error circle_del_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_NOT_FOUND, "circle.not_found" }, { 0, NULL }
};

static const struct route_error objection_add_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_INVALID, "objection.target.one_of" },
	{ E_INVALID, "objection.org_id.self" },
	{ E_INVALID, "objection.informed_on.future" }, { 0, NULL }
};

static const struct route_error objection_del_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_NOT_FOUND, "objection.not_found" }, { 0, NULL }
};

static const struct route_error breakglass_errors[] = {
	{ E_NOT_FOUND, "person.not_found" },
	{ E_FORBIDDEN, "breakglass.forbidden" },
	{ E_FORBIDDEN, "breakglass.scope" },
	{ E_INVALID, "breakglass.reason.not_text" }, { 0, NULL }
};

static const struct route_param breakglass_query[] = {
	{ "since", JV_DATE, 10, 10, NULL, NULL, "Depuis (AAAA-MM-JJ)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error breakglass_report_errors[] = {
	{ E_INVALID, "breakglass.since.invalid" }, { 0, NULL }
};

static const struct route_param accesses_query[] = {
	{ "format", JV_ENUM, 0, 0, access_formats, "json",
	    "Format de la "
	    "réponse (csv : fichier à télécharger)" },
	API_PAGING_PARAMS,
	{ "before", JV_INT, 1, 0, NULL, NULL,
	    "Accès antérieurs à cet "
	    "identifiant (pagination par curseur)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error accesses_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { E_FORBIDDEN, "access.denied" },
	{ E_INVALID, "accesses.format.invalid" },
	{ E_INVALID, "query.before.invalid" }, API_PAGING_ERRORS, { 0, NULL }
};

/* SPEC: issue 10 §2 — the countries of birth abroad (countries.def),
 * for the birthplace picker: reference data, like the communes. */
#define COUNTRY_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, "Code INSEE du pays (99xxx)") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom du pays") \
	X(S, until, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Année de fin d'un ancien pays (null : en usage)")
JW_FIELDS(COUNTRY, COUNTRY_F);
JW_ROWS(COUNTRY, COUNTRY_F);
static const struct jw_schema country_schema =
    JW_INIT(COUNTRY, "Country", "Pays de naissance (code INSEE 99xxx)");

#define COLIST_F(X, S) X(S, items, JW_ARR, 0, NULL, &country_schema, "Pays")
JW_FIELDS(COLIST, COLIST_F);
JW_ROWS(COLIST, COLIST_F);
const struct jw_schema api_country_list_schema =
    JW_INIT(COLIST, "CountryList", "Liste de pays");

static int
countries_search(struct ctx *ctx, struct req *req)
{
	const char *q = req_query(req, "q");
	const struct country *v[20];
	struct jw w;
	int n, i;

	if (q == NULL || strlen(q) < 2 || strlen(q) > 80)
		return err_set(ctx, E_INVALID, "countries.q.required", "q",
		    "Indiquez le nom ou le code du pays (2 caractères au "
		    "moins).");
	n = country_search(&ctx->arena, q, v, 20);
	jw_begin(&w, &api_country_list_schema);
	jw_arr_begin(&w, COLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_str(&w, COUNTRY_code, v[i]->code);
		jw_str(&w, COUNTRY_name, v[i]->name);
		if (v[i]->until != 0)
			jw_int(&w, COUNTRY_until, v[i]->until);
		else
			jw_null(&w, COUNTRY_until);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static const struct route_param countries_query[] = {
	{ "q", JV_STR, 2, 80, NULL, NULL,
	    "Nom (sans accents) ou début du code 99xxx (obligatoire)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error countries_errors[] = {
	{ E_INVALID, "countries.q.required" }, { 0, NULL }
};

const struct route_doc api_person_docs[] = {
	{ M_GET, "/api/v1/countries", countries_query, countries_errors },
	{ M_GET, "/api/v1/persons", persons_query, persons_errors },
	{ M_POST, "/api/v1/persons", NULL, person_create_errors },
	{ M_POST, "/api/v1/persons/candidates", NULL, candidates_errors },
	{ M_GET, "/api/v1/persons/{id}", NULL, person_read_errors },
	{ M_PATCH, "/api/v1/persons/{id}", NULL, person_patch_errors },
	{ M_POST, "/api/v1/persons/{id}/circle", NULL, circle_add_errors },
	{ M_DELETE, "/api/v1/persons/{id}/circle/{member}", NULL,
	    circle_del_errors },
	{ M_POST, "/api/v1/persons/{id}/objections", NULL,
	    objection_add_errors },
	{ M_DELETE, "/api/v1/persons/{id}/objections/{objection}", NULL,
	    objection_del_errors },
	{ M_POST, "/api/v1/persons/{id}/breakglass", NULL, breakglass_errors },
	{ M_GET, "/api/v1/breakglass", breakglass_query,
	    breakglass_report_errors },
	{ M_GET, "/api/v1/persons/{id}/accesses", accesses_query,
	    accesses_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_person_routes[] = {
	{ M_GET, "/api/v1/countries", countries_search, NULL, 0, NULL, 0, 0,
	    200, "person",
	    "Chercher un pays de naissance (code INSEE 99xxx) par nom "
	    "(sans accents) ou par code (q)",
	    "CountryList" },
	{ M_GET, "/api/v1/persons", persons_list, NULL, TEAM, NULL, 0, 0, 200,
	    "person",
	    "Rechercher des personnes : q (nom avec ou sans "
	    "accents, date de naissance JJ/MM/AAAA, INS), commune, volet2=1, "
	    "beneficiary=0|1 (accompagnement volet 2 actif), "
	    "gir, limit, offset",
	    "PersonList" },
	{ M_POST, "/api/v1/persons", person_post, NULL, TEAM,
	    person_create_fields, sizeof(struct person_in), R_WRITE, 201,
	    "person", "Créer le dossier d'une personne", "PersonCreated" },
	{ M_POST, "/api/v1/persons/candidates", candidates_post, NULL, TEAM,
	    candidates_fields, sizeof(struct candidates_in), 0, 200, "person",
	    "Doublons possibles avant la création : l'identité en cours de "
	    "saisie (nom de naissance ou d'usage, premier prénom, date de "
	    "naissance ; accents, phonétique, une faute de frappe) ; les "
	    "dossiers que l'utilisateur ne peut pas ouvrir sont comptés sans "
	    "identité",
	    "PersonCandidates" },
	{ M_GET, "/api/v1/persons/{id}", person_read, NULL, TEAM, NULL, 0, 0,
	    200, "person", "Lire le dossier (catégories permises seulement)",
	    "Person" },
	{ M_PATCH, "/api/v1/persons/{id}", person_patch, NULL, TEAM,
	    person_patch_fields, sizeof(struct person_in), R_WRITE, 200,
	    "person", "Modifier l'identité ou les données par catégorie",
	    "PersonUpdated" },
	{ M_POST, "/api/v1/persons/{id}/circle", circle_post, NULL, TEAM,
	    circle_fields, sizeof(struct circle_in), R_WRITE, 201, "circle",
	    "Ajouter un professionnel ou une structure au cercle de soins",
	    "Id" },
	{ M_DELETE, "/api/v1/persons/{id}/circle/{member}", circle_delete, NULL,
	    TEAM, NULL, 0, R_WRITE, 204, "circle",
	    "Retirer un membre du cercle de soins", NULL },
	{ M_POST, "/api/v1/persons/{id}/objections", objection_post, NULL, TEAM,
	    objection_fields, sizeof(struct objection_in), R_WRITE, 201,
	    "consent", "Enregistrer une opposition au partage", "Id" },
	{ M_DELETE, "/api/v1/persons/{id}/objections/{objection}",
	    objection_delete, NULL, TEAM, NULL, 0, R_WRITE, 204, "consent",
	    "Lever une opposition", NULL },
	{ M_POST, "/api/v1/persons/{id}/breakglass", breakglass_post, NULL,
	    TEAM, breakglass_fields, sizeof(struct breakglass_in), R_WRITE, 201,
	    "breakglass", "Accès d'urgence (bris de glace), motif obligatoire",
	    "Breakglass" },
	{ M_GET, "/api/v1/breakglass", breakglass_report, NULL,
	    PERM_BREAKGLASS_REPORT, NULL, 0, 0, 200, "breakglass",
	    "Accès d'urgence récents, pour la coordination (since=AAAA-MM-JJ)",
	    "BreakglassList" },
	{ M_GET, "/api/v1/persons/{id}/accesses", accesses_get, NULL,
	    PERM_PERSON_ACCESSES, NULL, 0, 0, 200, "audit",
	    "Historique des accès au dossier, du plus récent au plus ancien : "
	    "{items, total, limit, offset}, limit de 1 à 200 (50 par défaut), "
	    "offset, before=seq (lignes antérieures) ; format=csv : l'export "
	    "complet (droit d'accès), sans pagination",
	    "AccessList" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
