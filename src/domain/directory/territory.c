/*
 * Territory rules. Commune data comes only from the maintained package;
 * coverage is per CRT and validated against it. Search folds accents like
 * person search does.
 */
#include <jansson.h>
#include <string.h>

#include "audit/audit.h"
#include "base/ctx.h"
#include "base/xalloc.h"
#include "db/db.h"
#include "domain/directory/territory.h"
#include "domain/text.h"
#include "json/jout.h"

#define LOAD_CHUNK 4000

static int
load_chunk(struct ctx *ctx, json_t *rows)
{
	struct db_stmt *st;
	size_t n;
	char *txt;
	int rc;

	if (json_array_size(rows) == 0)
		return E_OK;
	txt = jout_dump(rows, &n);
	st = db_stmt(ctx->db, Q_COMMUNE_LOAD);
	db_bind_text(st, 1, txt);
	rc = db_run(ctx, st);
	xfree(txt);
	json_array_clear(rows);
	return rc;
}

int
territory_import(struct ctx *ctx, const char *path, int *count)
{
	json_error_t e;
	json_t *all, *c, *rows, *pc;
	const char *code, *name, *type, *dept;
	size_t i, k;
	int rc = E_OK;
	struct arena tmp;

	*count = 0;
	all = json_load_file(path, 0, &e);
	if (all == NULL || !json_is_array(all)) {
		json_decref(all);
		return err_set(ctx, E_INVALID, "territory.file.invalid", "file",
		    arena_printf(&ctx->arena,
			"Fichier des communes illisible "
			"(%s) : installez le paquet npm "
			"@etalab/decoupage-administratif (npm ci).",
			path));
	}
	rows = json_array();
	arena_init(&tmp, 0);
	json_array_foreach(all, i, c)
	{
		type = json_string_value(json_object_get(c, "type"));
		code = json_string_value(json_object_get(c, "code"));
		name = json_string_value(json_object_get(c, "nom"));
		dept = json_string_value(json_object_get(c, "departement"));
		if (type == NULL || strcmp(type, "commune-actuelle") != 0 ||
		    code == NULL || name == NULL || dept == NULL ||
		    strlen(code) != 5)
			continue;
		/* Postal codes space-separated: "48140 48200". */
		{
			char postal[256] = "";
			size_t o = 0;

			pc = json_object_get(c, "codesPostaux");
			for (k = 0; k < json_array_size(pc); k++) {
				const char *p =
				    json_string_value(json_array_get(pc, k));

				if (p != NULL &&
				    o + strlen(p) + 2 < sizeof(postal))
					o += (size_t)snprintf(postal + o,
					    sizeof(postal) - o, "%s%s",
					    o ? " " : "", p);
			}
			json_array_append_new(rows,
			    json_pack("{s:s,s:s,s:s,s:s,s:s,s:O}", "code", code,
				"name", name, "key", text_fold(&tmp, name),
				"postal", postal, "dept", dept, "pop",
				json_object_get(c, "population")
				    ? json_object_get(c, "population")
				    : json_null()));
		}
		(*count)++;
		if (json_array_size(rows) >= LOAD_CHUNK) {
			rc = load_chunk(ctx, rows);
			arena_release(&tmp);
			if (rc != E_OK)
				break;
		}
	}
	if (rc == E_OK)
		rc = load_chunk(ctx, rows);
	arena_release(&tmp);
	json_decref(rows);
	json_decref(all);
	return rc;
}

int
territory_commune_count(struct ctx *ctx, int64_t *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_COMMUNE_COUNT);

	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*n = db_col_i64(st, 0);
	return E_OK;
}

void
territory_commune_cols(
    struct ctx *ctx, struct db_stmt *st, int i, struct commune *c)
{
	c->code = db_col_dup(ctx, st, i);
	c->name = db_col_dup(ctx, st, i + 1);
	c->postal_codes = db_col_dup(ctx, st, i + 2);
	c->departement = db_col_dup(ctx, st, i + 3);
	c->population = db_col_null(st, i + 4) ? 0 : db_col_i64(st, i + 4);
	c->volet1 = !db_col_null(st, i + 5) && db_col_i64(st, i + 5);
	c->volet2 = !db_col_null(st, i + 6) && db_col_i64(st, i + 6);
	c->travel_minutes =
	    db_col_null(st, i + 7) ? -1 : (int)db_col_i64(st, i + 7);
}

static void
row_commune(struct ctx *ctx, struct db_stmt *st, struct commune *c)
{
	territory_commune_cols(ctx, st, 0, c);
}

int
territory_commune(struct ctx *ctx, const char *code, struct commune *c)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_COMMUNE_GET);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, code);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "commune.not_found",
		    "commune_code",
		    "Cette commune n'existe pas (code INSEE "
		    "inconnu).");
	row_commune(ctx, st, c);
	return E_OK;
}

