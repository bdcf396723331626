/* SQL for the person profile (usual professionals, consent, social). */
#include <stddef.h>

#include "db/q.h"

const struct q_def q_profile_defs[] = {
	{ QN(Q_PROFILE_GET),
	    "SELECT f.gp_id, g.last_name || ' ' || g.first_name, go.name, "
	    "go.phone, f.nurse_id, n.last_name || ' ' || n.first_name, no.name, "
	    "no.phone, f.pharmacy_id, ph.name, ph.phone, f.consent_informed_on, "
	    "f.consent_informed_by, u.display_name, f.consent_informed_to, "
	    "f.consent_note, f.legal_protection, f.legal_representative, "
	    "f.housing_needs, f.technical_aids, f.telealarm, "
	    "f.telealarm_provider, f.updated_at FROM person_profile f "
	    "LEFT JOIN professional g ON g.id = f.gp_id "
	    "LEFT JOIN org go ON go.id = g.org_id "
	    "LEFT JOIN professional n ON n.id = f.nurse_id "
	    "LEFT JOIN org no ON no.id = n.org_id "
	    "LEFT JOIN org ph ON ph.id = f.pharmacy_id "
	    "LEFT JOIN app_user u ON u.id = f.consent_informed_by "
	    "WHERE f.crt_id = ? AND f.person_id = ?",
	    NULL },
	{ QN(Q_PROFILE_UPSERT),
	    "INSERT INTO person_profile (crt_id, person_id, gp_id, nurse_id, "
	    "pharmacy_id, consent_informed_on, consent_informed_by, "
	    "consent_informed_to, consent_note, legal_protection, "
	    "legal_representative, housing_needs, technical_aids, telealarm, "
	    "telealarm_provider, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET "
	    "gp_id = excluded.gp_id, nurse_id = excluded.nurse_id, "
	    "pharmacy_id = excluded.pharmacy_id, consent_informed_on = "
	    "excluded.consent_informed_on, consent_informed_by = "
	    "excluded.consent_informed_by, consent_informed_to = "
	    "excluded.consent_informed_to, consent_note = excluded.consent_note, "
	    "legal_protection = excluded.legal_protection, "
	    "legal_representative = excluded.legal_representative, "
	    "housing_needs = excluded.housing_needs, technical_aids = "
	    "excluded.technical_aids, telealarm = excluded.telealarm, "
	    "telealarm_provider = excluded.telealarm_provider, updated_at = "
	    "excluded.updated_at",
	    NULL },
	{ QN(Q_PRO_BY_ID),
	    "SELECT p.id, o.type, p.archived FROM professional p JOIN org o "
	    "ON o.id = p.org_id WHERE p.crt_id = ? AND p.id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
