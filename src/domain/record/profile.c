/*
 * Profile rules: usual professionals must be in the CRT's directory (a
 * pharmacy an organisation of type pharmacie), consent information is
 * dated (not in the future) and attributed to the user who records it,
 * legal protection kinds are the French measures. No SQL text, no HTTP.
 */
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/event.h"
#include "domain/directory/org.h"
#include "domain/record/profile.h"
#include "domain/text.h"

const char *const profile_protection_codes[] = { "aucune", "sauvegarde_justice",
	"curatelle_simple", "curatelle_renforcee", "tutelle",
	"habilitation_familiale", "mandat_protection_future", NULL };
const char *const profile_protection_labels[] = { "Aucune",
	"Sauvegarde de justice", "Curatelle simple", "Curatelle renforcée",
	"Tutelle", "Habilitation familiale", "Mandat de protection future",
	NULL };
const char *const profile_informed_to_codes[] = { "personne", "representant",
	NULL };

unsigned
profile_in_cats(const struct profile_in *in)
{
	unsigned c = 0;

	if (in->gp_id.set || in->nurse_id.set || in->pharmacy_id.set ||
	    in->consent_informed_on.set || in->consent_informed_to.set ||
	    in->consent_note.set)
		c |= CAT_BIT(CAT_ADMIN);
	if (in->legal_protection.set || in->legal_representative.set ||
	    in->housing_needs.set || in->technical_aids.set ||
	    in->telealarm.set || in->telealarm_provider.set)
		c |= CAT_BIT(CAT_SOCIAL);
	return c;
}

static void
contact(struct ctx *ctx, struct db_stmt *st, int at, struct profile_contact *c,
    int with_org)
{
	c->id = db_col_null(st, at) ? 0 : db_col_i64(st, at);
	c->name = db_col_dup(ctx, st, at + 1);
	c->org = with_org ? db_col_dup(ctx, st, at + 2) : NULL;
	c->phone = db_col_dup(ctx, st, at + (with_org ? 3 : 2));
}

int
profile_get(struct ctx *ctx, const struct access_grant *g, struct profile *p)
{
	struct db_stmt *st;
	enum db_res r;

	memset(p, 0, sizeof(*p));
	p->legal_protection = "aucune";
	if (g->kind == GRANT_NONE || !(g->read & CAT_BIT(CAT_ADMIN)))
		return err_set(ctx, E_FORBIDDEN, "access.denied", NULL,
		    "Vous n'avez pas accès à ces informations de la "
		    "personne.");
	p->social = (g->read & CAT_BIT(CAT_SOCIAL)) != 0;
	st = db_stmt(ctx->db, Q_PROFILE_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return E_OK;
	contact(ctx, st, 0, &p->gp, 1);
	contact(ctx, st, 4, &p->nurse, 1);
	contact(ctx, st, 8, &p->pharmacy, 0);
	p->consent_informed_on = db_col_dup(ctx, st, 11);
	p->consent_informed_by = db_col_null(st, 12) ? 0 : db_col_i64(st, 12);
	p->consent_informed_by_name = db_col_dup(ctx, st, 13);
	p->consent_informed_to = db_col_dup(ctx, st, 14);
	p->consent_note = db_col_dup(ctx, st, 15);
	if (p->social) {
		/* Never leaves this function without the social grant. */
		p->legal_protection = db_col_dup(ctx, st, 16);
		p->legal_representative = db_col_dup(ctx, st, 17);
		p->housing_needs = db_col_dup(ctx, st, 18);
		p->technical_aids = db_col_dup(ctx, st, 19);
		p->telealarm = (int)db_col_i64(st, 20);
		p->telealarm_provider = db_col_dup(ctx, st, 21);
	}
	p->updated_at = db_col_dup(ctx, st, 22);
	return E_OK;
}

static int
check_pro(struct ctx *ctx, int64_t id, const char *field)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_PRO_BY_ID);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE || db_col_i64(st, 2))
		return err_set(ctx, E_INVALID,
		    arena_printf(&ctx->arena, "profile.%s.invalid", field),
		    field,
		    "Ce professionnel "
		    "n'est pas dans l'annuaire du CRT.");
	return E_OK;
}

static int64_t
ival(const struct jv_int *f, int64_t old)
{
	if (!f->set)
		return old;
	return f->null ? 0 : f->v;
}

int
profile_update(
    struct ctx *ctx, const struct access_grant *g, const struct profile_in *in)
{
	struct access_grant all;
	struct profile p;
	struct org o;
	struct db_stmt *st;
	unsigned cats = profile_in_cats(in);
	int64_t gp, nurse, pharmacy;
	int rc;

