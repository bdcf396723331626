/* SQL about the database itself. */
#include <stddef.h>

#include "db/q.h"

const struct q_def q_meta_defs[] = {
	{ QN(Q_SCHEMA_VERSION),
	    "SELECT COALESCE(MAX(version), 0) FROM schema_version", NULL },
	{ QN(Q_SCHEMA_HAS), "SELECT 1 FROM schema_version WHERE version = ?",
	    NULL },
	{ QN(Q_SCHEMA_INSERT),
	    "INSERT INTO schema_version (version, name, applied_at) "
	    "VALUES (?, ?, ?)",
	    NULL },
	/* The writer's disk-space probe (db_store_probe): never committed
	 * with the row in, invisible to Q_SCHEMA_VERSION (MAX). */
	{ QN(Q_STORE_PROBE_PUT),
	    "INSERT INTO schema_version (version, name, applied_at) "
	    "VALUES (-1, 'store probe', '')",
	    NULL },
	{ QN(Q_STORE_PROBE_DROP),
	    "DELETE FROM schema_version WHERE version = -1", NULL },
	{ QN(Q__MAX), NULL, NULL }
};
