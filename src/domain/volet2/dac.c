/*
 * The DAC's own work on the referrals oriented to it: the orientation
 * naming the CRT's DAC (and putting it in the circle), its list, its
 * answer. See dac.h.
 */
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/record/person.h"
#include "domain/volet2/dac.h"
#include "domain/volet2/referral.h"

int
dac_orient(struct ctx *ctx, const struct access_grant *g, int64_t referral_id)
{
	struct db_stmt *st;
	enum db_res r;
	int64_t org_id, member;

	st = db_stmt(ctx->db, Q_DAC_ORG_FIND);
	db_bind_i64(st, 1, ctx->crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r != DB_ROW)
		return E_OK;
	org_id = db_col_i64(st, 0);
	st = db_stmt(ctx->db, Q_DAC_REF_ORG_SET);
	db_bind_i64(st, 1, org_id);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, referral_id);
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_DAC_CIRCLE_HAS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	db_bind_i64(st, 3, org_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW)
		return E_OK;
	return person_circle_add(ctx, g, 0, org_id, DAC_CIRCLE_ROLE, &member);
}

static void
row(struct ctx *ctx, struct db_stmt *st, struct dac_referral *d)
{
	int c = 0;

	memset(d, 0, sizeof(*d));
	d->id = db_col_i64(st, c++);
	d->person_id = db_col_i64(st, c++);
	d->birth_name = db_col_dup(ctx, st, c++);
	d->first_names = db_col_dup(ctx, st, c++);
	d->birth_name_display = db_col_dup(ctx, st, c++);
	d->first_names_display = db_col_dup(ctx, st, c++);
	d->birth_date = db_col_dup(ctx, st, c++);
	d->sex = db_col_dup(ctx, st, c++);
	d->reason = db_col_dup(ctx, st, c++);
	d->urgent = (int)db_col_i64(st, c++);
	d->received_on = db_col_dup(ctx, st, c++);
	d->status = db_col_dup(ctx, st, c++);
	d->oriented_at = db_col_dup(ctx, st, c++);
	d->oriented_reason = db_col_dup(ctx, st, c++);
	d->taken = db_col_null(st, c) ? -1 : db_col_i64(st, c) != 0;
	c++;
	d->answer = db_col_dup(ctx, st, c++);
	d->joint_eval_on = db_col_dup(ctx, st, c++);
	d->answered_at = db_col_dup(ctx, st, c++);
	d->answered_by = db_col_dup(ctx, st, c++);
}

int
dac_referrals(struct ctx *ctx, struct dac_referral **out, int *n)
{
	struct db_stmt *st;
	struct dac_referral *v = NULL, *d, one;
	struct access_grant g;
	enum access_row vis;
	enum db_res r;
	int cap = 0, rc;

	*out = NULL;
	*n = 0;
	if (ctx->org_id == 0)
		return E_OK;
	st = db_stmt(ctx->db, Q_DAC_REF_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->org_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		row(ctx, st, &one);
		rc = access_list_row(ctx, one.person_id, CAT_BIT(CAT_ADMIN),
		    "dac.referral.list", &g, &vis);
		if (rc != E_OK)
			return rc;
		if (vis != ACCESS_ROW_VISIBLE)
			continue;
		d = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (d == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		*d = one;
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

static const struct access_missing dac_missing = { E_NOT_FOUND,
	"referral.not_found", NULL, REFERRAL_MISSING };

/* The answer as the CRT's referral page shows it (dac_answer). */
static const char *
answer_text(struct ctx *ctx, int taken, const char *text, const char *joint)
{
	const char *s = taken ? "Prise en charge par le DAC"
			      : "Non prise en charge par le DAC";

	if (text != NULL && *text != '\0')
		s = arena_printf(&ctx->arena, "%s : %s", s, text);
	if (joint != NULL)
		s = arena_printf(&ctx->arena,
		    "%s. Évaluation conjointe proposée le %.2s/%.2s/%.4s.", s,
		    joint + 8, joint + 5, joint);
	return s;
}

int
dac_answer(struct ctx *ctx, int64_t id, int taken, const char *text,
    const char *joint_on)
{
	struct dac_referral d;
	struct access_grant g;
	struct db_stmt *st;
	enum db_res r;
	int rc;

	st = db_stmt(ctx->db, Q_DAC_REF_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		row(ctx, st, &d);
		d.org_id = db_col_null(st, 19) ? 0 : db_col_i64(st, 19);
	}
	/* Another organisation's referral answers like a missing one. */
	if (r != DB_ROW || ctx->org_id == 0 || d.org_id != ctx->org_id)
		return err_set(ctx, E_NOT_FOUND, "referral.not_found", NULL,
		    REFERRAL_MISSING);
	rc = access_require_sub(ctx, d.person_id, CAT_BIT(CAT_ADMIN), ACT_READ,
	    "dac.referral.answer", &g, &dac_missing);
	if (rc != E_OK)
		return rc;
	if (strcmp(d.status, "oriente_dac") != 0 || d.answered_at != NULL)
		return err_set(ctx, E_CONFLICT, "referral.state", NULL,
		    "Cette demande a déjà reçu la réponse du DAC, ou n'est "
		    "plus orientée vers lui.");
	if (!taken && (text == NULL || *text == '\0'))
		return err_set(ctx, E_INVALID, "dac.reason.required", "text",
		    "Indiquez pourquoi le DAC ne prend pas en charge cette "
		    "situation.");
	if (joint_on != NULL &&
	    (!clock_valid_date(joint_on) ||
		strcmp(joint_on, clock_today_plus(&ctx->arena, -1)) < 0))
		return err_set(ctx, E_INVALID, "dac.joint_eval_on.invalid",
		    "joint_eval_on",
		    "La date proposée pour l'évaluation conjointe doit être "
		    "une date valide, à partir d'aujourd'hui.");
	st = db_stmt(ctx->db, Q_DAC_ANSWER);
	db_bind_i64(st, 1, taken);
	db_bind_text(st, 2, answer_text(ctx, taken, text, joint_on));
	db_bind_text(st, 3, joint_on);
	db_bind_text(st, 4, ctx->now);
	db_bind_i64(st, 5, ctx->user_id);
	db_bind_text(st, 6, ctx->now);
	db_bind_i64(st, 7, ctx->crt_id);
	db_bind_i64(st, 8, id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "dac.referral.answered", d.person_id, "", "-", "ok",
	    arena_printf(&ctx->arena, "demande %lld %s%s", (long long)id,
		taken ? "prise en charge" : "non prise en charge",
		joint_on ? ", évaluation conjointe proposée" : ""));
	return E_OK;
}
