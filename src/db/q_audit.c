/* SQL for the hash-chained access trace. */
#include <stddef.h>

#include "db/q.h"

#define TRACE_COLS \
	"id, crt_id, seq, at, user_id, login, role, action, person_id, " \
	"categories, grant_kind, outcome, request_id, ip, detail, " \
	"prev_hash, hash"

const struct q_def q_audit_defs[] = {
	/* PostgreSQL: lock the chain head so app servers append in turn. */
	{ QN(Q_TRACE_HEAD_GET),
	    "SELECT seq, hash FROM trace_head WHERE crt_id = ?",
	    "SELECT seq, hash FROM trace_head WHERE crt_id = ? FOR UPDATE" },
	{ QN(Q_TRACE_HEAD_INSERT),
	    "INSERT INTO trace_head (crt_id, seq, hash) VALUES (?, ?, ?)",
	    NULL },
	{ QN(Q_TRACE_HEAD_UPDATE),
	    "UPDATE trace_head SET seq = ?, hash = ? WHERE crt_id = ?", NULL },
	{ QN(Q_TRACE_INSERT),
	    "INSERT INTO trace (crt_id, seq, at, user_id, login, role, action, "
	    "person_id, categories, grant_kind, outcome, request_id, ip, detail, "
	    "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?)",
	    NULL },
	{ QN(Q_TRACE_LAST),
	    "SELECT seq, hash FROM trace WHERE crt_id = ? ORDER BY seq DESC "
	    "LIMIT 1",
	    NULL },
	{ QN(Q_TRACE_CHAIN),
	    "SELECT " TRACE_COLS " FROM trace WHERE crt_id = ? AND seq > ? "
	    "ORDER BY seq LIMIT 1000",
	    NULL },
	{ QN(Q_TRACE_HEADS),
	    "SELECT c.id, c.code, h.seq, h.hash, CASE WHEN EXISTS (SELECT 1 "
	    "FROM person p WHERE p.crt_id = c.id) OR EXISTS (SELECT 1 FROM "
	    "app_user u WHERE u.crt_id = c.id) THEN 1 ELSE 0 END FROM crt c "
	    "LEFT JOIN trace_head h ON h.crt_id = c.id ORDER BY c.id",
	    NULL },
	{ QN(Q_TRACE_BY_PERSON),
	    "SELECT t.at, t.user_id, t.login, t.role, t.action, t.categories, "
	    "t.grant_kind, t.outcome, t.request_id, COALESCE(u.display_name, "
	    "t.login), COALESCE(o.name, ''), t.seq FROM trace t "
	    "LEFT JOIN app_user u ON u.id = t.user_id "
	    "LEFT JOIN org o ON o.id = u.org_id WHERE t.crt_id = ? "
	    "AND t.person_id = ? AND t.seq < ? ORDER BY t.seq DESC LIMIT ? "
	    "OFFSET ?",
	    NULL },
	{ QN(Q_TRACE_COUNT_PERSON),
	    "SELECT COUNT(*) FROM trace WHERE crt_id = ? AND person_id = ? AND "
	    "seq < ?",
	    NULL },
	/* The checkpoint file (heads anchored outside the database). */
	{ QN(Q_TRACE_HEAD_ALL),
	    "SELECT crt_id, seq, hash FROM trace_head ORDER BY crt_id", NULL },
	/* `audit rekey` only: the legacy unkeyed chain re-MAC'd, verified. */
	{ QN(Q_TRACE_REHASH),
	    "UPDATE trace SET prev_hash = ?, hash = ? WHERE id = ?", NULL },
	{ QN(Q__MAX), NULL, NULL }
};
