/*
 * Evaluation rules: dates within the person's life and not in the future,
 * evaluators from the CRT, results recomputed here (never trusted from
 * the client). Grants are checked like person.c's.
 */
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/event.h"
#include "domain/platform/user.h"
#include "domain/record/evaluation.h"
#include "domain/record/person.h"

int
evaluation_aggir_add(struct ctx *ctx, const struct access_grant *g,
    const char *on, int64_t evaluator, const char *kind, const char *answers,
    const char *letters, const char *note, int64_t *id,
    struct aggir_result *res)
{
	struct person p;
	struct user u;
	struct db_stmt *st;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_WRITE) != E_OK)
		return ctx->err;
	if (aggir_compute(letters, res) != 0)
		return err_set(ctx, E_INVALID, "aggir.letters.invalid",
		    "letters",
		    "La grille AGGIR doit comporter dix lettres "
		    "A, B ou C.");
	if (!clock_valid_date(on) ||
	    strcmp(on, clock_latest_today(&ctx->arena)) > 0)
		return err_set(ctx, E_INVALID, "aggir.evaluated_on.invalid",
		    "evaluated_on",
		    "La date d'évaluation doit être une date "
		    "passée ou aujourd'hui.");
	rc = person_get(ctx, g, &p);
	if (rc != E_OK)
		return rc;
	if (strcmp(on, p.birth_date) < 0)
		return err_set(ctx, E_INVALID,
		    "aggir.evaluated_on.before_birth", "evaluated_on",
		    "La date d'évaluation précède la date de "
		    "naissance.");
	if (evaluator == 0)
		evaluator = ctx->user_id;
	rc = user_get(ctx, evaluator, &u);
	if (rc == E_NOT_FOUND) {
		err_clear(ctx);
		return err_set(ctx, E_INVALID, "aggir.evaluator_id.invalid",
		    "evaluator_id",
		    "L'évaluateur doit être un utilisateur du "
		    "CRT.");
	}
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_AGGIR_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	db_bind_text(st, 3, on);
	db_bind_i64(st, 4, evaluator);
	db_bind_text(st, 5, kind);
	db_bind_text(st, 6, answers);
	db_bind_text(st, 7, res->letters);
	db_bind_i64(st, 8, res->rank);
	db_bind_i64(st, 9, res->gir);
	db_bind_text(st, 10, note);
	db_bind_text(st, 11, ctx->now);
	db_bind_i64(st, 12, ctx->user_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	return event_emit_if(
	    ctx, db_run(ctx, st), "aggir.changed", g->person_id, *id);
}

int
evaluation_aggir_list(struct ctx *ctx, const struct access_grant *g, int limit,
    struct aggir_eval **out, int *n)
{
	struct db_stmt *st;
	struct aggir_eval *v = NULL, *e;
	enum db_res r;
	int cap = 0;

	*n = 0;
	*out = NULL;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_AGGIR_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	db_bind_i64(st, 3, limit);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		e = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (e == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		e->id = db_col_i64(st, 0);
		e->evaluated_on = db_col_dup(ctx, st, 1);
		e->evaluator_id = db_col_i64(st, 2);
		e->evaluator_name = db_col_dup(ctx, st, 3);
		e->input_kind = db_col_dup(ctx, st, 4);
		e->answers = db_col_dup(ctx, st, 5);
		e->letters = db_col_dup(ctx, st, 6);
		e->rank = (int)db_col_i64(st, 7);
		e->gir = (int)db_col_i64(st, 8);
		e->note = db_col_dup(ctx, st, 9);
		e->created_at = db_col_dup(ctx, st, 10);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}
