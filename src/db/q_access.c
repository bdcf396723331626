/* SQL for the access decision: matrix, care circle, objections, break-glass. */
#include <stddef.h>

#include "db/q.h"

const struct q_def q_access_defs[] = {
	{ QN(Q_RULE_LIST),
	    "SELECT profession, category, can_read, can_write FROM access_rule "
	    "WHERE crt_id = ? ORDER BY profession, category",
	    NULL },
	{ QN(Q_RULE_PROF),
	    "SELECT category, can_read, can_write FROM access_rule "
	    "WHERE crt_id = ? AND profession = ?",
	    NULL },
	{ QN(Q_RULE_UPSERT),
	    "INSERT INTO access_rule (crt_id, profession, category, can_read, "
	    "can_write) VALUES (?, ?, ?, ?, ?) ON CONFLICT (crt_id, profession, "
	    "category) DO UPDATE SET can_read = excluded.can_read, "
	    "can_write = excluded.can_write",
	    NULL },
	/* Member of the circle in person or through the organisation. */
	/* Raised with every rule change (access.c's matrix cache). */
	{ QN(Q_RULES_BUMP),
	    "INSERT INTO access_rules_rev (crt_id, rev) VALUES (?, 1) "
	    "ON CONFLICT (crt_id) DO UPDATE SET rev = access_rules_rev.rev + 1",
	    NULL },
	/* Whether a person exists in the CRT (access_check, before deciding). */
	{ QN(Q_PERSON_EXISTS),
	    "SELECT 1 FROM person WHERE crt_id = ? AND id = ?", NULL },
	{ QN(Q_CIRCLE_HAS),
	    "SELECT 1 FROM circle_member WHERE crt_id = ? AND person_id = ? "
	    "AND until IS NULL AND (user_id = ? OR org_id = ?) LIMIT 1",
	    NULL },
	/* Objections in force against this organisation or these categories. */
	{ QN(Q_OBJ_BLOCKS),
	    "SELECT org_id, category FROM consent_objection WHERE crt_id = ? "
	    "AND person_id = ? AND withdrawn_at IS NULL "
	    "AND (org_id = ? OR category IS NOT NULL)",
	    NULL },
	{ QN(Q_BREAKGLASS_ACTIVE),
	    "SELECT id, expires_at FROM breakglass WHERE crt_id = ? "
	    "AND person_id = ? AND user_id = ? AND expires_at > ? "
	    "ORDER BY expires_at DESC LIMIT 1",
	    NULL },
	{ QN(Q_BREAKGLASS_INSERT),
	    "INSERT INTO breakglass (crt_id, person_id, user_id, reason, "
	    "opened_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	/* Renewals: this user's grants on this person still open or closed
	 * less than 24 h ago (the bound is computed by the caller). */
	{ QN(Q_BREAKGLASS_RECENT),
	    "SELECT COUNT(*) FROM breakglass WHERE crt_id = ? AND person_id = ? "
	    "AND user_id = ? AND expires_at > ?",
	    NULL },
	/* The morning report: emergency accesses since a date, each with its
	 * renewal number (the same user's earlier grants on the same person
	 * still open or ended less than 24 h before it opened). */
	{ QN(Q_BREAKGLASS_LIST),
	    "SELECT b.id, b.person_id, p.birth_name, p.first_names, b.user_id, "
	    "u.login, u.display_name, u.role, b.reason, b.opened_at, "
	    "b.expires_at, (SELECT COUNT(*) FROM breakglass e WHERE "
	    "e.user_id = b.user_id AND e.person_id = b.person_id AND "
	    "e.crt_id = b.crt_id AND (e.opened_at < b.opened_at OR "
	    "(e.opened_at = b.opened_at AND e.id < b.id)) AND "
	    "julianday(e.expires_at) > julianday(b.opened_at) - 1) "
	    "FROM breakglass b JOIN person p ON p.id = b.person_id "
	    "JOIN app_user u ON u.id = b.user_id WHERE b.crt_id = ? "
	    "AND b.opened_at >= ? ORDER BY b.opened_at DESC, b.id DESC LIMIT 500",
	    "SELECT b.id, b.person_id, p.birth_name, p.first_names, b.user_id, "
	    "u.login, u.display_name, u.role, b.reason, b.opened_at, "
	    "b.expires_at, (SELECT COUNT(*) FROM breakglass e WHERE "
	    "e.user_id = b.user_id AND e.person_id = b.person_id AND "
	    "e.crt_id = b.crt_id AND (e.opened_at < b.opened_at OR "
	    "(e.opened_at = b.opened_at AND e.id < b.id)) AND "
	    "e.expires_at::timestamptz > b.opened_at::timestamptz - "
	    "interval '24 hours') "
	    "FROM breakglass b JOIN person p ON p.id = b.person_id "
	    "JOIN app_user u ON u.id = b.user_id WHERE b.crt_id = ? "
	    "AND b.opened_at >= ? ORDER BY b.opened_at DESC, b.id DESC LIMIT 500" },
	/* What a new circle member would read: the role and profession of
	 * the user, or of every enabled user of the organisation. */
	{ QN(Q_MEMBER_ACCESS),
	    "SELECT role, profession FROM app_user WHERE crt_id = ? "
	    "AND ((? > 0 AND id = ?) OR (? > 0 AND org_id = ? AND disabled = 0))",
	    NULL },
	/* What an objection closes: its organisation or its category. */
	{ QN(Q_OBJ_CATS),
	    "SELECT org_id, category FROM consent_objection WHERE crt_id = ? "
	    "AND person_id = ? AND id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
