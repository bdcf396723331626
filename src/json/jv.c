/*
 * Validation of JSON input against field tables. Knows nothing of HTTP
 * or of any resource: messages are built from the tables' French labels.
 */
#include <string.h>

#include "base/clock.h"
#include "base/ctx.h"
#include "json/jv.h"

int
jv_parse(struct ctx *ctx, const char *body, size_t len, json_t **out)
{
	json_error_t e;
	json_t *j;

	*out = NULL;
	j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		return err_set(ctx, E_BADREQ, "json.malformed", NULL,
		    "Le contenu envoyé n'est pas un JSON valide.");
	if (!json_is_object(j)) {
		json_decref(j);
		return err_set(ctx, E_BADREQ, "json.not_object", NULL,
		    "Le contenu envoyé doit être un objet JSON.");
	}
	*out = j;
	return E_OK;
}

size_t
jv_utf8_len(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			k++;
	return k;
}

int
jv_has_ctl(const char *s, size_t n, int multi)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == 0x7f)
			return 1;
		if (c < 0x20) {
			if (multi && (c == '\n' || c == '\t' || c == '\r'))
				continue;
			return 1;
		}
	}
	return 0;
}

const char *
jv_str_or(const struct jv_str *f, const char *old)
{
	if (!f->set)
		return old;
	return f->null ? NULL : f->s;
}

