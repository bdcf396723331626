/*
 * Directory rules: identifiers' syntax (FINESS, RPPS), contacts (phone,
 * e-mail, MSSanté address), the organisation type among the checklist,
 * the commune among real communes, convention dates (review due a year
 * after signature unless given). Every row is scoped by ctx's CRT.
 */
#include <ctype.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/directory/directory.h"
#include "domain/directory/org.h"
#include "domain/directory/territory.h"
#include "domain/text.h"

int
directory_finess_ok(const char *s)
{
	size_t i;

	/* 9 characters: département (2 digits, or 2A/2B) + 7 digits. */
	if (s == NULL || strlen(s) != 9)
		return 0;
	for (i = 0; i < 9; i++) {
		if (i == 1 && s[0] == '2' && (s[1] == 'A' || s[1] == 'B'))
			continue;
		if (!isdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

int
directory_rpps_ok(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 11)
		return 0;
	for (i = 0; i < 11; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int
directory_phone_ok(const char *s)
{
	int digits = 0;

	/* French numbers, spaces/dots allowed: 10 digits, or +33 and 9. */
	if (s == NULL)
		return 0;
	if (s[0] == '+')
		s++, digits = -2;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s != ' ' && *s != '.')
			return 0;
	}
	return digits == 10 || digits == 9;
}

int
directory_email_ok(const char *s)
{
	const char *at, *dot;

	if (s == NULL || strlen(s) > 254 || strchr(s, ' ') != NULL)
		return 0;
	at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return 0;
	dot = strrchr(at, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

static int
bad(struct ctx *ctx, const char *key, const char *field, const char *msg)
{
	return err_set(ctx, E_INVALID, key, field, msg);
}

static int
check_contacts(struct ctx *ctx, const char *prefix, const char *phone,
    const char *email, const char *mss)
{
	if (phone != NULL && !directory_phone_ok(phone))
		return bad(ctx,
		    arena_printf(&ctx->arena, "%s.phone.invalid", prefix),
		    "phone",
		    "Le numéro de téléphone doit comporter "
		    "10 chiffres.");
	if (email != NULL && !directory_email_ok(email))
		return bad(ctx,
		    arena_printf(&ctx->arena, "%s.email.invalid", prefix),
		    "email", "L'adresse e-mail est invalide.");
	if (mss != NULL && !directory_email_ok(mss))
		return bad(ctx,
		    arena_printf(&ctx->arena, "%s.mssante.invalid", prefix),
		    "mssante",
		    "L'adresse de messagerie sécurisée "
		    "est invalide.");
	return E_OK;
}

static void
row_org(struct ctx *ctx, struct db_stmt *st, struct org_detail *o)
{
	o->id = db_col_i64(st, 0);
	o->name = db_col_dup(ctx, st, 1);
	o->type = db_col_dup(ctx, st, 2);
	o->is_self = (int)db_col_i64(st, 3);
	o->finess = db_col_dup(ctx, st, 4);
	o->address = db_col_dup(ctx, st, 5);
	o->commune_code = db_col_dup(ctx, st, 6);
	o->commune_name = db_col_dup(ctx, st, 7);
	o->phone = db_col_dup(ctx, st, 8);
	o->email = db_col_dup(ctx, st, 9);
	o->mssante = db_col_dup(ctx, st, 10);
	o->archived = (int)db_col_i64(st, 11);
	o->created_at = db_col_dup(ctx, st, 12);
	o->updated_at = db_col_dup(ctx, st, 13);
}

int
directory_org_list(struct ctx *ctx, const char *q, const char *type,
    int archived, struct org_detail **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_SEARCH);
	struct org_detail *v = NULL, *o;
	const char *key = q ? text_fold(&ctx->arena, q) : "";
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, type ? type : "");
	db_bind_text(st, 3, type ? type : "");
	db_bind_text(st, 4, key);
	db_bind_text(st, 5, arena_printf(&ctx->arena, "%%%s%%", key));
	db_bind_i64(st, 6, archived);
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

int
directory_org_get(struct ctx *ctx, int64_t id, struct org_detail *o)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_DETAIL);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "org.not_found", NULL,
		    "Cette structure n'existe pas.");
	row_org(ctx, st, o);
	return E_OK;
}

