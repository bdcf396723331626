/* SQL for documents attached to a record. */
#include <stddef.h>

#include "db/q.h"

#define DOC_COLS \
	"d.id, d.category, d.title, d.content_type, d.size, d.sha256, " \
	"d.created_at, d.created_by, u.display_name"

const struct q_def q_document_defs[] = {
	{ QN(Q_DOC_INSERT),
	    "INSERT INTO document (crt_id, person_id, category, title, "
	    "content_type, size, sha256, data, created_at, created_by) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_DOC_LIST),
	    "SELECT " DOC_COLS " FROM document d JOIN app_user u ON "
	    "u.id = d.created_by WHERE d.crt_id = ? AND d.person_id = ? "
	    "ORDER BY d.created_at DESC, d.id DESC",
	    NULL },
	{ QN(Q_DOC_META),
	    "SELECT " DOC_COLS " FROM document d JOIN app_user u ON "
	    "u.id = d.created_by WHERE d.crt_id = ? AND d.person_id = ? "
	    "AND d.id = ?",
	    NULL },
	{ QN(Q_DOC_DATA),
	    "SELECT data FROM document WHERE crt_id = ? AND person_id = ? "
	    "AND id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
