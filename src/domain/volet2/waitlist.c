/*
 * Waiting-list rules: which criteria a referral meets (two noted, three
 * derived from the record), the ranking (more criteria first, a hospital
 * discharge first among equals, then the oldest referral), who may see
 * the list (the team; partners it is shared with, within consent).
 */
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/event.h"
#include "domain/directory/org.h"
#include "domain/volet2/referral.h"
#include "domain/volet2/waitlist.h"

const char *const waitlist_priority_codes[PRIO__MAX + 1] = {
	"sortie_hospitalisation", "logement_inadapte", "aidant_epuise_absent",
	"isolement", "oriente_par_dac", NULL
};
const char *const waitlist_priority_labels[PRIO__MAX + 1] = {
	"Sortie d'hospitalisation", "Logement inadapté",
	"Aidant épuisé ou absent", "Isolement", "Orienté par le DAC", NULL
};

static int
cmp(const void *a, const void *b)
{
	const struct wait_entry *x = a, *y = b;
	int c;

	if (x->score != y->score)
		return y->score - x->score;
	if (x->prio[PRIO_HOSPITAL] != y->prio[PRIO_HOSPITAL])
		return y->prio[PRIO_HOSPITAL] - x->prio[PRIO_HOSPITAL];
	c = strcmp(x->received_on, y->received_on);
	if (c != 0)
		return c;
	return x->referral_id < y->referral_id ? -1 : 1;
}

static int
partner_view(struct ctx *ctx, struct wait_entry *e)
{
	struct access_grant g;
	int rc;

	rc = access_check(ctx, e->person_id, &g);
	if (rc != E_OK)
		return rc;
	if (g.kind == GRANT_NONE || !(g.read & CAT_BIT(CAT_SOCIAL))) {
		e->prio[PRIO_CAREGIVER] = e->prio[PRIO_HOUSING] =
		    e->prio[PRIO_ISOLATION] = 0;
		/* The rank stays the CRT's; a score counting only what is
		 * seen would contradict it (a person ranked above one of
		 * score 1 shown with 0): no score, and say so. */
		e->score = 0;
		e->criteria_hidden = 1;
		/* Issue 10 point 7: the motive too is shown only where the
		 * partner reads social data (within consent). */
		e->reason = NULL;
	}
	return E_OK;
}

int
waitlist_list(struct ctx *ctx, struct wait_entry **out, int *n, int *target)
{
	struct db_stmt *st;
	struct wait_entry *v = NULL, *e;
	enum db_res r;
	int cap = 0, partner = access_role_is_external(ctx->role), i, k, rc;
	struct access_grant g;
	enum access_row row;

	*n = 0;
	*out = NULL;
	if (partner) {
		st = db_stmt(ctx->db, Q_SHARE_HAS);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, ctx->org_id);
		r = db_step(ctx, st);
		if (r == DB_ERR)
			return ctx->err;
		if (r == DB_DONE)
			return err_set(ctx, E_FORBIDDEN, "waitlist.not_shared",
			    NULL,
			    "La liste d'attente n'est pas partagée avec "
			    "votre structure.");
	}
	st = db_stmt(ctx->db, Q_CRT_TARGET);
	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*target = (int)db_col_i64(st, 0);
	st = db_stmt(ctx->db, Q_WAIT_LIST);
	db_bind_i64(st, 1, partner);
	db_bind_i64(st, 2, ctx->org_id);
	db_bind_i64(st, 3, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		e = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (e == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		e->referral_id = db_col_i64(st, 0);
		e->person_id = db_col_i64(st, 1);
		e->birth_name = db_col_dup(ctx, st, 2);
		e->first_names = db_col_dup(ctx, st, 3);
		e->birth_date = db_col_dup(ctx, st, 4);
		e->prio[PRIO_DAC] = strcmp(db_col_text(st, 5), "dac") == 0;
		e->prio[PRIO_HOSPITAL] = (int)db_col_i64(st, 6);
		e->prio[PRIO_HOUSING] = (int)db_col_i64(st, 7);
		e->prio[PRIO_ISOLATION] = (int)db_col_i64(st, 8);
		e->received_on = db_col_dup(ctx, st, 9);
		e->waitlisted_at = db_col_dup(ctx, st, 10);
		/* The motive: partners see it where they read social data
		 * (partner_view clears it otherwise). */
		e->reason = db_col_dup(ctx, st, 11);
		/* DOMAIN §3: an exhausted or absent caregiver — or none. */
		e->status = db_col_dup(ctx, st, 12);
		e->prio[PRIO_CAREGIVER] =
		    db_col_i64(st, 13) > 0 || db_col_i64(st, 14) == 0;
		e->objected = (int)db_col_i64(st, 15);
		e->sex = db_col_dup(ctx, st, 16);
		e->birth_name_display = db_col_dup(ctx, st, 17);
		e->first_names_display = db_col_dup(ctx, st, 18);
		for (k = 0; k < PRIO__MAX; k++)
			e->score += e->prio[k] != 0;
	}
	if (r == DB_ERR)
		return ctx->err;
	if (*n > 1)
		qsort(v, (size_t)*n, sizeof(*v), cmp);
	/* The CRT's rank, over the whole list: the people a partner may not
	 * see keep their places (issue 8 point 19). */
	for (i = 0; i < *n; i++)
		v[i].rank = i + 1;
	for (i = k = 0; i < *n; i++) {
		if (v[i].objected)
			continue;
		v[k] = v[i];
		/* SPEC: PRODUCT §1 — each identity shown is an access,
		 * decided by the access module. A partner sees the list the
		 * CRT shared with its organisation (the share is the basis),
		 * and the criteria drawn from social data (caregiver, housing,
		 * isolation) only where it may read them (consent). */
		if (partner) {
			if ((rc = partner_view(ctx, &v[k])) != E_OK)
				return rc;
			/* Social data shown (criteria, motive): the circle is
			 * the basis, traced as such; else the share. */
			if (!v[k].criteria_hidden) {
				if ((rc = access_list_row(ctx, v[k].person_id,
					 CAT_BIT(CAT_ADMIN) |
					     CAT_BIT(CAT_SOCIAL),
					 "waitlist.list", &g, &row)) != E_OK)
					return rc;
			} else
				access_list_shared_row(
				    ctx, v[k].person_id, "waitlist.list");
		} else {
			if ((rc = access_list_row(ctx, v[k].person_id,
				 CAT_BIT(CAT_ADMIN), "waitlist.list", &g,
				 &row)) != E_OK)
				return rc;
			if (row != ACCESS_ROW_VISIBLE)
				continue;
		}
		k++;
	}
	*n = k;
	*out = v;
	return E_OK;
}