/* Merges `in` over `o` and checks the result. */
static int
merge_org(struct ctx *ctx, struct org_detail *o, const struct org_in *in)
{
	struct commune c;
	int rc;

	o->name = jv_str_or(&in->name, o->name);
	o->type = jv_str_or(&in->type, o->type);
	o->finess = jv_str_or(&in->finess, o->finess);
	o->address = jv_str_or(&in->address, o->address);
	o->commune_code = jv_str_or(&in->commune_code, o->commune_code);
	o->phone = jv_str_or(&in->phone, o->phone);
	o->email = jv_str_or(&in->email, o->email);
	o->mssante = jv_str_or(&in->mssante, o->mssante);
	if (in->archived.set)
		o->archived = in->archived.v;
	if (o->name == NULL || o->type == NULL)
		return bad(ctx, "org.name.required", "name",
		    "Le nom et le type "
		    "de la structure sont obligatoires.");
	if (strcmp(o->type, "crt") == 0 && !o->is_self)
		return bad(ctx, "org.type.crt", "type",
		    "Le type « Centre de "
		    "ressources territorial » est réservé à la structure du "
		    "CRT.");
	if (o->finess != NULL && !directory_finess_ok(o->finess))
		return bad(ctx, "org.finess.invalid", "finess",
		    "Le numéro "
		    "FINESS comporte 9 caractères (département puis 7 "
		    "chiffres).");
	if (o->commune_code != NULL) {
		rc = territory_commune(ctx, o->commune_code, &c);
		if (rc == E_NOT_FOUND) {
			err_clear(ctx);
			return bad(ctx, "org.commune_code.invalid",
			    "commune_code",
			    "Cette commune n'existe pas (code "
			    "INSEE inconnu).");
		}
		if (rc != E_OK)
			return rc;
	}
	return check_contacts(ctx, "org", o->phone, o->email, o->mssante);
}

static int
store_org(struct ctx *ctx, const struct org_detail *o)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_UPDATE);

	db_bind_text(st, 1, o->name);
	db_bind_text(st, 2, o->type);
	db_bind_text(st, 3, o->finess);
	db_bind_text(st, 4, o->address);
	db_bind_text(st, 5, o->commune_code);
	db_bind_text(st, 6, o->phone);
	db_bind_text(st, 7, o->email);
	db_bind_text(st, 8, o->mssante);
	db_bind_i64(st, 9, o->archived);
	db_bind_text(st, 10, text_fold(&ctx->arena, o->name));
	db_bind_text(st, 11, ctx->now);
	db_bind_i64(st, 12, ctx->crt_id);
	db_bind_i64(st, 13, o->id);
	return db_run(ctx, st);
}

/* The trace row of an administrative write of the directory, once it
 * succeeded ("structure 12", "convention 3"). */
static int
traced(struct ctx *ctx, int rc, const char *action, const char *what,
    const int64_t *id)
{
	if (rc == E_OK)
		audit_add(ctx, action, 0, "", "-", "ok",
		    arena_printf(&ctx->arena, "%s %lld", what, (long long)*id));
	return rc;
}

static int
directory_org_create_do(struct ctx *ctx, const struct org_in *in, int64_t *id)
{
	struct org_detail o;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = merge_org(ctx, &o, in);
	if (rc == E_OK)
		rc = org_create(ctx, o.name, o.type, 0, id);
	if (rc != E_OK)
		return rc;
	o.id = *id;
	return store_org(ctx, &o);
}

int
directory_org_create(struct ctx *ctx, const struct org_in *in, int64_t *id)
{
	int rc;

	rc = directory_org_create_do(ctx, in, id);
	return traced(ctx, rc, "org.create", "structure", id);
}

static int
directory_org_update_do(struct ctx *ctx, int64_t id, const struct org_in *in)
{
	struct org_detail o;
	int rc;

	rc = directory_org_get(ctx, id, &o);
	if (rc == E_OK && o.is_self && in->type.set && in->type.s != NULL &&
	    strcmp(in->type.s, "crt") != 0)
		return bad(ctx, "org.type.self", "type",
		    "La structure du CRT "
		    "garde son type.");
	if (rc == E_OK && o.is_self && in->archived.set && in->archived.v)
		return bad(ctx, "org.archived.self", "archived",
		    "La structure "
		    "du CRT ne peut pas être archivée.");
	if (rc == E_OK)
		rc = merge_org(ctx, &o, in);
	if (rc == E_OK)
		rc = store_org(ctx, &o);
	return rc;
}

int
directory_org_update(struct ctx *ctx, int64_t id, const struct org_in *in)
{
	int rc;

	rc = directory_org_update_do(ctx, id, in);
	return traced(ctx, rc, "org.update", "structure", &id);
}

