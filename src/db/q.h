/*
 * Every SQL statement of the product, named (STYLE §5).
 *
 * Each statement is written once, as one line of its aggregate's list
 * src/db/<context>/q_<aggregate>.def (src/db/q_*.def for sessions,
 * access rules, the trace and the schema):
 *
 *	Q(PERSON_GET,
 *	    "SELECT ... FROM person p WHERE p.crt_id = ? AND p.id = ?",
 *	    NULL)
 *
 * The first argument is the name without its Q_ prefix, the second the
 * SQL for both backends ("?" placeholders), the third a PostgreSQL
 * override or NULL. db/q.def lists the .def files; this header expands
 * them into enum q (Q_PERSON_GET) and db/q.c into the text table indexed
 * by it (name "Q_PERSON_GET" for logs), so an enum value without text
 * cannot be written. To add a statement: add its Q() line to the .def of
 * the aggregate whose table it writes (tools/check-layers.sh part 4),
 * nothing else. To add an aggregate: create its .def (column macros
 * #define'd at its top and #undef'd at its end) and add one #include line
 * to db/q.def. Do not write enum q values or q_def tables by hand.
 */
#ifndef DB_Q_H
#define DB_Q_H

enum q {
#define Q(name, sql, pg) Q_##name,
#include "db/q.def"
#undef Q
	Q__MAX
};

enum db_kind;

/* The SQL text for q on a backend (never NULL once q_check() passed). */
const char *q_text(enum q, enum db_kind);
const char *q_name(enum q);
/* Verifies every enum value has text; returns the first missing or -1. */
int q_check(void);

#endif
