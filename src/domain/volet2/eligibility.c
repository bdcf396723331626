/*
 * Eligibility rules. The age is computed on today's date, the GIR is the
 * latest evaluation's, the territory is the commune's volet-2 coverage by
 * ctx's CRT, exclusions are the CRT's criteria noted for the person. The
 * reasons say which facts led to the result, in French.
 */
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/directory/territory.h"
#include "domain/record/evaluation.h"
#include "domain/record/person.h"
#include "domain/volet2/eligibility.h"

int
eligibility_criteria(struct ctx *ctx, struct exclusion **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CRIT_LIST);
	struct exclusion *v = NULL, *e;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		e = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (e == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		e->id = db_col_i64(st, 0);
		e->code = db_col_dup(ctx, st, 1);
		e->label = db_col_dup(ctx, st, 2);
		e->active = (int)db_col_i64(st, 3);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

static int
eligibility_criterion_set_do(
    struct ctx *ctx, const char *code, const char *label, int active)
{
	struct db_stmt *st;
	size_t n = strlen(code), i;

	if (n < 2 || n > 40)
		goto bad;
	for (i = 0; i < n; i++)
		if (!((code[i] >= 'a' && code[i] <= 'z') || code[i] == '_'))
			goto bad;
	st = db_stmt(ctx->db, Q_CRIT_UPSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, label);
	db_bind_i64(st, 4, active);
	return db_run(ctx, st);
bad:
	return err_set(ctx, E_INVALID, "eligibility.code.invalid", "code",
	    "Le code d'un critère comporte 2 à 40 lettres minuscules ou « _ ».");
}

int
eligibility_criterion_set(
    struct ctx *ctx, const char *code, const char *label, int active)
{
	int rc;

	rc = eligibility_criterion_set_do(ctx, code, label, active);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "eligibility.criterion", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "%s actif=%d", code, active));
	return E_OK;
}

/* SPEC: seed 002, convention DAC 48 / CRT Nord Lozère art. 5, "Critères
 * d'exclusion" (GIR 5/6 is the GIR rule itself). */
