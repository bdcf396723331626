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
#include "domain/record/evaluation.h"
#include "domain/record/ins.h"
#include "domain/record/person.h"
#include "json/jv.h"

#define PF(n, t, fl, mn, mx, en, lab) \
	{ #n, t, offsetof(struct person_in, n), fl, mn, mx, en, lab, NULL, 0 }
#define DF(cat, lab) \
	{ #cat, JV_STR, offsetof(struct person_in, data.c[CAT_##cat]) - \
	  offsetof(struct person_in, data), JV_NULL | JV_MULTI, 0, 20000, \
	  NULL, lab, NULL, 0 }

/* Data texts by category; names must match access_cat_codes. */
#define CAT_admin	CAT_ADMIN
#define CAT_social	CAT_SOCIAL
#define CAT_soins	CAT_SOINS
#define CAT_medical	CAT_MEDICAL
#define CAT_psy		CAT_PSY

static const struct jv_field data_fields[] = {
	DF(admin, "Notes administratives"),
	DF(social, "Situation sociale"),
	DF(soins, "Soins"),
	DF(medical, "Médical"),
	DF(psy, "Psychologique"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

#define FF(i, name, lab) \
	{ name, JV_BOOL, offsetof(struct person_in, flags.f[i]) - \
	  offsetof(struct person_in, flags), 0, 0, 0, NULL, lab, NULL, 0 }

/* DOMAIN §2 flags; names as person_flag_codes. */
static const struct jv_field flag_fields[] = {
	FF(FLAG_DOUBTFUL, "doubtful", "Identité douteuse"),
	FF(FLAG_FICTITIOUS, "fictitious", "Identité fictive"),
	FF(FLAG_HOMONYM, "homonym", "Homonyme"),
	FF(FLAG_DUPLICATE, "duplicate", "Doublon suspecté"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

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
	PF(ins_oid, JV_ENUM, JV_NULL, 1, 40, ins_oid_codes, "OID de l'INS"), \
	PF(identity_status, JV_ENUM, 0, 1, 10, ins_status_codes, \
	    "Statut de l'identité"), \
	PF(identity_document, JV_ENUM, JV_NULL, 1, 20, person_document_codes, \
	    "Pièce d'identité contrôlée"), \
	{ "flags", JV_OBJ, offsetof(struct person_in, flags), 0, 0, 0, NULL, \
	  "Attributs de l'identité", flag_fields, 0 }, \
	PF(address, JV_STR, JV_NULL, 0, 300, NULL, "Adresse"), \
	PF(commune_code, JV_STR, JV_NULL, 5, 5, NULL, \
	    "Commune (code INSEE)"), \
	{ "data", JV_OBJ, offsetof(struct person_in, data), 0, 0, 0, NULL, \
	  "Données par catégorie", data_fields, 0 }

static const struct jv_field person_create_fields[] = {
	IDENTITY_FIELDS(JV_REQ),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static const struct jv_field person_patch_fields[] = {
	IDENTITY_FIELDS(0),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static json_t *
identity_json(const struct person *p)
{
	json_t *o = json_object(), *flags;
	int i;

	json_object_set_new(o, "id", json_integer(p->id));
	api_set_str(o, "birth_name", p->birth_name);
	api_set_str(o, "first_names", p->first_names);
	api_set_str(o, "used_name", p->used_name);
	api_set_str(o, "used_first_name", p->used_first_name);
	api_set_str(o, "birth_date", p->birth_date);
	api_set_str(o, "sex", p->sex);
	api_set_str(o, "birthplace_insee", p->birthplace_insee);
	api_set_str(o, "ins", p->ins);
	api_set_str(o, "ins_oid", p->ins_oid);
	api_set_str(o, "identity_status", p->identity_status);
	api_set_str(o, "identity_status_at", p->identity_status_at);
	json_object_set_new(o, "identity_status_by", p->identity_status_by ?
	    json_pack("{s:I,s:s?}", "id", (json_int_t)p->identity_status_by,
	    "name", p->identity_status_by_name) : json_null());
	api_set_str(o, "identity_document", p->identity_document);
	flags = json_object();
	for (i = 0; i < FLAG__MAX; i++)
		json_object_set_new(flags, person_flag_codes[i],
		    json_boolean(p->flags[i]));
	json_object_set_new(o, "flags", flags);
	api_set_str(o, "address", p->address);
	api_set_str(o, "commune_code", p->commune_code);
	api_set_str(o, "created_at", p->created_at);
	api_set_str(o, "updated_at", p->updated_at);
	return o;
}

static int
person_full_json(struct ctx *ctx, const struct access_grant *g, json_t **out)
{
	struct person p;
	struct circle_member *cm;
	struct objection *ob;
	json_t *o, *data, *circle, *obj, *m;
	int rc, c, n, i;

	rc = person_get(ctx, g, &p);
	if (rc == E_OK)
		rc = person_circle(ctx, g, &cm, &n);
	if (rc != E_OK)
		return rc;
	o = identity_json(&p);
	json_object_set_new(o, "commune", json_null());
	if (p.commune_code != NULL) {
		struct commune com;

		rc = territory_commune(ctx, p.commune_code, &com);
		if (rc != E_OK) {
			json_decref(o);
			return rc;
		}
		json_object_set_new(o, "commune", api_commune_json(&com));
	}
	data = json_object();
	for (c = 0; c < CAT__MAX; c++)
		if (p.data[c] != NULL)
			json_object_set_new(data, access_cat_codes[c],
			    json_string(p.data[c]));
	json_object_set_new(o, "data", data);
	circle = json_array();
	for (i = 0; i < n; i++) {
		m = json_object();
		json_object_set_new(m, "id", json_integer(cm[i].id));
		json_object_set_new(m, "user_id", cm[i].user_id ?
		    json_integer(cm[i].user_id) : json_null());
		json_object_set_new(m, "org_id", cm[i].org_id ?
		    json_integer(cm[i].org_id) : json_null());
		api_set_str(m, "role", cm[i].role);
		api_set_str(m, "name", cm[i].name);
		api_set_str(m, "kind", cm[i].kind);
		api_set_str(m, "since", cm[i].since);
		json_array_append_new(circle, m);
	}
	json_object_set_new(o, "circle", circle);
	rc = person_objections(ctx, g, &ob, &n);
	if (rc != E_OK) {
		json_decref(o);
		return rc;
	}
	obj = json_array();
	for (i = 0; i < n; i++) {
		m = json_object();
		json_object_set_new(m, "id", json_integer(ob[i].id));
		json_object_set_new(m, "org_id", ob[i].org_id ?
		    json_integer(ob[i].org_id) : json_null());
		api_set_str(m, "org_name", ob[i].org_name);
		api_set_str(m, "category", ob[i].category);
		api_set_str(m, "note", ob[i].note);
		api_set_str(m, "since", ob[i].since);
		api_set_str(m, "withdrawn_at", ob[i].withdrawn_at);
		json_array_append_new(obj, m);
	}
	json_object_set_new(o, "objections", obj);
	json_object_set_new(o, "gir", json_null());
	if (g->read & CAT_BIT(CAT_SOINS)) {
		struct aggir_eval *ev;

		rc = evaluation_aggir_list(ctx, g, 1, &ev, &n);
		if (rc != E_OK) {
			json_decref(o);
			return rc;
		}
		if (n > 0)
			json_object_set_new(o, "gir", json_pack(
			    "{s:i,s:s,s:{s:I,s:s}}", "value", ev[0].gir,
			    "evaluated_on", ev[0].evaluated_on, "evaluator",
			    "id", (json_int_t)ev[0].evaluator_id, "name",
			    ev[0].evaluator_name));
	}
	json_object_set_new(o, "access", api_grant_json(g));
	*out = o;
	return E_OK;
}

static int
persons_list(struct ctx *ctx, struct req *req)
{
	struct person_query pq;
	struct person *v;
	json_t *items;
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
	if (pq.commune != NULL && (strlen(pq.commune) != 5 ||
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
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, identity_json(&v[i]));
	req->out = json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total",
	    (json_int_t)total, "limit", pq.limit, "offset", pq.offset);
	return E_OK;
}

/* Adds "warnings": [{code, field, message}] to a create/update reply. */
static int
add_warnings(struct ctx *ctx, json_t *out)
{
	struct person_warning w[2];
	json_t *a = json_array();
	int n, i, rc;

	rc = person_warnings(ctx, json_string_value(json_object_get(out,
	    "birthplace_insee")), w, 2, &n);
	for (i = 0; rc == E_OK && i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "code",
		    w[i].code, "field", w[i].field, "message", w[i].message));
	json_object_set_new(out, "warnings", a);
	return rc;
}

static int
person_post(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int64_t id, *dups;
	int ndups, rc, i;
	json_t *d;

	rc = person_create(ctx, req->in, &id, &dups, &ndups);
	if (rc != E_OK)
		return rc;
	/* The creator reads back what was stored (traced as a read). */
	rc = access_require(ctx, id, CAT_BIT(CAT_ADMIN), ACT_READ,
	    "person.read", &g);
	if (rc == E_OK)
		rc = person_full_json(ctx, &g, &req->out);
	if (rc != E_OK)
		return rc;
	d = json_array();
	for (i = 0; i < ndups; i++)
		json_array_append_new(d, json_integer(dups[i]));
	json_object_set_new(req->out, "possible_duplicates", d);
	return add_warnings(ctx, req->out);
}

static int
person_read(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	int rc;

	/* Traces exactly the categories this answer discloses. */
	rc = access_require(ctx, req->ids[0], ACCESS_ANY, ACT_READ,
	    "person.read", &g);
	if (rc != E_OK)
		return rc;
	return person_full_json(ctx, &g, &req->out);
}

static int
person_patch(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	unsigned cats = person_in_cats(req->in);
	int rc;

	if (cats == 0)
		return err_set(ctx, E_INVALID, "person.patch.empty", NULL,
		    "Aucune modification demandée.");
	rc = access_require(ctx, req->ids[0], cats, ACT_WRITE, "person.update",
	    &g);
	if (rc == E_OK)
		rc = person_update(ctx, &g, req->in);
	if (rc == E_OK)
		rc = access_check(ctx, req->ids[0], &g);
	if (rc == E_OK)
		rc = person_full_json(ctx, &g, &req->out);
	if (rc == E_OK)
		rc = add_warnings(ctx, req->out);
	return rc;
}

struct circle_in {
	struct jv_int	 user_id;
	struct jv_int	 org_id;
	struct jv_str	 role;
};

static const struct jv_field circle_fields[] = {
	{ "user_id", JV_INT, offsetof(struct circle_in, user_id), JV_NULL, 1,
	  0, NULL, "Professionnel", NULL, 0 },
	{ "org_id", JV_INT, offsetof(struct circle_in, org_id), JV_NULL, 1,
	  0, NULL, "Structure", NULL, 0 },
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
#define OPENS	(CAT_BIT(CAT_SOCIAL) | CAT_BIT(CAT_SOINS))

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
		rc = access_may_widen(ctx, req->ids[0], OPENS | gains,
		    "circle.add", &g);
	if (rc == E_OK)
		rc = person_circle_add(ctx, &g, in->user_id.null ? 0 :
		    in->user_id.v, in->org_id.null ? 0 : in->org_id.v,
		    in->role.s, &id);
	if (rc != E_OK)
		return rc;
	req->out = json_pack("{s:I}", "id", (json_int_t)id);
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
	struct jv_int	 org_id;
	struct jv_str	 category;
	struct jv_str	 note;
};

static const struct jv_field objection_fields[] = {
	{ "org_id", JV_INT, offsetof(struct objection_in, org_id), JV_NULL, 1,
	  0, NULL, "Structure", NULL, 0 },
	{ "category", JV_ENUM, offsetof(struct objection_in, category),
	  JV_NULL, 1, 20, access_cat_codes, "Catégorie de données", NULL, 0 },
	{ "note", JV_STR, offsetof(struct objection_in, note),
	  JV_NULL | JV_MULTI, 0, 2000, NULL, "Commentaire", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
objection_post(struct ctx *ctx, struct req *req)
{
	const struct objection_in *in = req->in;
	struct access_grant g;
	int64_t id;
	int rc;

	rc = access_may_widen(ctx, req->ids[0], OPENS, "consent.objection",
	    &g);
	if (rc == E_OK)
		rc = person_objection_add(ctx, &g, in->org_id.set &&
		    !in->org_id.null ? in->org_id.v : 0, in->category.s,
		    in->note.s, &id);
	if (rc != E_OK)
		return rc;
	req->out = json_pack("{s:I}", "id", (json_int_t)id);
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
		rc = access_may_widen(ctx, req->ids[0], OPENS | cats,
		    "consent.withdraw", &g);
	if (rc == E_OK)
		rc = person_objection_withdraw(ctx, &g, req->ids[1]);
	return rc;
}

struct breakglass_in {
	struct jv_str	 reason;
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
	int rc, renewal = 0;

	rc = access_breakglass(ctx, req->ids[0], in->reason.s, &exp, &renewal);
	if (rc == E_OK)
		rc = access_check(ctx, req->ids[0], &g);
	if (rc != E_OK)
		return rc;
	/* renewal: 0 for a first grant, n for the (n+1)th in a row. */
	req->out = json_pack("{s:s,s:o,s:i}", "expires_at", exp, "access",
	    api_grant_json(&g), "renewal", renewal);
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
	struct ctx	*ctx;
	json_t		*items;
	struct buf	*b;
	int		 csv;
};

static int
accesses_row(void *arg, const struct audit_entry *e)
{
	struct accesses_arg *a = arg;
	struct ctx *ctx = a->ctx;
	json_t *it;

	if (a->csv) {
		const char *line = arena_printf(&ctx->arena,
		    "%s;%s;%s;%s;%s;%s;%s;%s;%s;%s\r\n",
		    csv_cell(ctx, e->at), csv_cell(ctx, e->login),
		    csv_cell(ctx, e->name), csv_cell(ctx, e->org),
		    csv_cell(ctx, e->role), csv_cell(ctx, e->action),
		    csv_cell(ctx, e->categories), csv_cell(ctx, e->grant),
		    csv_cell(ctx, e->outcome), csv_cell(ctx, e->request_id));

		if (line == NULL || buf_adds(a->b, line) != 0)
			return E_TOOBIG;
		return E_OK;
	}
	it = json_object();
	api_set_str(it, "at", e->at);
	json_object_set_new(it, "user_id", e->user_id == 0 ? json_null() :
	    json_integer(e->user_id));
	api_set_str(it, "login", e->login);
	api_set_str(it, "name", e->name);
	api_set_str(it, "org", e->org);
	api_set_str(it, "role", e->role);
	api_set_str(it, "action", e->action);
	api_set_str(it, "categories", e->categories);
	api_set_str(it, "grant", e->grant);
	api_set_str(it, "outcome", e->outcome);
	api_set_str(it, "request_id", e->request_id);
	json_object_set_new(it, "seq", json_integer(e->seq));
	json_array_append_new(a->items, it);
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
	json_t *items;
	struct buf b;

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
	a.items = json_array();
	a.csv = csv;
	a.b = &b;
	buf_init(&b, 6u * 1024 * 1024);
	buf_adds(&b, "\xEF\xBB\xBF" "date;identifiant;nom;structure;role;"
	    "action;categories;acces;resultat;requete\r\n");
	rc = audit_person_each(ctx, g.person_id, before, csv ? total : limit,
	    csv ? 0 : offset, accesses_row, &a);
	items = a.items;
	if (rc != E_OK) {
		json_decref(items);
		buf_release(&b);
		if (rc == E_TOOBIG)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Export trop volumineux.");
		return rc;
	}
	if (csv) {
		json_decref(items);
		req->raw_type = "text/csv; charset=utf-8";
		req->raw_body = arena_strndup(&ctx->arena, b.p, b.len);
		req->raw_len = b.len;
		buf_release(&b);
		return req->raw_body ? E_OK : E_TOOBIG;
	}
	buf_release(&b);
	req->out = json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total",
	    (json_int_t)total, "limit", limit, "offset", offset);
	return E_OK;
}

/*
 * The renewals of the report, per user × person: every pair with at least
 * one renewal among the listed grants, with its grants and renewals.
 */
static json_t *
breakglass_renewals(json_t *items)
{
	json_t *out = json_array(), *it, *o, *pair;
	size_t i, k;
	json_int_t uid, pid;

	json_array_foreach(items, i, it) {
		if (json_integer_value(json_object_get(it, "renewal")) == 0)
			continue;
		uid = json_integer_value(json_object_get(it, "user_id"));
		pid = json_integer_value(json_object_get(it, "person_id"));
		pair = NULL;
		json_array_foreach(out, k, o)
			if (json_integer_value(json_object_get(o, "user_id")) ==
			    uid && json_integer_value(json_object_get(o,
			    "person_id")) == pid)
				pair = o;
		if (pair != NULL)
			continue;
		pair = json_pack("{s:I,s:O,s:O,s:O,s:I,s:O,s:O,s:i,s:i,s:O}",
		    "user_id", uid, "login", json_object_get(it, "login"),
		    "name", json_object_get(it, "name"),
		    "role", json_object_get(it, "role"),
		    "person_id", pid,
		    "birth_name", json_object_get(it, "birth_name"),
		    "first_names", json_object_get(it, "first_names"),
		    "grants", 0, "renewals", 0,
		    "last_opened_at", json_object_get(it, "opened_at"));
		json_array_append_new(out, pair);
	}
	/* Counts over the listed grants of each flagged pair. */
	json_array_foreach(out, k, o) {
		int grants = 0, renewals = 0;

		json_array_foreach(items, i, it) {
			if (json_integer_value(json_object_get(it, "user_id")) !=
			    json_integer_value(json_object_get(o, "user_id")) ||
			    json_integer_value(json_object_get(it,
			    "person_id")) != json_integer_value(
			    json_object_get(o, "person_id")))
				continue;
			grants++;
			if (json_integer_value(json_object_get(it, "renewal")))
				renewals++;
		}
		json_object_set_new(o, "grants", json_integer(grants));
		json_object_set_new(o, "renewals", json_integer(renewals));
	}
	return out;
}

/*
 * SPEC: PRODUCT §1 — break-the-glass accesses are reported to the
 * coordinator: ?since=YYYY-MM-DD (default: the last 3 days). Each grant
 * carries its renewal number; `renewals` lists, per user × person, the
 * pairs that renewed (flagged for the coordination).
 */
static int
breakglass_row(void *arg, const struct access_breakglass_row *b)
{
	json_t *it = json_object();

	json_object_set_new(it, "id", json_integer(b->id));
	json_object_set_new(it, "person_id", json_integer(b->person_id));
	api_set_str(it, "birth_name", b->birth_name);
	api_set_str(it, "first_names", b->first_names);
	json_object_set_new(it, "user_id", json_integer(b->user_id));
	api_set_str(it, "login", b->login);
	api_set_str(it, "name", b->name);
	api_set_str(it, "role", b->role);
	api_set_str(it, "reason", b->reason);
	api_set_str(it, "opened_at", b->opened_at);
	api_set_str(it, "expires_at", b->expires_at);
	json_object_set_new(it, "renewal", json_integer(b->renewal));
	json_array_append_new(arg, it);
	return E_OK;
}

static int
breakglass_report(struct ctx *ctx, struct req *req)
{
	const char *since = req_query(req, "since");
	struct access_grant g;
	enum access_row row;
	json_t *items = json_array(), *it;
	size_t i;
	int rc;

	if (since != NULL && !clock_valid_date(since)) {
		json_decref(items);
		return err_set(ctx, E_INVALID, "breakglass.since.invalid",
		    "since", "La date « since » doit être au format "
		    "AAAA-MM-JJ.");
	}
	rc = access_breakglass_each(ctx, since ? since :
	    clock_iso_after(&ctx->arena, -3 * 86400), breakglass_row, items);
	if (rc != E_OK) {
		json_decref(items);
		return rc;
	}
	/* Names shown to the reader are an access: decided and traced by
	 * the access module. The report's purpose is the count of grants
	 * and renewals: a person the reader may not see stays, without
	 * identity. */
	for (i = 0; i < json_array_size(items); i++) {
		it = json_array_get(items, i);
		if (access_list_row(ctx, json_integer_value(json_object_get(it,
		    "person_id")), CAT_BIT(CAT_ADMIN), "breakglass.report", &g,
		    &row) != E_OK) {
			json_decref(items);
			return ctx->err;
		}
		json_object_set_new(it, "identity_hidden",
		    json_boolean(row != ACCESS_ROW_VISIBLE));
		if (row != ACCESS_ROW_VISIBLE) {
			json_object_set_new(it, "birth_name", json_null());
			json_object_set_new(it, "first_names", json_null());
		}
	}
	req->out = json_pack("{s:o,s:o}", "renewals",
	    breakglass_renewals(items), "items", items);
	return E_OK;
}

/* Person routes have no route permission: access_require() decides per
 * person (and traces the refusal of, e.g., an administrator's attempt).
 * person.create and person.breakglass exist for the UI; a unit test keeps
 * them equal to the access decision's ceilings. */
#define TEAM	PERM_ANY

const struct route api_person_routes[] = {
	{ M_GET, "/api/v1/persons", persons_list, NULL, TEAM, NULL, 0, 0,
	  200, "person", "Rechercher des personnes : q (nom avec ou sans "
	  "accents, date de naissance JJ/MM/AAAA, INS), commune, volet2=1, "
	  "beneficiary=0|1 (accompagnement volet 2 actif), "
	  "gir, limit, offset",
	  "PersonList" },
	{ M_POST, "/api/v1/persons", person_post, NULL, TEAM,
	  person_create_fields, sizeof(struct person_in), R_WRITE, 201,
	  "person", "Créer le dossier d'une personne", "Person" },
	{ M_GET, "/api/v1/persons/{id}", person_read, NULL, TEAM, NULL, 0, 0,
	  200, "person", "Lire le dossier (catégories permises seulement)",
	  "Person" },
	{ M_PATCH, "/api/v1/persons/{id}", person_patch, NULL, TEAM,
	  person_patch_fields, sizeof(struct person_in), R_WRITE, 200,
	  "person", "Modifier l'identité ou les données par catégorie",
	  "Person" },
	{ M_POST, "/api/v1/persons/{id}/circle", circle_post, NULL, TEAM,
	  circle_fields, sizeof(struct circle_in), R_WRITE, 201, "circle",
	  "Ajouter un professionnel ou une structure au cercle de soins",
	  "Id" },
	{ M_DELETE, "/api/v1/persons/{id}/circle/{member}", circle_delete,
	  NULL, TEAM, NULL, 0, R_WRITE, 204, "circle",
	  "Retirer un membre du cercle de soins", NULL },
	{ M_POST, "/api/v1/persons/{id}/objections", objection_post, NULL,
	  TEAM, objection_fields, sizeof(struct objection_in), R_WRITE, 201,
	  "consent", "Enregistrer une opposition au partage", "Id" },
	{ M_DELETE, "/api/v1/persons/{id}/objections/{objection}",
	  objection_delete, NULL, TEAM, NULL, 0, R_WRITE, 204, "consent",
	  "Lever une opposition", NULL },
	{ M_POST, "/api/v1/persons/{id}/breakglass", breakglass_post, NULL,
	  TEAM, breakglass_fields, sizeof(struct breakglass_in), R_WRITE, 201,
	  "breakglass", "Accès d'urgence (bris de glace), motif obligatoire",
	  "Breakglass" },
	{ M_GET, "/api/v1/breakglass", breakglass_report, NULL,
	  PERM_BREAKGLASS_REPORT,
	  NULL, 0, 0, 200, "breakglass",
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