int
jv_enum_index(const char *const *list, const char *s)
{
	int i;

	for (i = 0; list != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

static const char *
key(struct ctx *ctx, const char *prefix, const char *name, const char *what)
{
	return arena_printf(&ctx->arena, "%s.%s.%s", prefix, name, what);
}

/* "Le champ « <label> » <tail>" */
static int
bad(struct ctx *ctx, enum err_code c, const char *prefix,
    const struct jv_field *f, const char *what, const char *tail)
{
	return err_set(ctx, c, key(ctx, prefix, f->name, what), f->name,
	    arena_printf(&ctx->arena, "Le champ « %s » %s", f->label, tail));
}

static int
one_str(struct ctx *ctx, const char *prefix, const struct jv_field *f,
    json_t *v, struct jv_str *out)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v), chars, i;
	int blank = 1;

	/* Single-line text is trimmed; text of blanks only is empty. */
	if (!(f->flags & JV_MULTI)) {
		while (n > 0 && s[0] == ' ') {
			s++;
			n--;
		}
		while (n > 0 && s[n - 1] == ' ')
			n--;
	}
	for (i = 0; i < n && blank; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
			blank = 0;
	if (blank && n > 0 && ((f->flags & JV_REQ) || f->min > 0))
		return bad(
		    ctx, E_INVALID, prefix, f, "required", "est obligatoire.");
	chars = jv_utf8_len(s, n);
	if (jv_has_ctl(s, n, (f->flags & JV_MULTI) != 0))
		return bad(ctx, E_INVALID, prefix, f, "invalid",
		    "contient des caractères non autorisés.");
	if ((int64_t)chars < f->min) {
		if (n == 0 && (f->flags & JV_REQ))
			return bad(ctx, E_INVALID, prefix, f, "required",
			    "est obligatoire.");
		return bad(
		    ctx, E_INVALID, prefix, f, "too_short", "est trop court.");
	}
	if (f->max > 0 && (int64_t)chars > f->max)
		return bad(
		    ctx, E_INVALID, prefix, f, "too_long", "est trop long.");
	if (f->type == JV_ENUM && jv_enum_index(f->enumv, s) < 0)
		return bad(ctx, E_INVALID, prefix, f, "invalid",
		    "a une valeur non reconnue.");
	if (f->type == JV_DATE && !clock_valid_date(s))
		return bad(ctx, E_INVALID, prefix, f, "invalid",
		    "doit être une date valide (AAAA-MM-JJ).");
	out->s = arena_strndup(&ctx->arena, s, n);
	out->len = n;
	if (out->s == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "La requête est trop volumineuse.");
	return E_OK;
}

/* A nested field's error names its whole path: "actions.2.area". */
static int
field_under(struct ctx *ctx, int rc, const char *path)
{
	if (ctx->err_field != NULL)
		ctx->err_field =
		    arena_printf(&ctx->arena, "%s.%s", path, ctx->err_field);
	return rc;
}

static int
one_arr(struct ctx *ctx, const char *prefix, const struct jv_field *f,
    json_t *v, struct jv_arr *out)
{
	size_t i;
	json_t *e;
	int rc;

	if (!json_is_array(v))
		return bad(
		    ctx, E_BADREQ, prefix, f, "type", "doit être une liste.");
	if (f->max > 0 && (int64_t)json_array_size(v) > f->max)
		return bad(ctx, E_INVALID, prefix, f, "too_long",
		    "contient trop d'éléments.");
	out->set = 1;
	out->n = (int)json_array_size(v);
	out->items = arena_zalloc(&ctx->arena, f->esize * (out->n + 1));
	if (out->items == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "La requête est trop volumineuse.");
	json_array_foreach(v, i, e)
	{
		rc = jv_object(ctx,
		    arena_printf(&ctx->arena, "%s.%s", prefix, f->name), e,
		    f->sub, (char *)out->items + i * f->esize);
		if (rc != E_OK)
			return field_under(ctx, rc,
			    arena_printf(&ctx->arena, "%s.%zu", f->name, i));
	}
	return E_OK;
}

int
jv_object(struct ctx *ctx, const char *prefix, json_t *obj,
    const struct jv_field *fields, void *out)
{
	const struct jv_field *f;
	const char *k;
	json_t *v;
	int rc;

	if (!json_is_object(obj))
		return err_set(ctx, E_BADREQ, "json.not_object", NULL,
		    "Le contenu envoyé doit être un objet JSON.");
	json_object_foreach(obj, k, v)
	{
		for (f = fields; f->name != NULL; f++)
			if (strcmp(f->name, k) == 0)
				break;
		if (f->name == NULL)
			return err_set(ctx, E_BADREQ,
			    arena_printf(
				&ctx->arena, "%s.unknown_field", prefix),
			    arena_strdup(&ctx->arena, k),
			    "Le contenu envoyé contient un champ inconnu.");
	}
	for (f = fields; f->name != NULL; f++) {
		char *dst = (char *)out + f->off;

		v = json_object_get(obj, f->name);
		if (v == NULL || json_is_null(v)) {
			if (f->flags & JV_REQ)
				return bad(ctx, E_INVALID, prefix, f,
				    "required", "est obligatoire.");
			if (v != NULL && !(f->flags & JV_NULL))
				return bad(ctx, E_BADREQ, prefix, f, "type",
				    "ne peut pas être vide.");
			if (v != NULL && f->type != JV_OBJ &&
			    f->type != JV_BOOL && f->type != JV_ARR) {
				/* set + null share a layout in str/int */
				((struct jv_int *)(void *)dst)->set = 1;
				((struct jv_int *)(void *)dst)->null = 1;
			}
			continue;
		}
		switch (f->type) {
		case JV_STR:
		case JV_ENUM:
		case JV_DATE:
			if (!json_is_string(v))
				return bad(ctx, E_BADREQ, prefix, f, "type",
				    "doit être un texte.");
			((struct jv_str *)(void *)dst)->set = 1;
			rc = one_str(
			    ctx, prefix, f, v, (struct jv_str *)(void *)dst);
			if (rc != E_OK)
				return rc;
			break;
		case JV_INT:
			if (!json_is_integer(v))
				return bad(ctx, E_BADREQ, prefix, f, "type",
				    "doit être un nombre "
				    "entier.");
			if (json_integer_value(v) < f->min ||
			    (f->max != 0 && json_integer_value(v) > f->max))
				return bad(ctx, E_INVALID, prefix, f, "range",
				    "est hors des limites "
				    "permises.");
			((struct jv_int *)(void *)dst)->set = 1;
			((struct jv_int *)(void *)dst)->v =
			    json_integer_value(v);
			break;
		case JV_BOOL:
			if (!json_is_boolean(v))
				return bad(ctx, E_BADREQ, prefix, f, "type",
				    "doit valoir vrai ou "
				    "faux.");
			((struct jv_bool *)(void *)dst)->set = 1;
			((struct jv_bool *)(void *)dst)->v = json_is_true(v);
			break;
		case JV_ARR:
			rc = one_arr(
			    ctx, prefix, f, v, (struct jv_arr *)(void *)dst);
			if (rc != E_OK)
				return rc;
			break;
		case JV_OBJ:
			if (!json_is_object(v))
				return bad(ctx, E_BADREQ, prefix, f, "type",
				    "doit être un objet.");
			rc = jv_object(ctx,
			    arena_printf(&ctx->arena, "%s.%s", prefix, f->name),
			    v, f->sub, dst);
			if (rc != E_OK)
				return field_under(ctx, rc, f->name);
			break;
		}
	}
	return E_OK;
}

int
jv_utf8_valid(const char *s)
{
	json_t *t = json_string(s);

	if (t == NULL)
		return 0;
	json_decref(t);
	return 1;
}

int64_t
jv_int_or(const struct jv_int *f, int64_t def)
{
	return f->set && !f->null ? f->v : def;
}
