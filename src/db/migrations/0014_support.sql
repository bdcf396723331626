-- 0014: from the admission committee to the exit (PRODUCT §3 steps 6-10,
-- DOMAIN §3-4): committees with their members and cases (the team's
-- opinion, the coordinator's decision), the support episode with its
-- contract and exit, the versioned PPCS plan and its actions, and the
-- hospitalisations and absences during the support.

ALTER TABLE crt ADD COLUMN aggir_valid_months BIGINT NOT NULL DEFAULT 12;

CREATE TABLE committee (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	held_on		TEXT NOT NULL,
	guests		TEXT,
	note		TEXT,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id)
);
CREATE INDEX committee_crt ON committee (crt_id, held_on);

CREATE TABLE committee_member (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	committee_id	BIGINT NOT NULL REFERENCES committee(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (committee_id, user_id)
);

CREATE TABLE committee_case (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	committee_id	BIGINT NOT NULL REFERENCES committee(id),
	referral_id	BIGINT NOT NULL REFERENCES referral(id),
	added_at	TEXT NOT NULL,
	added_by	BIGINT NOT NULL REFERENCES app_user(id),
	team_opinion	TEXT,
	opinion_at	TEXT,
	opinion_by	BIGINT REFERENCES app_user(id),
	decision	TEXT,
	refusal_reason	TEXT,
	decision_note	TEXT,
	oriented_to	TEXT,
	oriented_org_id	BIGINT REFERENCES org(id),
	eligible	BIGINT,
	override_reason	TEXT,
	decided_at	TEXT,
	decided_by	BIGINT REFERENCES app_user(id),
	UNIQUE (committee_id, referral_id)
);
CREATE INDEX committee_case_referral ON committee_case (crt_id, referral_id);

CREATE TABLE support (
	id			{{pk}},
	crt_id			BIGINT NOT NULL REFERENCES crt(id),
	person_id		BIGINT NOT NULL REFERENCES person(id),
	referral_id		BIGINT NOT NULL REFERENCES referral(id),
	case_id			BIGINT NOT NULL REFERENCES committee_case(id),
	status			TEXT NOT NULL,
	decided_on		TEXT NOT NULL,
	started_on		TEXT,
	contract_signed_on	TEXT,
	contract_signed_by	TEXT,
	contract_signer		TEXT,
	contract_document_id	BIGINT REFERENCES document(id),
	contract_by		BIGINT REFERENCES app_user(id),
	contract_at		TEXT,
	exit_reason		TEXT,
	exit_on			TEXT,
	exit_decision		TEXT,
	relay_org_id		BIGINT REFERENCES org(id),
	relay_name		TEXT,
	relay_informed_on	TEXT,
	exit_by			BIGINT REFERENCES app_user(id),
	exit_at			TEXT,
	created_at		TEXT NOT NULL,
	updated_at		TEXT NOT NULL
);
CREATE INDEX support_crt_status ON support (crt_id, status, person_id);
-- One open support per person; a re-admission starts a new one.
CREATE UNIQUE INDEX support_open ON support (crt_id, person_id)
	WHERE status <> 'sortie';

CREATE TABLE support_plan (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	support_id	BIGINT NOT NULL REFERENCES support(id),
	version		BIGINT NOT NULL,
	referent_id	BIGINT NOT NULL REFERENCES app_user(id),
	problems	TEXT NOT NULL,
	project		TEXT NOT NULL,
	unmet		TEXT,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	UNIQUE (support_id, version)
);

CREATE TABLE plan_action (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	plan_id		BIGINT NOT NULL REFERENCES support_plan(id),
	position	BIGINT NOT NULL,
	area		TEXT NOT NULL,
	domain		TEXT NOT NULL,
	need		TEXT NOT NULL,
	objective	TEXT NOT NULL,
	action		TEXT NOT NULL,
	who_user_id	BIGINT REFERENCES app_user(id),
	who_org_id	BIGINT REFERENCES org(id),
	frequency	TEXT NOT NULL,
	start_on	TEXT NOT NULL,
	due_on		TEXT,
	review_on	TEXT NOT NULL,
	status		TEXT NOT NULL,
	status_reason	TEXT
);
CREATE INDEX plan_action_plan ON plan_action (crt_id, plan_id, position);

CREATE TABLE support_absence (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	support_id	BIGINT NOT NULL REFERENCES support(id),
	kind		TEXT NOT NULL,
	start_on	TEXT NOT NULL,
	end_on		TEXT,
	place		TEXT NOT NULL,
	note		TEXT,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	updated_at	TEXT NOT NULL
);
CREATE INDEX support_absence_support ON support_absence (crt_id, support_id);