	if (g->kind == GRANT_NONE || (g->write & cats) != cats)
		return err_set(ctx, E_FORBIDDEN, "access.denied", NULL,
		    "Vous n'avez pas accès à ces informations de la "
		    "personne.");
	/* Merging needs the stored social part even if only admin data is
	 * written (it is kept as it is, never shown here). */
	access_grant_for_merge(g, CAT_BIT(CAT_SOCIAL), &all);
	rc = profile_get(ctx, &all, &p);
	if (rc != E_OK)
		return rc;
	gp = ival(&in->gp_id, p.gp.id);
	nurse = ival(&in->nurse_id, p.nurse.id);
	pharmacy = ival(&in->pharmacy_id, p.pharmacy.id);
	if (in->gp_id.set && gp != 0 && check_pro(ctx, gp, "gp_id") != E_OK)
		return ctx->err;
	if (in->nurse_id.set && nurse != 0 &&
	    check_pro(ctx, nurse, "nurse_id") != E_OK)
		return ctx->err;
	if (in->pharmacy_id.set && pharmacy != 0) {
		rc = org_get(ctx, pharmacy, &o);
		if (rc == E_NOT_FOUND ||
		    (rc == E_OK && strcmp(o.type, "pharmacie") != 0)) {
			err_clear(ctx);
			return err_set(ctx, E_INVALID,
			    "profile.pharmacy_id.invalid", "pharmacy_id",
			    "Cette pharmacie n'est pas dans l'annuaire du "
			    "CRT.");
		}
		if (rc != E_OK)
			return rc;
	}
	/* Who informed changes only when the information does. */
	if (text_differs(
		jv_str_or(&in->consent_informed_on, p.consent_informed_on),
		p.consent_informed_on) ||
	    text_differs(
		jv_str_or(&in->consent_informed_to, p.consent_informed_to),
		p.consent_informed_to))
		p.consent_informed_by = ctx->user_id;
	p.consent_informed_on =
	    jv_str_or(&in->consent_informed_on, p.consent_informed_on);
	p.consent_informed_to =
	    jv_str_or(&in->consent_informed_to, p.consent_informed_to);
	p.consent_note = jv_str_or(&in->consent_note, p.consent_note);
	if (p.consent_informed_on != NULL &&
	    strcmp(p.consent_informed_on, clock_latest_today(&ctx->arena)) > 0)
		return err_set(ctx, E_INVALID,
		    "profile.consent_informed_on.future", "consent_informed_on",
		    "La date d'information ne peut pas être dans le futur.");
	if (p.consent_informed_on != NULL && p.consent_informed_to == NULL)
		return err_set(ctx, E_INVALID,
		    "profile.consent_informed_to.required",
		    "consent_informed_to",
		    "Indiquez qui a été informé : la "
		    "personne ou son représentant.");
	p.legal_protection =
	    jv_str_or(&in->legal_protection, p.legal_protection);
	if (p.legal_protection == NULL)
		p.legal_protection = "aucune";
	p.legal_representative =
	    jv_str_or(&in->legal_representative, p.legal_representative);
	p.housing_needs = jv_str_or(&in->housing_needs, p.housing_needs);
	p.technical_aids = jv_str_or(&in->technical_aids, p.technical_aids);
	if (in->telealarm.set)
		p.telealarm = in->telealarm.v;
	p.telealarm_provider =
	    jv_str_or(&in->telealarm_provider, p.telealarm_provider);
	st = db_stmt(ctx->db, Q_PROFILE_UPSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	if (gp)
		db_bind_i64(st, 3, gp);
	else
		db_bind_null(st, 3);
	if (nurse)
		db_bind_i64(st, 4, nurse);
	else
		db_bind_null(st, 4);
	if (pharmacy)
		db_bind_i64(st, 5, pharmacy);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, p.consent_informed_on);
	if (p.consent_informed_by)
		db_bind_i64(st, 7, p.consent_informed_by);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, p.consent_informed_to);
	db_bind_text(st, 9, p.consent_note);
	db_bind_text(st, 10, p.legal_protection);
	db_bind_text(st, 11, p.legal_representative);
	db_bind_text(st, 12, p.housing_needs);
	db_bind_text(st, 13, p.technical_aids);
	db_bind_i64(st, 14, p.telealarm);
	db_bind_text(st, 15, p.telealarm_provider);
	db_bind_text(st, 16, ctx->now);
	return event_emit_if(ctx, db_run(ctx, st), "profile.changed",
	    g->person_id, g->person_id);
}
