/* SQL for support episodes, their PPCS plans and absences. */
#include <stddef.h>

#include "db/q.h"

#define SUP_COLS \
	"s.id, s.person_id, p.birth_name, p.first_names, p.birth_date, p.sex, " \
	"s.referral_id, s.case_id, s.status, s.decided_on, s.started_on, " \
	"s.contract_signed_on, s.contract_signed_by, s.contract_signer, " \
	"s.contract_document_id, uc.display_name, s.contract_at, " \
	"s.exit_reason, s.exit_on, s.exit_decision, s.relay_org_id, " \
	"o.name, s.relay_name, s.relay_informed_on, ue.display_name, " \
	"s.exit_at, r.received_on, (SELECT MAX(sp.version) FROM " \
	"support_plan sp WHERE sp.support_id = s.id), (SELECT " \
	"u.display_name FROM support_plan sp JOIN app_user u ON u.id = " \
	"sp.referent_id WHERE sp.support_id = s.id ORDER BY sp.version DESC " \
	"LIMIT 1), (SELECT MIN(a.start_on) FROM support_absence a WHERE " \
	"a.support_id = s.id AND a.end_on IS NULL AND a.kind = " \
	"'hospitalisation'), (SELECT MIN(a.start_on) FROM support_absence a " \
	"WHERE a.support_id = s.id AND a.end_on IS NULL), " \
	"s.exit_doctor_opinion, s.withdrawn_on, s.withdrawal_reason, " \
	"uw.display_name, s.withdrawn_at " \
	"FROM support s JOIN person p ON p.id = s.person_id " \
	"JOIN referral r ON r.id = s.referral_id " \
	"LEFT JOIN app_user uc ON uc.id = s.contract_by " \
	"LEFT JOIN org o ON o.id = s.relay_org_id " \
	"LEFT JOIN app_user ue ON ue.id = s.exit_by " \
	"LEFT JOIN app_user uw ON uw.id = s.withdrawn_by "
#define PLAN_COLS \
	"sp.id, sp.version, sp.referent_id, ur.display_name, sp.problems, " \
	"sp.project, sp.unmet, sp.created_at, uc.display_name, (SELECT " \
	"COUNT(*) FROM plan_action a WHERE a.plan_id = sp.id) " \
	"FROM support_plan sp JOIN app_user ur ON ur.id = sp.referent_id " \
	"JOIN app_user uc ON uc.id = sp.created_by "

