/* SQL for user accounts. Logins are unique across all CRTs. */
#include <stddef.h>

#include "q.h"

#define USER_COLS \
	"u.id, u.crt_id, u.org_id, u.login, u.display_name, u.role, " \
	"u.profession, u.disabled, u.created_at, o.name, o.type "

const struct q_def q_user_defs[] = {
	{ QN(Q_USER_INSERT),
	  "INSERT INTO app_user (crt_id, org_id, login, display_name, role, "
	  "profession, pw_hash, disabled, created_at, updated_at) "
	  "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id", NULL },
	{ QN(Q_USER_BY_LOGIN),
	  "SELECT " USER_COLS ", u.pw_hash FROM app_user u "
	  "JOIN org o ON o.id = u.org_id WHERE u.login = ?", NULL },
	{ QN(Q_USER_GET),
	  "SELECT " USER_COLS " FROM app_user u JOIN org o ON o.id = u.org_id "
	  "WHERE u.crt_id = ? AND u.id = ?", NULL },
	{ QN(Q_USER_LIST),
	  "SELECT " USER_COLS " FROM app_user u JOIN org o ON o.id = u.org_id "
	  "WHERE u.crt_id = ? ORDER BY u.disabled, u.login", NULL },
	{ QN(Q_USER_UPDATE),
	  "UPDATE app_user SET display_name = ?, role = ?, profession = ?, "
	  "org_id = ?, disabled = ?, updated_at = ? "
	  "WHERE crt_id = ? AND id = ?", NULL },
	{ QN(Q_USER_SET_PW),
	  "UPDATE app_user SET pw_hash = ?, updated_at = ? "
	  "WHERE crt_id = ? AND id = ?", NULL },
	{ QN(Q_USER_LOGIN_TAKEN), "SELECT 1 FROM app_user WHERE login = ?", NULL },
	{ QN(Q__MAX), NULL, NULL }
};
