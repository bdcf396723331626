/*
 * The text table of every statement, indexed by enum q. Both come from
 * the same Q() lines of the .def files listed in db/q.def (see db/q.h),
 * so every enum value has its entry by construction; q_check() verifies
 * it again at startup and in the unit tests.
 */
#include <stddef.h>

#include "db/db.h"
#include "db/q.h"

struct q_def {
	const char *name; /* "Q_X", for logs */
	const char *sql; /* both backends, "?" placeholders */
	const char *pg; /* PostgreSQL override, or NULL */
};

static const struct q_def q_defs[] = {
#define Q(name, text, pgtext) [Q_##name] = { "Q_" #name, text, pgtext },
#include "db/q.def"
#undef Q
};

_Static_assert(sizeof(q_defs) / sizeof(q_defs[0]) == Q__MAX,
    "q_defs has one entry per enum q value");

const char *
q_text(enum q q, enum db_kind kind)
{
	if ((int)q < 0 || q >= Q__MAX || q_defs[q].sql == NULL)
		return "SELECT 'missing statement'";
	if (kind == DB_PG && q_defs[q].pg != NULL)
		return q_defs[q].pg;
	return q_defs[q].sql;
}

const char *
q_name(enum q q)
{
	if ((int)q < 0 || q >= Q__MAX || q_defs[q].name == NULL)
		return "Q_?";
	return q_defs[q].name;
}

int
q_check(void)
{
	int i;

	for (i = 0; i < Q__MAX; i++)
		if (q_defs[i].sql == NULL || q_defs[i].name == NULL)
			return i;
	return -1;
}