int
waitlist_set_flags(struct ctx *ctx, const struct access_grant *g, int64_t id,
    int housing, int isolation)
{
	struct referral r;
	struct db_stmt *st;
	int rc;

	if (g->kind == GRANT_NONE || !(g->write & CAT_BIT(CAT_ADMIN)))
		return err_set(ctx, E_FORBIDDEN, "access.denied", NULL,
		    "Vous n'avez pas accès à ces informations de la "
		    "personne.");
	rc = referral_get(ctx, id, &r);
	if (rc != E_OK)
		return rc;
	if (strcmp(r.status, "liste_attente") != 0 &&
	    strcmp(r.status, "evaluation") != 0)
		return err_set(ctx, E_CONFLICT, "referral.state", NULL,
		    "Les critères de priorité se notent pour une demande sur "
		    "la liste d'attente.");
	st = db_stmt(ctx->db, Q_WAIT_FLAGS);
	db_bind_i64(st, 1, housing);
	db_bind_i64(st, 2, isolation);
	db_bind_text(st, 3, ctx->now);
	db_bind_i64(st, 4, ctx->crt_id);
	db_bind_i64(st, 5, id);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "referral.changed", g->person_id, id);
	return rc;
}

int
waitlist_shares(struct ctx *ctx, struct wait_share **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_SHARE_LIST);
	struct wait_share *v = NULL, *s;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		s = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (s == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		s->org_id = db_col_i64(st, 0);
		s->org_name = db_col_dup(ctx, st, 1);
		s->org_type = db_col_dup(ctx, st, 2);
		s->role = db_col_dup(ctx, st, 3);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

static int
waitlist_share_set_do(struct ctx *ctx, int64_t org_id, const char *role)
{
	struct db_stmt *st;
	struct org o;
	int rc;

	rc = org_get(ctx, org_id, &o);
	if (rc == E_NOT_FOUND) {
		err_clear(ctx);
		return err_set(ctx, E_INVALID, "waitlist.org_id.invalid",
		    "org_id",
		    "Cette structure n'est pas dans l'annuaire du "
		    "CRT.");
	}
	if (rc != E_OK)
		return rc;
	if (o.is_self)
		return err_set(ctx, E_INVALID, "waitlist.org_id.self", "org_id",
		    "La liste se partage avec des structures partenaires.");
	st = db_stmt(ctx->db, role ? Q_SHARE_UPSERT : Q_SHARE_DELETE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, org_id);
	if (role)
		db_bind_text(st, 3, role);
	return db_run(ctx, st);
}

int
waitlist_share_set(struct ctx *ctx, int64_t org_id, const char *role)
{
	int rc;

	rc = waitlist_share_set_do(ctx, org_id, role);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "waitlist.share", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "structure %lld %s", (long long)org_id,
		role == NULL ? "retirée" : "partagée"));
	return E_OK;
}
