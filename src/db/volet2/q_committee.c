/* SQL for admission committees, their members and cases. */
#include <stddef.h>

#include "db/q.h"

#define COMM_COLS \
	"m.id, m.held_on, m.guests, m.note, m.created_at, u.display_name, " \
	"(SELECT COUNT(*) FROM committee_case c WHERE c.committee_id = " \
	"m.id), (SELECT COUNT(*) FROM committee_case c WHERE " \
	"c.committee_id = m.id AND c.decision IS NOT NULL) " \
	"FROM committee m JOIN app_user u ON u.id = m.created_by "
#define CASE_COLS \
	"c.id, c.committee_id, m.held_on, c.referral_id, r.person_id, " \
	"p.birth_name, p.first_names, p.birth_date, p.sex, r.status, c.added_at, " \
	"c.team_opinion, c.opinion_at, uo.display_name, c.decision, " \
	"c.refusal_reason, c.decision_note, c.oriented_to, " \
	"c.oriented_org_id, o.name, c.eligible, c.override_reason, " \
	"c.decided_at, ud.display_name, s.id " \
	"FROM committee_case c JOIN committee m ON m.id = c.committee_id " \
	"JOIN referral r ON r.id = c.referral_id " \
	"JOIN person p ON p.id = r.person_id " \
	"LEFT JOIN app_user uo ON uo.id = c.opinion_by " \
	"LEFT JOIN org o ON o.id = c.oriented_org_id " \
	"LEFT JOIN app_user ud ON ud.id = c.decided_by " \
	"LEFT JOIN support s ON s.case_id = c.id "

const struct q_def q_committee_defs[] = {
	{ QN(Q_COMM_INSERT),
	    "INSERT INTO committee (crt_id, held_on, guests, note, created_at, "
	    "created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_COMM_MEMBER_ADD),
	    "INSERT INTO committee_member (crt_id, committee_id, user_id) "
	    "VALUES (?, ?, ?)",
	    NULL },
	{ QN(Q_COMM_LIST),
	    "SELECT " COMM_COLS "WHERE m.crt_id = ? ORDER BY m.held_on DESC, "
	    "m.id DESC LIMIT 200",
	    NULL },
	{ QN(Q_COMM_GET), "SELECT " COMM_COLS "WHERE m.crt_id = ? AND m.id = ?",
	    NULL },
	{ QN(Q_COMM_MEMBERS),
	    "SELECT u.id, u.display_name, u.profession FROM committee_member cm "
	    "JOIN app_user u ON u.id = cm.user_id WHERE cm.crt_id = ? AND "
	    "cm.committee_id = ? ORDER BY u.display_name, u.id",
	    NULL },
	{ QN(Q_CASE_LIST),
	    "SELECT " CASE_COLS "WHERE c.crt_id = ? AND c.committee_id = ? "
	    "ORDER BY c.id",
	    NULL },
	{ QN(Q_CASE_GET),
	    "SELECT " CASE_COLS "WHERE c.crt_id = ? AND c.committee_id = ? AND "
	    "c.id = ?",
	    NULL },
	{ QN(Q_CASE_OF_REF),
	    "SELECT " CASE_COLS "WHERE c.crt_id = ? AND c.referral_id = ? "
	    "ORDER BY c.id",
	    NULL },
	{ QN(Q_CASE_INSERT),
	    "INSERT INTO committee_case (crt_id, committee_id, referral_id, "
	    "added_at, added_by, team_opinion, opinion_at, opinion_by) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_CASE_OPINION),
	    "UPDATE committee_case SET team_opinion = ?, opinion_at = ?, "
	    "opinion_by = ? WHERE crt_id = ? AND id = ? AND decision IS NULL",
	    NULL },
	{ QN(Q_CASE_DECIDE),
	    "UPDATE committee_case SET decision = ?, refusal_reason = ?, "
	    "decision_note = ?, oriented_to = ?, oriented_org_id = ?, "
	    "eligible = ?, override_reason = ?, decided_at = ?, decided_by = ? "
	    "WHERE crt_id = ? AND id = ? AND decision IS NULL",
	    NULL },
	{ QN(Q_CASE_PENDING),
	    "SELECT COUNT(*) FROM committee_case WHERE crt_id = ? AND "
	    "referral_id = ? AND decision IS NULL",
	    NULL },
	{ QN(Q_AEVAL_KINDS),
	    "SELECT (SELECT COUNT(*) FROM admission_eval WHERE crt_id = ? AND "
	    "referral_id = ? AND kind = 'domicile'), (SELECT COUNT(*) FROM "
	    "admission_eval WHERE crt_id = ? AND referral_id = ? AND kind = "
	    "'medicale')",
	    NULL },
	{ QN(Q_AEVAL_LAST),
	    "SELECT MAX(done_on) FROM admission_eval WHERE crt_id = ? AND "
	    "referral_id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
