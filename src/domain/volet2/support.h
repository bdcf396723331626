/*
 * The support episode (PRODUCT §3 steps 8-10): started in preparation by
 * the committee's admission, active once the support contract is signed
 * (which needs a plan), with its hospitalisations and absences (the place
 * is held; an ongoing hospitalisation beyond 3 months proposes the exit),
 * and its exit with one of the six DOMAIN §3 reasons and the relay by a
 * common-law service. A re-admission starts a new support.
 */
#ifndef DOMAIN_SUPPORT_H
#define DOMAIN_SUPPORT_H

#include <stdint.h>

struct ctx;
struct access_grant;

#define SUPPORT_LONG_HOSPITAL_MONTHS 3
#define SUPPORT_MISSING "Cet accompagnement n'existe pas."

extern const char *const support_status_codes[]; /* preparation... */
#define SUPPORT_WITHDRAWAL_LABEL "Renonciation avant signature"
extern const char *const support_status_labels[];
extern const char *const support_exit_codes[]; /* exactly DOMAIN §3 */
extern const char *const support_exit_labels[];
extern const char *const support_signer_codes[]; /* personne... */
extern const char *const support_absence_kinds[];

struct support {
	int64_t id;
	int64_t person_id;
	const char *birth_name;
	const char *first_names;
	/* Display forms of the strict traits (issue 10 §2). */
	const char *birth_name_display;
	const char *first_names_display;
	const char *birth_date;
	const char *sex; /* "F", "M" or NULL (« né » / « née ») */
	int64_t referral_id;
	int64_t case_id;
	const char *status;
	const char *decided_on;
	const char *started_on;
	const char *contract_signed_on;
	const char *contract_signed_by;
	const char *contract_signer;
	int64_t contract_document_id;
	const char *contract_by;
	const char *contract_at;
	const char *exit_reason;
	const char *exit_on;
	const char *exit_decision;
	int64_t relay_org_id;
	const char *relay_org;
	const char *relay_name;
	const char *relay_informed_on;
	const char *exit_by;
	const char *exit_at;
	const char *received_on; /* the referral's date */
	int plan_version; /* current, 0: none yet */
	const char *referent; /* of the current plan */
	const char *hospitalised_since; /* ongoing, or NULL */
	const char *absent_since; /* ongoing, any kind */
	const char *exit_doctor_opinion;
	int exit_proposed; /* hospitalised beyond 3 months */
	/* Renounced before signing: not an exit (status "renonce"). */
	const char *withdrawn_on;
	const char *withdrawal_reason;
	const char *withdrawn_by;
	const char *withdrawn_at;
};

struct support_absence {
	int64_t id;
	const char *kind;
	const char *start_on;
	const char *end_on;
	const char *place;
	const char *note;
	const char *created_at;
	const char *created_by;
};

struct support_exit {
	const char *reason;
	const char *exit_on;
	const char *decision; /* the team's decision */
	int64_t relay_org_id;
	const char *relay_name;
	const char *relay_informed_on;
	/* criteres_non_remplis, health-related: the doctor's opinion. */
	const char *doctor_opinion;
};

struct support_places {
	int target; /* file-active target of the CRT */
	int active;
	int preparing; /* admitted, contract not signed */
	int left; /* target - active - preparing, >= 0 */
};

/*
 * Starts the support of an admission (called by the committee's decision,
 * which checked the case): in preparation, decided on `decided_on` (the
 * day the committee sat). The support table is written only here.
 */
int support_create(struct ctx *, int64_t person_id, int64_t referral_id,
    int64_t case_id, const char *decided_on, int64_t *id);
/* One support of ctx's CRT (the caller checks access to its person). */
int support_get(struct ctx *, int64_t id, struct support *);
/* Supports by status ("" any), by name. */
int support_list(struct ctx *, const char *status, struct support **, int *n);
/* Open supports and those ended on or after `since` (the board). */
int support_board(struct ctx *, const char *since, struct support **, int *n);
/* Every support episode of a person, oldest first. */
int
support_of_person(struct ctx *, int64_t person_id, struct support **, int *n);
int support_places(struct ctx *, struct support_places *);
/*
 * The signed contract (admin write): signed by the person or her
 * representant (signer's name), the signed document of the person's
 * record. Needs a plan; makes the support active from the signature.
 */
int support_contract(struct ctx *, const struct access_grant *, int64_t id,
    const char *signed_on, const char *signed_by, const char *signer,
    int64_t document_id);
/* The hospitalisations and absences (soins read). */
int support_absences(struct ctx *, const struct access_grant *, int64_t id,
    struct support_absence **, int *n);
/* A hospitalisation or absence of an active support (soins write). */
int support_absence_add(struct ctx *, const struct access_grant *, int64_t id,
    const char *kind, const char *start_on, const char *end_on,
    const char *place, const char *note, int64_t *aid);
/* The return date of an ongoing absence. */
int support_absence_end(struct ctx *, const struct access_grant *, int64_t id,
    int64_t aid, const char *end_on);
/* The exit (admin write), decided in team, with the relay. */
int support_exit(struct ctx *, const struct access_grant *, int64_t id,
    const struct support_exit *);
/*
 * SPEC: issue 8 point 16 — the person (or her representative) renounces
 * before the contract is signed (admin write): a support in preparation
 * ends as "renonce" with the date and the reason (text). It is not an
 * exit: none of the six reasons, not among the exits, the pipeline's
 * « sortis » nor the file active; the support is closed, so a later
 * admission starts a new one. E_CONFLICT support.state otherwise.
 */
int support_withdraw(struct ctx *, const struct access_grant *, int64_t id,
    const char *on, const char *reason);
/* Whether a support has ended (exit or withdrawal): nothing changes it. */
int support_closed(const struct support *);
/* When the relay service was informed, after the exit. */
int support_relay_informed(
    struct ctx *, const struct access_grant *, int64_t id, const char *on);

#endif
