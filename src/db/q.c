/*
 * Assembles the per-aggregate statement tables into one index by enum q.
 * Tables end with an entry whose sql is NULL.
 */
#include <pthread.h>
#include <stddef.h>

#include "db/db.h"
#include "db/q.h"

static const struct q_def *q_index[Q__MAX];
static pthread_once_t q_once = PTHREAD_ONCE_INIT;

static void
q_build(void)
{
	const struct q_def *const tabs[] = { q_crt_defs, q_user_defs,
		q_session_defs, q_notice_defs, q_access_defs, q_audit_defs,
		q_person_defs, q_meta_defs, q_aggir_defs, q_territory_defs,
		q_directory_defs, q_dlu_defs, q_profile_defs, q_document_defs,
		q_eligibility_defs, q_referral_defs, q_waitlist_defs,
		q_admission_defs, q_committee_defs, q_support_defs };
	const struct q_def *d;
	size_t i;

	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++)
		for (d = tabs[i]; d->sql != NULL; d++)
			q_index[d->q] = d;
}

const char *
q_text(enum q q, enum db_kind kind)
{
	pthread_once(&q_once, q_build);
	if ((int)q < 0 || q >= Q__MAX || q_index[q] == NULL)
		return "SELECT 'missing statement'";
	if (kind == DB_PG && q_index[q]->pg != NULL)
		return q_index[q]->pg;
	return q_index[q]->sql;
}

const char *
q_name(enum q q)
{
	pthread_once(&q_once, q_build);
	if ((int)q < 0 || q >= Q__MAX || q_index[q] == NULL)
		return "Q_?";
	return q_index[q]->name;
}

int
q_check(void)
{
	int i;

	pthread_once(&q_once, q_build);
	for (i = 0; i < Q__MAX; i++)
		if (q_index[i] == NULL)
			return i;
	return -1;
}
