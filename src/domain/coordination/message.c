/*
 * Conversations (message.h). Owns the tables message and message_mention;
 * every reading and posting of a person's conversation is decided and
 * traced by access/ (category soins); direct messages are between two
 * active members of the CRT's team. Must not: edit or delete a message
 * (a withdrawal only marks it), or say what a withdrawn message said.
 */
#include <ctype.h>
#include <string.h>

#include "access/access.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/coordination/message.h"
#include "domain/platform/notice.h"
#include "domain/event.h"
#include "json/jv.h"

#define LOGIN_MAX 64

static int
too_big(struct ctx *ctx)
{
	return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
	    "Réponse trop volumineuse.");
}

static void
member_of(struct ctx *ctx, struct db_stmt *st, int id_col, int name_col,
    struct message_member *m)
{
	m->id = db_col_null(st, id_col) ? 0 : db_col_i64(st, id_col);
	m->name = m->id ? db_col_dup(ctx, st, name_col) : NULL;
}

static void
row_of(struct ctx *ctx, struct db_stmt *st, struct message *m)
{
	memset(m, 0, sizeof(*m));
	m->id = db_col_i64(st, 0);
	m->person_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
	member_of(ctx, st, 2, 10, &m->to);
	member_of(ctx, st, 3, 4, &m->author);
	m->created_at = db_col_dup(ctx, st, 6);
	m->withdrawn_at = db_col_dup(ctx, st, 7);
	member_of(ctx, st, 8, 9, &m->withdrawn_by);
	/* SPEC: issue 12 — a withdrawn message keeps its trace, not its
	 * text. */
	m->body = m->withdrawn_at ? NULL : db_col_dup(ctx, st, 5);
}

static int
mentions_load(struct ctx *ctx, struct message *m)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_MSG_MENTIONS);
	struct message_member *x;
	enum db_res r;
	int cap = 0;

	db_bind_i64(st, 1, m->id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		x = arena_push(
		    &ctx->arena, &m->mentions, &m->nmentions, &cap, sizeof(*x));
		if (x == NULL)
			return too_big(ctx);
		x->id = db_col_i64(st, 0);
		x->name = db_col_dup(ctx, st, 1);
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

/* Runs a list statement (newest first) into *out, oldest first. */
static int
list_run(struct ctx *ctx, struct db_stmt *st, struct message **out, int *n)
{
	struct message *v = NULL, *m, t;
	enum db_res r;
	int cap = 0, i, rc = E_OK;

	*out = NULL;
	*n = 0;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		m = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (m == NULL)
			return too_big(ctx);
		row_of(ctx, st, m);
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0; i < *n / 2; i++) {
		t = v[i];
		v[i] = v[*n - 1 - i];
		v[*n - 1 - i] = t;
	}
	for (i = 0; rc == E_OK && i < *n; i++)
		rc = mentions_load(ctx, &v[i]);
	*out = v;
	return rc;
}

int
message_list_person(
    struct ctx *ctx, int64_t person_id, struct message **out, int *n)
{
	struct access_grant g;
	struct db_stmt *st;
	int rc;

	rc = access_require(
	    ctx, person_id, CAT_BIT(CAT_SOINS), ACT_READ, "message.read", &g);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_MSG_OF_PERSON);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	db_bind_i64(st, 3, MESSAGE_PAGE);
	return list_run(ctx, st, out, n);
}

int
message_list_direct(
    struct ctx *ctx, int64_t with_user, struct message **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_MSG_DIRECT);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_i64(st, 3, with_user);
	db_bind_i64(st, 4, with_user);
	db_bind_i64(st, 5, ctx->user_id);
	db_bind_i64(st, 6, with_user);
	db_bind_i64(st, 7, with_user);
	db_bind_i64(st, 8, MESSAGE_PAGE);
	return list_run(ctx, st, out, n);
}

static int
check_body(struct ctx *ctx, const char *body)
{
	const char *p;

	for (p = body; *p != '\0' && isspace((unsigned char)*p); p++)
		;
	if (*p == '\0')
		return err_set(ctx, E_INVALID, "message.body.required", "body",
		    "Le message est vide.");
	if (jv_utf8_len(body, strlen(body)) > MESSAGE_MAX)
		return err_set(ctx, E_INVALID, "message.body.too_long", "body",
		    "Le message dépasse 2 000 caractères.");
	return E_OK;
}

/*
 * Steps `q` bound to (CRT, id) to its one row: E_OK on it, else `status`
 * with `code` and the French message (or the database error).
 */
