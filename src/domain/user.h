/*
 * User accounts: one per person working with the CRT, with a role, a
 * profession and an organisation (PRODUCT §1). Password hashes are made
 * by auth/password.c before reaching here.
 */
#ifndef DOMAIN_USER_H
#define DOMAIN_USER_H

#include <stdint.h>

struct ctx;

struct user {
	int64_t		 id;
	int64_t		 crt_id;
	int64_t		 org_id;
	const char	*login;
	const char	*display_name;
	const char	*role;
	const char	*profession;
	int		 disabled;
	const char	*created_at;
	const char	*org_name;
	const char	*org_type;
};

struct user_fields {
	const char	*login;
	const char	*display_name;
	const char	*role;
	const char	*profession;
	int64_t		 org_id;	/* 0: the CRT's own organisation */
	const char	*pw_hash;
	int		 disabled;	/* -1: unchanged (update) */
};

/* Creates a user of ctx's CRT. E_INVALID/E_CONFLICT with French errors. */
int	 user_create(struct ctx *, const struct user_fields *, int64_t *id);
/* Updates the non-NULL fields (login cannot change). */
int	 user_update(struct ctx *, int64_t id, const struct user_fields *);
/* Stores a new password hash for a user of ctx's CRT. */
int	 user_set_password(struct ctx *, int64_t id, const char *pw_hash);
int	 user_get(struct ctx *, int64_t id, struct user *);
int	 user_list(struct ctx *, struct user **, int *n);
/* By login, across CRTs (logins are global); E_NOT_FOUND if none. */
int	 user_by_login(struct ctx *, const char *login, struct user *,
	    const char **pw_hash);
/* Login syntax: 2-64 of [a-z0-9._-], starting with a letter or digit. */
int	 user_login_ok(const char *);

#endif
