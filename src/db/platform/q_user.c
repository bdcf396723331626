/* SQL for user accounts. Logins are unique across all CRTs. */
#include <stddef.h>

#include "db/q.h"

#define USER_COLS \
	"u.id, u.crt_id, u.org_id, u.login, u.display_name, u.role, " \
	"u.profession, u.disabled, u.created_at, o.name, o.type "

#define ACCREQ_COLS \
	"r.id, r.user_id, r.login, r.display_name, r.role, r.profession, " \
	"r.org_id, r.disabled, r.reset_password, r.requested_by, " \
	"q.display_name, r.requested_at, r.status, r.decided_by, " \
	"d.display_name, r.decided_at "
#define ACCREQ_FROM \
	"FROM account_request r JOIN app_user q ON q.id = r.requested_by " \
	"LEFT JOIN app_user d ON d.id = r.decided_by "

const struct q_def q_user_defs[] = {
	{ QN(Q_USER_INSERT),
	    "INSERT INTO app_user (crt_id, org_id, login, display_name, role, "
	    "profession, pw_hash, disabled, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_USER_BY_LOGIN),
	    "SELECT " USER_COLS ", u.pw_hash FROM app_user u "
	    "JOIN org o ON o.id = u.org_id WHERE u.login = ?",
	    NULL },
	{ QN(Q_USER_GET),
	    "SELECT " USER_COLS
	    " FROM app_user u JOIN org o ON o.id = u.org_id "
	    "WHERE u.crt_id = ? AND u.id = ?",
	    NULL },
	{ QN(Q_USER_LIST),
	    "SELECT " USER_COLS
	    " FROM app_user u JOIN org o ON o.id = u.org_id "
	    "WHERE u.crt_id = ? ORDER BY u.disabled, u.login",
	    NULL },
	{ QN(Q_USER_UPDATE),
	    "UPDATE app_user SET display_name = ?, role = ?, profession = ?, "
	    "org_id = ?, disabled = ?, updated_at = ? "
	    "WHERE crt_id = ? AND id = ?",
	    NULL },
	{ QN(Q_USER_SET_PW),
	    "UPDATE app_user SET pw_hash = ?, updated_at = ?, must_change_pw = 0 "
	    "WHERE crt_id = ? AND id = ?",
	    NULL },
	{ QN(Q_USER_MUST_CHANGE),
	    "UPDATE app_user SET must_change_pw = 1 WHERE crt_id = ? AND id = ?",
	    NULL },
	{ QN(Q_USER_LOGIN_TAKEN), "SELECT 1 FROM app_user WHERE login = ?",
	    NULL },
	{ QN(Q_ACCREQ_INSERT),
	    "INSERT INTO account_request (crt_id, user_id, login, display_name, "
	    "role, profession, org_id, disabled, reset_password, requested_by, "
	    "requested_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "'pending') RETURNING id",
	    NULL },
	{ QN(Q_ACCREQ_GET),
	    "SELECT " ACCREQ_COLS ACCREQ_FROM "WHERE r.crt_id = ? AND r.id = ?",
	    NULL },
	{ QN(Q_ACCREQ_LIST),
	    "SELECT " ACCREQ_COLS ACCREQ_FROM
	    "WHERE r.crt_id = ? AND (? = '' OR r.status = ?) "
	    "ORDER BY r.id DESC LIMIT 200",
	    NULL },
	{ QN(Q_ACCREQ_DECIDE),
	    "UPDATE account_request SET status = ?, decided_by = ?, "
	    "decided_at = ? WHERE crt_id = ? AND id = ? AND status = 'pending'",
	    NULL },
	{ QN(Q_ACCREQ_PENDING),
	    "SELECT id FROM account_request WHERE crt_id = ? AND status = "
	    "'pending' AND (user_id = ? OR (user_id IS NULL AND login = ?))",
	    NULL },
	{ QN(Q_USER_PW_GET),
	    "SELECT pw_hash FROM app_user WHERE crt_id = ? AND id = ?", NULL },
	{ QN(Q_PWHIST_INSERT),
	    "INSERT INTO password_history (crt_id, user_id, pw_hash, "
	    "replaced_at) VALUES (?, ?, ?, ?)",
	    NULL },
	{ QN(Q_PWHIST_LIST),
	    "SELECT pw_hash FROM password_history WHERE crt_id = ? AND "
	    "user_id = ? ORDER BY id DESC LIMIT ?",
	    NULL },
	{ QN(Q_PWHIST_TRIM),
	    "DELETE FROM password_history WHERE user_id = ? AND id NOT IN "
	    "(SELECT id FROM password_history WHERE user_id = ? "
	    "ORDER BY id DESC LIMIT ?)",
	    NULL },
	{ QN(Q_CRT_COUNT_CODE),
	    "SELECT (SELECT COUNT(*) FROM crt), code FROM crt WHERE id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
