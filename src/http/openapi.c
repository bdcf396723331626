/*
 * OpenAPI generation. Paths come from the route rows, request bodies from
 * their validation tables (types, required, lengths, enums), replies from
 * their descriptions (json/jw.h), query parameters and route-specific
 * error codes from the route_doc rows; the errors every route of a kind
 * returns are derived from its row. Knows no resource.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "http/openapi.h"
#include "json/jv.h"
#include "json/jw.h"

static json_t *schema_of_fields(const struct jv_field *);

static json_t *
schema_of(const struct jv_field *f)
{
	json_t *s = json_object(), *e;
	int i;

	switch (f->type) {
	case JV_STR:
	case JV_ENUM:
	case JV_DATE:
		json_object_set_new(s, "type", json_string("string"));
		if (f->type == JV_DATE)
			json_object_set_new(s, "format", json_string("date"));
		if (f->type == JV_ENUM) {
			e = json_array();
			for (i = 0; f->enumv[i] != NULL; i++)
				json_array_append_new(
				    e, json_string(f->enumv[i]));
			json_object_set_new(s, "enum", e);
		} else {
			if (f->min > 0)
				json_object_set_new(
				    s, "minLength", json_integer(f->min));
			if (f->max > 0)
				json_object_set_new(
				    s, "maxLength", json_integer(f->max));
		}
		break;
	case JV_INT:
		json_object_set_new(s, "type", json_string("integer"));
		json_object_set_new(s, "minimum", json_integer(f->min));
		if (f->max > 0)
			json_object_set_new(s, "maximum", json_integer(f->max));
		break;
	case JV_BOOL:
		json_object_set_new(s, "type", json_string("boolean"));
		break;
	case JV_OBJ:
		json_decref(s);
		s = schema_of_fields(f->sub);
		break;
	case JV_ARR:
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", schema_of_fields(f->sub));
		if (f->max > 0)
			json_object_set_new(
			    s, "maxItems", json_integer(f->max));
		break;
	}
	if (f->label != NULL)
		json_object_set_new(s, "description", json_string(f->label));
	if (f->flags & JV_NULL)
		json_object_set_new(s, "nullable", json_true());
	return s;
}

static json_t *
schema_of_fields(const struct jv_field *fields)
{
	json_t *s = json_object(), *props = json_object(), *req = json_array();
	const struct jv_field *f;

	json_object_set_new(s, "type", json_string("object"));
	json_object_set_new(s, "additionalProperties", json_false());
	for (f = fields; f->name != NULL; f++) {
		json_object_set_new(props, f->name, schema_of(f));
		if (f->flags & JV_REQ)
			json_array_append_new(req, json_string(f->name));
	}
	json_object_set_new(s, "properties", props);
	if (json_array_size(req) > 0)
		json_object_set_new(s, "required", req);
	else
		json_decref(req);
	return s;
}

static const char *const jw_types[JW__MAX] = { "string", "integer", "boolean",
	"string", "string", "string", "object", "array", "array", "array",
	"number" };

static json_t *
enum_json(const char *const *v)
{
	json_t *e = json_array();

	for (; *v != NULL; v++)
		json_array_append_new(e, json_string(*v));
	return e;
}

static json_t *
ref(const char *name)
{
	return json_sprintf("#/components/schemas/%s", name);
}

/* The schema of a described member; nested objects by reference. */
static json_t *
reply_member(const struct jw_field *f)
{
	json_t *s = json_object(), *it;

	if (f->type == JW_OBJ) {
		/* OpenAPI 3.0: siblings of $ref are ignored, so a nullable
		 * reference is an allOf of one. */
		json_object_set_new(s, "allOf",
		    json_pack("[{s:o}]", "$ref", ref(f->sub->name)));
	} else {
		json_object_set_new(s, "type", json_string(jw_types[f->type]));
		if (f->type == JW_DATE)
			json_object_set_new(s, "format", json_string("date"));
		if (f->type == JW_DATETIME)
			json_object_set_new(
			    s, "x-format", json_string("date-time"));
		if (f->type == JW_ENUM)
			json_object_set_new(s, "enum", enum_json(f->enumv));
		if (f->type == JW_ARR || f->type == JW_ARR_INT ||
		    f->type == JW_ARR_ENUM) {
			it = f->type == JW_ARR
			    ? json_pack("{s:o}", "$ref", ref(f->sub->name))
			    : f->type == JW_ARR_INT
			    ? json_pack("{s:s}", "type", "integer")
			    : json_pack("{s:s,s:o}", "type", "string", "enum",
				  enum_json(f->enumv));
			json_object_set_new(s, "items", it);
		}
	}
	if (f->label != NULL)
		json_object_set_new(s, "description", json_string(f->label));
	if (f->flags & JW_NULLABLE)
		json_object_set_new(s, "nullable", json_true());
	return s;
}

