/*
 * The demo CRT at its real size (issue 11): after the eight hand-written
 * demo people, a cohort generated deterministically (a fixed-seed
 * xorshift, never the libc's rand) from tables of Lozère, Aubrac and
 * Margeride family names and first names of people born 1925-1950, living
 * in the 28 communes of the DAC 48 convention. Same people, same INS, same
 * addresses on every run and on both backends.
 */
#ifndef DOMAIN_DEMO_COHORT_H
#define DOMAIN_DEMO_COHORT_H

#include <stdint.h>

struct ctx;

/* What becomes of each generated person (demo_history.c writes it). */
enum demo_fate {
	FATE_ACTIVE, /* file active, contract signed */
	FATE_TO_SIGN, /* admitted, plan written, « contrat à signer » */
	FATE_EXIT, /* supported, then exited with a reason and a relay */
	FATE_WAIT, /* on the waiting list */
	FATE_WAIT_EVAL /* on the waiting list, home visit done */
};

/* The plan's actions a situation calls for (bits of demo_case.acts). */
enum demo_act {
	DA_IDE, /* the CRT's nurse: geriatric follow-up */
	DA_AIDE, /* the CRT's care aide: her round */
	DA_SSIAD, /* SSIAD du Malzieu: hygiene care */
	DA_IDEL, /* the private nurse: treatment, insulin, dressings */
	DA_SAAD, /* ADMR SAAD: meals, shopping */
	DA_NIGHT, /* ADMR SAAD: night visit */
	DA_ERGO, /* the occupational therapist: the home, once */
	DA_TELE, /* telealarm (the coordination) */
	DA_CRISIS, /* emergency stay in a partner EHPAD */
	DA_PSY, /* the psychologist: caregiver support */
	DA_RESPITE, /* respite platform */
	DA__MAX
};

/* One generated person and the story the history gives her. */
struct demo_case {
	int64_t pid;
	enum demo_fate fate;
	int female;
	int received; /* referral, days ago */
	int ide, aide; /* followed by the CRT's nurse, by its care aide */
	unsigned acts; /* 1 << enum demo_act */
	const char *source, *referrer, *reason;
	int referrer_org; /* index in the demo orgs, -1 none */
	int urgent; /* hospital discharge */
	int housing, isolation; /* waiting-list criteria */
	const char *letters; /* AGGIR grid (GIR 1-4) */
	const char *visit, *medical; /* evaluation findings */
	const char *problems, *project; /* the plan */
	const char *exit_reason; /* FATE_EXIT */
};

#define DEMO_COHORT_N 43

/*
 * Creates the cohort as the coordination (identity with a test INS,
 * address, phone, care circle, caregivers, DLU for some, usual GP and
 * nurse, consent information) and fills cases[DEMO_COHORT_N]. `orgs` are
 * the demo organisations in demo.c's order (the private nurse's cabinet
 * last).
 */
int demo_cohort_seed(struct ctx *, const int64_t *orgs, struct demo_case *);

#endif
