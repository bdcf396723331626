/*
 * Every SQL statement of the product, named. The text lives in the
 * q_<aggregate>.c tables (STYLE §5); q.c assembles and checks them.
 */
#ifndef DB_Q_H
#define DB_Q_H

enum q {
	/* q_crt.c */
	Q_CRT_INSERT,
	Q_CRT_BY_CODE,
	Q_CRT_FIRST,
	Q_CRT_LIST,
	Q_CRT_SETTINGS,
	Q_CRT_SETTINGS_SET,
	Q_ORG_INSERT,
	Q_ORG_LIST,
	Q_ORG_GET,
	Q_ORG_SELF,
	Q_ORG_BY_NAME,
	/* q_user.c */
	Q_USER_INSERT,
	Q_USER_BY_LOGIN,
	Q_USER_GET,
	Q_USER_LIST,
	Q_USER_UPDATE,
	Q_USER_SET_PW,
	Q_USER_MUST_CHANGE,
	Q_USER_LOGIN_TAKEN,
	Q_ACCREQ_INSERT,
	Q_ACCREQ_GET,
	Q_ACCREQ_LIST,
	Q_ACCREQ_DECIDE,
	Q_ACCREQ_PENDING,
	Q_USER_PW_GET,
	Q_PWHIST_INSERT,
	Q_PWHIST_LIST,
	Q_PWHIST_TRIM,
	Q_CRT_COUNT_CODE,
	/* q_session.c */
	Q_SESSION_INSERT,
	Q_SESSION_GET,
	Q_SESSION_DELETE,
	Q_SESSION_DELETE_USER,
	Q_SESSION_DELETE_OTHERS,
	Q_SESSION_PURGE,
	Q_LOGIN_ATTEMPT_INSERT,
	Q_LOGIN_FAILS_LOGIN,
	Q_LOGIN_FAILS_IP,
	Q_LOGIN_PURGE,
	Q_SESSION_TOUCH,
	Q_LOGIN_FAILS_PAIR,
	/* q_notice.c */
	Q_NOTICE_INSERT,
	Q_NOTICE_INSERT_ROLE,
	Q_NOTICE_LIST,
	Q_NOTICE_COUNT,
	Q_NOTICE_READ,
	Q_NOTICE_GET,
	/* q_access.c */
	Q_RULE_LIST,
	Q_RULE_PROF,
	Q_RULE_UPSERT,
	Q_CIRCLE_HAS,
	Q_OBJ_BLOCKS,
	Q_BREAKGLASS_ACTIVE,
	Q_BREAKGLASS_INSERT,
	Q_BREAKGLASS_LIST,
	Q_MEMBER_ACCESS,
	Q_OBJ_CATS,
	/* q_audit.c */
	Q_TRACE_HEAD_GET,
	Q_TRACE_HEAD_INSERT,
	Q_TRACE_HEAD_UPDATE,
	Q_TRACE_INSERT,
	Q_TRACE_LAST,
	Q_TRACE_CHAIN,
	Q_TRACE_HEADS,
	Q_TRACE_BY_PERSON,
	Q_TRACE_COUNT_PERSON,
	Q_TRACE_HEAD_ALL,
	Q_TRACE_REHASH,
	Q_BREAKGLASS_RECENT,
	/* q_person.c */
	Q_PERSON_INSERT,
	Q_PERSON_GET,
	Q_PERSON_UPDATE,
	Q_PERSON_LIST,
	Q_PERSON_COUNT,
	Q_PDATA_LIST,
	Q_PDATA_UPSERT,
	Q_CIRCLE_LIST,
	Q_CIRCLE_INSERT,
	Q_CIRCLE_END,
	Q_OBJ_LIST,
	Q_OBJ_INSERT,
	Q_OBJ_WITHDRAW,
	Q_PERSON_DUP,
	Q_PERSON_INS_HOLDER,
	Q_PNAME_DELETE,
	Q_PNAME_INSERT,
	Q_PNAME_MISSING,
	/* q_aggir.c */
	Q_AGGIR_INSERT,
	Q_AGGIR_LIST,
	/* q_territory.c */
	Q_COMMUNE_LOAD,
	Q_COMMUNE_COUNT,
	Q_COMMUNE_GET,
	Q_COMMUNE_SEARCH,
	Q_TERRITORY_LIST,
	Q_TERRITORY_UPSERT,
	Q_TERRITORY_DELETE,
	Q_TERRITORY_DEPT,
	/* q_directory.c */
	Q_ORG_DETAIL,
	Q_ORG_SEARCH,
	Q_ORG_UPDATE,
	Q_ORG_TYPE_COUNTS,
	Q_PRO_INSERT,
	Q_PRO_LIST,
	Q_PRO_UPDATE,
	Q_PRO_GET,
	Q_CONV_INSERT,
	Q_CONV_LIST,
	Q_CONV_GET,
	Q_CONV_UPDATE,
	Q_CONV_DUE,
	Q_CONV_TYPES,
	/* q_dlu.c */
	Q_DLU_GET,
	Q_DLU_UPSERT,
	Q_CAREGIVER_LIST,
	Q_CAREGIVER_INSERT,
	Q_CAREGIVER_GET,
	Q_CAREGIVER_UPDATE,
	/* q_profile.c */
	Q_PROFILE_GET,
	Q_PROFILE_UPSERT,
	Q_PRO_BY_ID,
	/* q_document.c */
	Q_DOC_INSERT,
	Q_DOC_LIST,
	Q_DOC_META,
	Q_DOC_DATA,
	/* q_eligibility.c */
	Q_CRIT_LIST,
	Q_CRIT_UPSERT,
	Q_PEXCL_LIST,
	Q_PEXCL_SET,
	Q_PEXCL_DELETE,
	/* q_referral.c */
	Q_REF_INSERT,
	Q_REF_GET,
	Q_REF_LIST,
	Q_REF_TRIAGE,
	Q_REF_STATUS,
	/* q_waitlist.c */
	Q_WAIT_LIST,
	Q_WAIT_FLAGS,
	Q_WAIT_ENTER,
	Q_SHARE_LIST,
	Q_SHARE_UPSERT,
	Q_SHARE_DELETE,
	Q_SHARE_HAS,
	Q_CRT_TARGET,
	/* q_admission.c */
	Q_AEVAL_INSERT,
	Q_AEVAL_LIST,
	/* q_committee.c */
	Q_COMM_INSERT,
	Q_COMM_MEMBER_ADD,
	Q_COMM_LIST,
	Q_COMM_GET,
	Q_COMM_MEMBERS,
	Q_CASE_LIST,
	Q_CASE_GET,
	Q_CASE_OF_REF,
	Q_CASE_INSERT,
	Q_CASE_OPINION,
	Q_CASE_DECIDE,
	Q_CASE_PENDING,
	Q_AEVAL_KINDS,
	Q_AEVAL_LAST,
	/* q_support.c */
	Q_SUP_INSERT,
	Q_SUP_OPEN,
	Q_SUP_GET,
	Q_SUP_LIST,
	Q_SUP_BOARD,
	Q_SUP_OF_PERSON,
	Q_SUP_CONTRACT,
	Q_SUP_EXIT,
	Q_SUP_WITHDRAW,
	Q_SUP_RELAY,
	Q_SUP_COUNTS,
	Q_SUP_DECISIONS,
	Q_PLAN_INSERT,
	Q_PLAN_GET,
	Q_PLAN_VERSIONS,
	Q_PACT_INSERT,
	Q_PACT_LIST,
	Q_ABS_INSERT,
	Q_ABS_LIST,
	Q_ABS_GET,
	Q_ABS_END,
	Q_ABS_OVERLAP,
	Q_ABS_LAST_START,
	Q_ABS_CLOSE_ALL,
	Q_REF_OF_PERSON,
	Q_BOARD_REF,
	/* q_meta.c */
	Q_SCHEMA_VERSION,
	Q_SCHEMA_HAS,
	Q_SCHEMA_INSERT,
	Q_STORE_PROBE_PUT,
	Q_STORE_PROBE_DROP,
	Q__MAX
};