/* Adds a described reply and the schemas it refers to. */
static void
reply_schema(json_t *all, const struct jw_schema *d)
{
	json_t *s, *props, *req;
	int i;

	if (json_object_get(all, d->name) != NULL)
		return;
	s = json_object();
	props = json_object();
	req = json_array();
	json_object_set_new(all, d->name, s);
	json_object_set_new(s, "type", json_string("object"));
	if (d->label != NULL)
		json_object_set_new(s, "description", json_string(d->label));
	json_object_set_new(s, "additionalProperties", json_false());
	for (i = 0; i < d->nfields; i++) {
		const struct jw_field *f = &d->fields[i];

		json_object_set_new(props, f->name, reply_member(f));
		if (!(f->flags & JW_OPTIONAL))
			json_array_append_new(req, json_string(f->name));
		if (f->sub != NULL)
			reply_schema(all, f->sub);
	}
	json_object_set_new(s, "properties", props);
	if (json_array_size(req) > 0)
		json_object_set_new(s, "required", req);
	else
		json_decref(req);
}

static const struct jw_schema *
find_schema(const struct jw_schema *const *schemas, const char *name)
{
	if (name == NULL || schemas == NULL)
		return NULL;
	for (; *schemas != NULL; schemas++)
		if (strcmp((*schemas)->name, name) == 0)
			return *schemas;
	return NULL;
}

static const struct route_doc *
find_doc(const struct route_table *t, const struct route *r)
{
	const struct route_doc *d;

	if (t->docs == NULL)
		return NULL;
	for (d = t->docs; d->path != NULL; d++)
		if (d->method == r->method && strcmp(d->path, r->path) == 0)
			return d;
	return NULL;
}

static json_t *
query_param(const struct route_param *q)
{
	json_t *s = json_object();

	switch (q->type) {
	case JV_INT:
		json_object_set_new(s, "type", json_string("integer"));
		json_object_set_new(s, "minimum", json_integer(q->min));
		if (q->max > 0)
			json_object_set_new(s, "maximum", json_integer(q->max));
		if (q->def != NULL)
			json_object_set_new(s, "default",
			    json_integer(strtoll(q->def, NULL, 10)));
		break;
	case JV_ENUM:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "enum", enum_json(q->enumv));
		break;
	default:
		json_object_set_new(s, "type", json_string("string"));
		if (q->type == JV_DATE)
			json_object_set_new(s, "format", json_string("date"));
		if (q->min > 0)
			json_object_set_new(
			    s, "minLength", json_integer(q->min));
		if (q->max > 0)
			json_object_set_new(
			    s, "maxLength", json_integer(q->max));
	}
	if (q->def != NULL && q->type != JV_INT)
		json_object_set_new(s, "default", json_string(q->def));
	return json_pack("{s:s,s:s,s:b,s:s,s:o}", "name", q->name, "in",
	    "query", "required", 0, "description", q->label ? q->label : "",
	    "schema", s);
}

/*
 * The errors a route can return: those its row implies (session, CSRF,
 * permission, body, path ids, server), then its route_doc's.
 */
struct errlist {
	struct route_error e[256];
	int n;
	char pool[16384]; /* the keys built from a body's fields */
	size_t used;
};

static void
err_add(struct errlist *l, int code, const char *key)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->e[i].key, key) == 0)
			return;
	if (l->n < (int)(sizeof(l->e) / sizeof(l->e[0]))) {
		l->e[l->n].code = code;
		l->e[l->n++].key = key;
	}
}

/* "<prefix>.<name>[.<what>]" kept in l's pool (NULL when it is full). */
static const char *
err_key(
    struct errlist *l, const char *prefix, const char *name, const char *what)
{
	char *k = l->pool + l->used;
	size_t room = sizeof(l->pool) - l->used;
	int n;

	n = what ? snprintf(k, room, "%s.%s.%s", prefix, name, what)
		 : snprintf(k, room, "%s.%s", prefix, name);
	if (n < 0 || (size_t)n >= room)
		return NULL;
	l->used += (size_t)n + 1;
	return k;
}