static int
rows(struct ctx *ctx, struct db_stmt *st, struct commune **out, int *n)
{
	struct commune *v = NULL, *c;
	enum db_res r;
	int cap = 0;

	*n = 0;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		c = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (c == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_commune(ctx, st, c);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

/* LIKE pattern: `pfx` + escaped key + "%". */
static const char *
like(struct ctx *ctx, const char *pfx, const char *key)
{
	size_t n = strlen(key), i, o = 0, pl = strlen(pfx);
	char *p = arena_alloc(&ctx->arena, pl + 2 * n + 2);

	if (p == NULL)
		return "";
	memcpy(p, pfx, pl);
	o = pl;
	for (i = 0; i < n; i++) {
		if (key[i] == '%' || key[i] == '_' || key[i] == '\\')
			p[o++] = '\\';
		p[o++] = key[i];
	}
	p[o++] = '%';
	p[o] = '\0';
	return p;
}

int
territory_search(
    struct ctx *ctx, const char *q, int limit, struct commune **out, int *n)
{
	struct db_stmt *st;
	const char *key = text_fold(&ctx->arena, q);

	if (key == NULL || strlen(key) < 2)
		return err_set(ctx, E_INVALID, "communes.q.too_short", "q",
		    "Saisissez au moins deux caractères du nom ou du code "
		    "postal.");
	st = db_stmt(ctx->db, Q_COMMUNE_SEARCH);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, like(ctx, "", key));
	db_bind_text(st, 3, like(ctx, "% ", key));
	db_bind_text(st, 4, like(ctx, "", key));
	db_bind_text(st, 5, like(ctx, "% ", key));
	db_bind_i64(st, 6, limit);
	return rows(ctx, st, out, n);
}

int
territory_list(struct ctx *ctx, struct commune **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_TERRITORY_LIST);

	db_bind_i64(st, 1, ctx->crt_id);
	return rows(ctx, st, out, n);
}

static int
territory_set_do(struct ctx *ctx, const char *code, int v1, int v2, int minutes)
{
	struct commune c;
	struct db_stmt *st;
	int rc;

	rc = territory_commune(ctx, code, &c);
	if (rc != E_OK)
		return rc;
	if (minutes < -1 || minutes > 600)
		return err_set(ctx, E_INVALID, "territory.travel_minutes.range",
		    "travel_minutes",
		    "Le temps de trajet doit être compris "
		    "entre 0 et 600 minutes.");
	if (!v1 && !v2) {
		st = db_stmt(ctx->db, Q_TERRITORY_DELETE);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_text(st, 2, code);
		return db_run(ctx, st);
	}
	st = db_stmt(ctx->db, Q_TERRITORY_UPSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, code);
	db_bind_i64(st, 3, v1);
	db_bind_i64(st, 4, v2);
	if (minutes >= 0)
		db_bind_i64(st, 5, minutes);
	else
		db_bind_null(st, 5);
	return db_run(ctx, st);
}

int
territory_set(struct ctx *ctx, const char *code, int v1, int v2, int minutes)
{
	int rc;

	rc = territory_set_do(ctx, code, v1, v2, minutes);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "territory.set", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "%s volet1=%d volet2=%d", code, v1, v2));
	return E_OK;
}

/* SPEC: seed 002 — "Les communes du périmètre d'intervention du CRT
 * Nord-Lozère" (28 names; "FOURNEL" is Fournels, 48064), with plausible
 * driving times from Saint-Chély-d'Apcher. */
static const struct {
	const char *code;
	int minutes;
} nord_lozere[] = {
	{ "48001", 15 },
	{ "48002", 10 },
	{ "48005", 20 },
	{ "48007", 12 },
	{ "48009", 20 },
	{ "48012", 18 },
	{ "48025", 12 },
	{ "48026", 15 },
	{ "48032", 20 },
	{ "48046", 20 },
	{ "48058", 18 },
	{ "48059", 15 },
	{ "48063", 22 },
	{ "48064", 22 },
	{ "48077", 25 },
	{ "48089", 18 },
	{ "48090", 18 },
	{ "48106", 20 },
	{ "48121", 12 },
	{ "48128", 10 },
	{ "48132", 15 },
	{ "48140", 0 },
	{ "48161", 20 },
	{ "48169", 22 },
	{ "48177", 20 },
	{ "48179", 18 },
	{ "48188", 25 },
	{ "48190", 15 },
};

int
territory_seed_demo(struct ctx *ctx)
{
	struct db_stmt *st;
	enum db_res r;
	size_t i, n = 0;
	const char **dept = NULL;
	int cap = 0, cnt = 0, rc;

	st = db_stmt(ctx->db, Q_TERRITORY_DEPT);
	db_bind_text(st, 1, "48");
	while ((r = db_step(ctx, st)) == DB_ROW) {
		const char **slot =
		    arena_push(&ctx->arena, &dept, &cnt, &cap, sizeof(*dept));

		if (slot != NULL)
			*slot = db_col_dup(ctx, st, 0);
	}
	if (r == DB_ERR)
		return ctx->err;
	n = (size_t)cnt;
	for (i = 0; i < n; i++) {
		rc = territory_set(ctx, dept[i], 1, 0, -1);
		if (rc != E_OK)
			return rc;
	}
	for (i = 0; i < sizeof(nord_lozere) / sizeof(nord_lozere[0]); i++) {
		rc = territory_set(
		    ctx, nord_lozere[i].code, 1, 1, nord_lozere[i].minutes);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}
