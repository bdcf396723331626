/*
 * Directory routes (PRODUCT §4): organisations, their professionals and
 * conventions, and the partnership dashboard. Reading is open to every
 * user of the CRT; changes to the coordination, direction and secretariat,
 * traced.
 */
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/ctx.h"
#include "domain/directory/directory.h"
#include "domain/directory/org.h"
#include "json/jv.h"
#include "json/jw.h"

static const char *
type_label(const char *code)
{
	int i;

	for (i = 0; code != NULL && org_type_codes[i] != NULL; i++)
		if (strcmp(org_type_codes[i], code) == 0)
			return org_type_labels[i];
	return NULL;
}

/*
 * The directory replies, described once (issue 9 §2): an organisation
 * (a list row), the organisation with its professionals and conventions
 * (read and every change), the partner types and the partnership
 * dashboard. ORG_F is the start of ORGFULL_F: their first indices are
 * shared.
 */
#define ORG_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom de la structure") \
	X(S, type, JW_ENUM, 0, org_type_codes, NULL, "Type de structure") \
	X(S, type_label, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Libellé du type de structure") \
	X(S, is_self, JW_BOOL, 0, NULL, NULL, "Structure du CRT lui-même") \
	X(S, finess, JW_STR, JW_NULLABLE, NULL, NULL, "Numéro FINESS") \
	X(S, address, JW_STR, JW_NULLABLE, NULL, NULL, "Adresse") \
	X(S, commune_code, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Commune (code INSEE)") \
	X(S, commune_name, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom de la commune") \
	X(S, phone, JW_STR, JW_NULLABLE, NULL, NULL, "Téléphone") \
	X(S, email, JW_STR, JW_NULLABLE, NULL, NULL, "Adresse e-mail") \
	X(S, mssante, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Messagerie sécurisée (MSSanté)") \
	X(S, archived, JW_BOOL, 0, NULL, NULL, "Archivée") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Créée le") \
	X(S, updated_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Modifiée le")
JW_FIELDS(ORG, ORG_F);
JW_ROWS(ORG, ORG_F);
static const struct jw_schema org_schema =
    JW_INIT(ORG, "OrgSummary", "Structure de l'annuaire");

#define ORGLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &org_schema, "Structures trouvées")
JW_FIELDS(ORGLIST, ORGLIST_F);
JW_ROWS(ORGLIST, ORGLIST_F);
const struct jw_schema api_org_list_schema =
    JW_INIT(ORGLIST, "OrgList", "Annuaire des structures");

