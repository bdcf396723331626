/* SQL for AGGIR evaluations. */
#include <stddef.h>

#include "db/q.h"

const struct q_def q_aggir_defs[] = {
	{ QN(Q_AGGIR_INSERT),
	    "INSERT INTO aggir_eval (crt_id, person_id, evaluated_on, "
	    "evaluator_id, input_kind, answers, letters, rank, gir, note, "
	    "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "RETURNING id",
	    NULL },
	/* Newest first: the first row is the person's current GIR. */
	{ QN(Q_AGGIR_LIST),
	    "SELECT a.id, a.evaluated_on, a.evaluator_id, u.display_name, "
	    "a.input_kind, a.answers, a.letters, a.rank, a.gir, a.note, "
	    "a.created_at FROM aggir_eval a JOIN app_user u ON "
	    "u.id = a.evaluator_id WHERE a.crt_id = ? AND a.person_id = ? "
	    "ORDER BY a.evaluated_on DESC, a.id DESC LIMIT ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
