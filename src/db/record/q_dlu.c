/* SQL for the DLU (emergency liaison file) and caregivers. */
#include <stddef.h>

#include "db/q.h"

#define DLU_COLS \
	"d.treatments, d.allergies, d.history, d.directives, " \
	"d.directives_where, d.trusted_person, d.people_to_call, d.devices, " \
	"d.mobility, d.communication, d.cognition, d.senses, d.habits, " \
	"d.home_access, d.reviewed_on, d.reviewed_by, u.display_name, " \
	"d.updated_at"
#define CG_COLS \
	"id, name, relation, phone, email, lives_with, situation, " \
	"trusted_person, note, ended_on, created_at, updated_at"

const struct q_def q_dlu_defs[] = {
	{ QN(Q_DLU_GET),
	    "SELECT " DLU_COLS " FROM dlu d JOIN app_user u ON "
	    "u.id = d.reviewed_by WHERE d.crt_id = ? AND d.person_id = ?",
	    NULL },
	{ QN(Q_DLU_UPSERT),
	    "INSERT INTO dlu (crt_id, person_id, treatments, allergies, history, "
	    "directives, directives_where, trusted_person, people_to_call, "
	    "devices, mobility, communication, cognition, senses, habits, "
	    "home_access, reviewed_on, reviewed_by, updated_at) VALUES (?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (person_id) DO UPDATE SET treatments = "
	    "excluded.treatments, allergies = excluded.allergies, history = "
	    "excluded.history, directives = excluded.directives, "
	    "directives_where = excluded.directives_where, trusted_person = "
	    "excluded.trusted_person, people_to_call = excluded.people_to_call, "
	    "devices = excluded.devices, mobility = excluded.mobility, "
	    "communication = excluded.communication, cognition = "
	    "excluded.cognition, senses = excluded.senses, habits = "
	    "excluded.habits, home_access = excluded.home_access, reviewed_on = "
	    "excluded.reviewed_on, reviewed_by = excluded.reviewed_by, "
	    "updated_at = excluded.updated_at",
	    NULL },
	{ QN(Q_CAREGIVER_LIST),
	    "SELECT " CG_COLS
	    " FROM caregiver WHERE crt_id = ? AND person_id = ? "
	    "ORDER BY (ended_on IS NOT NULL), trusted_person DESC, id",
	    NULL },
	{ QN(Q_CAREGIVER_INSERT),
	    "INSERT INTO caregiver (crt_id, person_id, name, relation, phone, "
	    "email, lives_with, situation, trusted_person, note, ended_on, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?) RETURNING id",
	    NULL },
	{ QN(Q_CAREGIVER_GET),
	    "SELECT " CG_COLS
	    " FROM caregiver WHERE crt_id = ? AND person_id = ? "
	    "AND id = ?",
	    NULL },
	{ QN(Q_CAREGIVER_UPDATE),
	    "UPDATE caregiver SET name = ?, relation = ?, phone = ?, email = ?, "
	    "lives_with = ?, situation = ?, trusted_person = ?, note = ?, "
	    "ended_on = ?, updated_at = ? WHERE crt_id = ? AND person_id = ? "
	    "AND id = ?",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
