/* SQL for referrals and their triage with the DAC. */
#include <stddef.h>

#include "db/q.h"

#define REF_COLS \
	"r.id, r.person_id, p.birth_name, p.first_names, p.birth_date, p.sex, " \
	"r.source, r.channel, r.reason, r.requested_volet, r.urgent, " \
	"r.hospital_doctor, r.referrer_name, r.referrer_contact, " \
	"r.referrer_org_id, o.name, r.received_on, r.status, r.complex, " \
	"r.dac_oriented_at, ud.display_name, r.dac_reason, r.dac_answer, " \
	"r.dac_answered_at, r.feedback_given_at, uf.display_name, " \
	"r.feedback_note, r.created_at, uc.display_name, r.updated_at"
#define REF_FROM \
	"FROM referral r JOIN person p ON p.id = r.person_id " \
	"LEFT JOIN org o ON o.id = r.referrer_org_id " \
	"LEFT JOIN app_user ud ON ud.id = r.dac_oriented_by " \
	"LEFT JOIN app_user uf ON uf.id = r.feedback_by " \
	"JOIN app_user uc ON uc.id = r.created_by "

const struct q_def q_referral_defs[] = {
	{ QN(Q_REF_INSERT),
	    "INSERT INTO referral (crt_id, person_id, source, channel, reason, "
	    "requested_volet, urgent, hospital_doctor, referrer_name, "
	    "referrer_contact, referrer_org_id, received_on, status, created_at, "
	    "created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "'recu', ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_REF_GET),
	    "SELECT " REF_COLS " " REF_FROM "WHERE r.crt_id = ? AND r.id = ?",
	    NULL },
	/* The list shows identities: filtered like the person list. Open
	 * only: not yet decided (classée, admise, refusée, orientée
	 * ailleurs). Urgent first, then the newest. */
	{ QN(Q_REF_LIST),
	    "SELECT " REF_COLS " " REF_FROM "WHERE r.crt_id = ? "
	    "AND (? = '' OR r.status = ?) AND (? = 0 OR (r.feedback_given_at "
	    "IS NULL)) AND (? = 0 OR r.person_id = ?) "
	    "AND (? = 0 OR r.status IN ('recu', 'oriente_dac', "
	    "'liste_attente', 'evaluation')) "
	    "ORDER BY r.urgent DESC, r.received_on DESC, r.id DESC LIMIT 500",
	    NULL },
	{ QN(Q_REF_TRIAGE),
	    "UPDATE referral SET status = ?, complex = ?, dac_oriented_at = ?, "
	    "dac_oriented_by = COALESCE(?, dac_oriented_by), dac_reason = ?, "
	    "dac_answer = ?, dac_answered_at = ?, feedback_given_at = ?, "
	    "feedback_by = COALESCE(?, feedback_by), feedback_note = ?, "
	    "updated_at = ? WHERE crt_id = ? AND id = ?",
	    NULL },
	{ QN(Q_REF_STATUS),
	    "UPDATE referral SET status = ?, updated_at = ? WHERE crt_id = ? "
	    "AND id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