struct q_def {
	enum q q;
	const char *name; /* "Q_X", for logs */
	const char *sql; /* both backends, "?" placeholders */
	const char *pg; /* PostgreSQL override, or NULL */
};

/* A table row's first two members: the enum and its name. */
#define QN(x) x, #x

enum db_kind;

/* The SQL text for q on a backend (never NULL once q_check() passed). */
const char *q_text(enum q, enum db_kind);
const char *q_name(enum q);
/* Verifies every enum value has text; returns the first missing or -1. */
int q_check(void);

extern const struct q_def q_crt_defs[];
extern const struct q_def q_user_defs[];
extern const struct q_def q_session_defs[];
extern const struct q_def q_notice_defs[];
extern const struct q_def q_access_defs[];
extern const struct q_def q_audit_defs[];
extern const struct q_def q_person_defs[];
extern const struct q_def q_meta_defs[];
extern const struct q_def q_aggir_defs[];
extern const struct q_def q_territory_defs[];
extern const struct q_def q_directory_defs[];
extern const struct q_def q_dlu_defs[];
extern const struct q_def q_profile_defs[];
extern const struct q_def q_document_defs[];
extern const struct q_def q_eligibility_defs[];
extern const struct q_def q_referral_defs[];
extern const struct q_def q_waitlist_defs[];
extern const struct q_def q_admission_defs[];
extern const struct q_def q_committee_defs[];
extern const struct q_def q_support_defs[];

#endif
