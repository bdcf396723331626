/*
 * Plan rules: the referent is a member of the CRT's team, each action is
 * carried by exactly one CRT member or one organisation of the directory,
 * its dates are ordered, "non réalisée" says why; saved as a new version.
 */
#include <string.h>

#include "access/access.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/directory/org.h"
#include "domain/event.h"
#include "domain/platform/user.h"
#include "domain/volet2/plan.h"
#include "domain/volet2/support.h"

const char *const plan_area_codes[] = { "securite_domicile", "gestion_crise",
	"suivi_renforce", "projet_vie_isolement", "soutien_aidant", NULL };
const char *const plan_area_labels[] = { "Sécurité du domicile",
	"Gestion des situations de crise", "Suivi renforcé",
	"Projet de vie et lutte contre l'isolement", "Soutien de l'aidant",
	NULL };
const char *const plan_domain_codes[] = { "sante", "autonomie", "social",
	"environnement", "aidant", NULL };
const char *const plan_domain_labels[] = { "Santé", "Autonomie", "Social",
	"Environnement", "Aidant", NULL };
const char *const plan_status_codes[] = { "prevue", "en_cours", "realisee",
	"non_realisee", NULL };
const char *const plan_status_labels[] = { "Prévue", "En cours", "Réalisée",
	"Non réalisée", NULL };

static int
bad(struct ctx *ctx, int i, const char *field, const char *msg)
{
	return err_set(ctx, E_INVALID,
	    arena_printf(&ctx->arena, "plan.actions.%s.invalid", field),
	    arena_printf(&ctx->arena, "actions.%d.%s", i, field),
	    arena_printf(&ctx->arena, "Action %d : %s", i + 1, msg));
}

static int
team_member(struct ctx *ctx, int64_t id, int *ok)
{
	struct user u;
	int rc;

	rc = user_get(ctx, id, &u);
	if (rc == E_NOT_FOUND) {
		err_clear(ctx);
		*ok = 0;
		return E_OK;
	}
	*ok = rc == E_OK && !u.disabled && strcmp(u.role, "partenaire") != 0 &&
	    strcmp(u.role, "admin") != 0;
	return rc;
}

static int
check_action(struct ctx *ctx, int i, const struct plan_action *a)
{
	struct org o;
	int ok, rc;

	if ((a->who_user_id != 0) == (a->who_org_id != 0))
		return bad(ctx, i, "who_user_id",
		    "indiquez qui la porte : un "
		    "membre de l'équipe ou une structure partenaire.");
	if (a->who_user_id != 0) {
		rc = team_member(ctx, a->who_user_id, &ok);
		if (rc != E_OK)
			return rc;
		if (!ok)
			return bad(ctx, i, "who_user_id",
			    "ce n'est pas un "
			    "membre de l'équipe du CRT.");
	} else {
		rc = org_get(ctx, a->who_org_id, &o);
		if (rc == E_NOT_FOUND) {
			err_clear(ctx);
			return bad(ctx, i, "who_org_id",
			    "cette structure "
			    "n'est pas dans l'annuaire du CRT.");
		}
		if (rc != E_OK)
			return rc;
	}
	if (a->due_on != NULL && strcmp(a->due_on, a->start_on) < 0)
		return bad(ctx, i, "due_on", "l'échéance précède le début.");
	if (strcmp(a->review_on, a->start_on) < 0)
		return bad(ctx, i, "review_on",
		    "la réévaluation précède le "
		    "début.");
	if (strcmp(a->status, "non_realisee") == 0 && a->status_reason == NULL)
		return bad(ctx, i, "status_reason",
		    "dites pourquoi l'action "
		    "n'est pas réalisée.");
	return E_OK;
}

