/*
 * PPCS action templates: see plan_tpl.h.
 */
#include <string.h>

#include "audit/audit.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/volet2/plan_tpl.h"

static void
row(struct ctx *ctx, struct db_stmt *st, struct plan_tpl *t)
{
	t->id = db_col_i64(st, 0);
	t->title = db_col_dup(ctx, st, 1);
	t->area = db_col_dup(ctx, st, 2);
	t->domain = db_col_dup(ctx, st, 3);
	t->need = db_col_dup(ctx, st, 4);
	t->objective = db_col_dup(ctx, st, 5);
	t->action = db_col_dup(ctx, st, 6);
	t->frequency = db_col_dup(ctx, st, 7);
	t->review_months = (int)db_col_i64(st, 8);
	t->updated_at = db_col_dup(ctx, st, 9);
}

int
plan_tpl_list(struct ctx *ctx, struct plan_tpl **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_TPL_LIST);
	struct plan_tpl *v = NULL, *t;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		t = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (t == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row(ctx, st, t);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

static void
bind_fields(struct db_stmt *st, const struct plan_tpl *t)
{
	db_bind_text(st, 1, t->title);
	db_bind_text(st, 2, t->area);
	db_bind_text(st, 3, t->domain);
	db_bind_text(st, 4, t->need);
	db_bind_text(st, 5, t->objective);
	db_bind_text(st, 6, t->action);
	db_bind_text(st, 7, t->frequency);
	db_bind_i64(st, 8, t->review_months);
}

static void
trace(struct ctx *ctx, const char *action, int64_t id)
{
	audit_add(ctx, action, 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "modèle %lld", (long long)id));
}

int
plan_tpl_create(struct ctx *ctx, struct plan_tpl *t)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_TPL_INSERT);
	int rc;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, t->title);
	db_bind_text(st, 3, t->area);
	db_bind_text(st, 4, t->domain);
	db_bind_text(st, 5, t->need);
	db_bind_text(st, 6, t->objective);
	db_bind_text(st, 7, t->action);
	db_bind_text(st, 8, t->frequency);
	db_bind_i64(st, 9, t->review_months);
	db_bind_text(st, 10, ctx->now);
	db_bind_text(st, 11, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	t->id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		trace(ctx, "plan_template.create", t->id);
	return rc;
}

static int
exists(struct ctx *ctx, int64_t id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_TPL_GET);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r != DB_ROW)
		return err_set(ctx, E_NOT_FOUND, "plan_template.not_found",
		    NULL, "Ce modèle d'action n'existe pas.");
	return E_OK;
}

int
plan_tpl_update(struct ctx *ctx, int64_t id, const struct plan_tpl *t)
{
	struct db_stmt *st;
	int rc;

	rc = exists(ctx, id);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_TPL_UPDATE);
	bind_fields(st, t);
	db_bind_text(st, 9, ctx->now);
	db_bind_i64(st, 10, ctx->crt_id);
	db_bind_i64(st, 11, id);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		trace(ctx, "plan_template.update", id);
	return rc;
}

int
plan_tpl_delete(struct ctx *ctx, int64_t id)
{
	struct db_stmt *st;
	int rc;

	rc = exists(ctx, id);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_TPL_DELETE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		trace(ctx, "plan_template.delete", id);
	return rc;
}

/* The prestations of volet 2 (seed 001/002: convention article 2.2). */
static const struct plan_tpl demo_tpls[] = {
	{ 0, "Visite ergothérapeute du logement", "securite_domicile",
	    "environnement", "Risque de chute au domicile",
	    "Sécuriser le logement",
	    "Visite de l'ergothérapeute, préconisations d'aménagement et "
	    "aides techniques",
	    "Une fois", 3, NULL },
	{ 0, "Téléassistance", "securite_domicile", "environnement",
	    "Personne seule une partie de la journée",
	    "Pouvoir alerter à tout moment",
	    "Mise en place de la téléassistance et des contacts d'alerte",
	    "Une fois", 6, NULL },
	{ 0, "Accueil d'urgence en EHPAD partenaire", "gestion_crise", "aidant",
	    "Absence brutale de l'aidant",
	    "Une solution d'accueil en cas de crise",
	    "Réservation d'un accueil d'urgence dans un EHPAD partenaire ou "
	    "le service de médecine",
	    "En cas de crise", 6, NULL },
	{ 0, "Surveillance gériatrique", "suivi_renforce", "sante",
	    "Fragilité, polypathologie", "Repérer tôt une dégradation",
	    "Visite de l'infirmière coordinatrice et suivi des transmissions "
	    "des intervenants",
	    "Chaque semaine", 3, NULL },
	{ 0, "Lien social et animation", "projet_vie_isolement", "social",
	    "Isolement", "Maintenir le lien social",
	    "Participation aux activités de l'accueil de jour ou visites à "
	    "domicile, outil numérique de communication",
	    "Chaque semaine", 3, NULL },
	{ 0, "Répit de l'aidant", "soutien_aidant", "aidant", "Aidant épuisé",
	    "Soulager l'aidant",
	    "Orientation vers la plateforme de répit, groupe de parole des "
	    "aidants",
	    "Chaque mois", 3, NULL },
};

int
plan_tpl_seed_demo(struct ctx *ctx)
{
	struct plan_tpl t;
	size_t i;
	int rc = E_OK;

	for (i = 0; rc == E_OK && i < sizeof(demo_tpls) / sizeof(*demo_tpls);
	     i++) {
		t = demo_tpls[i];
		rc = plan_tpl_create(ctx, &t);
	}
	return rc;
}