static void
err_add_key(struct errlist *l, int code, const char *prefix, const char *name,
    const char *what)
{
	const char *k = err_key(l, prefix, name, what);

	if (k != NULL)
		err_add(l, code, k);
}

/*
 * The codes json/jv.c gives a body validated by `fields` under `prefix`
 * (the route's tag): issue 12 review F19, a route's documented errors are
 * what it returns, its body's included. Mirrors jv_object/one_str: a
 * wrong JSON type or an unknown field is 400, a value refused 422.
 */
static void
field_errors(
    struct errlist *l, const char *prefix, const struct jv_field *fields)
{
	const struct jv_field *f;
	const char *sub;

	err_add_key(l, E_BADREQ, prefix, "unknown_field", NULL);
	for (f = fields; f->name != NULL; f++) {
		if (f->flags & JV_REQ)
			err_add_key(l, E_INVALID, prefix, f->name, "required");
		err_add_key(l, E_BADREQ, prefix, f->name, "type");
		switch (f->type) {
		case JV_STR:
		case JV_ENUM:
		case JV_DATE:
			if (f->min > 0)
				err_add_key(
				    l, E_INVALID, prefix, f->name, "required");
			if (f->min > 1 || (f->min == 1 && !(f->flags & JV_REQ)))
				err_add_key(
				    l, E_INVALID, prefix, f->name, "too_short");
			if (f->max > 0)
				err_add_key(
				    l, E_INVALID, prefix, f->name, "too_long");
			err_add_key(l, E_INVALID, prefix, f->name, "invalid");
			break;
		case JV_INT:
			err_add_key(l, E_INVALID, prefix, f->name, "range");
			break;
		case JV_ARR:
			if (f->max > 0)
				err_add_key(
				    l, E_INVALID, prefix, f->name, "too_long");
			/* FALLTHROUGH */
		case JV_OBJ:
			sub = err_key(l, prefix, f->name, NULL);
			if (sub != NULL && f->sub != NULL)
				field_errors(l, sub, f->sub);
			break;
		default:
			break;
		}
	}
}

static void
route_errors(
    const struct route *r, const struct route_doc *d, struct errlist *l)
{
	const struct route_error *e;

	l->n = 0;
	l->used = 0;
	if (!(r->flags & R_PUBLIC))
		err_add(l, E_AUTH, "auth.required");
	if (!(r->flags & (R_PUBLIC | R_ONETIME)))
		err_add(l, E_FORBIDDEN, "password.change_required");
	if (r->method != M_GET && !(r->flags & R_NOCSRF))
		err_add(l, E_FORBIDDEN, "csrf.invalid");
	/* A permission, or the proche's refusal of every route not meant
	 * for it (api_session_hook). */
	if (r->perm != 0 || !(r->flags & (R_PUBLIC | R_ONETIME | R_PROCHE)))
		err_add(l, E_FORBIDDEN, "role.forbidden");
	if (strchr(r->path, '{') != NULL)
		err_add(l, E_NOT_FOUND, "route.not_found");
	if (r->in != NULL) {
		err_add(l, E_BADREQ, "json.malformed");
		err_add(l, E_BADREQ, "json.not_object");
		err_add(l, E_MEDIA, "request.content_type");
		field_errors(l, r->tag, r->in);
	}
	err_add(l, E_TOOBIG, "request.too_big");
	if (d != NULL && d->errors != NULL)
		for (e = d->errors; e->key != NULL; e++)
			err_add(l, e->code, e->key);
	err_add(l, E_UNAVAILABLE, "db.busy");
	err_add(l, E_UNAVAILABLE, "server.stopping");
	err_add(l, E_INTERNAL, "server.error");
}

static void
lower(char *d, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n && s[i]; i++)
		d[i] = (char)tolower((unsigned char)s[i]);
	d[i] = '\0';
}

