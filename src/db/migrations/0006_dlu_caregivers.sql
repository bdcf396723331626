-- 0006: the emergency liaison file (DLU, DOMAIN §5: HAS DLU-Dom 2021) and
-- the caregivers (aidants). The DLU is one row per person, reviewed at
-- least yearly; it belongs to the `soins` category so the on-call staff
-- and a break-the-glass grant can read it.

CREATE TABLE dlu (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	treatments	TEXT,
	allergies	TEXT,
	history		TEXT,
	directives	TEXT NOT NULL DEFAULT 'inconnu',
	directives_where TEXT,
	trusted_person	TEXT,
	people_to_call	TEXT,
	devices		TEXT,
	mobility	TEXT,
	communication	TEXT,
	cognition	TEXT,
	senses		TEXT,
	habits		TEXT,
	home_access	TEXT,
	reviewed_on	TEXT NOT NULL,
	reviewed_by	BIGINT NOT NULL REFERENCES app_user(id),
	updated_at	TEXT NOT NULL,
	PRIMARY KEY (person_id)
);

CREATE TABLE caregiver (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	name		TEXT NOT NULL,
	relation	TEXT NOT NULL,
	phone		TEXT,
	email		TEXT,
	lives_with	BIGINT NOT NULL DEFAULT 0,
	situation	TEXT NOT NULL DEFAULT 'present',
	trusted_person	BIGINT NOT NULL DEFAULT 0,
	note		TEXT,
	ended_on	TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX caregiver_person ON caregiver (crt_id, person_id);
