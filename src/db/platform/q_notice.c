/* SQL for notices: short messages to one user, shown on the home page. */
#include <stddef.h>

#include "db/q.h"

#define NOTICE_COLS "id, kind, text, link, created_at, read_at "

const struct q_def q_notice_defs[] = {
	{ QN(Q_NOTICE_INSERT),
	    "INSERT INTO notice (crt_id, user_id, kind, text, link, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?)",
	    NULL },
	/* Every active account of a role in the CRT but the ones excluded
	 * (the actor, the account owner told apart). */
	{ QN(Q_NOTICE_INSERT_ROLE),
	    "INSERT INTO notice (crt_id, user_id, kind, text, link, created_at) "
	    "SELECT crt_id, id, ?, ?, ?, ? FROM app_user WHERE crt_id = ? AND "
	    "role = ? AND disabled = 0 AND id <> ? AND id <> ?",
	    NULL },
	{ QN(Q_NOTICE_LIST),
	    "SELECT " NOTICE_COLS
	    "FROM notice WHERE crt_id = ? AND user_id = ? "
	    "AND (? = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ? OFFSET ?",
	    NULL },
	{ QN(Q_NOTICE_COUNT),
	    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN read_at IS NULL THEN 1 "
	    "ELSE 0 END), 0) FROM notice WHERE crt_id = ? AND user_id = ?",
	    NULL },
	{ QN(Q_NOTICE_READ),
	    "UPDATE notice SET read_at = ? WHERE crt_id = ? AND user_id = ? AND "
	    "id = ? AND read_at IS NULL",
	    NULL },
	{ QN(Q_NOTICE_GET),
	    "SELECT " NOTICE_COLS
	    "FROM notice WHERE crt_id = ? AND user_id = ? "
	    "AND id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