static int
row_by_id(struct ctx *ctx, struct db_stmt *st, int64_t id, int status,
    const char *code, const char *field, const char *msg)
{
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, status, code, field, msg);
	return E_OK;
}

/*
 * A member of the team by id that the user may see (the recipient of a
 * direct message). Issue 12 review (F22): one answer for an id that is no
 * active member and for one she may not see, so that ids do not list the
 * CRT's accounts.
 */
static int
member_get(struct ctx *ctx, int64_t id, const char *field)
{
	static const char msg[] = "Ce destinataire ne fait pas partie des "
				  "membres que vous pouvez joindre.";
	int rc, yes;

	rc = row_by_id(ctx, db_stmt(ctx->db, Q_MSG_MEMBER_GET), id, E_INVALID,
	    "message.to.unknown", field, msg);
	if (rc == E_OK)
		rc = access_user_visible(ctx, id, &yes);
	if (rc == E_OK && !yes)
		return err_set(
		    ctx, E_INVALID, "message.to.unknown", field, msg);
	return rc;
}

/* The link of a person's conversation (her record), which the mention
 * notices carry and which marks them read. */
static const char *
person_link(struct ctx *ctx, int64_t person_id)
{
	return arena_printf(
	    &ctx->arena, "#/personnes/%lld", (long long)person_id);
}

/*
 * Issue 12 review: a member mentioned in a person's conversation gets a
 * notice (her unread mentions: the home page's count, « Vos avis »), if
 * she may read that conversation (the access module decides, objections
 * included). Its text names the author, never the person nor the
 * message (no person data in a notice); its link opens the record.
 */
static int
mention_notice(struct ctx *ctx, int64_t person_id, int64_t uid)
{
	struct db_stmt *st;
	const char *author = ctx->login;
	unsigned cats;
	enum db_res r;
	int rc;

	rc = access_user_reads(ctx, person_id, uid, &cats);
	if (rc != E_OK || !(cats & CAT_BIT(CAT_SOINS)))
		return rc;
	st = db_stmt(ctx->db, Q_MSG_MEMBER_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->user_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW)
		author = db_col_dup(ctx, st, 1);
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	return notice_add(ctx, uid, MESSAGE_MENTION_KIND,
	    arena_printf(&ctx->arena,
		"%s vous a mentionné(e) dans la conversation d'une personne "
		"que vous suivez.",
		author),
	    person_link(ctx, person_id));
}

/*
 * The accounts of statement q (id, name, login[, organisation when
 * `org`], bound to the CRT) that ctx's user may see (access_user_visible)
 * and, for a person's conversation (person_id), that may read it
 * (access_user_reads, `soins`), but the user. Decided after the walk:
 * access/ runs its own statements.
 */
static int
visible_members(struct ctx *ctx, enum q q, int org, int64_t person_id,
    struct message_member **out, int *n)
{
	struct message_member *v = NULL, *m;
	struct db_stmt *st;
	enum db_res r;
	unsigned cats;
	int cap = 0, i, k, rc, yes;

	*out = NULL;
	*n = 0;
	st = db_stmt(ctx->db, q);
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		m = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (m == NULL)
			return too_big(ctx);
		m->id = db_col_i64(st, 0);
		m->name = db_col_dup(ctx, st, 1);
		m->login = db_col_dup(ctx, st, 2);
		m->org = org ? db_col_dup(ctx, st, 3) : NULL;
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0, k = 0; i < *n; i++) {
		if (v[i].id == ctx->user_id)
			continue;
		rc = access_user_visible(ctx, v[i].id, &yes);
		if (rc == E_OK && yes && person_id != 0) {
			rc = access_user_reads(ctx, person_id, v[i].id, &cats);
			yes = (cats & CAT_BIT(CAT_SOINS)) != 0;
		}
		if (rc != E_OK)
			return rc;
		if (yes)
			v[k++] = v[i];
	}
	*n = k;
	*out = v;
	return E_OK;
}

int
message_members(
    struct ctx *ctx, int64_t person_id, struct message_member **out, int *n)
{
	struct access_grant g;
	int rc;

	*out = NULL;
	*n = 0;
	rc = access_require(ctx, person_id, CAT_BIT(CAT_SOINS), ACT_READ,
	    "message.members", &g);
	if (rc != E_OK)
		return rc;
	return visible_members(ctx, Q_MSG_TEAM, 0, person_id, out, n);
}