static json_t *
operation(const struct route *r, const struct route_doc *d,
    const char *const *perms, const struct jw_schema *const *schemas,
    const struct route_reply *alts)
{
	json_t *op = json_object(), *params = json_array(), *resp, *p, *c,
	       *codes, *er;
	const struct jw_schema *out = find_schema(schemas, r->out);
	const struct route_param *q;
	struct errlist el;
	const char *s;
	char name[32], status[8];
	size_t k;
	int i;

	json_object_set_new(
	    op, "summary", json_string(r->summary ? r->summary : ""));
	json_object_set_new(op, "tags", json_pack("[s]", r->tag));
	/* The permission the route needs (issue 9 §1); absent: any
	 * signed-in user (or none, for the public routes). */
	if (r->perm != 0)
		json_object_set_new(
		    op, "x-permission", json_string(perms[r->perm]));
	for (s = strchr(r->path, '{'); s != NULL; s = strchr(s + 1, '{')) {
		k = strcspn(s + 1, "}");
		if (k >= sizeof(name))
			k = sizeof(name) - 1;
		memcpy(name, s + 1, k);
		name[k] = '\0';
		p = json_pack("{s:s,s:s,s:b,s:{s:s,s:i}}", "name", name, "in",
		    "path", "required", 1, "schema", "type", "integer",
		    "minimum", 1);
		json_array_append_new(params, p);
	}
	if (d != NULL && d->query != NULL)
		for (q = d->query; q->name != NULL; q++)
			json_array_append_new(params, query_param(q));
	if (json_array_size(params) > 0)
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	if (r->in != NULL)
		json_object_set_new(op, "requestBody",
		    json_pack("{s:b,s:{s:{"
			      "s:o}}}",
			"required", 1, "content", "application/json", "schema",
			schema_of_fields(r->in)));
	if (r->flags & R_UPLOAD)
		json_object_set_new(op, "requestBody",
		    json_pack(
			"{s:b,s:{"
			"s:{s:{s:s,s:s}},s:{s:{s:s,s:s}},s:{s:{s:s,s:s}}}}",
			"required", 1, "content", "application/pdf", "schema",
			"type", "string", "format", "binary", "image/jpeg",
			"schema", "type", "string", "format", "binary",
			"image/png", "schema", "type", "string", "format",
			"binary"));
	resp = json_object();
	snprintf(status, sizeof(status), "%d", r->status ? r->status : 200);
	if (out != NULL && r->status != 204)
		c = json_pack("{s:s,s:{s:{s:{s:o}}}}", "description", "Succès",
		    "content", "application/json", "schema", "$ref",
		    ref(out->name));
	else if (r->out != NULL && r->status != 204) {
		/* Not described yet: an object, its intended name aside. */
		c = json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", "Succès",
		    "content", "application/json", "schema", "$ref",
		    "#/components/schemas/Object");
		json_object_set_new(
		    c, "x-maillage-schema", json_string(r->out));
	} else
		c = json_pack("{s:s}", "description", "Succès");
	json_object_set_new(resp, status, c);
	for (; alts != NULL && alts->path != NULL; alts++) {
		if (alts->method != r->method ||
		    strcmp(alts->path, r->path) != 0 ||
		    (out = find_schema(schemas, alts->out)) == NULL)
			continue;
		snprintf(status, sizeof(status), "%d", alts->status);
		json_object_set_new(resp, status,
		    json_pack("{s:s,s:{s:{s:{s:o}}}}", "description", "Succès",
			"content", "application/json", "schema", "$ref",
			ref(out->name)));
	}
	/* Each error status with its stable codes; "x-error-codes" lists
	 * them as data. */
	route_errors(r, d, &el);
	codes = json_array();
	for (i = 0; i < el.n; i++) {
		snprintf(status, sizeof(status), "%d",
		    err_status((enum err_code)el.e[i].code));
		json_array_append_new(codes,
		    json_pack("{s:i,s:s}", "status",
			err_status((enum err_code)el.e[i].code), "code",
			el.e[i].key));
		er = json_object_get(resp, status);
		if (er == NULL) {
			er = json_pack("{s:s,s:{s:{s:{s:s}}}}", "description",
			    "", "content", "application/json", "schema", "$ref",
			    "#/components/schemas/Error");
			json_object_set_new(resp, status, er);
		}
		s = json_string_value(json_object_get(er, "description"));
		json_object_set_new(er, "description",
		    json_sprintf("%s%s%s", s, *s ? ", " : "", el.e[i].key));
	}
	json_object_set_new(op, "x-error-codes", codes);
	json_object_set_new(resp, "default",
	    json_pack("{s:s,s:{s:{s:{s:s}}}}", "description",
		"Erreur (code stable et message en français)", "content",
		"application/json", "schema", "$ref",
		"#/components/schemas/Error"));
	json_object_set_new(op, "responses", resp);
	if (r->flags & R_PUBLIC)
		json_object_set_new(op, "security", json_array());
	lower(name, route_method_names[r->method], sizeof(name));
	json_object_set_new(
	    op, "operationId", json_sprintf("%s %s", name, r->path));
	return op;
}

