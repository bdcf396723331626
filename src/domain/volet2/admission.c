/*
 * Admission rules: evaluations only for a referral on the waiting list or
 * in evaluation, dated not in the future nor before the referral, the
 * medical one by a doctor of the CRT's team; findings are `soins` data.
 */
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/platform/user.h"
#include "domain/volet2/admission.h"
#include "domain/volet2/referral.h"

const char *const admission_eval_kinds[] = { "domicile", "medicale", NULL };

int
admission_eval_add(struct ctx *ctx, const struct access_grant *g, int64_t rid,
    const char *kind, const char *on, int64_t by, const char *joint,
    int with_gp, const char *findings, int64_t *id)
{
	struct referral r;
	struct user u;
	struct db_stmt *st;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_WRITE) != E_OK)
		return ctx->err;
	rc = referral_get(ctx, rid, &r);
	if (rc != E_OK)
		return rc;
	if (r.person_id != g->person_id)
		return err_set(ctx, E_NOT_FOUND, "referral.not_found", NULL,
		    "Cette demande n'existe pas.");
	if (strcmp(r.status, "liste_attente") != 0 &&
	    strcmp(r.status, "evaluation") != 0)
		return err_set(ctx, E_CONFLICT, "referral.state", NULL,
		    "L'évaluation suit l'inscription sur la liste d'attente.");
	if (strcmp(on, clock_latest_today(&ctx->arena)) > 0 ||
	    strcmp(on, r.received_on) < 0)
		return err_set(ctx, E_INVALID, "evaluation.done_on.invalid",
		    "done_on",
		    "La date de l'évaluation doit être entre la "
		    "réception de la demande et aujourd'hui.");
	rc = user_get(ctx, by ? by : ctx->user_id, &u);
	if (rc == E_NOT_FOUND ||
	    (rc == E_OK && strcmp(u.role, "partenaire") == 0)) {
		err_clear(ctx);
		return err_set(ctx, E_INVALID, "evaluation.done_by.invalid",
		    "done_by",
		    "L'évaluation est faite par un membre de "
		    "l'équipe du CRT.");
	}
	if (rc != E_OK)
		return rc;
	/* DOMAIN §3: the medical evaluation is the CRT doctor's. */
	if (strcmp(kind, "medicale") == 0 &&
	    strcmp(u.profession, "medecin") != 0)
		return err_set(ctx, E_INVALID, "evaluation.done_by.doctor",
		    "done_by",
		    "L'évaluation médicale est faite par le médecin "
		    "du CRT.");
	/* ... and it is `medical` data (diagnoses, findings). */
	if (strcmp(kind, "medicale") == 0 &&
	    access_grant_covers(ctx, g, CAT_BIT(CAT_MEDICAL), ACT_WRITE) !=
		E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_AEVAL_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, rid);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, on);
	db_bind_i64(st, 5, u.id);
	db_bind_text(st, 6, joint);
	db_bind_i64(st, 7, with_gp);
	db_bind_text(st, 8, findings);
	db_bind_text(st, 9, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc != E_OK || strcmp(r.status, "evaluation") == 0)
		return rc;
	return referral_set_status(ctx, rid, "evaluation");
}

int
admission_evals(struct ctx *ctx, const struct access_grant *g, int64_t rid,
    struct admission_eval **out, int *n)
{
	struct db_stmt *st;
	struct admission_eval *v = NULL, *e;
	enum db_res r;
	int cap = 0;

	*n = 0;
	*out = NULL;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_AEVAL_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, rid);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		/* Medical evaluations only for who reads `medical` (consent
		 * objections included). */
		if (strcmp(db_col_text(st, 1), "medicale") == 0 &&
		    !(g->read & CAT_BIT(CAT_MEDICAL)))
			continue;
		e = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (e == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		e->id = db_col_i64(st, 0);
		e->kind = db_col_dup(ctx, st, 1);
		e->done_on = db_col_dup(ctx, st, 2);
		e->done_by = db_col_i64(st, 3);
		e->done_by_name = db_col_dup(ctx, st, 4);
		e->done_by_profession = db_col_dup(ctx, st, 5);
		e->joint_with = db_col_dup(ctx, st, 6);
		e->with_gp = (int)db_col_i64(st, 7);
		e->findings = db_col_dup(ctx, st, 8);
		e->created_at = db_col_dup(ctx, st, 9);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}
