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

static const char *
type_label(const char *code)
{
	int i;

	for (i = 0; code != NULL && org_type_codes[i] != NULL; i++)
		if (strcmp(org_type_codes[i], code) == 0)
			return org_type_labels[i];
	return NULL;
}

static json_t *
org_json(const struct org_detail *o)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(o->id));
	api_set_str(j, "name", o->name);
	api_set_str(j, "type", o->type);
	api_set_str(j, "type_label", type_label(o->type));
	json_object_set_new(j, "is_self", json_boolean(o->is_self));
	api_set_str(j, "finess", o->finess);
	api_set_str(j, "address", o->address);
	api_set_str(j, "commune_code", o->commune_code);
	api_set_str(j, "commune_name", o->commune_name);
	api_set_str(j, "phone", o->phone);
	api_set_str(j, "email", o->email);
	api_set_str(j, "mssante", o->mssante);
	json_object_set_new(j, "archived", json_boolean(o->archived));
	api_set_str(j, "created_at", o->created_at);
	api_set_str(j, "updated_at", o->updated_at);
	return j;
}

static json_t *
pro_json(const struct professional *p)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "org_id", json_integer(p->org_id));
	api_set_str(j, "org_name", p->org_name);
	api_set_str(j, "last_name", p->last_name);
	api_set_str(j, "first_name", p->first_name);
	api_set_str(j, "profession", p->profession);
	api_set_str(j, "rpps", p->rpps);
	api_set_str(j, "phone", p->phone);
	api_set_str(j, "email", p->email);
	api_set_str(j, "mssante", p->mssante);
	json_object_set_new(j, "archived", json_boolean(p->archived));
	return j;
}

static json_t *
conv_json(const struct convention *c)
{
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(c->id));
	json_object_set_new(j, "org_id", json_integer(c->org_id));
	api_set_str(j, "org_name", c->org_name);
	api_set_str(j, "org_type", c->org_type);
	api_set_str(j, "object", c->object);
	api_set_str(j, "signed_on", c->signed_on);
	json_object_set_new(
	    j, "duration_months", json_integer(c->duration_months));
	json_object_set_new(j, "tacit_renewal", json_boolean(c->tacit_renewal));
	api_set_str(j, "review_due", c->review_due);
	json_object_set_new(j, "review_overdue",
	    json_boolean(c->ended_on == NULL && c->overdue));
	api_set_str(j, "ended_on", c->ended_on);
	api_set_str(j, "note", c->note);
	return j;
}

static int
orgs_list(struct ctx *ctx, struct req *req)
{
	const char *type = req_query(req, "type"),
		   *arch = req_query(req, "archived"), *q = req_query(req, "q");
	struct org_detail *v;
	json_t *items;
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
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, org_json(&v[i]));
	req->out = json_pack("{s:o}", "items", items);
	return E_OK;
}

static int
org_full(struct ctx *ctx, int64_t id, json_t **out)
{
	struct org_detail o;
	struct professional *p;
	struct convention *c;
	json_t *j, *a;
	int rc, n, i;

	rc = directory_org_get(ctx, id, &o);
	if (rc != E_OK)
		return rc;
	j = org_json(&o);
	rc = directory_pro_list(ctx, id, &p, &n);
	if (rc != E_OK) {
		json_decref(j);
		return rc;
	}
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a, pro_json(&p[i]));
	json_object_set_new(j, "professionals", a);
	rc = directory_conv_list(ctx, id, &c, &n);
	if (rc != E_OK) {
		json_decref(j);
		return rc;
	}
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a, conv_json(&c[i]));
	json_object_set_new(j, "conventions", a);
	*out = j;
	return E_OK;
}

static int
org_route_get(struct ctx *ctx, struct req *req)
{
	return org_full(ctx, req->ids[0], &req->out);
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
	return org_full(ctx, id, &req->out);
}

static int
org_patch(struct ctx *ctx, struct req *req)
{
	int rc;

	rc = directory_org_update(ctx, req->ids[0], req->in);
	if (rc != E_OK)
		return rc;
	return org_full(ctx, req->ids[0], &req->out);
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
	return org_full(ctx, req->ids[0], &req->out);
}

static int
pro_patch(struct ctx *ctx, struct req *req)
{
	int rc;

	rc = directory_pro_update(ctx, req->ids[0], req->ids[1], req->in);
	if (rc != E_OK)
		return rc;
	return org_full(ctx, req->ids[0], &req->out);
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
	return org_full(ctx, req->ids[0], &req->out);
}

static int
conv_patch(struct ctx *ctx, struct req *req)
{
	int rc;

	rc = directory_conv_update(ctx, req->ids[0], req->ids[1], req->in);
	if (rc != E_OK)
		return rc;
	return org_full(ctx, req->ids[0], &req->out);
}

static int
partnership(struct ctx *ctx, struct req *req)
{
	const char *d = req_query(req, "days");
	struct partnership p;
	json_t *due, *types, *missing, *without, *t;
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
	due = json_array();
	for (i = 0; i < p.ndue; i++)
		json_array_append_new(due, conv_json(&p.due[i]));
	types = json_array();
	missing = json_array();
	without = json_array();
	for (i = 0; i < p.ntypes; i++) {
		t = json_pack("{s:s,s:s,s:s,s:b,s:i,s:i}", "code",
		    p.types[i].code, "label", p.types[i].label, "group",
		    p.types[i].group, "mandatory", p.types[i].mandatory,
		    "partners", p.types[i].partners, "conventions",
		    p.types[i].conventions);
		if (p.types[i].mandatory && p.types[i].partners == 0)
			json_array_append(missing, t);
		else if (p.types[i].mandatory && p.types[i].conventions == 0)
			json_array_append(without, t);
		json_array_append_new(types, t);
	}
	req->out = json_pack("{s:i,s:o,s:o,s:o,s:o}", "days", days,
	    "conventions_due", due, "missing_mandatory_types", missing,
	    "mandatory_types_without_convention", without, "types", types);
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

const struct route_doc api_directory_docs[] = { { M_GET, "/api/v1/orgs",
						    orgs_query, orgs_errors },
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