static void
row_pro(struct ctx *ctx, struct db_stmt *st, struct professional *p)
{
	p->id = db_col_i64(st, 0);
	p->org_id = db_col_i64(st, 1);
	p->last_name = db_col_dup(ctx, st, 2);
	p->first_name = db_col_dup(ctx, st, 3);
	p->profession = db_col_dup(ctx, st, 4);
	p->rpps = db_col_dup(ctx, st, 5);
	p->phone = db_col_dup(ctx, st, 6);
	p->email = db_col_dup(ctx, st, 7);
	p->mssante = db_col_dup(ctx, st, 8);
	p->archived = (int)db_col_i64(st, 9);
	p->org_name = db_col_dup(ctx, st, 10);
}

int
directory_pro_list(
    struct ctx *ctx, int64_t org, struct professional **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_PRO_LIST);
	struct professional *v = NULL, *p;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, org);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		p = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (p == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_pro(ctx, st, p);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

static int
merge_pro(
    struct ctx *ctx, struct professional *p, const struct professional_in *in)
{
	p->last_name = jv_str_or(&in->last_name, p->last_name);
	p->first_name = jv_str_or(&in->first_name, p->first_name);
	if (in->last_name.set && p->last_name != NULL)
		p->last_name = text_name_norm(&ctx->arena, p->last_name);
	if (in->first_name.set && p->first_name != NULL)
		p->first_name = text_name_norm(&ctx->arena, p->first_name);
	if ((in->last_name.set &&
		!text_name_ok(p->last_name, TEXT_NAME_DISPLAY)) ||
	    (in->first_name.set &&
		!text_name_ok(p->first_name, TEXT_NAME_DISPLAY))) {
		int last = !text_name_ok(p->last_name, TEXT_NAME_DISPLAY);

		return bad(ctx, "person.text.forbidden_char",
		    last ? "last_name" : "first_name",
		    last
			? "Le nom du "
			  "professionnel contient un caractère non autorisé : seuls "
			  "les lettres latines, l'espace, le trait d'union, "
			  "l'apostrophe et le point sont acceptés."
			: "Le prénom du "
			  "professionnel contient un caractère non autorisé : seuls "
			  "les lettres latines, l'espace, le trait d'union, "
			  "l'apostrophe et le point sont acceptés.");
	}
	p->profession = jv_str_or(&in->profession, p->profession);
	p->rpps = jv_str_or(&in->rpps, p->rpps);
	p->phone = jv_str_or(&in->phone, p->phone);
	p->email = jv_str_or(&in->email, p->email);
	p->mssante = jv_str_or(&in->mssante, p->mssante);
	if (in->archived.set)
		p->archived = in->archived.v;
	if (p->last_name == NULL || p->first_name == NULL ||
	    p->profession == NULL)
		return bad(ctx, "professional.last_name.required", "last_name",
		    "Le nom, le prénom et la profession sont obligatoires.");
	if (p->rpps != NULL && !directory_rpps_ok(p->rpps))
		return bad(ctx, "professional.rpps.invalid", "rpps",
		    "Le numéro "
		    "RPPS comporte 11 chiffres.");
	return check_contacts(
	    ctx, "professional", p->phone, p->email, p->mssante);
}

static void
bind_pro(struct db_stmt *st, int at, const struct professional *p)
{
	db_bind_text(st, at, p->last_name);
	db_bind_text(st, at + 1, p->first_name);
	db_bind_text(st, at + 2, p->profession);
	db_bind_text(st, at + 3, p->rpps);
	db_bind_text(st, at + 4, p->phone);
	db_bind_text(st, at + 5, p->email);
	db_bind_text(st, at + 6, p->mssante);
}

static int
directory_pro_add_do(
    struct ctx *ctx, int64_t org, const struct professional_in *in, int64_t *id)
{
	struct professional p;
	struct org_detail o;
	struct db_stmt *st;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = directory_org_get(ctx, org, &o);
	if (rc == E_OK)
		rc = merge_pro(ctx, &p, in);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_PRO_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, org);
	bind_pro(st, 3, &p);
	db_bind_text(st, 10, ctx->now);
	db_bind_text(st, 11, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	return db_run(ctx, st);
}

int
directory_pro_add(
    struct ctx *ctx, int64_t org, const struct professional_in *in, int64_t *id)
{
	int rc;

	rc = directory_pro_add_do(ctx, org, in, id);
	return traced(ctx, rc, "professional.add", "professionnel", id);
}

static int
directory_pro_update_do(
    struct ctx *ctx, int64_t org, int64_t id, const struct professional_in *in)
{
	struct professional p;
	struct db_stmt *st;
	enum db_res r;
	int rc;

	st = db_stmt(ctx->db, Q_PRO_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, org);
	db_bind_i64(st, 3, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "professional.not_found", NULL,
		    "Ce professionnel n'existe pas dans cette structure.");
	row_pro(ctx, st, &p);
	rc = merge_pro(ctx, &p, in);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_PRO_UPDATE);
	bind_pro(st, 1, &p);
	db_bind_i64(st, 8, p.archived);
	db_bind_text(st, 9, ctx->now);
	db_bind_i64(st, 10, ctx->crt_id);
	db_bind_i64(st, 11, org);
	db_bind_i64(st, 12, id);
	return db_run(ctx, st);
}

