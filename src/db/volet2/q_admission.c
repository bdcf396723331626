/* SQL for admission evaluations. */
#include <stddef.h>

#include "db/q.h"

const struct q_def q_admission_defs[] = {
	{ QN(Q_AEVAL_INSERT),
	    "INSERT INTO admission_eval (crt_id, referral_id, kind, done_on, "
	    "done_by, joint_with, with_gp, findings, created_at) VALUES (?, ?, "
	    "?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_AEVAL_LIST),
	    "SELECT e.id, e.kind, e.done_on, e.done_by, u.display_name, "
	    "u.profession, e.joint_with, e.with_gp, e.findings, e.created_at "
	    "FROM admission_eval e JOIN app_user u ON u.id = e.done_by "
	    "WHERE e.crt_id = ? AND e.referral_id = ? ORDER BY e.done_on, e.id",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
