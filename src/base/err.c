/*
 * The error slot of a context and the single code → HTTP status table.
 */
#include <stddef.h>
#include <string.h>

#include "ctx.h"
#include "err.h"

static const struct {
	int status;
	const char *name;
} err_tab[E__MAX] = {
	[E_OK] = { 200, "ok" },
	[E_INVALID] = { 422, "invalid" },
	[E_BADREQ] = { 400, "bad_request" },
	[E_TOOBIG] = { 413, "too_big" },
	[E_AUTH] = { 401, "auth" },
	[E_FORBIDDEN] = { 403, "forbidden" },
	[E_NOT_FOUND] = { 404, "not_found" },
	[E_METHOD] = { 405, "method" },
	[E_MEDIA] = { 415, "media_type" },
	[E_CONFLICT] = { 409, "conflict" },
	[E_THROTTLED] = { 429, "throttled" },
	[E_UNAVAILABLE] = { 503, "unavailable" },
	[E_DB] = { 500, "db" },
	[E_INTERNAL] = { 500, "internal" },
};

int
err_set(struct ctx *ctx, enum err_code code, const char *key, const char *field,
    const char *msg_fr)
{
	if (ctx->err == E_OK && code != E_OK) {
		ctx->err = code;
		ctx->err_key = key;
		ctx->err_field = field;
		ctx->err_msg = msg_fr;
	}
	return code;
}

void
err_set_ref(struct ctx *ctx, const char *key, const char *name, int64_t id)
{
	if (ctx->err_key != NULL && key != NULL &&
	    strcmp(ctx->err_key, key) == 0) {
		ctx->err_ref_name = name;
		ctx->err_ref_id = id;
	}
}

void
err_clear(struct ctx *ctx)
{
	ctx->err = E_OK;
	ctx->err_key = ctx->err_field = ctx->err_msg = NULL;
	ctx->err_ref_name = NULL;
	ctx->err_ref_id = 0;
}

int
err_status(enum err_code code)
{
	if ((int)code < 0 || code >= E__MAX)
		return 500;
	return err_tab[code].status;
}

const char *
err_name(enum err_code code)
{
	if ((int)code < 0 || code >= E__MAX)
		return "unknown";
	return err_tab[code].name;
}
