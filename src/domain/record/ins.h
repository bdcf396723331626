/*
 * INS — Identifiant National de Santé (DOMAIN §2): matricule (NIR/NIA)
 * syntax and key, OIDs, identity statuses.
 */
#ifndef DOMAIN_INS_H
#define DOMAIN_INS_H

#define INS_OID_NIR "1.2.250.1.213.1.4.8"
#define INS_OID_NIA "1.2.250.1.213.1.4.9"
#define INS_OID_TEST "1.2.250.1.213.1.4.10"
#define INS_OID_DEMO "1.2.250.1.213.1.4.11"

extern const char *const ins_status_codes[]; /* PROV RECUP VALI QUAL */
extern const char *const ins_oid_codes[];

/* 1 when s is a 15-character matricule whose key is right (2A/2B ok). */
int ins_valid(const char *s);
/* The 2-digit key for the first 13 characters; -1 if malformed. */
int ins_key(const char *s13);

/* 1 when s has the form of an INSEE birthplace code: département 01-95,
 * 2A, 2B + commune 001-999, 971-976 + 01-99, or 99 + country 001-999. */
int ins_birthplace_form(const char *s);
/* Checks the traits a NIR encodes against the identity: returns NULL
 * when they agree, else the field that disagrees ("sex", "birth_date",
 * "birthplace_insee"). sex "M"/"F" (others not checked), birth_date
 * "YYYY-MM-DD" (INSEE's unknown months 20, 30-42, 50-99 match any),
 * birthplace may be NULL; its département is compared (three digits
 * overseas), with the codes of the birth year accepted: Corsica "20"
 * before 1976, 91-96 (North Africa) for 99xxx and 75/78 for 91-95
 * before 1968. */
const char *ins_trait_mismatch(const char *ins, const char *sex,
    const char *birth_date, const char *birthplace);

#endif
