/*
 * Context lifecycle. A context is cheap: one arena and a random id.
 */
#include <string.h>

#include "clock.h"
#include "ctx.h"
#include "rnd.h"

void
ctx_init(struct ctx *ctx, size_t cap)
{
	memset(ctx, 0, sizeof(*ctx));
	arena_init(&ctx->arena, cap);
	rnd_hex(ctx->request_id, 8);
	ctx->now = clock_now_iso(&ctx->arena);
}

void
ctx_release(struct ctx *ctx)
{
	arena_release(&ctx->arena);
	memset(ctx, 0, sizeof(*ctx));
}
