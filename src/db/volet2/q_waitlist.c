/* SQL for the shared waiting list. */
#include <stddef.h>

#include "db/q.h"

const struct q_def q_waitlist_defs[] = {
	/*
	 * Waiting referrals with their priority facts; the last column says,
	 * for a partner (check = 1), that the person objected to its
	 * organisation or to sharing her identity (consent): the row is
	 * ranked with the others (the CRT's rank), then left out.
	 */
	{ QN(Q_WAIT_LIST),
	    "SELECT r.id, r.person_id, p.birth_name, p.first_names, "
	    "p.birth_date, r.source, r.urgent, r.housing_unsuitable, "
	    "r.isolation, r.received_on, r.waitlisted_at, r.reason, r.status, "
	    "(SELECT COUNT(*) FROM caregiver c WHERE c.person_id = r.person_id "
	    "AND c.ended_on IS NULL AND c.situation IN ('epuise', 'absent')), "
	    "(SELECT COUNT(*) FROM caregiver c WHERE c.person_id = r.person_id "
	    "AND c.ended_on IS NULL), CASE WHEN ? = 1 AND EXISTS (SELECT 1 FROM "
	    "consent_objection ob WHERE ob.person_id = r.person_id AND "
	    "ob.withdrawn_at IS NULL AND (ob.org_id = ? OR ob.category = "
	    "'admin')) THEN 1 ELSE 0 END, p.sex FROM referral r JOIN person p ON "
	    "p.id = r.person_id WHERE r.crt_id = ? AND r.status IN "
	    "('liste_attente', 'evaluation')",
	    NULL },
	{ QN(Q_WAIT_FLAGS),
	    "UPDATE referral SET housing_unsuitable = ?, isolation = ?, "
	    "updated_at = ? WHERE crt_id = ? AND id = ?",
	    NULL },
	{ QN(Q_WAIT_ENTER),
	    "UPDATE referral SET waitlisted_at = ? WHERE crt_id = ? AND id = ? "
	    "AND waitlisted_at IS NULL",
	    NULL },
	{ QN(Q_SHARE_LIST),
	    "SELECT s.org_id, o.name, o.type, s.role FROM waitlist_share s "
	    "JOIN org o ON o.id = s.org_id WHERE s.crt_id = ? ORDER BY o.name",
	    NULL },
	{ QN(Q_SHARE_UPSERT),
	    "INSERT INTO waitlist_share (crt_id, org_id, role) VALUES (?, ?, ?) "
	    "ON CONFLICT (crt_id, org_id) DO UPDATE SET role = excluded.role",
	    NULL },
	{ QN(Q_SHARE_DELETE),
	    "DELETE FROM waitlist_share WHERE crt_id = ? AND org_id = ?",
	    NULL },
	{ QN(Q_SHARE_HAS),
	    "SELECT role FROM waitlist_share WHERE crt_id = ? AND org_id = ?",
	    NULL },
	{ QN(Q_CRT_TARGET), "SELECT file_active_target FROM crt WHERE id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
