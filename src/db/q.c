/*
 * Assembles the per-aggregate statement tables into one index by enum q.
 * Tables end with an entry whose sql is NULL.
 */
#include <pthread.h>
#include <stddef.h>

#include "db.h"
#include "q.h"

static const struct q_def *q_index[Q__MAX];
static pthread_once_t q_once = PTHREAD_ONCE_INIT;

static void
q_build(void)
{
	const struct q_def *const tabs[] = { q_crt_defs, q_user_defs,
	    q_session_defs, q_access_defs, q_audit_defs, q_person_defs,
	    q_meta_defs, q_aggir_defs, q_territory_defs, q_directory_defs,
	    q_dlu_defs, q_profile_defs, q_document_defs, q_eligibility_defs,
	    q_referral_defs, q_waitlist_defs };
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
	static const char *const names[Q__MAX] = {
#define N(x) [x] = #x
		N(Q_CRT_INSERT), N(Q_CRT_BY_CODE), N(Q_CRT_FIRST),
		N(Q_CRT_LIST), N(Q_ORG_INSERT), N(Q_ORG_LIST), N(Q_ORG_GET),
		N(Q_ORG_SELF), N(Q_ORG_BY_NAME), N(Q_USER_INSERT),
		N(Q_USER_BY_LOGIN), N(Q_USER_GET), N(Q_USER_LIST),
		N(Q_USER_UPDATE), N(Q_USER_SET_PW), N(Q_USER_LOGIN_TAKEN),
		N(Q_SESSION_INSERT), N(Q_SESSION_GET), N(Q_SESSION_DELETE),
		N(Q_SESSION_DELETE_USER), N(Q_SESSION_PURGE),
		N(Q_LOGIN_ATTEMPT_INSERT), N(Q_LOGIN_FAILS_LOGIN),
		N(Q_LOGIN_FAILS_IP), N(Q_LOGIN_PURGE), N(Q_RULE_LIST),
		N(Q_RULE_PROF), N(Q_RULE_UPSERT), N(Q_CIRCLE_HAS),
		N(Q_OBJ_BLOCKS), N(Q_BREAKGLASS_ACTIVE),
		N(Q_BREAKGLASS_INSERT), N(Q_BREAKGLASS_LIST),
		N(Q_TRACE_HEAD_GET), N(Q_TRACE_HEAD_INSERT),
		N(Q_TRACE_HEAD_UPDATE), N(Q_TRACE_INSERT), N(Q_TRACE_LAST),
		N(Q_TRACE_CHAIN), N(Q_TRACE_HEADS), N(Q_TRACE_BY_PERSON),
		N(Q_PERSON_INSERT), N(Q_PERSON_GET), N(Q_PERSON_UPDATE),
		N(Q_PERSON_LIST), N(Q_PERSON_COUNT), N(Q_PDATA_LIST),
		N(Q_PDATA_UPSERT), N(Q_CIRCLE_LIST), N(Q_CIRCLE_INSERT),
		N(Q_CIRCLE_END), N(Q_OBJ_LIST), N(Q_OBJ_INSERT),
		N(Q_OBJ_WITHDRAW), N(Q_PERSON_DUP), N(Q_AGGIR_INSERT),
		N(Q_AGGIR_LIST), N(Q_COMMUNE_LOAD), N(Q_COMMUNE_COUNT),
		N(Q_COMMUNE_GET), N(Q_COMMUNE_SEARCH), N(Q_TERRITORY_LIST),
		N(Q_TERRITORY_UPSERT), N(Q_TERRITORY_DELETE),
		N(Q_TERRITORY_DEPT), N(Q_ORG_DETAIL), N(Q_ORG_SEARCH),
		N(Q_ORG_UPDATE), N(Q_ORG_TYPE_COUNTS), N(Q_PRO_INSERT),
		N(Q_PRO_LIST), N(Q_PRO_UPDATE), N(Q_PRO_GET),
		N(Q_CONV_INSERT), N(Q_CONV_LIST), N(Q_CONV_GET),
		N(Q_CONV_UPDATE), N(Q_CONV_DUE), N(Q_CONV_TYPES),
		N(Q_DLU_GET), N(Q_DLU_UPSERT), N(Q_CAREGIVER_LIST),
		N(Q_CAREGIVER_INSERT), N(Q_CAREGIVER_GET),
		N(Q_CAREGIVER_UPDATE), N(Q_PROFILE_GET), N(Q_PROFILE_UPSERT),
		N(Q_PRO_BY_ID), N(Q_DOC_INSERT), N(Q_DOC_LIST), N(Q_DOC_META),
		N(Q_DOC_DATA), N(Q_CRIT_LIST), N(Q_CRIT_UPSERT),
		N(Q_PEXCL_LIST), N(Q_PEXCL_SET), N(Q_PEXCL_DELETE),
		N(Q_REF_INSERT), N(Q_REF_GET), N(Q_REF_LIST), N(Q_REF_TRIAGE),
		N(Q_WAIT_LIST), N(Q_WAIT_FLAGS), N(Q_WAIT_ENTER),
		N(Q_SHARE_LIST), N(Q_SHARE_UPSERT), N(Q_SHARE_DELETE),
		N(Q_SHARE_HAS), N(Q_CRT_TARGET), N(Q_SCHEMA_VERSION),
		N(Q_SCHEMA_HAS), N(Q_SCHEMA_INSERT),
#undef N
	};

	if ((int)q < 0 || q >= Q__MAX || names[q] == NULL)
		return "Q_?";
	return names[q];
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
