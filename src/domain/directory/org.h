/*
 * CRTs (tenants) and organisations. A CRT is created with its own
 * organisation (is_self) and the default access matrix. The partner
 * directory of issue 3 extends organisations.
 */
#ifndef DOMAIN_ORG_H
#define DOMAIN_ORG_H

#include <stdint.h>

struct ctx;

struct org {
	int64_t id;
	const char *name;
	const char *type;
	int is_self;
};

/* Organisation types (PRODUCT §4): codes, French labels, checklist group
 * and whether seed 001's checklist makes the type mandatory. */
extern const char *const org_type_codes[];
extern const char *const org_type_labels[];
extern const char *const org_type_groups[];
extern const int org_type_mandatory[];

/* Creates a CRT, its own organisation and its access matrix, or finds
 * it by code (idempotent). Runs on ctx->db inside the caller's txn. */
int org_crt_ensure(struct ctx *, const char *code, const char *name,
    const char *carrier, int64_t *crt_id, int *created);
/* Finds a CRT by code (code NULL: the first one). E_NOT_FOUND if none. */
int org_crt_find(struct ctx *, const char *code, int64_t *crt_id);
/* ctx's CRT's volet-2 settings: the file-active target and how many months
 * an AGGIR evaluation stays valid for an admission. */
int org_crt_settings(
    struct ctx *, int64_t *file_active_target, int64_t *aggir_valid_months);
/* Stores them, traced ("crt.settings"). The crt row is written only by
 * this module. */
int org_crt_settings_set(
    struct ctx *, int64_t file_active_target, int64_t aggir_valid_months);
/* The CRT's on-call number for the DLU (*phone NULL when not set), and
 * its change (NULL clears it; 10 digits), traced ("crt.settings"). */
int org_crt_oncall(struct ctx *, const char **phone);
int org_crt_oncall_set(struct ctx *, const char *phone);
/* The CRT's telealarm escalation delay in seconds (issue 13 §2; the
 * on-call context validates and traces it: alarm_escalation_set). */
int org_crt_alarm_escalation_set(struct ctx *, int64_t seconds);
/*
 * The CRT's calendar (issue 11): its time zone (default Europe/Paris),
 * its département for the public holidays (NULL: metropolitan rules) and
 * whether Whit Monday is worked. Strings live in ctx's arena. The change
 * checks the zone (one the system knows) and the département (01-95, 2A,
 * 2B, 971-976) — 422 settings.<field>.invalid — and is traced
 * ("crt.settings").
 */
struct org_calendar {
	const char *timezone;
	const char *departement;
	int whit_monday_worked;
};
int org_crt_calendar(struct ctx *, struct org_calendar *);
int org_crt_calendar_set(struct ctx *, const struct org_calendar *);
int org_create(
    struct ctx *, const char *name, const char *type, int is_self, int64_t *id);
/* Finds an organisation of ctx's CRT by name (0 if none). */
int org_find_by_name(struct ctx *, const char *name, int64_t *id);
int org_get(struct ctx *, int64_t id, struct org *);
/* Every organisation of ctx's CRT; *n set; array in the arena. */
int org_list(struct ctx *, struct org **, int *n);
int org_self(struct ctx *, struct org *);

#endif
