/*
 * OpenAPI generation. Paths come from the route rows, request bodies from
 * their validation tables (types, required, lengths, enums), the error
 * shape is shared. Knows no resource.
 */
#include <ctype.h>
#include <string.h>

#include "http/openapi.h"
#include "json/jv.h"

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
				json_array_append_new(e,
				    json_string(f->enumv[i]));
			json_object_set_new(s, "enum", e);
		} else {
			if (f->min > 0)
				json_object_set_new(s, "minLength",
				    json_integer(f->min));
			if (f->max > 0)
				json_object_set_new(s, "maxLength",
				    json_integer(f->max));
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
			json_object_set_new(s, "maxItems", json_integer(f->max));
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

static void
lower(char *d, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n && s[i]; i++)
		d[i] = (char)tolower((unsigned char)s[i]);
	d[i] = '\0';
}

static json_t *
operation(const struct route *r, const char *const *perms)
{
	json_t *op = json_object(), *params = json_array(), *resp, *p, *c;
	const char *s;
	char name[32], status[8];
	size_t k;

	json_object_set_new(op, "summary", json_string(r->summary ?
	    r->summary : ""));
	json_object_set_new(op, "tags", json_pack("[s]", r->tag));
	/* The permission the route needs (issue 9 §1); absent: any
	 * signed-in user (or none, for the public routes). */
	if (r->perm != 0)
		json_object_set_new(op, "x-permission",
		    json_string(perms[r->perm]));
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
	if (json_array_size(params) > 0)
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	if (r->in != NULL)
		json_object_set_new(op, "requestBody", json_pack("{s:b,s:{s:{"
		    "s:o}}}", "required", 1, "content", "application/json",
		    "schema", schema_of_fields(r->in)));
	if (r->flags & R_UPLOAD)
		json_object_set_new(op, "requestBody", json_pack("{s:b,s:{"
		    "s:{s:{s:s,s:s}},s:{s:{s:s,s:s}},s:{s:{s:s,s:s}}}}",
		    "required", 1, "content", "application/pdf", "schema",
		    "type", "string", "format", "binary", "image/jpeg",
		    "schema", "type", "string", "format", "binary",
		    "image/png", "schema", "type", "string", "format",
		    "binary"));
	resp = json_object();
	snprintf(status, sizeof(status), "%d", r->status ? r->status : 200);
	if (r->out != NULL && r->status != 204) {
		c = json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", "Succès",
		    "content", "application/json", "schema", "$ref",
		    "#/components/schemas/Object");
		json_object_set_new(c, "x-maillage-schema",
		    json_string(r->out));
	} else
		c = json_pack("{s:s}", "description", "Succès");
	json_object_set_new(resp, status, c);
	json_object_set_new(resp, "default", json_pack("{s:s,s:{s:{s:{s:s}}}}",
	    "description", "Erreur (code stable et message en français)",
	    "content", "application/json", "schema", "$ref",
	    "#/components/schemas/Error"));
	json_object_set_new(op, "responses", resp);
	if (r->flags & R_PUBLIC)
		json_object_set_new(op, "security", json_array());
	lower(name, route_method_names[r->method], sizeof(name));
	json_object_set_new(op, "operationId", json_sprintf("%s %s", name,
	    r->path));
	return op;
}

static const char components[] =
    "{\"schemas\":{\"Object\":{\"type\":\"object\"},"
    "\"Error\":{\"type\":\"object\",\"required\":[\"error\"],"
    "\"properties\":{\"error\":{\"type\":\"object\","
    "\"required\":[\"code\",\"message\"],\"properties\":{"
    "\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},"
    "\"field\":{\"type\":\"string\"},"
    "\"holder_id\":{\"type\":\"integer\"},"
    "\"request_id\":{\"type\":\"string\"}}}}}},"
    "\"securitySchemes\":{\"session\":{\"type\":\"apiKey\","
    "\"in\":\"cookie\",\"name\":\"maillage_session\"}}}";

json_t *
openapi_build(const struct route_table *t, size_t n, const char *version,
    const char *const *perms)
{
	json_t *doc, *paths = json_object(), *item;
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
			json_object_set_new(item, m, operation(r, perms));
		}
	}
	doc = json_pack("{s:s,s:{s:s,s:s,s:s},s:o}", "openapi", "3.0.3",
	    "info", "title", "Maillage API", "version", version,
	    "description", "API du système d'information du CRT. Les "
	    "méthodes non sûres exigent l'en-tête X-CSRF-Token de la "
	    "session.", "paths", paths);
	json_object_set_new(doc, "components", json_loads(components, 0,
	    NULL));
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

void
openapi_markdown(FILE *out, const struct route_table *t, size_t n,
    const char *const *perms)
{
	const struct route *r;
	size_t i;

	fprintf(out, "# API Maillage (v1)\n\n"
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
				fprintf(out, "- write: one transaction, "
				    "committed before the answer\n");
			if (r->in != NULL) {
				fprintf(out, "\n| field | type | required | "
				    "description |\n|---|---|---|---|\n");
				md_fields(out, r->in, "");
			}
			fprintf(out, "\n");
		}
	}
}