static const char components[] =
    "{\"schemas\":{\"Object\":{\"type\":\"object\"}},"
    "\"securitySchemes\":{\"session\":{\"type\":\"apiKey\","
    "\"in\":\"cookie\",\"name\":\"maillage_session\"}}}";

json_t *
openapi_build(const struct route_table *t, size_t n, const char *version,
    const char *const *perms, const struct jw_schema *const *schemas,
    const struct route_reply *alts)
{
	json_t *doc, *paths = json_object(), *item, *comp;
	const struct jw_schema *const *sc;
	const struct route *r;
	char m[16];
	size_t i;

	for (i = 0; i < n; i++) {
		for (r = t[i].rows; r->path != NULL; r++) {
			item = json_object_get(paths, r->path);
			if (item == NULL) {
				item = json_object();
				json_object_set_new(paths, r->path, item);
			}
			lower(m, route_method_names[r->method], sizeof(m));
			json_object_set_new(item, m,
			    operation(
				r, find_doc(&t[i], r), perms, schemas, alts));
		}
	}
	doc = json_pack("{s:s,s:{s:s,s:s,s:s},s:o}", "openapi", "3.0.3", "info",
	    "title", "Maillage API", "version", version, "description",
	    "API du système d'information du CRT. Les "
	    "méthodes non sûres exigent l'en-tête X-CSRF-Token de la "
	    "session.",
	    "paths", paths);
	comp = json_loads(components, 0, NULL);
	for (sc = schemas; sc != NULL && *sc != NULL; sc++)
		reply_schema(json_object_get(comp, "schemas"), *sc);
	json_object_set_new(doc, "components", comp);
	json_object_set_new(doc, "security", json_pack("[{s:[]}]", "session"));
	return doc;
}

void
openapi_list(FILE *out, const struct route_table *t, size_t n)
{
	const struct route *r;
	size_t i;

	for (i = 0; i < n; i++)
		for (r = t[i].rows; r->path != NULL; r++)
			fprintf(out, "%s %s\n", route_method_names[r->method],
			    r->path);
}

static void
md_fields(FILE *out, const struct jv_field *fields, const char *pfx)
{
	const struct jv_field *f;
	static const char *const types[] = { "texte", "entier", "booléen",
		"liste de valeurs", "date", "objet", "liste" };
	char sub[128];
	int i;

	for (f = fields; f->name != NULL; f++) {
		fprintf(out, "| `%s%s` | %s | %s | %s", pfx, f->name,
		    types[f->type], (f->flags & JV_REQ) ? "oui" : "non",
		    f->label ? f->label : "");
		if (f->type == JV_ENUM) {
			fprintf(out, " :");
			for (i = 0; f->enumv[i] != NULL; i++)
				fprintf(out, " `%s`", f->enumv[i]);
		}
		fprintf(out, " |\n");
		if (f->type == JV_OBJ || f->type == JV_ARR) {
			snprintf(sub, sizeof(sub), "%s%s%s.", pfx, f->name,
			    f->type == JV_ARR ? "[]" : "");
			md_fields(out, f->sub, sub);
		}
	}
}

static void
md_query(FILE *out, const struct route_param *q)
{
	const char *const *e;

	fprintf(out, "| `%s` | ", q->name);
	if (q->type == JV_INT && q->max == 0)
		fprintf(out, "entier ≥ %lld", (long long)q->min);
	else if (q->type == JV_INT)
		fprintf(out, "entier %lld..%lld", (long long)q->min,
		    (long long)q->max);
	else if (q->type == JV_ENUM)
		for (e = q->enumv; *e != NULL; e++)
			fprintf(out, "%s`%s`", e == q->enumv ? "" : " ", *e);
	else if (q->type == JV_DATE)
		fprintf(out, "date");
	else
		fprintf(out, "texte %lld..%lld", (long long)q->min,
		    (long long)q->max);
	fprintf(out, " | %s | %s |\n", q->def ? q->def : "",
	    q->label ? q->label : "");
}

/* Reply schemas docs/API.md shows once each. */
#define MD_SCHEMAS_MAX 256

