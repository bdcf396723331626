/*
 * The rest of the person record (PRODUCT §2): the usual professionals
 * from the directory (GP, private nurse, pharmacy) and the consent
 * information — `admin` data; legal protection, housing needs, technical
 * aids and the telealarm — `social` data.
 */
#ifndef DOMAIN_PROFILE_H
#define DOMAIN_PROFILE_H

#include <stdint.h>

#include "json/jv.h"

struct ctx;
struct access_grant;

extern const char *const profile_protection_codes[];
extern const char *const profile_protection_labels[];
extern const char *const profile_informed_to_codes[]; /* personne, ... */

struct profile_contact {
	int64_t id;
	const char *name;
	const char *org;
	const char *phone;
};

struct profile {
	struct profile_contact gp, nurse, pharmacy;
	const char *consent_informed_on;
	int64_t consent_informed_by;
	const char *consent_informed_by_name;
	const char *consent_informed_to;
	const char *consent_note;
	int social; /* the social part was readable */
	const char *legal_protection;
	const char *legal_representative;
	const char *housing_needs;
	const char *technical_aids;
	int telealarm;
	const char *telealarm_provider;
	const char *updated_at;
};

struct profile_in {
	struct jv_int gp_id;
	struct jv_int nurse_id;
	struct jv_int pharmacy_id;
	struct jv_str consent_informed_on;
	struct jv_str consent_informed_to;
	struct jv_str consent_note;
	struct jv_str legal_protection;
	struct jv_str legal_representative;
	struct jv_str housing_needs;
	struct jv_str technical_aids;
	struct jv_bool telealarm;
	struct jv_str telealarm_provider;
};

/* Categories an input touches (for access_require). */
unsigned profile_in_cats(const struct profile_in *);
/* Reads the profile (admin needed; the social part only if readable). */
int profile_get(struct ctx *, const struct access_grant *, struct profile *);
int profile_update(
    struct ctx *, const struct access_grant *, const struct profile_in *);

#endif
