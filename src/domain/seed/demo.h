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

/*
 * Seeds the demo on ctx->db inside the caller's transaction. Idempotent:
 * an existing demo CRT is left as it is (*created = 0). `password` is the
 * demo accounts' password; `communes` the path of the commune data file,
 * loaded first when no commune is known yet.
 */
int demo_seed(
    struct ctx *, const char *password, const char *communes, int *created);

#endif