static void
md_schema(FILE *out, const struct jw_schema *d, const char **done, int *ndone)
{
	static const char *const types[JW__MAX] = { "texte", "entier",
		"booléen", "date", "date et heure", "liste de valeurs", "objet",
		"liste d'objets", "liste d'entiers", "liste de valeurs",
		"nombre" };
	const struct jw_field *f;
	const char *const *e;
	int i;

	for (i = 0; i < *ndone; i++)
		if (strcmp(done[i], d->name) == 0)
			return;
	if (*ndone < MD_SCHEMAS_MAX)
		done[(*ndone)++] = d->name;
	fprintf(out,
	    "### %s\n\n%s\n\n| member | type | always | null "
	    "| description |\n|---|---|---|---|---|\n",
	    d->name, d->label ? d->label : "");
	for (i = 0; i < d->nfields; i++) {
		f = &d->fields[i];
		fprintf(out, "| `%s` | %s", f->name, types[f->type]);
		if (f->sub != NULL)
			fprintf(out, " `%s`", f->sub->name);
		fprintf(out, " | %s | %s | %s",
		    (f->flags & JW_OPTIONAL) ? "non" : "oui",
		    (f->flags & JW_NULLABLE) ? "oui" : "non",
		    f->label ? f->label : "");
		if (f->enumv != NULL) {
			fprintf(out, " :");
			for (e = f->enumv; *e != NULL; e++)
				fprintf(out, " `%s`", *e);
		}
		fprintf(out, " |\n");
	}
	fprintf(out, "\n");
	for (i = 0; i < d->nfields; i++)
		if (d->fields[i].sub != NULL)
			md_schema(out, d->fields[i].sub, done, ndone);
}

void
openapi_markdown(FILE *out, const struct route_table *t, size_t n,
    const char *const *perms, const struct jw_schema *const *schemas,
    const struct route_reply *alts)
{
	const struct jw_schema *const *sc;
	const struct route_doc *d;
	const struct route_param *q;
	const struct route *r;
	const char *done[MD_SCHEMAS_MAX];
	const struct route_reply *a;
	struct errlist el;
	size_t i;
	int k, ndone = 0;

	fprintf(out,
	    "# API Maillage (v1)\n\n"
	    "Generated by `maillage routes --markdown` from the route tables; "
	    "`make check` fails when this file is stale.\n\n"
	    "Conventions: JSON in and out; errors are "
	    "`{\"error\":{\"code\",\"message\",\"field\",\"request_id\"}}` "
	    "with a stable code and a French message (409 "
	    "`person.ins.taken` adds `holder_id`, the record holding the "
	    "INS); unsafe methods need "
	    "the session's `X-CSRF-Token` header; unknown fields are "
	    "refused.\n\n");
	for (i = 0; i < n; i++) {
		for (r = t[i].rows; r->path != NULL; r++) {
			fprintf(out, "## %s `%s`\n\n%s\n\n",
			    route_method_names[r->method], r->path,
			    r->summary ? r->summary : "");
			fprintf(out, "- success: %d%s\n",
			    r->status ? r->status : 200,
			    (r->flags & R_PUBLIC) ? "; no session needed" : "");
			if (r->perm != 0)
				fprintf(out, "- permission: `%s`\n",
				    perms[r->perm]);
			if (r->flags & R_WRITE)
				fprintf(out,
				    "- write: one transaction, "
				    "committed before the answer\n");
			if (r->out != NULL && r->status != 204 &&
			    find_schema(schemas, r->out) != NULL)
				fprintf(out, "- reply: [`%s`](#%s)\n", r->out,
				    r->out);
			for (a = alts; a != NULL && a->path != NULL; a++)
				if (a->method == r->method &&
				    strcmp(a->path, r->path) == 0)
					fprintf(out,
					    "- reply %d: [`%s`](#%s)\n",
					    a->status, a->out, a->out);
			d = find_doc(&t[i], r);
			route_errors(r, d, &el);
			fprintf(out, "- errors:");
			for (k = 0; k < el.n; k++)
				fprintf(out, "%s %d `%s`", k ? "," : "",
				    err_status((enum err_code)el.e[k].code),
				    el.e[k].key);
			fprintf(out, "\n");
			if (d != NULL && d->query != NULL) {
				fprintf(out,
				    "\n| query | type | default | "
				    "description |\n|---|---|---|---|\n");
				for (q = d->query; q->name != NULL; q++)
					md_query(out, q);
			}
			if (r->in != NULL) {
				fprintf(out,
				    "\n| field | type | required | "
				    "description |\n|---|---|---|---|\n");
				md_fields(out, r->in, "");
			}
			fprintf(out, "\n");
		}
	}
	fprintf(out, "## Reply schemas\n\n");
	for (sc = schemas; sc != NULL && *sc != NULL; sc++)
		md_schema(out, *sc, done, &ndone);
}