int
message_recipients(struct ctx *ctx, struct message_member **out, int *n)
{
	return visible_members(ctx, Q_MSG_RECIPIENTS, 1, 0, out, n);
}

int
message_mentions_read(struct ctx *ctx, int64_t person_id, int64_t *n)
{
	struct access_grant g;
	int rc;

	*n = 0;
	/* Only her own notices change; the conversation is not read here
	 * (its GET traces that): decided, not traced. */
	rc = access_check(ctx, person_id, &g);
	if (rc != E_OK)
		return rc;
	if (!(g.read & CAT_BIT(CAT_SOINS)))
		return err_set(ctx, E_NOT_FOUND, "person.not_found", NULL,
		    ACCESS_PERSON_HIDDEN_FR);
	return notice_read_kind_link(
	    ctx, MESSAGE_MENTION_KIND, person_link(ctx, person_id), n);
}

/*
 * The members the text mentions (« @login »), recorded with the message;
 * an unknown login is refused rather than silently dropped, so that the
 * author knows who will not be told.
 */
static int
mentions_save(struct ctx *ctx, int64_t id, int64_t person_id, int64_t to_user,
    const char *b)
{
	unsigned cats;
	char login[LOGIN_MAX + 1];
	struct db_stmt *st;
	const char *p = b;
	int64_t uid;
	enum db_res r;
	size_t n;
	int count = 0, rc, yes;

	while ((p = strchr(p, '@')) != NULL) {
		p++;
		for (n = 0; n < LOGIN_MAX &&
		     (isalnum((unsigned char)p[n]) || p[n] == '.' ||
			 p[n] == '_' || p[n] == '-');
		     n++)
			login[n] = p[n];
		/* A final dot ends the sentence, not the login. */
		while (n > 0 && login[n - 1] == '.')
			n--;
		login[n] = '\0';
		if (n == 0 || (p - 1 > b && isalnum((unsigned char)p[-2])))
			continue; /* an address « a@b », or a lone @ */
		p += n;
		if (++count > MESSAGE_MENTIONS_MAX)
			return err_set(ctx, E_INVALID,
			    "message.mention.too_many", "body",
			    "Un message mentionne au plus 10 membres.");
		st = db_stmt(ctx->db, Q_MSG_MEMBER_BY_LOGIN);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_text(st, 2, login);
		r = db_step(ctx, st);
		if (r == DB_ERR)
			return ctx->err;
		uid = r == DB_ROW ? db_col_i64(st, 0) : 0;
		if (r == DB_ROW && (rc = db_run(ctx, st)) != E_OK)
			return rc;
		/* Issue 12 review (F22): a login she may not see answers as
		 * one that does not exist (no login oracle). */
		yes = 0;
		if (uid != 0 &&
		    (rc = access_user_visible(ctx, uid, &yes)) != E_OK)
			return rc;
		if (!yes)
			return err_set(ctx, E_INVALID,
			    "message.mention.unknown", "body",
			    arena_printf(&ctx->arena,
				"« @%s » ne désigne aucun membre de l'équipe "
				"que vous pouvez mentionner.",
				login));
		/* Issue 12 review: only who will read the message may be
		 * named, so that the author knows who will not be told: in
		 * a direct message its two members; in a person's
		 * conversation who may read it (access/ decides). */
		if (person_id == 0 && uid != to_user && uid != ctx->user_id)
			return err_set(ctx, E_INVALID,
			    "message.mention.outside", "body",
			    arena_printf(&ctx->arena,
				"« @%s » ne fait pas partie de cet échange : "
				"elle ne le lira pas.",
				login));
		if (person_id != 0 && uid != ctx->user_id) {
			rc = access_user_reads(ctx, person_id, uid, &cats);
			if (rc != E_OK)
				return rc;
			if (!(cats & CAT_BIT(CAT_SOINS)))
				return err_set(ctx, E_INVALID,
				    "message.mention.outside", "body",
				    arena_printf(&ctx->arena,
					"« @%s » ne peut pas lire cette "
					"conversation : elle ne sera pas "
					"prévenue.",
					login));
		}
		st = db_stmt(ctx->db, Q_MSG_MENTION_ADD);
		db_bind_i64(st, 1, id);
		db_bind_i64(st, 2, uid);
		rc = db_run(ctx, st);
		/* The member is told; her stream shows it only if she may
		 * read the person (the events' filter). */
		if (rc == E_OK && uid != ctx->user_id)
			rc = event_emit_user(
			    ctx, "message.mention", person_id, id, uid);
		if (rc == E_OK && uid != ctx->user_id && person_id != 0)
			rc = mention_notice(ctx, person_id, uid);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

static int
insert(struct ctx *ctx, int64_t person_id, int64_t to_user, const char *body,
    int64_t *id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_MSG_INSERT);
	int rc;

	db_bind_i64(st, 1, ctx->crt_id);
	if (person_id)
		db_bind_i64(st, 2, person_id);
	else
		db_bind_null(st, 2);
	if (to_user)
		db_bind_i64(st, 3, to_user);
	else
		db_bind_null(st, 3);
	db_bind_i64(st, 4, ctx->user_id);
	db_bind_text(st, 5, body);
	db_bind_text(st, 6, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = mentions_save(ctx, *id, person_id, to_user, body);
	return rc;
}

int
message_post_person(
    struct ctx *ctx, int64_t person_id, const char *body, int64_t *id)
{
	struct access_grant g;
	int rc;

	/* Taking part in the conversation is reading it: a partner in the
	 * circle writes there within consent, like the team. */
	rc = access_require(
	    ctx, person_id, CAT_BIT(CAT_SOINS), ACT_READ, "message.post", &g);
	if (rc == E_OK)
		rc = check_body(ctx, body);
	if (rc == E_OK)
		rc = insert(ctx, person_id, 0, body, id);
	if (rc == E_OK)
		rc = event_emit(ctx, "message.posted", person_id, *id);
	return rc;
}

int
message_post_direct(
    struct ctx *ctx, int64_t to_user, const char *body, int64_t *id)
{
	int rc;

	if (to_user == ctx->user_id)
		return err_set(ctx, E_INVALID, "message.to.self", "to_user_id",
		    "Choisissez un autre membre de l'équipe que vous-même.");
	rc = member_get(ctx, to_user, "to_user_id");
	if (rc == E_OK)
		rc = check_body(ctx, body);
	if (rc == E_OK)
		rc = insert(ctx, 0, to_user, body, id);
	/* The recipient, and the author's other tabs. */
	if (rc == E_OK)
		rc = event_emit_user(ctx, "message.posted", 0, *id, to_user);
	if (rc == E_OK)
		rc = event_emit_user(
		    ctx, "message.posted", 0, *id, ctx->user_id);
	return rc;
}

static int
load(struct ctx *ctx, int64_t id, struct message *m)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_MSG_GET);
	int rc;

	rc = row_by_id(ctx, st, id, E_NOT_FOUND, "message.not_found", NULL,
	    "Ce message est introuvable.");
	if (rc != E_OK)
		return rc;
	row_of(ctx, st, m);
	return mentions_load(ctx, m);
}

