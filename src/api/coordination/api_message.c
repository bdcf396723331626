/*
 * Conversations (issue 12): a person's conversation for her circle
 * (GET/POST /api/v1/persons/{id}/messages), my direct messages with the
 * team (GET/POST /api/v1/me/messages), and the withdrawal of one of mine
 * (POST /api/v1/messages/{id}/withdraw). Thin handlers over
 * domain/coordination/message.c, which decides and traces the access.
 */
#include <stddef.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/coordination/message.h"
#include "json/jv.h"
#include "json/jw.h"

#define MEMBER_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du membre") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom affiché")
JW_FIELDS(MEMBER, MEMBER_F);
JW_ROWS(MEMBER, MEMBER_F);
static const struct jw_schema member_schema =
    JW_INIT(MEMBER, "MessageMember", "Membre de l'équipe");

#define MSG_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du message") \
	X(S, person_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Personne dont c'est la conversation (null : message direct)") \
	X(S, author, JW_OBJ, 0, NULL, &member_schema, "Auteur") \
	X(S, to, JW_OBJ, JW_NULLABLE, NULL, &member_schema, \
	    "Destinataire d'un message direct") \
	X(S, body, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Texte (null : message retiré)") \
	X(S, mentions, JW_ARR, 0, NULL, &member_schema, \
	    "Membres mentionnés (@identifiant)") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Écrit le") \
	X(S, withdrawn_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Retiré le (null : en ligne)") \
	X(S, withdrawn_by, JW_OBJ, JW_NULLABLE, NULL, &member_schema, \
	    "Retiré par")
JW_FIELDS(MSG, MSG_F);
JW_ROWS(MSG, MSG_F);
const struct jw_schema api_message_schema =
    JW_INIT(MSG, "Message", "Message d'une conversation");

#define MLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_message_schema, \
	    "Messages, du plus ancien au plus récent (les 200 derniers)")
JW_FIELDS(MLIST, MLIST_F);
JW_ROWS(MLIST, MLIST_F);
const struct jw_schema api_message_list_schema =
    JW_INIT(MLIST, "MessageList", "Conversation");

static void
member_write(struct jw *w, int f, const struct message_member *m)
{
	if (m->id == 0) {
		jw_null(w, f);
		return;
	}
	jw_obj_begin(w, f);
	jw_int(w, MEMBER_id, m->id);
	jw_str(w, MEMBER_name, m->name);
	jw_obj_end(w);
}

