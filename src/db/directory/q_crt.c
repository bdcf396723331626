/* SQL for CRTs (tenants, with their settings) and organisations. */
#include <stddef.h>

#include "db/q.h"

const struct q_def q_crt_defs[] = {
	{ QN(Q_CRT_INSERT),
	    "INSERT INTO crt (code, name, created_at) VALUES (?, ?, ?) "
	    "RETURNING id",
	    NULL },
	{ QN(Q_CRT_BY_CODE), "SELECT id, code, name FROM crt WHERE code = ?",
	    NULL },
	{ QN(Q_CRT_FIRST), "SELECT id, code, name FROM crt ORDER BY id LIMIT 1",
	    NULL },
	{ QN(Q_CRT_LIST), "SELECT id, code, name FROM crt ORDER BY id", NULL },
	/* The CRT's volet-2 settings (file-active target, AGGIR validity). */
	{ QN(Q_CRT_SETTINGS),
	    "SELECT file_active_target, aggir_valid_months FROM crt WHERE "
	    "id = ?",
	    NULL },
	{ QN(Q_CRT_SETTINGS_SET),
	    "UPDATE crt SET file_active_target = ?, aggir_valid_months = ? "
	    "WHERE id = ?",
	    NULL },
	{ QN(Q_ORG_INSERT),
	    "INSERT INTO org (crt_id, name, type, is_self, created_at, "
	    "search_key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_ORG_LIST),
	    "SELECT id, name, type, is_self FROM org WHERE crt_id = ? "
	    "ORDER BY is_self DESC, name",
	    NULL },
	{ QN(Q_ORG_GET),
	    "SELECT id, name, type, is_self FROM org WHERE crt_id = ? AND id = ?",
	    NULL },
	{ QN(Q_ORG_SELF),
	    "SELECT id, name, type, is_self FROM org WHERE crt_id = ? "
	    "AND is_self = 1 ORDER BY id LIMIT 1",
	    NULL },
	{ QN(Q_ORG_BY_NAME),
	    "SELECT id, name, type, is_self FROM org WHERE crt_id = ? "
	    "AND name = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