int
eligibility_seed_demo(struct ctx *ctx)
{
	static const struct {
		const char *code, *label;
	} c[] = {
		{ "errance",
		    "Perte d'orientation à l'extérieur du logement, "
		    "déambulation pathologique, troubles du comportement non "
		    "gérés ou non suivis médicalement" },
		{ "refus_contrat",
		    "N'accepte pas le principe d'un "
		    "accompagnement contractualisé" },
		{ "refus_teleassistance", "Refus de la téléassistance" },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		rc = eligibility_criterion_set(ctx, c[i].code, c[i].label, 1);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

int
eligibility_exclusions(struct ctx *ctx, const struct access_grant *g,
    struct exclusion **out, int *n)
{
	struct db_stmt *st;
	struct exclusion *v = NULL, *e;
	enum db_res r;
	int cap = 0;

	*n = 0;
	*out = NULL;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_PEXCL_LIST);
	db_bind_i64(st, 1, g->person_id);
	db_bind_i64(st, 2, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		e = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (e == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		e->id = db_col_i64(st, 0);
		e->code = db_col_dup(ctx, st, 1);
		e->label = db_col_dup(ctx, st, 2);
		e->active = 1;
		e->applies = !db_col_null(st, 3);
		e->noted_on = db_col_dup(ctx, st, 3);
		e->noted_by = db_col_dup(ctx, st, 4);
		e->note = db_col_dup(ctx, st, 5);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
eligibility_exclusion_set(struct ctx *ctx, const struct access_grant *g,
    const char *code, int applies, const char *note)
{
	struct exclusion *v;
	struct db_stmt *st;
	int n, i, rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_WRITE) != E_OK)
		return ctx->err;
	rc = eligibility_exclusions(ctx, g, &v, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			break;
	if (i == n)
		return err_set(ctx, E_INVALID, "exclusion.code.invalid", "code",
		    "Ce critère d'exclusion n'existe pas pour le CRT.");
	st = db_stmt(ctx->db, applies ? Q_PEXCL_SET : Q_PEXCL_DELETE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	db_bind_i64(st, 3, v[i].id);
	if (applies) {
		db_bind_text(st, 4, clock_today_plus(&ctx->arena, 0));
		db_bind_i64(st, 5, ctx->user_id);
		db_bind_text(st, 6, note);
	}
	return db_run(ctx, st);
}

static void
reason(struct ctx *ctx, struct eligibility *el, int *cap, const char *code,
    int ok, const char *label)
{
	struct eligibility_reason *r = arena_push(
	    &ctx->arena, &el->reasons, &el->nreasons, cap, sizeof(*r));

	if (r == NULL)
		return;
	r->code = code;
	r->ok = ok;
	r->label = label;
	if (!ok)
		el->eligible = 0;
}

int
eligibility_compute(
    struct ctx *ctx, const struct access_grant *g, struct eligibility *el)
{
	struct person p;
	struct aggir_eval *ev;
	struct exclusion *ex;
	struct commune c;
	struct db_stmt *st;
	int cap = 0, n, rc, i;

	memset(el, 0, sizeof(*el));
	el->eligible = 1;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN) | CAT_BIT(CAT_SOINS),
		ACT_READ) != E_OK)
		return ctx->err;
	rc = person_get(ctx, g, &p);
	if (rc != E_OK)
		return rc;
	/* DOMAIN §3: 60 years or older. */
	el->age =
	    clock_years_between(p.birth_date, clock_today_plus(&ctx->arena, 0));
	reason(ctx, el, &cap, "age", el->age >= ELIGIBILITY_MIN_AGE,
	    arena_printf(&ctx->arena, "Âge : %d ans (%d ans et plus requis)",
		el->age, ELIGIBILITY_MIN_AGE));
	/* GIR 1 to 4, from the latest AGGIR evaluation. */
	rc = evaluation_aggir_list(ctx, g, 1, &ev, &n);
	if (rc != E_OK)
		return rc;
	el->gir = n > 0 ? ev[0].gir : 0;
	el->gir_on = n > 0 ? ev[0].evaluated_on : NULL;
	st = db_stmt(ctx->db, Q_CRT_SETTINGS);
	db_bind_i64(st, 1, ctx->crt_id);
	if (db_one(ctx, st, "crt.not_found", "CRT inconnu.") != E_OK)
		return ctx->err;
	el->aggir_months = (int)db_col_i64(st, 1);
	el->aggir_outdated = n == 0 ||
	    strcmp(ev[0].evaluated_on,
		clock_add_months(&ctx->arena, clock_today_plus(&ctx->arena, 0),
		    -el->aggir_months)) < 0;
	reason(ctx, el, &cap, "gir", el->gir >= 1 && el->gir <= 4,
	    n == 0
		? "Aucune évaluation AGGIR : le GIR est à évaluer"
		: arena_printf(&ctx->arena,
		      "GIR %d, évalué le %s (GIR 1 à 4 "
		      "requis)",
		      el->gir, clock_fr_date(&ctx->arena, ev[0].evaluated_on)));
	/* Living in the volet-2 territory. */
	if (p.commune_code == NULL)
		reason(ctx, el, &cap, "territory", 0,
		    "Commune de résidence "
		    "non renseignée");
	else {
		rc = territory_commune(ctx, p.commune_code, &c);
		if (rc != E_OK)
			return rc;
		reason(ctx, el, &cap, "territory", c.volet2,
		    arena_printf(&ctx->arena,
			"Commune : %s, %s territoire du volet 2", c.name,
			c.volet2 ? "dans le" : "hors du"));
	}
	/* None of the CRT's exclusion criteria. */
	rc = eligibility_exclusions(ctx, g, &ex, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++)
		reason(ctx, el, &cap,
		    arena_printf(&ctx->arena, "exclusion.%s", ex[i].code),
		    !ex[i].applies,
		    arena_printf(&ctx->arena, "Critère d'exclusion « %s » : %s",
			ex[i].label,
			ex[i].applies ? "s'applique à la personne"
				      : "ne s'applique pas"));
	return E_OK;
}
