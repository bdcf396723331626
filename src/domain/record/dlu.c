/*
 * DLU and caregiver rules: categories checked against the grant, review
 * date (never in the future) and its 12-month due date, caregivers'
 * situation (an exhausted or absent caregiver is a priority criterion
 * for admission, DOMAIN §3), contacts' syntax. No SQL text, no HTTP.
 */
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/event.h"
#include "domain/directory/directory.h"
#include "domain/directory/org.h"
#include "domain/record/dlu.h"
#include "domain/record/evaluation.h"
#include "domain/record/profile.h"
#include "domain/text.h"

/* SPEC: DOMAIN §5 — the DLU-Dom parts. */
const char *const dlu_text_codes[DLU_TEXTS + 1] = { "treatments", "allergies",
	"history", "directives_where", "trusted_person", "people_to_call",
	"devices", "mobility", "communication", "cognition", "senses", "habits",
	"home_access", NULL };
const char *const dlu_directives_codes[] = { "oui", "non", "inconnu", NULL };
const char *const dlu_caregiver_situations[] = { "present", "epuise", "absent",
	NULL };

int
dlu_get(
    struct ctx *ctx, const struct access_grant *g, struct dlu *d, int *exists)
{
	struct db_stmt *st;
	enum db_res r;
	int i;

	memset(d, 0, sizeof(*d));
	*exists = 0;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_DLU_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return E_OK;
	*exists = 1;
	for (i = 0; i < 3; i++)
		d->text[i] = db_col_dup(ctx, st, i);
	d->directives = db_col_dup(ctx, st, 3);
	for (i = 3; i < DLU_TEXTS; i++)
		d->text[i] = db_col_dup(ctx, st, i + 1);
	d->reviewed_on = db_col_dup(ctx, st, 14);
	d->reviewed_by = db_col_i64(st, 15);
	d->reviewed_by_name = db_col_dup(ctx, st, 16);
	d->updated_at = db_col_dup(ctx, st, 17);
	/* DOMAIN §5: kept up to date, at least yearly. */
	d->review_due =
	    clock_add_months(&ctx->arena, d->reviewed_on, DLU_REVIEW_MONTHS);
	d->overdue =
	    d->review_due != NULL && strncmp(d->review_due, ctx->now, 10) < 0;
	return E_OK;
}

int
dlu_emergency(
    struct ctx *ctx, const struct access_grant *g, struct dlu_emergency *e)
{
	struct aggir_eval *ev;
	struct db_stmt *st;
	enum db_res r;
	int i, n;

	memset(e, 0, sizeof(*e));
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN) | CAT_BIT(CAT_SOINS),
		ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_DLU_EMERGENCY);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		e->gp_name = db_col_dup(ctx, st, 0);
		e->gp_org = db_col_dup(ctx, st, 1);
		e->gp_phone = db_col_dup(ctx, st, 2);
		e->protection = db_col_dup(ctx, st, 3);
		e->representative = db_col_dup(ctx, st, 4);
		if (db_run(ctx, st) != E_OK)
			return ctx->err;
	}
	if (e->protection != NULL && strcmp(e->protection, "aucune") == 0)
		e->protection = e->representative = NULL;
	for (i = 0; e->protection != NULL && profile_protection_codes[i]; i++)
		if (strcmp(profile_protection_codes[i], e->protection) == 0)
			e->protection_label = profile_protection_labels[i];
	if (evaluation_aggir_list(ctx, g, 1, &ev, &n) != E_OK)
		return ctx->err;
	if (n > 0) {
		e->gir = ev[0].gir;
		e->gir_on = ev[0].evaluated_on;
	}
	return org_crt_oncall(ctx, &e->oncall_phone);
}

