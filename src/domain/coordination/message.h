/*
 * Conversations (issue 12): one per person for her circle, and direct
 * messages between members of the team. Short texts (MESSAGE_MAX
 * characters) that may mention members (« @login »); never edited, only
 * withdrawn by their author, with a trace (who, when): the text is then
 * no longer given (« message retiré »). A person's conversation follows
 * the access decision of her care notes (category `soins`): her circle,
 * the CRT's team, a partner within consent; each reading and writing is
 * decided and traced by access/. Every change emits a live event.
 */
#ifndef DOMAIN_COORDINATION_MESSAGE_H
#define DOMAIN_COORDINATION_MESSAGE_H

#include <stdint.h>

struct ctx;

#define MESSAGE_MAX 2000 /* characters */
#define MESSAGE_PAGE 200 /* messages listed, newest kept */
#define MESSAGE_MENTIONS_MAX 10

struct message_member {
	int64_t id;
	const char *name;
	const char *login; /* message_members/recipients only, else NULL */
	const char *org; /* message_recipients only, else NULL */
};

/* The notices of a mention (domain/platform/notice.c), one per message
 * mentioning a member who may read the person. */
#define MESSAGE_MENTION_KIND "message.mention"

struct message {
	int64_t id;
	int64_t person_id; /* 0: a direct message */
	struct message_member author;
	struct message_member to; /* direct: the recipient, else id 0 */
	const char *body; /* NULL once withdrawn */
	const char *created_at;
	const char *withdrawn_at; /* NULL: not withdrawn */
	struct message_member withdrawn_by;
	struct message_member *mentions;
	int nmentions;
};

/* Lists: oldest first, at most MESSAGE_PAGE (the newest). Arena of ctx.
 * message_list_person: 404 person.not_found / 403 access.denied. */
int message_list_person(
    struct ctx *, int64_t person_id, struct message **out, int *n);
/* My direct messages (sent and received); with_user: one member, 0 all. */
int message_list_direct(
    struct ctx *, int64_t with_user, struct message **out, int *n);
/* Posts to a person's conversation, or to a member (to_user). 422
 * message.body.*, message.mention.unknown (no member who will read it and
 * whom the user may see), message.mention.outside (one she sees who will
 * not read it), message.to.* (message.to.unknown alike for a recipient
 * that is not an active member and one she may not see); *id: the new
 * message. */
int message_post_person(
    struct ctx *, int64_t person_id, const char *body, int64_t *id);
int message_post_direct(
    struct ctx *, int64_t to_user, const char *body, int64_t *id);
/* The members who may take part in a person's conversation (read her
 * `soins`, as the access module decides for each: circle, profession,
 * objections) and whom the user may see (access_user_visible, issue 12
 * review F22), but the user: the mention picker. 404/403 as the list. */
int message_members(
    struct ctx *, int64_t person_id, struct message_member **out, int *n);
/* SPEC: issue 12 review (F22) — whom the user may write a direct message
 * to: the active accounts of her CRT (not the proches') she may see
 * (access_user_visible: the team for a role reading it, else the members
 * of her care circles), but herself, by name. */
int message_recipients(struct ctx *, struct message_member **out, int *n);
/* Marks read the user's mention notices of a person's conversation (she
 * has seen it); *n how many. 404 person.not_found when she may not read
 * it. */
int message_mentions_read(struct ctx *, int64_t person_id, int64_t *n);
/* Withdraws one of my messages (403 message.withdraw.forbidden for
 * another's, 409 message.withdrawn when already done). */
int message_withdraw(struct ctx *, int64_t id, struct message *out);

#endif