static void
message_write(struct jw *w, const struct message *m)
{
	int i;

	jw_int(w, MSG_id, m->id);
	if (m->person_id)
		jw_int(w, MSG_person_id, m->person_id);
	else
		jw_null(w, MSG_person_id);
	member_write(w, MSG_author, &m->author);
	member_write(w, MSG_to, &m->to);
	jw_str(w, MSG_body, m->body);
	jw_arr_begin(w, MSG_mentions);
	for (i = 0; i < m->nmentions; i++) {
		jw_item_obj_begin(w);
		jw_int(w, MEMBER_id, m->mentions[i].id);
		jw_str(w, MEMBER_name, m->mentions[i].name);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_str(w, MSG_created_at, m->created_at);
	jw_str(w, MSG_withdrawn_at, m->withdrawn_at);
	member_write(w, MSG_withdrawn_by, &m->withdrawn_by);
}

/* A MessageList of v[0..n), begun in *w. */
static void
list_write(struct jw *w, const struct message *v, int n)
{
	int i;

	jw_begin(w, &api_message_list_schema);
	jw_arr_begin(w, MLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		message_write(w, &v[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static int
list_reply(struct req *req, const struct message *v, int n)
{
	struct jw w;

	list_write(&w, v, n);
	api_reply(req, &w);
	return E_OK;
}

/* The conversation part of a person's record: GET /persons/{id}/messages
 * (its route permission is the record's own, PERM_PERSON_READ). */
int
api_messages_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct message *v;
	int n, rc;

	rc = message_list_person(ctx, id, &v, &n);
	if (rc == E_OK)
		list_write(w, v, n);
	return rc;
}

#define MMEMBER_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du membre") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom affiché") \
	X(S, login, JW_STR, 0, NULL, NULL, "Identifiant à écrire après @")
JW_FIELDS(MMEMBER, MMEMBER_F);
JW_ROWS(MMEMBER, MMEMBER_F);
static const struct jw_schema mmember_schema =
    JW_INIT(MMEMBER, "MentionMember", "Membre qui peut lire la conversation");

#define MMLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &mmember_schema, \
	    "Membres à qui l'accès permet de lire la conversation, par nom")
JW_FIELDS(MMLIST, MMLIST_F);
JW_ROWS(MMLIST, MMLIST_F);
const struct jw_schema api_message_members_schema =
    JW_INIT(MMLIST, "MentionMembers", "Qui mentionner dans la conversation");

#define MRECIP_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du membre") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom affiché") \
	X(S, org, JW_STR, 0, NULL, NULL, "Sa structure")
JW_FIELDS(MRECIP, MRECIP_F);
JW_ROWS(MRECIP, MRECIP_F);
static const struct jw_schema mrecip_schema = JW_INIT(
    MRECIP, "MessageRecipient", "Membre à qui écrire un message direct");

#define MRLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &mrecip_schema, \
	    "Les membres que je peux joindre, par nom (l'équipe pour qui la " \
	    "lit ; sinon les membres de mes cercles de soins)")
JW_FIELDS(MRLIST, MRLIST_F);
JW_ROWS(MRLIST, MRLIST_F);
const struct jw_schema api_message_recipients_schema =
    JW_INIT(MRLIST, "MessageRecipients", "À qui écrire un message direct");

#define MREAD_F(X, S) \
	X(S, marked, JW_INT, 0, NULL, NULL, \
	    "Mentions de cette conversation marquées lues")
JW_FIELDS(MREAD, MREAD_F);
JW_ROWS(MREAD, MREAD_F);
const struct jw_schema api_message_read_schema =
    JW_INIT(MREAD, "MentionsRead", "Mentions lues");

static int
person_members(struct ctx *ctx, struct req *req)
{
	struct message_member *v;
	struct jw w;
	int n, i, rc;

	rc = message_members(ctx, req->ids[0], &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_message_members_schema);
	jw_arr_begin(&w, MMLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, MMEMBER_id, v[i].id);
		jw_str(&w, MMEMBER_name, v[i].name);
		jw_str(&w, MMEMBER_login, v[i].login);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static int
person_read(struct ctx *ctx, struct req *req)
{
	struct jw w;
	int64_t n;
	int rc;

	rc = message_mentions_read(ctx, req->ids[0], &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_message_read_schema);
	jw_int(&w, MREAD_marked, n);
	api_reply(req, &w);
	return E_OK;
}

static int
person_messages(struct ctx *ctx, struct req *req)
{
	struct message *v;
	int n, rc;

	rc = message_list_person(ctx, req->ids[0], &v, &n);
	return rc != E_OK ? rc : list_reply(req, v, n);
}

static int
my_messages(struct ctx *ctx, struct req *req)
{
	struct message *v;
	int64_t with;
	int n, rc;

	rc = api_query_id(ctx, req, "with", &with);
	if (rc == E_OK)
		rc = message_list_direct(ctx, with, &v, &n);
	return rc != E_OK ? rc : list_reply(req, v, n);
}

struct post_in {
	struct jv_str body;
	struct jv_int to_user_id;
};

static const struct jv_field person_post_fields[] = {
	{ "body", JV_STR, offsetof(struct post_in, body), JV_REQ | JV_MULTI, 1,
	    MESSAGE_MAX, NULL, "Message", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static const struct jv_field direct_post_fields[] = {
	{ "to_user_id", JV_INT, offsetof(struct post_in, to_user_id), JV_REQ, 1,
	    0, NULL, "Destinataire", NULL, 0 },
	{ "body", JV_STR, offsetof(struct post_in, body), JV_REQ | JV_MULTI, 1,
	    MESSAGE_MAX, NULL, "Message", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
person_post(struct ctx *ctx, struct req *req)
{
	const struct post_in *in = req->in;
	int64_t id;
	int rc;

	rc = message_post_person(ctx, req->ids[0], in->body.s, &id);
	if (rc == E_OK)
		api_id_reply(req, id);
	return rc;
}

static int
direct_post(struct ctx *ctx, struct req *req)
{
	const struct post_in *in = req->in;
	int64_t id;
	int rc;

	rc = message_post_direct(ctx, in->to_user_id.v, in->body.s, &id);
	if (rc == E_OK)
		api_id_reply(req, id);
	return rc;
}

struct withdraw_in {
	int unused;
};

static const struct jv_field withdraw_fields[] = { { NULL, 0, 0, 0, 0, 0, NULL,
    NULL, NULL, 0 } };

static int
withdraw(struct ctx *ctx, struct req *req)
{
	struct message m;
	struct jw w;
	int rc;

	rc = message_withdraw(ctx, req->ids[0], &m);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_message_schema);
	message_write(&w, &m);
	api_reply(req, &w);
	return E_OK;
}

static const struct route_error read_errors[] = { API_ACCESS_ERRORS,
	{ 0, NULL } };

static const struct route_error post_errors[] = { API_ACCESS_ERRORS,
	{ E_INVALID, "message.body.required" },
	{ E_INVALID, "message.body.too_long" },
	{ E_INVALID, "message.mention.unknown" },
	{ E_INVALID, "message.mention.too_many" },
	{ E_INVALID, "message.mention.outside" }, { 0, NULL } };

static int
my_recipients(struct ctx *ctx, struct req *req)
{
	struct message_member *v;
	struct jw w;
	int n, i, rc;

	rc = message_recipients(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_message_recipients_schema);
	jw_arr_begin(&w, MRLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, MRECIP_id, v[i].id);
		jw_str(&w, MRECIP_name, v[i].name);
		jw_str(&w, MRECIP_org, v[i].org);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static const struct route_error direct_errors[] = {
	{ E_INVALID, "message.to.unknown" }, { E_INVALID, "message.to.self" },
	{ E_INVALID, "message.body.required" },
	{ E_INVALID, "message.body.too_long" },
	{ E_INVALID, "message.mention.too_many" },
	{ E_INVALID, "message.mention.unknown" },
	{ E_INVALID, "message.mention.outside" }, { 0, NULL }
};

static const struct route_error withdraw_errors[] = { { E_NOT_FOUND,
							  "message.not_found" },
	{ E_FORBIDDEN, "message.withdraw.forbidden" },
	{ E_CONFLICT, "message.withdrawn" }, { 0, NULL } };

static const struct route_error mread_errors[] = {
	{ E_NOT_FOUND, "person.not_found" }, { 0, NULL }
};

static const struct route_param direct_query[] = {
	{ "with", JV_INT, 1, 0, NULL, NULL,
	    "Seulement les messages échangés avec ce membre" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

const struct route_doc api_message_docs[] = {
	{ M_GET, "/api/v1/persons/{id}/messages", NULL, read_errors },
	{ M_POST, "/api/v1/persons/{id}/messages", NULL, post_errors },
	{ M_GET, "/api/v1/me/messages", direct_query, NULL },
	{ M_POST, "/api/v1/me/messages", NULL, direct_errors },
	{ M_GET, "/api/v1/me/messages/members", NULL, NULL },
	{ M_POST, "/api/v1/messages/{id}/withdraw", NULL, withdraw_errors },
	{ M_GET, "/api/v1/persons/{id}/messages/members", NULL, read_errors },
	{ M_POST, "/api/v1/persons/{id}/messages/read", NULL, mread_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_message_routes[] = {
	{ M_GET, "/api/v1/persons/{id}/messages", person_messages, NULL,
	    PERM_PERSON_READ, NULL, 0, 0, 200, "message",
	    "La conversation de la personne (son cercle ; mêmes droits que "
	    "ses notes de soins)",
	    "MessageList" },
	{ M_POST, "/api/v1/persons/{id}/messages", person_post, NULL,
	    PERM_PERSON_READ, person_post_fields, sizeof(struct post_in),
	    R_WRITE, 201, "message",
	    "Écrire dans la conversation de la personne (@identifiant pour "
	    "mentionner un membre)",
	    "Id" },
	{ M_GET, "/api/v1/me/messages", my_messages, NULL, PERM_ANY, NULL, 0, 0,
	    200, "message",
	    "Mes messages directs avec l'équipe (?with= un membre)",
	    "MessageList" },
	{ M_POST, "/api/v1/me/messages", direct_post, NULL, PERM_ANY,
	    direct_post_fields, sizeof(struct post_in), R_WRITE, 201, "message",
	    "Écrire à un membre de l'équipe", "Id" },
	{ M_GET, "/api/v1/me/messages/members", my_recipients, NULL, PERM_ANY,
	    NULL, 0, 0, 200, "message",
	    "À qui je peux écrire un message direct : l'équipe pour qui lit "
	    "l'annuaire de l'équipe, sinon les membres de mes cercles de "
	    "soins",
	    "MessageRecipients" },
	{ M_POST, "/api/v1/messages/{id}/withdraw", withdraw, NULL, PERM_ANY,
	    withdraw_fields, sizeof(struct withdraw_in), R_WRITE, 200,
	    "message",
	    "Retirer un de mes messages (il reste tracé : « message "
	    "retiré »)",
	    "Message" },
	{ M_GET, "/api/v1/persons/{id}/messages/members", person_members, NULL,
	    PERM_PERSON_READ, NULL, 0, 0, 200, "message",
	    "Qui mentionner (@) dans la conversation de la personne : les "
	    "membres qui peuvent la lire",
	    "MentionMembers" },
	{ M_POST, "/api/v1/persons/{id}/messages/read", person_read, NULL,
	    PERM_PERSON_READ, withdraw_fields, sizeof(struct withdraw_in),
	    R_WRITE, 200, "message",
	    "Marquer lues mes mentions dans la conversation de la personne",
	    "MentionsRead" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
