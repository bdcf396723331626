/*
 * CRT and organisation storage rules. Every query is scoped by
 * ctx->crt_id: no function here can reach another tenant's rows.
 */
#include <string.h>

#include "../access/access.h"
#include "../base/ctx.h"
#include "../db/db.h"
#include "org.h"

/* SPEC: PRODUCT §4 partner types */
const char *const org_type_codes[] = {
	"crt", "dac", "saad", "ssiad", "spasad", "had", "esa", "ehpad",
	"pfr", "cpts", "msp", "ccas", "clic", "eps_pa", "emg", "hopital",
	"pharmacie", "cabinet_medical", "cabinet_infirmier", "apa",
	"teleassistance", "mjpm", "autre", NULL
};
const char *const org_type_labels[] = {
	"Centre de ressources territorial", "DAC", "SAAD", "SSIAD",
	"SPASAD", "HAD", "ESA", "EHPAD", "Plateforme de répit (PFR)",
	"CPTS", "Maison de santé (MSP)", "CCAS", "CLIC", "EPS PA",
	"Équipe mobile gériatrique", "Hôpital", "Pharmacie",
	"Cabinet médical", "Cabinet infirmier",
	"Département — équipe APA", "Téléassistance",
	"Mandataire judiciaire (MJPM)", "Autre", NULL
};

int
org_crt_find(struct ctx *ctx, const char *code, int64_t *crt_id)
{
	struct db_stmt *st = db_stmt(ctx->db, code ? Q_CRT_BY_CODE :
	    Q_CRT_FIRST);
	enum db_res r;

	if (code != NULL)
		db_bind_text(st, 1, code);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "crt.not_found", NULL,
		    "Ce CRT n'existe pas.");
	*crt_id = db_col_i64(st, 0);
	db_stmt(ctx->db, code ? Q_CRT_BY_CODE : Q_CRT_FIRST);
	return E_OK;
}

int
org_create(struct ctx *ctx, const char *name, const char *type, int is_self,
    int64_t *id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_INSERT);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, type);
	db_bind_i64(st, 4, is_self);
	db_bind_text(st, 5, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	return db_run(ctx, st);
}

int
org_crt_ensure(struct ctx *ctx, const char *code, const char *name,
    const char *carrier, int64_t *crt_id, int *created)
{
	struct db_stmt *st;
	int64_t org;
	int rc;

	*created = 0;
	rc = org_crt_find(ctx, code, crt_id);
	if (rc == E_OK) {
		ctx->crt_id = *crt_id;
		return E_OK;
	}
	if (rc != E_NOT_FOUND)
		return rc;
	err_clear(ctx);
	st = db_stmt(ctx->db, Q_CRT_INSERT);
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*crt_id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	ctx->crt_id = *crt_id;
	rc = org_create(ctx, carrier ? carrier : name, "crt", 1, &org);
	if (rc == E_OK)
		rc = access_seed_matrix(ctx, *crt_id);
	if (rc == E_OK)
		*created = 1;
	return rc;
}

static void
row_org(struct ctx *ctx, struct db_stmt *st, struct org *o)
{
	o->id = db_col_i64(st, 0);
	o->name = db_col_dup(ctx, st, 1);
	o->type = db_col_dup(ctx, st, 2);
	o->is_self = (int)db_col_i64(st, 3);
}

int
org_find_by_name(struct ctx *ctx, const char *name, int64_t *id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_BY_NAME);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, name);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*id = r == DB_ROW ? db_col_i64(st, 0) : 0;
	db_stmt(ctx->db, Q_ORG_BY_NAME);
	return E_OK;
}

int
org_get(struct ctx *ctx, int64_t id, struct org *o)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_GET);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "org.not_found", "org_id",
		    "Cette structure n'existe pas.");
	row_org(ctx, st, o);
	db_stmt(ctx->db, Q_ORG_GET);
	return E_OK;
}

int
org_self(struct ctx *ctx, struct org *o)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_SELF);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "org.not_found", NULL,
		    "La structure du CRT est introuvable.");
	row_org(ctx, st, o);
	db_stmt(ctx->db, Q_ORG_SELF);
	return E_OK;
}

int
org_list(struct ctx *ctx, struct org **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_LIST);
	struct org *v = NULL, *o;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		o = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_org(ctx, st, o);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}