int
directory_pro_update(
    struct ctx *ctx, int64_t org, int64_t id, const struct professional_in *in)
{
	int rc;

	rc = directory_pro_update_do(ctx, org, id, in);
	return traced(ctx, rc, "professional.update", "professionnel", &id);
}

static void
row_conv(struct ctx *ctx, struct db_stmt *st, struct convention *c)
{
	c->id = db_col_i64(st, 0);
	c->org_id = db_col_i64(st, 1);
	c->org_name = db_col_dup(ctx, st, 2);
	c->org_type = db_col_dup(ctx, st, 3);
	c->object = db_col_dup(ctx, st, 4);
	c->signed_on = db_col_dup(ctx, st, 5);
	c->duration_months = (int)db_col_i64(st, 6);
	c->tacit_renewal = (int)db_col_i64(st, 7);
	c->review_due = db_col_dup(ctx, st, 8);
	c->overdue = strncmp(c->review_due, ctx->now, 10) < 0;
	c->ended_on = db_col_dup(ctx, st, 9);
	c->note = db_col_dup(ctx, st, 10);
}

static int
conv_rows(struct ctx *ctx, struct db_stmt *st, struct convention **out, int *n)
{
	struct convention *v = NULL, *c;
	enum db_res r;
	int cap = 0;

	*n = 0;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		c = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (c == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_conv(ctx, st, c);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
directory_conv_list(
    struct ctx *ctx, int64_t org, struct convention **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CONV_LIST);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, org);
	return conv_rows(ctx, st, out, n);
}

static int
merge_conv(
    struct ctx *ctx, struct convention *c, const struct convention_in *in)
{
	c->object = jv_str_or(&in->object, c->object);
	c->signed_on = jv_str_or(&in->signed_on, c->signed_on);
	if (in->duration_months.set && !in->duration_months.null)
		c->duration_months = (int)in->duration_months.v;
	if (in->tacit_renewal.set)
		c->tacit_renewal = in->tacit_renewal.v;
	c->review_due = jv_str_or(&in->review_due, c->review_due);
	c->ended_on = jv_str_or(&in->ended_on, c->ended_on);
	c->note = jv_str_or(&in->note, c->note);
	if (c->object == NULL || c->signed_on == NULL)
		return bad(ctx, "convention.object.required", "object",
		    "L'objet et la date de signature sont obligatoires.");
	if (c->duration_months < 1)
		return bad(ctx, "convention.duration_months.required",
		    "duration_months",
		    "La durée de la convention (en mois) "
		    "est obligatoire.");
	if (strcmp(c->signed_on, clock_latest_today(&ctx->arena)) > 0)
		return bad(ctx, "convention.signed_on.future", "signed_on",
		    "La date de signature ne peut pas être dans le futur.");
	/* PRODUCT §4: a yearly review unless another date is agreed. */
	if (c->review_due == NULL)
		c->review_due = clock_add_months(&ctx->arena, c->signed_on, 12);
	if (strcmp(c->review_due, c->signed_on) < 0)
		return bad(ctx, "convention.review_due.before_signature",
		    "review_due",
		    "La révision ne peut pas précéder la "
		    "signature.");
	if (c->ended_on != NULL && strcmp(c->ended_on, c->signed_on) < 0)
		return bad(ctx, "convention.ended_on.before_signature",
		    "ended_on", "La fin ne peut pas précéder la signature.");
	return E_OK;
}

