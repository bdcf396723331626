/*
 * The demo CRT: CRT Nord Lozère (seed 002), its partners, its team
 * accounts and synthetic people of the Nord Lozère communes with test INS
 * numbers (OID 1.2.250.1.213.1.4.10). Never real personal data.
 */
#ifndef DOMAIN_DEMO_H
#define DOMAIN_DEMO_H

struct ctx;

#define DEMO_CRT_CODE "nord-lozere"

/* The demo logins, NULL-terminated, with their French descriptions. */
extern const char *const demo_logins[];
extern const char *const demo_login_labels[];

/* A test INS (NIR-shaped, key included) from the traits it encodes: sex,
 * birth date, birthplace code and a 3-digit birth order; out[16]. */
void demo_ins(
    char *out, const char *sex, const char *date, const char *place, int order);

/* Makes ctx act as the demo account `login` (its id, organisation, role
 * and profession), so that the demo's writes are decided and traced as
 * that account's. E_INTERNAL when the account does not exist. */
int demo_act_as(struct ctx *, const char *login);

/*
 * Seeds the demo on ctx->db inside the caller's transaction. Idempotent:
 * an existing demo CRT is left as it is (*created = 0). `password` is the
 * demo accounts' password; `communes` the path of the commune data file,
 * loaded first when no commune is known yet.
 */
int demo_seed(
    struct ctx *, const char *password, const char *communes, int *created);

#endif
