/*
 * Document rules: accepted types by signature (PDF, JPEG, PNG), size
 * limits, title, category; a SHA-256 of the content is kept to detect a
 * corrupted or tampered file. No file system, no path: the bytes live in
 * the database row.
 */
#include <sodium.h>
#include <string.h>

#include "access/access.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/event.h"
#include "domain/record/document.h"

static const struct {
	const char *type, *ext, *magic;
	size_t mlen;
} types[] = {
	{ "application/pdf", "pdf", "%PDF-", 5 },
	{ "image/jpeg", "jpg", "\xff\xd8\xff", 3 },
	{ "image/png", "png", "\x89PNG\r\n\x1a\n", 8 },
};

const char *
document_ext(const char *ct)
{
	size_t i;

	for (i = 0; ct != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(ct, types[i].type) == 0)
			return types[i].ext;
	return NULL;
}

const char *
document_sniff(const void *data, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (len >= types[i].mlen &&
		    memcmp(data, types[i].magic, types[i].mlen) == 0)
			return types[i].type;
	return NULL;
}

int
document_add(struct ctx *ctx, const struct access_grant *g,
    const char *category, const char *title, const char *ct, const void *data,
    size_t len, int64_t *id)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	const char *sniffed;
	struct db_stmt *st;

	if (access_cat_from(category) < 0 ||
	    access_grant_covers(
		ctx, g, CAT_BIT(access_cat_from(category)), ACT_WRITE) != E_OK)
		return err_set(ctx, E_FORBIDDEN, "access.denied", NULL,
		    "Vous n'avez pas accès à ces informations de la "
		    "personne.");
	if (len == 0)
		return err_set(ctx, E_INVALID, "document.file.empty", "file",
		    "Le fichier est vide.");
	if (len > DOCUMENT_MAX)
		return err_set(ctx, E_TOOBIG, "document.file.too_big", "file",
		    "Le fichier dépasse 5 Mo.");
	if (document_ext(ct) == NULL)
		return err_set(ctx, E_INVALID, "document.content_type.invalid",
		    "content_type",
		    "Seuls les fichiers PDF, JPEG et PNG sont "
		    "acceptés.");
	sniffed = document_sniff(data, len);
	if (sniffed == NULL || strcmp(sniffed, ct) != 0)
		return err_set(ctx, E_INVALID, "document.content_type.mismatch",
		    "content_type",
		    "Le contenu du fichier ne correspond pas à "
		    "son type déclaré.");
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	st = db_stmt(ctx->db, Q_DOC_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	db_bind_text(st, 3, category);
	db_bind_text(st, 4, title);
	db_bind_text(st, 5, ct);
	db_bind_i64(st, 6, (int64_t)len);
	db_bind_text(st, 7, hex);
	db_bind_blob(st, 8, data, len);
	db_bind_text(st, 9, ctx->now);
	db_bind_i64(st, 10, ctx->user_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	return event_emit_if(
	    ctx, db_run(ctx, st), "document.changed", g->person_id, *id);
}

static void
row_doc(struct ctx *ctx, struct db_stmt *st, struct document *d)
{
	d->id = db_col_i64(st, 0);
	d->category = db_col_dup(ctx, st, 1);
	d->title = db_col_dup(ctx, st, 2);
	d->content_type = db_col_dup(ctx, st, 3);
	d->size = db_col_i64(st, 4);
	d->sha256 = db_col_dup(ctx, st, 5);
	d->created_at = db_col_dup(ctx, st, 6);
	d->created_by = db_col_i64(st, 7);
	d->created_by_name = db_col_dup(ctx, st, 8);
}

int
document_list(struct ctx *ctx, const struct access_grant *g,
    struct document **out, int *n)
{
	struct db_stmt *st;
	struct document *v = NULL, *d, tmp;
	enum db_res r;
	int cap = 0, c;

	*n = 0;
	*out = NULL;
	if (g->kind == GRANT_NONE)
		return access_grant_covers(ctx, g, CAT_ALL, ACT_READ);
	st = db_stmt(ctx->db, Q_DOC_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		row_doc(ctx, st, &tmp);
		c = access_cat_from(tmp.category);
		if (c < 0 || !(g->read & CAT_BIT(c)))
			continue; /* not even its title is shown */
		d = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (d == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		*d = tmp;
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
document_meta(struct ctx *ctx, int64_t pid, int64_t id, struct document *d)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_DOC_META);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	db_bind_i64(st, 3, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "document.not_found", NULL,
		    "Ce document n'existe pas.");
	row_doc(ctx, st, d);
	return E_OK;
}

int
document_data(struct ctx *ctx, const struct access_grant *g,
    const struct document *d, char **data, size_t *len)
{
	struct db_stmt *st;
	enum db_res r;

	if (access_cat_from(d->category) < 0 ||
	    access_grant_covers(ctx, g, CAT_BIT(access_cat_from(d->category)),
		ACT_READ) != E_OK)
		return err_set(ctx, E_FORBIDDEN, "access.denied", NULL,
		    "Vous n'avez pas accès à ces informations de la "
		    "personne.");
	st = db_stmt(ctx->db, Q_DOC_DATA);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	db_bind_i64(st, 3, d->id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "document.not_found", NULL,
		    "Ce document n'existe pas.");
	*data = db_col_blob(st, 0, len);
	return *data != NULL ? E_OK : E_DB;
}
