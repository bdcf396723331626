/* SQL for volet-2 eligibility: the CRT's exclusion criteria and a
 * person's. */
#include <stddef.h>

#include "db/q.h"

const struct q_def q_eligibility_defs[] = {
	{ QN(Q_CRIT_LIST),
	    "SELECT id, code, label, active FROM exclusion_criterion "
	    "WHERE crt_id = ? ORDER BY id",
	    NULL },
	{ QN(Q_CRIT_UPSERT),
	    "INSERT INTO exclusion_criterion (crt_id, code, label, active) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (crt_id, code) DO UPDATE SET "
	    "label = excluded.label, active = excluded.active",
	    NULL },
	/* Every active criterion, with whether it applies to the person. */
	{ QN(Q_PEXCL_LIST),
	    "SELECT c.id, c.code, c.label, e.noted_on, u.display_name, e.note "
	    "FROM exclusion_criterion c LEFT JOIN person_exclusion e ON "
	    "e.criterion_id = c.id AND e.person_id = ? AND e.crt_id = c.crt_id "
	    "LEFT JOIN app_user u ON u.id = e.noted_by WHERE c.crt_id = ? "
	    "AND c.active = 1 ORDER BY c.id",
	    NULL },
	{ QN(Q_PEXCL_SET),
	    "INSERT INTO person_exclusion (crt_id, person_id, criterion_id, "
	    "noted_on, noted_by, note) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT "
	    "(person_id, criterion_id) DO UPDATE SET noted_on = "
	    "excluded.noted_on, noted_by = excluded.noted_by, note = "
	    "excluded.note",
	    NULL },
	{ QN(Q_PEXCL_DELETE),
	    "DELETE FROM person_exclusion WHERE crt_id = ? AND person_id = ? "
	    "AND criterion_id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
