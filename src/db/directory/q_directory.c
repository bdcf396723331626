/* SQL for the directory: organisations' details, professionals, conventions. */
#include <stddef.h>

#include "db/q.h"

#define ORG_COLS \
	"o.id, o.name, o.type, o.is_self, o.finess, o.address, " \
	"o.commune_code, c.name, o.phone, o.email, o.mssante, o.archived, " \
	"o.created_at, o.updated_at"
#define PRO_COLS \
	"p.id, p.org_id, p.last_name, p.first_name, p.profession, p.rpps, " \
	"p.phone, p.email, p.mssante, p.archived, o.name"
#define CONV_COLS \
	"v.id, v.org_id, o.name, o.type, v.object, v.signed_on, " \
	"v.duration_months, v.tacit_renewal, v.review_due, v.ended_on, v.note"

const struct q_def q_directory_defs[] = {
	{ QN(Q_ORG_DETAIL),
	    "SELECT " ORG_COLS " FROM org o LEFT JOIN commune c "
	    "ON c.code = o.commune_code WHERE o.crt_id = ? AND o.id = ?",
	    NULL },
	{ QN(Q_ORG_SEARCH),
	    "SELECT " ORG_COLS " FROM org o LEFT JOIN commune c "
	    "ON c.code = o.commune_code WHERE o.crt_id = ? "
	    "AND (? = '' OR o.type = ?) AND (? = '' OR o.search_key LIKE ? "
	    "ESCAPE '\\') AND (? = 1 OR o.archived = 0) "
	    "ORDER BY o.is_self DESC, o.search_key, o.id LIMIT 500",
	    NULL },
	{ QN(Q_ORG_UPDATE),
	    "UPDATE org SET name = ?, type = ?, finess = ?, address = ?, "
	    "commune_code = ?, phone = ?, email = ?, mssante = ?, archived = ?, "
	    "search_key = ?, updated_at = ? WHERE crt_id = ? AND id = ?",
	    NULL },
	{ QN(Q_ORG_TYPE_COUNTS),
	    "SELECT type, COUNT(*) FROM org WHERE crt_id = ? AND is_self = 0 "
	    "AND archived = 0 GROUP BY type",
	    NULL },
	{ QN(Q_PRO_INSERT),
	    "INSERT INTO professional (crt_id, org_id, last_name, first_name, "
	    "profession, rpps, phone, email, mssante, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_PRO_LIST),
	    "SELECT " PRO_COLS " FROM professional p JOIN org o "
	    "ON o.id = p.org_id WHERE p.crt_id = ? AND p.org_id = ? "
	    "ORDER BY p.archived, p.last_name, p.first_name",
	    NULL },
	{ QN(Q_PRO_UPDATE),
	    "UPDATE professional SET last_name = ?, first_name = ?, "
	    "profession = ?, rpps = ?, phone = ?, email = ?, mssante = ?, "
	    "archived = ?, updated_at = ? WHERE crt_id = ? AND org_id = ? "
	    "AND id = ?",
	    NULL },
	{ QN(Q_PRO_GET),
	    "SELECT " PRO_COLS " FROM professional p JOIN org o "
	    "ON o.id = p.org_id WHERE p.crt_id = ? AND p.org_id = ? "
	    "AND p.id = ?",
	    NULL },
	{ QN(Q_CONV_INSERT),
	    "INSERT INTO convention (crt_id, org_id, object, signed_on, "
	    "duration_months, tacit_renewal, review_due, ended_on, note, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "RETURNING id",
	    NULL },
	{ QN(Q_CONV_LIST),
	    "SELECT " CONV_COLS " FROM convention v JOIN org o "
	    "ON o.id = v.org_id WHERE v.crt_id = ? AND v.org_id = ? "
	    "ORDER BY v.signed_on DESC, v.id DESC",
	    NULL },
	{ QN(Q_CONV_GET),
	    "SELECT " CONV_COLS " FROM convention v JOIN org o "
	    "ON o.id = v.org_id WHERE v.crt_id = ? AND v.org_id = ? "
	    "AND v.id = ?",
	    NULL },
	{ QN(Q_CONV_UPDATE),
	    "UPDATE convention SET object = ?, signed_on = ?, "
	    "duration_months = ?, tacit_renewal = ?, review_due = ?, "
	    "ended_on = ?, note = ?, updated_at = ? WHERE crt_id = ? "
	    "AND org_id = ? AND id = ?",
	    NULL },
	/* In force and due for review by a date. */
	{ QN(Q_CONV_DUE),
	    "SELECT " CONV_COLS " FROM convention v JOIN org o "
	    "ON o.id = v.org_id WHERE v.crt_id = ? AND v.ended_on IS NULL "
	    "AND v.review_due <= ? ORDER BY v.review_due, o.name",
	    NULL },
	/* Partner types with a convention in force. */
	{ QN(Q_CONV_TYPES),
	    "SELECT o.type, COUNT(*) FROM convention v JOIN org o "
	    "ON o.id = v.org_id WHERE v.crt_id = ? AND v.ended_on IS NULL "
	    "AND o.archived = 0 GROUP BY o.type",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