int
dlu_missing_list(struct ctx *ctx, struct dlu_missing **out, int *n)
{
	struct dlu_missing *v = NULL, *m;
	struct access_grant g;
	enum access_row row;
	struct db_stmt *st;
	enum db_res r;
	int cap = 0, i, k;

	*out = NULL;
	*n = 0;
	st = db_stmt(ctx->db, Q_DLU_MISSING);
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		m = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (m == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		m->support_id = db_col_i64(st, 0);
		m->person_id = db_col_i64(st, 1);
		m->birth_name = db_col_dup(ctx, st, 2);
		m->used_name = db_col_dup(ctx, st, 3);
		m->first_names = db_col_dup(ctx, st, 4);
		m->birth_date = db_col_dup(ctx, st, 5);
		m->started_on = db_col_dup(ctx, st, 6);
		m->birth_name_display = db_col_dup(ctx, st, 7);
		m->first_names_display = db_col_dup(ctx, st, 8);
	}
	if (r == DB_ERR)
		return ctx->err;
	/* Decided after the query: the access statements would reset it. */
	for (i = k = 0; i < *n; i++) {
		if (access_list_row(ctx, v[i].person_id, CAT_BIT(CAT_ADMIN),
			"dlu.missing", &g, &row) != E_OK)
			return ctx->err;
		if (row == ACCESS_ROW_VISIBLE)
			v[k++] = v[i];
	}
	*n = k;
	*out = v;
	return E_OK;
}

int
dlu_put(struct ctx *ctx, const struct access_grant *g, const struct dlu_in *in)
{
	struct db_stmt *st;
	const char *on;
	int i;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_WRITE) != E_OK)
		return ctx->err;
	on = in->reviewed_on.set && !in->reviewed_on.null
	    ? in->reviewed_on.s
	    : arena_strndup(&ctx->arena, ctx->now, 10);
	if (strcmp(on, clock_latest_today(&ctx->arena)) > 0)
		return err_set(ctx, E_INVALID, "dlu.reviewed_on.future",
		    "reviewed_on",
		    "La date de révision ne peut pas être dans "
		    "le futur.");
	st = db_stmt(ctx->db, Q_DLU_UPSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	for (i = 0; i < 3; i++)
		db_bind_text(
		    st, 3 + i, in->text[i].null ? NULL : in->text[i].s);
	db_bind_text(st, 6,
	    in->directives.set && !in->directives.null ? in->directives.s
						       : "inconnu");
	for (i = 3; i < DLU_TEXTS; i++)
		db_bind_text(
		    st, 4 + i, in->text[i].null ? NULL : in->text[i].s);
	db_bind_text(st, 17, on);
	db_bind_i64(st, 18, ctx->user_id);
	db_bind_text(st, 19, ctx->now);
	return event_emit_if(
	    ctx, db_run(ctx, st), "dlu.changed", g->person_id, g->person_id);
}

static void
row_cg(struct ctx *ctx, struct db_stmt *st, struct caregiver *c)
{
	c->id = db_col_i64(st, 0);
	c->name = db_col_dup(ctx, st, 1);
	c->relation = db_col_dup(ctx, st, 2);
	c->phone = db_col_dup(ctx, st, 3);
	c->email = db_col_dup(ctx, st, 4);
	c->lives_with = (int)db_col_i64(st, 5);
	c->situation = db_col_dup(ctx, st, 6);
	c->trusted_person = (int)db_col_i64(st, 7);
	c->note = db_col_dup(ctx, st, 8);
	c->ended_on = db_col_dup(ctx, st, 9);
	c->created_at = db_col_dup(ctx, st, 10);
	c->updated_at = db_col_dup(ctx, st, 11);
}

int
dlu_caregivers(struct ctx *ctx, const struct access_grant *g,
    struct caregiver **out, int *n)
{
	struct db_stmt *st;
	struct caregiver *v = NULL, *c;
	enum db_res r;
	int cap = 0;

