-- 0011: referrals (signalements / demandes, PRODUCT §3 steps 1-2) and the
-- triage with the DAC (seed 002 fiche réflexe): orientation with who, when
-- and why, the DAC's answer, and the feedback owed to the referrer.

CREATE TABLE referral (
	id			{{pk}},
	crt_id			BIGINT NOT NULL REFERENCES crt(id),
	person_id		BIGINT NOT NULL REFERENCES person(id),
	source			TEXT NOT NULL,
	channel			TEXT NOT NULL,
	reason			TEXT NOT NULL,
	requested_volet		BIGINT NOT NULL,
	urgent			BIGINT NOT NULL DEFAULT 0,
	hospital_doctor		TEXT,
	referrer_name		TEXT NOT NULL,
	referrer_contact	TEXT,
	referrer_org_id		BIGINT REFERENCES org(id),
	received_on		TEXT NOT NULL,
	status			TEXT NOT NULL,
	complex			BIGINT NOT NULL DEFAULT 0,
	dac_oriented_at		TEXT,
	dac_oriented_by		BIGINT REFERENCES app_user(id),
	dac_reason		TEXT,
	dac_answer		TEXT,
	dac_answered_at		TEXT,
	feedback_given_at	TEXT,
	feedback_by		BIGINT REFERENCES app_user(id),
	feedback_note		TEXT,
	created_at		TEXT NOT NULL,
	created_by		BIGINT NOT NULL REFERENCES app_user(id),
	updated_at		TEXT NOT NULL
);
CREATE INDEX referral_crt_status ON referral (crt_id, status, received_on);
CREATE INDEX referral_person ON referral (crt_id, person_id);