static const struct access_missing message_missing = { E_NOT_FOUND,
	"message.not_found", NULL, "Ce message est introuvable." };

int
message_withdraw(struct ctx *ctx, int64_t id, struct message *out)
{
	struct access_grant g;
	struct db_stmt *st;
	int rc;

	rc = load(ctx, id, out);
	if (rc != E_OK)
		return rc;
	/* Someone else's direct message does not exist for me. */
	if (out->person_id == 0 && out->author.id != ctx->user_id &&
	    out->to.id != ctx->user_id)
		return err_set(ctx, E_NOT_FOUND, "message.not_found", NULL,
		    "Ce message est introuvable.");
	if (out->person_id != 0) {
		rc = access_require_sub(ctx, out->person_id, CAT_BIT(CAT_SOINS),
		    ACT_READ, "message.withdraw", &g, &message_missing);
		if (rc != E_OK)
			return rc;
	}
	if (out->author.id != ctx->user_id)
		return err_set(ctx, E_FORBIDDEN, "message.withdraw.forbidden",
		    NULL, "Seul l'auteur d'un message peut le retirer.");
	if (out->withdrawn_at != NULL)
		return err_set(ctx, E_CONFLICT, "message.withdrawn", NULL,
		    "Ce message est déjà retiré.");
	st = db_stmt(ctx->db, Q_MSG_WITHDRAW);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	rc = db_run(ctx, st);
	if (rc == E_OK && out->person_id != 0)
		rc = event_emit(ctx, "message.withdrawn", out->person_id, id);
	if (rc == E_OK && out->person_id == 0) {
		rc = event_emit_user(
		    ctx, "message.withdrawn", 0, id, out->to.id);
		if (rc == E_OK)
			rc = event_emit_user(
			    ctx, "message.withdrawn", 0, id, ctx->user_id);
	}
	if (rc == E_OK)
		rc = load(ctx, id, out);
	return rc;
}