#define PRO_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, org_id, JW_INT, 0, NULL, NULL, "Structure") \
	X(S, org_name, JW_STR, 0, NULL, NULL, "Nom de la structure") \
	X(S, last_name, JW_STR, 0, NULL, NULL, "Nom") \
	X(S, first_name, JW_STR, 0, NULL, NULL, "Prénom") \
	X(S, profession, JW_STR, 0, NULL, NULL, "Profession") \
	X(S, rpps, JW_STR, JW_NULLABLE, NULL, NULL, "Numéro RPPS") \
	X(S, phone, JW_STR, JW_NULLABLE, NULL, NULL, "Téléphone") \
	X(S, email, JW_STR, JW_NULLABLE, NULL, NULL, "Adresse e-mail") \
	X(S, mssante, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Messagerie sécurisée (MSSanté)") \
	X(S, archived, JW_BOOL, 0, NULL, NULL, \
	    "Ne fait plus partie de la structure")
JW_FIELDS(PRO, PRO_F);
JW_ROWS(PRO, PRO_F);
static const struct jw_schema pro_schema =
    JW_INIT(PRO, "Professional", "Professionnel d'une structure");

#define CONV_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, org_id, JW_INT, 0, NULL, NULL, "Structure") \
	X(S, org_name, JW_STR, 0, NULL, NULL, "Nom de la structure") \
	X(S, org_type, JW_ENUM, 0, org_type_codes, NULL, \
	    "Type de la structure") \
	X(S, object, JW_STR, 0, NULL, NULL, "Objet de la convention") \
	X(S, signed_on, JW_DATE, 0, NULL, NULL, "Date de signature") \
	X(S, duration_months, JW_INT, 0, NULL, NULL, "Durée (mois)") \
	X(S, tacit_renewal, JW_BOOL, 0, NULL, NULL, "Tacite reconduction") \
	X(S, review_due, JW_DATE, 0, NULL, NULL, "Révision prévue le") \
	X(S, review_overdue, JW_BOOL, 0, NULL, NULL, \
	    "Révision dépassée (convention en cours)") \
	X(S, ended_on, JW_DATE, JW_NULLABLE, NULL, NULL, "Fin le") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Commentaire")
JW_FIELDS(CONV, CONV_F);
JW_ROWS(CONV, CONV_F);
static const struct jw_schema conv_schema =
    JW_INIT(CONV, "Convention", "Convention de partenariat");

#define ORGFULL_F(X, S) \
	ORG_F(X, S) \
	X(S, professionals, JW_ARR, 0, NULL, &pro_schema, "Professionnels") \
	X(S, conventions, JW_ARR, 0, NULL, &conv_schema, "Conventions")
JW_FIELDS(ORGFULL, ORGFULL_F);
JW_ROWS(ORGFULL, ORGFULL_F);
const struct jw_schema api_org_schema =
    JW_INIT(ORGFULL, "Org", "Structure, ses professionnels et ses conventions");

#define PTYPE_F(X, S) \
	X(S, code, JW_ENUM, 0, org_type_codes, NULL, "Type de structure") \
	X(S, label, JW_STR, 0, NULL, NULL, "Libellé") \
	X(S, group, JW_STR, 0, NULL, NULL, "Groupe de la liste de contrôle") \
	X(S, mandatory, JW_BOOL, 0, NULL, NULL, "Type obligatoire") \
	X(S, partners, JW_INT, 0, NULL, NULL, "Structures de ce type") \
	X(S, conventions, JW_INT, 0, NULL, NULL, "Conventions en cours")
JW_FIELDS(PTYPE, PTYPE_F);
JW_ROWS(PTYPE, PTYPE_F);
static const struct jw_schema ptype_schema =
    JW_INIT(PTYPE, "PartnerType", "Type de partenaire et sa couverture");

#define PSHIP_F(X, S) \
	X(S, days, JW_INT, 0, NULL, NULL, "Horizon des échéances (jours)") \
	X(S, conventions_due, JW_ARR, 0, NULL, &conv_schema, \
	    "Conventions à réviser dans l'horizon") \
	X(S, missing_mandatory_types, JW_ARR, 0, NULL, &ptype_schema, \
	    "Types obligatoires sans aucune structure") \
	X(S, mandatory_types_without_convention, JW_ARR, 0, NULL, \
	    &ptype_schema, "Types obligatoires sans convention en cours") \
	X(S, types, JW_ARR, 0, NULL, &ptype_schema, \
	    "Tous les types de partenaires")
JW_FIELDS(PSHIP, PSHIP_F);
JW_ROWS(PSHIP, PSHIP_F);
const struct jw_schema api_partnership_schema =
    JW_INIT(PSHIP, "Partnership", "Tableau de bord des partenariats");

/* The organisation's members of the object being written. */
static void
org_write(struct jw *w, const struct org_detail *o)
{
	jw_int(w, ORG_id, o->id);
	jw_str(w, ORG_name, o->name);
	jw_str(w, ORG_type, o->type);
	jw_str(w, ORG_type_label, type_label(o->type));
	jw_bool(w, ORG_is_self, o->is_self);
	jw_str(w, ORG_finess, o->finess);
	jw_str(w, ORG_address, o->address);
	jw_str(w, ORG_commune_code, o->commune_code);
	jw_str(w, ORG_commune_name, o->commune_name);
	jw_str(w, ORG_phone, o->phone);
	jw_str(w, ORG_email, o->email);
	jw_str(w, ORG_mssante, o->mssante);
	jw_bool(w, ORG_archived, o->archived);
	jw_str(w, ORG_created_at, o->created_at);
	jw_str(w, ORG_updated_at, o->updated_at);
}

static void
pro_write(struct jw *w, const struct professional *p)
{
	jw_item_obj_begin(w);
	jw_int(w, PRO_id, p->id);
	jw_int(w, PRO_org_id, p->org_id);
	jw_str(w, PRO_org_name, p->org_name);
	jw_str(w, PRO_last_name, p->last_name);
	jw_str(w, PRO_first_name, p->first_name);
	jw_str(w, PRO_profession, p->profession);
	jw_str(w, PRO_rpps, p->rpps);
	jw_str(w, PRO_phone, p->phone);
	jw_str(w, PRO_email, p->email);
	jw_str(w, PRO_mssante, p->mssante);
	jw_bool(w, PRO_archived, p->archived);
	jw_obj_end(w);
}

/* One convention, an item of the current array. */
static void
conv_write(struct jw *w, const struct convention *c)
{
	jw_item_obj_begin(w);
	jw_int(w, CONV_id, c->id);
	jw_int(w, CONV_org_id, c->org_id);
	jw_str(w, CONV_org_name, c->org_name);
	jw_str(w, CONV_org_type, c->org_type);
	jw_str(w, CONV_object, c->object);
	jw_str(w, CONV_signed_on, c->signed_on);
	jw_int(w, CONV_duration_months, c->duration_months);
	jw_bool(w, CONV_tacit_renewal, c->tacit_renewal);
	jw_str(w, CONV_review_due, c->review_due);
	jw_bool(w, CONV_review_overdue, c->ended_on == NULL && c->overdue);
	jw_str(w, CONV_ended_on, c->ended_on);
	jw_str(w, CONV_note, c->note);
	jw_obj_end(w);
}

static int
orgs_list(struct ctx *ctx, struct req *req)
{
	const char *type = req_query(req, "type"),
		   *arch = req_query(req, "archived"), *q = req_query(req, "q");
	struct org_detail *v;
	struct jw w;
	int n, i, rc;

	if (type != NULL && jv_enum_index(org_type_codes, type) < 0)
		return err_set(ctx, E_INVALID, "orgs.type.invalid", "type",
		    "Ce type de structure n'existe pas.");
	if (q != NULL && strlen(q) > 100)
		return err_set(ctx, E_INVALID, "orgs.q.too_long", "q",
		    "La recherche est trop longue.");
	rc = directory_org_list(
	    ctx, q, type, arch != NULL && strcmp(arch, "1") == 0, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_org_list_schema);
	jw_arr_begin(&w, ORGLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		org_write(&w, &v[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

/* Replies the organisation id with its professionals and conventions. */
static int
org_full(struct ctx *ctx, int64_t id, struct req *req)
{
	struct org_detail o;
	struct professional *p;
	struct convention *c;
	struct jw w;
	int rc, np, nc, i;

	/* Everything is read first: the reply is written in one go. */
	rc = directory_org_get(ctx, id, &o);
	if (rc == E_OK)
		rc = directory_pro_list(ctx, id, &p, &np);
	if (rc == E_OK)
		rc = directory_conv_list(ctx, id, &c, &nc);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_org_schema);
	org_write(&w, &o);
	jw_arr_begin(&w, ORGFULL_professionals);
	for (i = 0; i < np; i++)
		pro_write(&w, &p[i]);
	jw_arr_end(&w);
	jw_arr_begin(&w, ORGFULL_conventions);
	for (i = 0; i < nc; i++)
		conv_write(&w, &c[i]);
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static int
org_route_get(struct ctx *ctx, struct req *req)
{
	return org_full(ctx, req->ids[0], req);
}

#define OF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct org_in, n), fl, mn, mx, en, lab, NULL, \
		    0 \
	}
#define ORG_FIELDS(req) \
	OF(name, JV_STR, req, 1, 200, NULL, "Nom de la structure"), \
	    OF(type, JV_ENUM, req, 1, 40, org_type_codes, \
		"Type de structure"), \
	    OF(finess, JV_STR, JV_NULL, 9, 9, NULL, "Numéro FINESS"), \
	    OF(address, JV_STR, JV_NULL, 0, 300, NULL, "Adresse"), \
	    OF(commune_code, JV_STR, JV_NULL, 5, 5, NULL, \
		"Commune (code INSEE)"), \
	    OF(phone, JV_STR, JV_NULL, 0, 30, NULL, "Téléphone"), \
	    OF(email, JV_STR, JV_NULL, 0, 254, NULL, "Adresse e-mail"), \
	    OF(mssante, JV_STR, JV_NULL, 0, 254, NULL, \
		"Messagerie sécurisée (MSSanté)"), \
	    OF(archived, JV_BOOL, 0, 0, 0, NULL, "Archivée")

static const struct jv_field org_create_fields[] = { ORG_FIELDS(JV_REQ),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };
static const struct jv_field org_patch_fields[] = { ORG_FIELDS(0),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static int
org_post(struct ctx *ctx, struct req *req)
{
	int64_t id;
	int rc;

	rc = directory_org_create(ctx, req->in, &id);
	if (rc != E_OK)
		return rc;
	return org_full(ctx, id, req);
}

static int
org_patch(struct ctx *ctx, struct req *req)
{
	int rc;

	rc = directory_org_update(ctx, req->ids[0], req->in);
	if (rc != E_OK)
		return rc;
	return org_full(ctx, req->ids[0], req);
}

#define PF(n, t, fl, mn, mx, lab) \
	{ \
#n, t, offsetof(struct professional_in, n), fl, mn, mx, NULL, \
		    lab, NULL, 0 \
	}
#define PRO_FIELDS(req) \
	PF(last_name, JV_STR, req, 1, 100, "Nom"), \
	    PF(first_name, JV_STR, req, 1, 100, "Prénom"), \
	    PF(profession, JV_STR, req, 1, 100, "Profession"), \
	    PF(rpps, JV_STR, JV_NULL, 11, 11, "Numéro RPPS"), \
	    PF(phone, JV_STR, JV_NULL, 0, 30, "Téléphone"), \
	    PF(email, JV_STR, JV_NULL, 0, 254, "Adresse e-mail"), \
	    PF(mssante, JV_STR, JV_NULL, 0, 254, \
		"Messagerie sécurisée (MSSanté)"), \
	    PF(archived, JV_BOOL, 0, 0, 0, \
		"Ne fait plus partie de la structure")

static const struct jv_field pro_create_fields[] = { PRO_FIELDS(JV_REQ),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };
static const struct jv_field pro_patch_fields[] = { PRO_FIELDS(0),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static int
pro_post(struct ctx *ctx, struct req *req)
{
	int64_t id;
	int rc;

	rc = directory_pro_add(ctx, req->ids[0], req->in, &id);
	if (rc != E_OK)
		return rc;
	return org_full(ctx, req->ids[0], req);
}

static int
pro_patch(struct ctx *ctx, struct req *req)
{
	int rc;

	rc = directory_pro_update(ctx, req->ids[0], req->ids[1], req->in);
	if (rc != E_OK)
		return rc;
	return org_full(ctx, req->ids[0], req);
}

#define CF(n, t, fl, mn, mx, lab) \
	{ \
#n, t, offsetof(struct convention_in, n), fl, mn, mx, NULL, \
		    lab, NULL, 0 \
	}
#define CONV_FIELDS(req) \
	CF(object, JV_STR, req | JV_MULTI, 1, 2000, "Objet de la convention"), \
	    CF(signed_on, JV_DATE, req, 10, 10, "Date de signature"), \
	    CF(duration_months, JV_INT, req, 1, 240, "Durée (mois)"), \
	    CF(tacit_renewal, JV_BOOL, 0, 0, 0, "Tacite reconduction"), \
	    CF(review_due, JV_DATE, JV_NULL, 10, 10, "Révision prévue le"), \
	    CF(ended_on, JV_DATE, JV_NULL, 10, 10, "Fin le"), \
	    CF(note, JV_STR, JV_NULL | JV_MULTI, 0, 2000, "Commentaire")

static const struct jv_field conv_create_fields[] = { CONV_FIELDS(JV_REQ),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };
static const struct jv_field conv_patch_fields[] = { CONV_FIELDS(0),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static int
conv_post(struct ctx *ctx, struct req *req)
{
	int64_t id;
	int rc;

	rc = directory_conv_add(ctx, req->ids[0], req->in, &id);
	if (rc != E_OK)
		return rc;
	return org_full(ctx, req->ids[0], req);
}

static int
conv_patch(struct ctx *ctx, struct req *req)
{
	int rc;

	rc = directory_conv_update(ctx, req->ids[0], req->ids[1], req->in);
	if (rc != E_OK)
		return rc;
	return org_full(ctx, req->ids[0], req);
}

/* One partner type, an item of the current array. */
static void
ptype_write(struct jw *w, const struct partner_type *t)
{
	jw_item_obj_begin(w);
	jw_str(w, PTYPE_code, t->code);
	jw_str(w, PTYPE_label, t->label);
	jw_str(w, PTYPE_group, t->group);
	jw_bool(w, PTYPE_mandatory, t->mandatory);
	jw_int(w, PTYPE_partners, t->partners);
	jw_int(w, PTYPE_conventions, t->conventions);
	jw_obj_end(w);
}

static int
partnership(struct ctx *ctx, struct req *req)
{
	const char *d = req_query(req, "days");
	struct partnership p;
	struct jw w;
	int days = 30, i, rc;

	if (d != NULL) {
		char *end;
		long v = strtol(d, &end, 10);

		if (*d == '\0' || *end != '\0' || v < 0 || v > 3650)
			return err_set(ctx, E_INVALID,
			    "partnership.days.invalid", "days",
			    "Le paramètre « days » doit être un nombre "
			    "de jours entre 0 et 3650.");
		days = (int)v;
	}
	rc = directory_partnership(ctx, days, &p);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_partnership_schema);
	jw_int(&w, PSHIP_days, days);
	jw_arr_begin(&w, PSHIP_conventions_due);
	for (i = 0; i < p.ndue; i++)
		conv_write(&w, &p.due[i]);
	jw_arr_end(&w);
	/* Missing: mandatory with no partner; without convention: mandatory
	 * with partners but no convention in force. */
	jw_arr_begin(&w, PSHIP_missing_mandatory_types);
	for (i = 0; i < p.ntypes; i++)
		if (p.types[i].mandatory && p.types[i].partners == 0)
			ptype_write(&w, &p.types[i]);
	jw_arr_end(&w);
	jw_arr_begin(&w, PSHIP_mandatory_types_without_convention);
	for (i = 0; i < p.ntypes; i++)
		if (p.types[i].mandatory && p.types[i].partners != 0 &&
		    p.types[i].conventions == 0)
			ptype_write(&w, &p.types[i]);
	jw_arr_end(&w);
	jw_arr_begin(&w, PSHIP_types);
	for (i = 0; i < p.ntypes; i++)
		ptype_write(&w, &p.types[i]);
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static const char *const archived_values[] = { "0", "1", NULL };

/* Query parameters as orgs_list and partnership parse them (route.h). */
static const struct route_param orgs_query[] = {
	{ "q", JV_STR, 0, 100, NULL, NULL, "Nom de la structure" },
	{ "type", JV_ENUM, 0, 0, org_type_codes, NULL, "Type de structure" },
	{ "archived", JV_ENUM, 0, 0, archived_values, "0",
	    "1 : avec les structures archivées" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error orgs_errors[] = { { E_INVALID,
						      "orgs.type.invalid" },
	{ E_INVALID, "orgs.q.too_long" }, { 0, NULL } };

static const struct route_param partnership_query[] = {
	{ "days", JV_INT, 0, 3650, NULL, "30",
	    "Horizon des échéances, en "
	    "jours" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error partnership_errors[] = {
	{ E_INVALID, "partnership.days.invalid" }, { 0, NULL }
};

/* The errors of directory.c's checks, per route. */
#define ORG_INPUT_ERRORS \
	{ E_INVALID, "org.name.required" }, { E_INVALID, "org.type.crt" }, \
	    { E_INVALID, "org.finess.invalid" }, \
	    { E_INVALID, "org.commune_code.invalid" }, \
	    { E_INVALID, "org.phone.invalid" }, \
	    { E_INVALID, "org.email.invalid" }, \
	{ \
		E_INVALID, "org.mssante.invalid" \
	}
#define PRO_INPUT_ERRORS \
	{ E_NOT_FOUND, "org.not_found" }, \
	    { E_INVALID, "person.text.forbidden_char" }, \
	    { E_INVALID, "professional.last_name.required" }, \
	    { E_INVALID, "professional.rpps.invalid" }, \
	    { E_INVALID, "professional.phone.invalid" }, \
	    { E_INVALID, "professional.email.invalid" }, \
	{ \
		E_INVALID, "professional.mssante.invalid" \
	}
#define CONV_INPUT_ERRORS \
	{ E_NOT_FOUND, "org.not_found" }, \
	    { E_INVALID, "convention.object.required" }, \
	    { E_INVALID, "convention.duration_months.required" }, \
	    { E_INVALID, "convention.signed_on.future" }, \
	    { E_INVALID, "convention.review_due.before_signature" }, \
	    { E_INVALID, "convention.ended_on.before_signature" }, \
	{ \
		E_INVALID, "convention.org.self" \
	}

static const struct route_error org_create_errors[] = { ORG_INPUT_ERRORS,
	{ 0, NULL } };
static const struct route_error org_read_errors[] = {
	{ E_NOT_FOUND, "org.not_found" }, { 0, NULL }
};
static const struct route_error org_patch_errors[] = {
	{ E_NOT_FOUND, "org.not_found" }, { E_INVALID, "org.type.self" },
	{ E_INVALID, "org.archived.self" }, ORG_INPUT_ERRORS, { 0, NULL }
};
static const struct route_error pro_create_errors[] = { PRO_INPUT_ERRORS,
	{ 0, NULL } };
static const struct route_error pro_patch_errors[] = {
	{ E_NOT_FOUND, "professional.not_found" }, PRO_INPUT_ERRORS, { 0, NULL }
};
static const struct route_error conv_create_errors[] = { CONV_INPUT_ERRORS,
	{ 0, NULL } };
static const struct route_error conv_patch_errors[] = {
	{ E_NOT_FOUND, "convention.not_found" }, CONV_INPUT_ERRORS, { 0, NULL }
};

const struct route_doc api_directory_docs[] = { { M_GET, "/api/v1/orgs",
						    orgs_query, orgs_errors },
	{ M_POST, "/api/v1/orgs", NULL, org_create_errors },
	{ M_GET, "/api/v1/orgs/{id}", NULL, org_read_errors },
	{ M_PATCH, "/api/v1/orgs/{id}", NULL, org_patch_errors },
	{ M_POST, "/api/v1/orgs/{id}/professionals", NULL, pro_create_errors },
	{ M_PATCH, "/api/v1/orgs/{id}/professionals/{professional}", NULL,
	    pro_patch_errors },
	{ M_POST, "/api/v1/orgs/{id}/conventions", NULL, conv_create_errors },
	{ M_PATCH, "/api/v1/orgs/{id}/conventions/{convention}", NULL,
	    conv_patch_errors },
	{ M_GET, "/api/v1/partnership", partnership_query, partnership_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_directory_routes[] = {
	{ M_GET, "/api/v1/orgs", orgs_list, NULL, 0, NULL, 0, 0, 200, "org",
	    "Annuaire des structures (q, type, archived=1)", "OrgList" },
	{ M_POST, "/api/v1/orgs", org_post, NULL, PERM_DIRECTORY_EDIT,
	    org_create_fields, sizeof(struct org_in), R_WRITE, 201, "org",
	    "Ajouter une structure partenaire à l'annuaire", "Org" },
	{ M_GET, "/api/v1/orgs/{id}", org_route_get, NULL, 0, NULL, 0, 0, 200,
	    "org", "Une structure, ses professionnels et ses conventions",
	    "Org" },
	{ M_PATCH, "/api/v1/orgs/{id}", org_patch, NULL, PERM_DIRECTORY_EDIT,
	    org_patch_fields, sizeof(struct org_in), R_WRITE, 200, "org",
	    "Modifier une structure (ou l'archiver)", "Org" },
	{ M_POST, "/api/v1/orgs/{id}/professionals", pro_post, NULL,
	    PERM_DIRECTORY_EDIT, pro_create_fields,
	    sizeof(struct professional_in), R_WRITE, 201, "org",
	    "Ajouter un professionnel à une structure", "Org" },
	{ M_PATCH, "/api/v1/orgs/{id}/professionals/{professional}", pro_patch,
	    NULL, PERM_DIRECTORY_EDIT, pro_patch_fields,
	    sizeof(struct professional_in), R_WRITE, 200, "org",
	    "Modifier un professionnel", "Org" },
	{ M_POST, "/api/v1/orgs/{id}/conventions", conv_post, NULL,
	    PERM_DIRECTORY_EDIT, conv_create_fields,
	    sizeof(struct convention_in), R_WRITE, 201, "convention",
	    "Enregistrer une convention (révision un an après "
	    "la signature par défaut)",
	    "Org" },
	{ M_PATCH, "/api/v1/orgs/{id}/conventions/{convention}", conv_patch,
	    NULL, PERM_DIRECTORY_EDIT, conv_patch_fields,
	    sizeof(struct convention_in), R_WRITE, 200, "convention",
	    "Modifier une convention (révision, "
	    "fin)",
	    "Org" },
	{ M_GET, "/api/v1/partnership", partnership, NULL,
	    PERM_PARTNERSHIP_READ, NULL, 0, 0, 200, "convention",
	    "Tableau de bord : conventions à réviser "
	    "(days=30) et types de partenaires obligatoires manquants",
	    "Partnership" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