	*n = 0;
	*out = NULL;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOCIAL), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_CAREGIVER_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		c = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (c == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_cg(ctx, st, c);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

static int
merge_cg(struct ctx *ctx, struct caregiver *c, const struct caregiver_in *in)
{
	c->name = jv_str_or(&in->name, c->name);
	if (in->name.set && c->name != NULL) {
		c->name = text_name_norm(&ctx->arena, c->name);
		if (!text_name_ok(c->name, TEXT_NAME_LABEL))
			return err_set(ctx, E_INVALID,
			    "person.text.forbidden_char", "name",
			    "Le nom de "
			    "l'aidant contient un caractère non autorisé : "
			    "seuls les lettres latines, l'espace, le trait "
			    "d'union, l'apostrophe, le point et les "
			    "parenthèses sont acceptés.");
	}
	c->relation = jv_str_or(&in->relation, c->relation);
	c->phone = jv_str_or(&in->phone, c->phone);
	c->email = jv_str_or(&in->email, c->email);
	c->situation = jv_str_or(&in->situation, c->situation);
	c->note = jv_str_or(&in->note, c->note);
	c->ended_on = jv_str_or(&in->ended_on, c->ended_on);
	if (in->lives_with.set)
		c->lives_with = in->lives_with.v;
	if (in->trusted_person.set)
		c->trusted_person = in->trusted_person.v;
	if (c->situation == NULL)
		c->situation = "present";
	if (c->name == NULL || c->relation == NULL)
		return err_set(ctx, E_INVALID, "caregiver.name.required",
		    "name",
		    "Le nom et le lien de l'aidant sont "
		    "obligatoires.");
	if (c->phone != NULL && !directory_phone_ok(c->phone))
		return err_set(ctx, E_INVALID, "caregiver.phone.invalid",
		    "phone",
		    "Le numéro de téléphone doit comporter 10 "
		    "chiffres.");
	if (c->email != NULL && !directory_email_ok(c->email))
		return err_set(ctx, E_INVALID, "caregiver.email.invalid",
		    "email", "L'adresse e-mail est invalide.");
	if (c->ended_on != NULL &&
	    strcmp(c->ended_on, clock_latest_today(&ctx->arena)) > 0)
		return err_set(ctx, E_INVALID, "caregiver.ended_on.future",
		    "ended_on",
		    "La date de fin ne peut pas être dans le "
		    "futur.");
	return E_OK;
}

static void
bind_cg(struct db_stmt *st, int at, const struct caregiver *c)
{
	db_bind_text(st, at, c->name);
	db_bind_text(st, at + 1, c->relation);
	db_bind_text(st, at + 2, c->phone);
	db_bind_text(st, at + 3, c->email);
	db_bind_i64(st, at + 4, c->lives_with);
	db_bind_text(st, at + 5, c->situation);
	db_bind_i64(st, at + 6, c->trusted_person);
	db_bind_text(st, at + 7, c->note);
	db_bind_text(st, at + 8, c->ended_on);
}

int
dlu_caregiver_add(struct ctx *ctx, const struct access_grant *g,
    const struct caregiver_in *in, int64_t *id)
{
	struct caregiver c;
	struct db_stmt *st;
	int rc;

	memset(&c, 0, sizeof(c));
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOCIAL), ACT_WRITE) != E_OK)
		return ctx->err;
	rc = merge_cg(ctx, &c, in);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_CAREGIVER_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	bind_cg(st, 3, &c);
	db_bind_text(st, 12, ctx->now);
	db_bind_text(st, 13, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	return event_emit_if(
	    ctx, db_run(ctx, st), "caregiver.changed", g->person_id, *id);
}

int
dlu_caregiver_update(struct ctx *ctx, const struct access_grant *g, int64_t id,
    const struct caregiver_in *in)
{
	struct caregiver c;
	struct db_stmt *st;
	enum db_res r;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOCIAL), ACT_WRITE) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_CAREGIVER_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	db_bind_i64(st, 3, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "caregiver.not_found", NULL,
		    "Cet aidant n'existe pas.");
	row_cg(ctx, st, &c);
	rc = merge_cg(ctx, &c, in);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_CAREGIVER_UPDATE);
	bind_cg(st, 1, &c);
	db_bind_text(st, 10, ctx->now);
	db_bind_i64(st, 11, ctx->crt_id);
	db_bind_i64(st, 12, g->person_id);
	db_bind_i64(st, 13, id);
	return event_emit_if(
	    ctx, db_run(ctx, st), "caregiver.changed", g->person_id, id);
}
