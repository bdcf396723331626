-- 0008: the rest of the record (PRODUCT §2): usual professionals from the
-- directory (GP, private nurse, pharmacy) and the consent information
-- (admin category); legal protection, housing, technical aids and the
-- telealarm (social category). One row per person.

CREATE TABLE person_profile (
	crt_id			BIGINT NOT NULL REFERENCES crt(id),
	person_id		BIGINT NOT NULL REFERENCES person(id),
	gp_id			BIGINT REFERENCES professional(id),
	nurse_id		BIGINT REFERENCES professional(id),
	pharmacy_id		BIGINT REFERENCES org(id),
	consent_informed_on	TEXT,
	consent_informed_by	BIGINT REFERENCES app_user(id),
	consent_informed_to	TEXT,
	consent_note		TEXT,
	legal_protection	TEXT NOT NULL DEFAULT 'aucune',
	legal_representative	TEXT,
	housing_needs		TEXT,
	technical_aids		TEXT,
	telealarm		BIGINT NOT NULL DEFAULT 0,
	telealarm_provider	TEXT,
	updated_at		TEXT NOT NULL,
	PRIMARY KEY (person_id)
);
