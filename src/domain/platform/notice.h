/*
 * Notices (issue 8 point 2): a short French message for one user, shown
 * on their home page until they mark it read. Written by the code of the
 * event, inside its transaction; generic (kind, text, link) so that the
 * alerts can use it too. No person data in a notice's text.
 */
#ifndef DOMAIN_NOTICE_H
#define DOMAIN_NOTICE_H

#include <stdint.h>

struct ctx;

struct notice {
	int64_t id;
	const char *kind; /* "account_request", "auth.failures"... */
	const char *text; /* French, one or two sentences */
	const char *link; /* UI route ("#/validation") or NULL */
	const char *created_at;
	const char *read_at; /* NULL: unread */
};

/* Adds a notice for one user of ctx's CRT. */
int notice_add(struct ctx *, int64_t user_id, const char *kind,
    const char *text, const char *link);
/* Adds one notice to every active account of `role` (a role code) in
 * ctx's CRT, but `skip1` and `skip2` (0: none), who are told apart or
 * acted themselves. */
int notice_add_role(struct ctx *, const char *role, int64_t skip1,
    int64_t skip2, const char *kind, const char *text, const char *link);
/* ctx's user's notices, newest first (only the unread when `unread`),
 * with the totals. Arena. */
int notice_list(struct ctx *, int unread, int limit, int offset,
    struct notice **, int *n, int64_t *total, int64_t *unread_n);
/* Marks one of ctx's user's notices read (idempotent); E_NOT_FOUND
 * notice.not_found for another user's or a missing one. */
int notice_read(struct ctx *, int64_t id, struct notice *);

/* ctx's user's unread notices of `kind`: *n, and *link the newest one's
 * link (arena; NULL when none). */
int notice_unread_kind(
    struct ctx *, const char *kind, int64_t *n, const char **link);
/* Marks ctx's user's unread notices of `kind` and `link` read (the page
 * they point to was seen); *n: how many. */
int notice_read_kind_link(
    struct ctx *, const char *kind, const char *link, int64_t *n);

#endif
