/* SQL for sessions and login attempts (throttling). */
#include <stddef.h>

#include "db/q.h"

const struct q_def q_session_defs[] = {
	{ QN(Q_SESSION_INSERT),
	    "INSERT INTO session (crt_id, user_id, token_hash, csrf, created_at, "
	    "expires_at, ip, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
	    "RETURNING id",
	    NULL },
	{ QN(Q_SESSION_GET),
	    "SELECT s.id, s.crt_id, s.user_id, s.csrf, u.login, u.display_name, "
	    "u.role, u.profession, u.org_id, o.name, o.type, c.code, c.name, "
	    "s.last_seen, u.must_change_pw, COALESCE(rr.rev, 0) "
	    "FROM session s JOIN app_user u ON u.id = s.user_id "
	    "JOIN org o ON o.id = u.org_id JOIN crt c ON c.id = s.crt_id "
	    "LEFT JOIN access_rules_rev rr ON rr.crt_id = s.crt_id "
	    "WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen > ? "
	    "AND u.disabled = 0",
	    NULL },
	{ QN(Q_SESSION_DELETE), "DELETE FROM session WHERE id = ?", NULL },
	{ QN(Q_SESSION_DELETE_USER), "DELETE FROM session WHERE user_id = ?",
	    NULL },
	{ QN(Q_SESSION_DELETE_OTHERS),
	    "DELETE FROM session WHERE user_id = ? AND id <> ?", NULL },
	{ QN(Q_SESSION_PURGE), "DELETE FROM session WHERE expires_at < ?",
	    NULL },
	{ QN(Q_LOGIN_ATTEMPT_INSERT),
	    "INSERT INTO login_attempt (login, ip, at, ok) VALUES (?, ?, ?, ?)",
	    NULL },
	{ QN(Q_LOGIN_FAILS_LOGIN),
	    "SELECT COUNT(*), MAX(at) FROM login_attempt WHERE login = ? "
	    "AND ok = 0 AND at > ? AND at > COALESCE((SELECT MAX(at) FROM "
	    "login_attempt WHERE login = ? AND ok = 1), '')",
	    NULL },
	{ QN(Q_LOGIN_FAILS_IP),
	    "SELECT COUNT(*), MAX(at) FROM login_attempt WHERE ip = ? "
	    "AND ok = 0 AND at > ?",
	    NULL },
	{ QN(Q_LOGIN_PURGE), "DELETE FROM login_attempt WHERE at < ?", NULL },
	/* Sliding idle timeout: at most one write a minute per session. */
	{ QN(Q_SESSION_TOUCH),
	    "UPDATE session SET last_seen = ? WHERE id = ? AND last_seen < ?",
	    NULL },
	/* Failures of one login from one address since its last success
	 * from there (issue 8 point 6: no lock-out from elsewhere). */
	{ QN(Q_LOGIN_FAILS_PAIR),
	    "SELECT COUNT(*), MAX(at) FROM login_attempt WHERE login = ? "
	    "AND ip = ? AND ok = 0 AND at > ? AND at > COALESCE((SELECT "
	    "MAX(at) FROM login_attempt WHERE login = ? AND ip = ? AND ok = 1), "
	    "'')",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