int
plan_save(struct ctx *ctx, const struct access_grant *g, int64_t sid,
    const struct plan *p, int *version)
{
	struct support s;
	struct db_stmt *st;
	int64_t pid;
	int ok, rc, i;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_WRITE) != E_OK)
		return ctx->err;
	rc = support_get(ctx, sid, &s);
	if (rc == E_OK && s.person_id != g->person_id)
		rc = err_set(ctx, E_NOT_FOUND, "support.not_found", NULL,
		    SUPPORT_MISSING);
	if (rc != E_OK)
		return rc;
	if (support_closed(&s))
		return err_set(ctx, E_CONFLICT, "support.state", NULL,
		    "L'accompagnement est terminé : son plan ne se modifie "
		    "plus.");
	rc = team_member(ctx, p->referent_id, &ok);
	if (rc != E_OK)
		return rc;
	if (!ok)
		return err_set(ctx, E_INVALID, "plan.referent_id.invalid",
		    "referent_id",
		    "Le référent est un membre de l'équipe du "
		    "CRT.");
	if (p->nactions < 1)
		return err_set(ctx, E_INVALID, "plan.actions.required",
		    "actions", "Le plan comporte au moins une action.");
	for (i = 0; i < p->nactions; i++) {
		rc = check_action(ctx, i, &p->actions[i]);
		if (rc != E_OK)
			return rc;
	}
	st = db_stmt(ctx->db, Q_PLAN_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, sid);
	db_bind_i64(st, 3, sid);
	db_bind_i64(st, 4, p->referent_id);
	db_bind_text(st, 5, p->problems);
	db_bind_text(st, 6, p->project);
	db_bind_text(st, 7, p->unmet);
	db_bind_text(st, 8, ctx->now);
	db_bind_i64(st, 9, ctx->user_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	pid = db_col_i64(st, 0);
	*version = (int)db_col_i64(st, 1);
	rc = db_run(ctx, st);
	for (i = 0; rc == E_OK && i < p->nactions; i++) {
		const struct plan_action *a = &p->actions[i];

		st = db_stmt(ctx->db, Q_PACT_INSERT);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, pid);
		db_bind_i64(st, 3, i);
		db_bind_text(st, 4, a->area);
		db_bind_text(st, 5, a->domain);
		db_bind_text(st, 6, a->need);
		db_bind_text(st, 7, a->objective);
		db_bind_text(st, 8, a->action);
		if (a->who_user_id)
			db_bind_i64(st, 9, a->who_user_id);
		else
			db_bind_null(st, 9);
		if (a->who_org_id)
			db_bind_i64(st, 10, a->who_org_id);
		else
			db_bind_null(st, 10);
		db_bind_text(st, 11, a->frequency);
		db_bind_text(st, 12, a->start_on);
		db_bind_text(st, 13, a->due_on);
		db_bind_text(st, 14, a->review_on);
		db_bind_text(st, 15, a->status);
		db_bind_text(st, 16, a->status_reason);
		rc = db_run(ctx, st);
	}
	/* Issue 12: the support's screens (its plan) follow a new version
	 * live, as its other changes. */
	return event_emit_if(ctx, rc, "support.changed", g->person_id, sid);
}

static void
row_plan(struct ctx *ctx, struct db_stmt *st, struct plan *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_col_i64(st, 0);
	p->version = (int)db_col_i64(st, 1);
	p->referent_id = db_col_i64(st, 2);
	p->referent = db_col_dup(ctx, st, 3);
	p->problems = db_col_dup(ctx, st, 4);
	p->project = db_col_dup(ctx, st, 5);
	p->unmet = db_col_dup(ctx, st, 6);
	p->created_at = db_col_dup(ctx, st, 7);
	p->created_by = db_col_dup(ctx, st, 8);
	p->nactions = (int)db_col_i64(st, 9);
}

static int
own_support(struct ctx *ctx, const struct access_grant *g, int64_t sid)
{
	struct support s;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_READ) != E_OK)
		return ctx->err;
	rc = support_get(ctx, sid, &s);
	if (rc == E_OK && s.person_id != g->person_id)
		return err_set(ctx, E_NOT_FOUND, "support.not_found", NULL,
		    SUPPORT_MISSING);
	return rc;
}

int
plan_get(struct ctx *ctx, const struct access_grant *g, int64_t sid,
    int version, struct plan *p)
{
	struct plan_action *a;
	struct db_stmt *st;
	enum db_res r;
	int cap = 0, rc, n = 0;
	int c;

	rc = own_support(ctx, g, sid);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_PLAN_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, sid);
	db_bind_i64(st, 3, version);
	db_bind_i64(st, 4, version);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "plan.not_found", NULL,
		    version ? "Cette version du plan n'existe pas."
			    : "Le plan personnalisé n'est pas encore élaboré.");
	row_plan(ctx, st, p);
	p->nactions = 0;
	p->actions = NULL;
	st = db_stmt(ctx->db, Q_PACT_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, p->id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		a = arena_push(&ctx->arena, &p->actions, &n, &cap, sizeof(*a));
		if (a == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		c = 0;
		a->area = db_col_dup(ctx, st, c++);
		a->domain = db_col_dup(ctx, st, c++);
		a->need = db_col_dup(ctx, st, c++);
		a->objective = db_col_dup(ctx, st, c++);
		a->action = db_col_dup(ctx, st, c++);
		a->who_user_id = db_col_null(st, c) ? 0 : db_col_i64(st, c);
		c++;
		a->who_user = db_col_dup(ctx, st, c++);
		a->who_org_id = db_col_null(st, c) ? 0 : db_col_i64(st, c);
		c++;
		a->who_org = db_col_dup(ctx, st, c++);
		a->frequency = db_col_dup(ctx, st, c++);
		a->start_on = db_col_dup(ctx, st, c++);
		a->due_on = db_col_dup(ctx, st, c++);
		a->review_on = db_col_dup(ctx, st, c++);
		a->status = db_col_dup(ctx, st, c++);
		a->status_reason = db_col_dup(ctx, st, c++);
	}
	p->nactions = n;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
plan_versions(struct ctx *ctx, const struct access_grant *g, int64_t sid,
    struct plan **out, int *n)
{
	struct plan *v = NULL, *p;
	struct db_stmt *st;
	enum db_res r;
	int cap = 0, rc;

	*n = 0;
	*out = NULL;
	rc = own_support(ctx, g, sid);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_PLAN_VERSIONS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, sid);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		p = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (p == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_plan(ctx, st, p);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}
