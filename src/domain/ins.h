/*
 * INS — Identifiant National de Santé (DOMAIN §2): matricule (NIR/NIA)
 * syntax and key, OIDs, identity statuses.
 */
#ifndef DOMAIN_INS_H
#define DOMAIN_INS_H

#define INS_OID_NIR	"1.2.250.1.213.1.4.8"
#define INS_OID_NIA	"1.2.250.1.213.1.4.9"
#define INS_OID_TEST	"1.2.250.1.213.1.4.10"
#define INS_OID_DEMO	"1.2.250.1.213.1.4.11"

extern const char *const ins_status_codes[];	/* PROV RECUP VALI QUAL */
extern const char *const ins_oid_codes[];

/* 1 when s is a 15-character matricule whose key is right (2A/2B ok). */
int	 ins_valid(const char *s);
/* The 2-digit key for the first 13 characters; -1 if malformed. */
int	 ins_key(const char *s13);

#endif