static void
bind_conv(struct db_stmt *st, int at, const struct convention *c)
{
	db_bind_text(st, at, c->object);
	db_bind_text(st, at + 1, c->signed_on);
	db_bind_i64(st, at + 2, c->duration_months);
	db_bind_i64(st, at + 3, c->tacit_renewal);
	db_bind_text(st, at + 4, c->review_due);
	db_bind_text(st, at + 5, c->ended_on);
	db_bind_text(st, at + 6, c->note);
}

static int
directory_conv_add_do(
    struct ctx *ctx, int64_t org, const struct convention_in *in, int64_t *id)
{
	struct convention c;
	struct org_detail o;
	struct db_stmt *st;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = directory_org_get(ctx, org, &o);
	if (rc == E_OK && o.is_self)
		return bad(ctx, "convention.org.self", NULL,
		    "Une convention "
		    "se signe avec une structure partenaire.");
	if (rc == E_OK)
		rc = merge_conv(ctx, &c, in);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_CONV_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, org);
	bind_conv(st, 3, &c);
	db_bind_text(st, 10, ctx->now);
	db_bind_text(st, 11, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	return db_run(ctx, st);
}

int
directory_conv_add(
    struct ctx *ctx, int64_t org, const struct convention_in *in, int64_t *id)
{
	int rc;

	rc = directory_conv_add_do(ctx, org, in, id);
	return traced(ctx, rc, "convention.add", "convention", id);
}

static int
directory_conv_update_do(
    struct ctx *ctx, int64_t org, int64_t id, const struct convention_in *in)
{
	struct convention c, *v;
	struct db_stmt *st;
	int rc, n;

	st = db_stmt(ctx->db, Q_CONV_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, org);
	db_bind_i64(st, 3, id);
	rc = conv_rows(ctx, st, &v, &n);
	if (rc != E_OK)
		return rc;
	if (n == 0)
		return err_set(ctx, E_NOT_FOUND, "convention.not_found", NULL,
		    "Cette convention n'existe pas.");
	c = v[0];
	rc = merge_conv(ctx, &c, in);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_CONV_UPDATE);
	bind_conv(st, 1, &c);
	db_bind_text(st, 8, ctx->now);
	db_bind_i64(st, 9, ctx->crt_id);
	db_bind_i64(st, 10, org);
	db_bind_i64(st, 11, id);
	return db_run(ctx, st);
}

int
directory_conv_update(
    struct ctx *ctx, int64_t org, int64_t id, const struct convention_in *in)
{
	int rc;

	rc = directory_conv_update_do(ctx, org, id, in);
	return traced(ctx, rc, "convention.update", "convention", &id);
}

static int
count_by_type(
    struct ctx *ctx, enum q q, struct partner_type *t, int nt, int convention)
{
	struct db_stmt *st = db_stmt(ctx->db, q);
	enum db_res r;
	int i;

	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		for (i = 0; i < nt; i++) {
			if (strcmp(t[i].code, db_col_text(st, 0)) != 0)
				continue;
			if (convention)
				t[i].conventions = (int)db_col_i64(st, 1);
			else
				t[i].partners = (int)db_col_i64(st, 1);
		}
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

int
directory_partnership(struct ctx *ctx, int days, struct partnership *p)
{
	struct db_stmt *st;
	int i, n = 0, rc;

	memset(p, 0, sizeof(p[0]));
	st = db_stmt(ctx->db, Q_CONV_DUE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, clock_today_plus(&ctx->arena, days));
	rc = conv_rows(ctx, st, &p->due, &p->ndue);
	if (rc != E_OK)
		return rc;
	for (i = 0; org_type_codes[i] != NULL; i++)
		n++;
	p->types = arena_zalloc(&ctx->arena, sizeof(*p->types) * (size_t)n);
	if (p->types == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Réponse trop volumineuse.");
	for (i = 0; i < n; i++) {
		if (strcmp(org_type_codes[i], "crt") == 0)
			continue;
		p->types[p->ntypes].code = org_type_codes[i];
		p->types[p->ntypes].label = org_type_labels[i];
		p->types[p->ntypes].group = org_type_groups[i];
		p->types[p->ntypes].mandatory = org_type_mandatory[i];
		p->ntypes++;
	}
	rc = count_by_type(ctx, Q_ORG_TYPE_COUNTS, p->types, p->ntypes, 0);
	if (rc == E_OK)
		rc = count_by_type(ctx, Q_CONV_TYPES, p->types, p->ntypes, 1);
	return rc;
}