const struct q_def q_support_defs[] = {
	{ QN(Q_SUP_INSERT),
	    "INSERT INTO support (crt_id, person_id, referral_id, case_id, "
	    "status, decided_on, created_at, updated_at) VALUES (?, ?, ?, ?, "
	    "'preparation', ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_SUP_OPEN),
	    "SELECT id FROM support WHERE crt_id = ? AND person_id = ? AND "
	    "status IN ('preparation', 'active')",
	    NULL },
	{ QN(Q_SUP_GET), "SELECT " SUP_COLS "WHERE s.crt_id = ? AND s.id = ?",
	    NULL },
	{ QN(Q_SUP_LIST),
	    "SELECT " SUP_COLS
	    "WHERE s.crt_id = ? AND (? = '' OR s.status = ?) "
	    "ORDER BY p.birth_name, p.first_names, s.id LIMIT 1000",
	    NULL },
	/* The board: open supports and those exited since a date (a
	 * withdrawal before the contract is not an exit). */
	{ QN(Q_SUP_BOARD),
	    "SELECT " SUP_COLS "WHERE s.crt_id = ? AND (s.status IN "
	    "('preparation', 'active') OR (s.status = 'sortie' AND s.exit_on >= "
	    "?)) ORDER BY s.decided_on, s.id LIMIT 2000",
	    NULL },
	{ QN(Q_SUP_OF_PERSON),
	    "SELECT " SUP_COLS "WHERE s.crt_id = ? AND s.person_id = ? "
	    "ORDER BY s.decided_on, s.id",
	    NULL },
	{ QN(Q_SUP_CONTRACT),
	    "UPDATE support SET contract_signed_on = ?, contract_signed_by = ?, "
	    "contract_signer = ?, contract_document_id = ?, contract_by = ?, "
	    "contract_at = ?, status = 'active', started_on = ?, updated_at = ? "
	    "WHERE crt_id = ? AND id = ? AND status = 'preparation'",
	    NULL },
	{ QN(Q_SUP_EXIT),
	    "UPDATE support SET status = 'sortie', exit_reason = ?, exit_on = ?, "
	    "exit_decision = ?, relay_org_id = ?, relay_name = ?, "
	    "relay_informed_on = ?, exit_by = ?, exit_at = ?, updated_at = ?, "
	    "exit_doctor_opinion = ? WHERE crt_id = ? AND id = ? AND "
	    "status = 'active'",
	    NULL },
	{ QN(Q_SUP_WITHDRAW),
	    "UPDATE support SET status = 'renonce', withdrawn_on = ?, "
	    "withdrawal_reason = ?, withdrawn_by = ?, withdrawn_at = ?, "
	    "updated_at = ? WHERE crt_id = ? AND id = ? AND status = "
	    "'preparation'",
	    NULL },
	{ QN(Q_SUP_RELAY),
	    "UPDATE support SET relay_informed_on = ?, updated_at = ? WHERE "
	    "crt_id = ? AND id = ? AND status = 'sortie'",
	    NULL },
	{ QN(Q_SUP_COUNTS),
	    "SELECT (SELECT COUNT(*) FROM support WHERE crt_id = ? AND status = "
	    "'active'), (SELECT COUNT(*) FROM support WHERE crt_id = ? AND "
	    "status = 'preparation'), file_active_target FROM crt WHERE id = ?",
	    NULL },
	/* Decisions of committees held in a period, with their referral's
	 * date (delays): the decision is the committee's, on its date. */
	{ QN(Q_SUP_DECISIONS),
	    "SELECT c.decision, r.received_on, m.held_on, s.started_on "
	    "FROM committee_case c JOIN committee m ON m.id = c.committee_id "
	    "JOIN referral r ON r.id = c.referral_id "
	    "LEFT JOIN support s ON s.case_id = c.id WHERE c.crt_id = ? AND "
	    "m.held_on >= ? AND m.held_on <= ? AND c.decision IS NOT NULL "
	    "ORDER BY m.held_on, c.id",
	    NULL },
	{ QN(Q_PLAN_INSERT),
	    "INSERT INTO support_plan (crt_id, support_id, version, referent_id, "
	    "problems, project, unmet, created_at, created_by) VALUES (?, ?, "
	    "(SELECT COALESCE(MAX(version), 0) + 1 FROM support_plan WHERE "
	    "support_id = ?), ?, ?, ?, ?, ?, ?) RETURNING id, version",
	    NULL },
	{ QN(Q_PLAN_GET),
	    "SELECT " PLAN_COLS "WHERE sp.crt_id = ? AND sp.support_id = ? AND "
	    "(? = 0 OR sp.version = ?) ORDER BY sp.version DESC LIMIT 1",
	    NULL },
	{ QN(Q_PLAN_VERSIONS),
	    "SELECT " PLAN_COLS "WHERE sp.crt_id = ? AND sp.support_id = ? "
	    "ORDER BY sp.version DESC",
	    NULL },
	{ QN(Q_PACT_INSERT),
	    "INSERT INTO plan_action (crt_id, plan_id, position, area, domain, "
	    "need, objective, action, who_user_id, who_org_id, frequency, "
	    "start_on, due_on, review_on, status, status_reason) VALUES (?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    NULL },
	{ QN(Q_PACT_LIST),
	    "SELECT a.area, a.domain, a.need, a.objective, a.action, "
	    "a.who_user_id, u.display_name, a.who_org_id, o.name, a.frequency, "
	    "a.start_on, a.due_on, a.review_on, a.status, a.status_reason "
	    "FROM plan_action a LEFT JOIN app_user u ON u.id = a.who_user_id "
	    "LEFT JOIN org o ON o.id = a.who_org_id WHERE a.crt_id = ? AND "
	    "a.plan_id = ? ORDER BY a.position",
	    NULL },
	{ QN(Q_ABS_INSERT),
	    "INSERT INTO support_absence (crt_id, support_id, kind, start_on, "
	    "end_on, place, note, created_at, created_by, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_ABS_LIST),
	    "SELECT a.id, a.kind, a.start_on, a.end_on, a.place, a.note, "
	    "a.created_at, u.display_name FROM support_absence a JOIN app_user "
	    "u ON u.id = a.created_by WHERE a.crt_id = ? AND a.support_id = ? "
	    "ORDER BY a.start_on, a.id",
	    NULL },
	{ QN(Q_ABS_GET),
	    "SELECT start_on, end_on FROM support_absence WHERE crt_id = ? AND "
	    "support_id = ? AND id = ?",
	    NULL },
	{ QN(Q_ABS_END),
	    "UPDATE support_absence SET end_on = ?, updated_at = ? WHERE "
	    "crt_id = ? AND support_id = ? AND id = ? AND end_on IS NULL",
	    NULL },
	/* Absences of a support overlapping [start, end or open]. */
	{ QN(Q_ABS_OVERLAP),
	    "SELECT COUNT(*) FROM support_absence WHERE crt_id = ? AND "
	    "support_id = ? AND id <> ? AND start_on <= COALESCE(?, "
	    "'9999-12-31') AND COALESCE(end_on, '9999-12-31') >= ?",
	    NULL },
	{ QN(Q_ABS_LAST_START),
	    "SELECT MAX(start_on) FROM support_absence WHERE crt_id = ? AND "
	    "support_id = ?",
	    NULL },
	/* At the exit, an ongoing absence ends with the support. */
	{ QN(Q_ABS_CLOSE_ALL),
	    "UPDATE support_absence SET end_on = ?, updated_at = ? WHERE "
	    "crt_id = ? AND support_id = ? AND end_on IS NULL",
	    NULL },
	{ QN(Q_REF_OF_PERSON),
	    "SELECT id FROM referral WHERE crt_id = ? AND person_id = ? "
	    "ORDER BY received_on, id",
	    NULL },
	/* Open referrals for the board, with an undecided committee case. */
	{ QN(Q_BOARD_REF),
	    "SELECT r.id, r.person_id, p.birth_name, p.first_names, r.status, "
	    "r.received_on, r.urgent, r.updated_at, (SELECT COUNT(*) FROM "
	    "committee_case c WHERE c.referral_id = r.id AND c.decision IS "
	    "NULL) FROM referral r JOIN person p ON p.id = r.person_id WHERE "
	    "r.crt_id = ? AND r.status IN ('recu', 'oriente_dac', "
	    "'liste_attente', 'evaluation') ORDER BY r.urgent DESC, "
	    "r.received_on, r.id LIMIT 2000",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
