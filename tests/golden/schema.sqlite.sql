CREATE TABLE schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
CREATE TABLE crt (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	created_at	TEXT NOT NULL
, file_active_target BIGINT NOT NULL DEFAULT 30, aggir_valid_months BIGINT NOT NULL DEFAULT 12, oncall_phone TEXT, timezone TEXT NOT NULL DEFAULT 'Europe/Paris', departement TEXT, whit_monday_worked BIGINT NOT NULL DEFAULT 0, alert_feedback_days BIGINT NOT NULL DEFAULT 15, alarm_escalation_s BIGINT NOT NULL DEFAULT 120);
CREATE TABLE org (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	name		TEXT NOT NULL,
	type		TEXT NOT NULL,
	is_self		BIGINT NOT NULL DEFAULT 0,
	created_at	TEXT NOT NULL
, finess TEXT, address TEXT, commune_code TEXT REFERENCES commune(code), phone TEXT, email TEXT, mssante TEXT, archived BIGINT NOT NULL DEFAULT 0, updated_at TEXT, search_key TEXT);
CREATE INDEX org_crt ON org (crt_id, name);
CREATE TABLE app_user (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	org_id		BIGINT NOT NULL REFERENCES org(id),
	login		TEXT NOT NULL UNIQUE,
	display_name	TEXT NOT NULL,
	role		TEXT NOT NULL,
	profession	TEXT NOT NULL,
	pw_hash		TEXT NOT NULL,
	disabled	BIGINT NOT NULL DEFAULT 0,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
, must_change_pw BIGINT NOT NULL DEFAULT 0, person_id BIGINT REFERENCES person(id), proche_for TEXT, proche_relation TEXT);
CREATE INDEX app_user_crt ON app_user (crt_id, login);
CREATE TABLE session (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	token_hash	TEXT NOT NULL UNIQUE,
	csrf		TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	expires_at	TEXT NOT NULL,
	ip		TEXT NOT NULL
, last_seen TEXT NOT NULL DEFAULT '');
CREATE INDEX session_by_user ON session (user_id);
CREATE TABLE login_attempt (
	id		INTEGER PRIMARY KEY,
	login		TEXT NOT NULL,
	ip		TEXT NOT NULL,
	at		TEXT NOT NULL,
	ok		BIGINT NOT NULL
);
CREATE INDEX login_attempt_login ON login_attempt (login, at);
CREATE INDEX login_attempt_ip ON login_attempt (ip, at);
CREATE TABLE access_rule (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	profession	TEXT NOT NULL,
	category	TEXT NOT NULL,
	can_read	BIGINT NOT NULL,
	can_write	BIGINT NOT NULL,
	PRIMARY KEY (crt_id, profession, category)
);
CREATE TABLE person (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	birth_name	TEXT NOT NULL,
	first_names	TEXT NOT NULL,
	used_name	TEXT,
	used_first_name	TEXT,
	birth_date	TEXT NOT NULL,
	sex		TEXT NOT NULL,
	birthplace_insee TEXT,
	ins		TEXT,
	ins_oid		TEXT,
	identity_status	TEXT NOT NULL DEFAULT 'PROV',
	search_key	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
, address TEXT, commune_code TEXT REFERENCES commune(code), identity_status_at TEXT, identity_status_by BIGINT REFERENCES app_user(id), identity_document TEXT, flag_doubtful BIGINT NOT NULL DEFAULT 0, flag_fictitious BIGINT NOT NULL DEFAULT 0, flag_homonym BIGINT NOT NULL DEFAULT 0, flag_duplicate BIGINT NOT NULL DEFAULT 0, phone TEXT, birth_name_typed TEXT, first_names_typed TEXT);
CREATE INDEX person_crt_name ON person (crt_id, search_key);
CREATE INDEX person_crt_birth ON person (crt_id, birth_date);
CREATE TABLE person_data (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	category	TEXT NOT NULL,
	body		TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	updated_by	BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (person_id, category)
);
CREATE TABLE circle_member (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	user_id		BIGINT REFERENCES app_user(id),
	org_id		BIGINT REFERENCES org(id),
	role		TEXT NOT NULL,
	since		TEXT NOT NULL,
	until		TEXT,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	CHECK ((user_id IS NULL) <> (org_id IS NULL))
);
CREATE INDEX circle_person ON circle_member (person_id);
CREATE INDEX circle_user ON circle_member (user_id);
CREATE INDEX circle_org ON circle_member (org_id);
CREATE TABLE consent_objection (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	org_id		BIGINT REFERENCES org(id),
	category	TEXT,
	note		TEXT,
	since		TEXT NOT NULL,
	withdrawn_at	TEXT,
	created_by	BIGINT NOT NULL REFERENCES app_user(id), informed_on TEXT, informed_by TEXT,
	CHECK ((org_id IS NULL) <> (category IS NULL))
);
CREATE INDEX objection_person ON consent_objection (person_id);
CREATE TABLE breakglass (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	reason		TEXT NOT NULL,
	opened_at	TEXT NOT NULL,
	expires_at	TEXT NOT NULL
);
CREATE INDEX breakglass_user ON breakglass (user_id, person_id, expires_at);
CREATE TABLE trace (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	seq		BIGINT NOT NULL,
	at		TEXT NOT NULL,
	user_id		BIGINT,
	login		TEXT NOT NULL,
	role		TEXT NOT NULL,
	action		TEXT NOT NULL,
	person_id	BIGINT,
	categories	TEXT NOT NULL,
	grant_kind	TEXT NOT NULL,
	outcome		TEXT NOT NULL,
	request_id	TEXT NOT NULL,
	ip		TEXT NOT NULL,
	detail		TEXT NOT NULL,
	prev_hash	TEXT NOT NULL,
	hash		TEXT NOT NULL,
	UNIQUE (crt_id, seq)
);
CREATE INDEX trace_person ON trace (crt_id, person_id, seq);
CREATE TABLE trace_head (
	crt_id		BIGINT PRIMARY KEY REFERENCES crt(id),
	seq		BIGINT NOT NULL,
	hash		TEXT NOT NULL
);
CREATE TABLE aggir_eval (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	evaluated_on	TEXT NOT NULL,
	evaluator_id	BIGINT NOT NULL REFERENCES app_user(id),
	input_kind	TEXT NOT NULL,
	answers		TEXT NOT NULL,
	letters		TEXT NOT NULL,
	rank		BIGINT NOT NULL,
	gir		BIGINT NOT NULL,
	note		TEXT,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id)
);
CREATE INDEX aggir_eval_person ON aggir_eval (crt_id, person_id, evaluated_on);
CREATE TABLE commune (
	code		TEXT PRIMARY KEY,
	name		TEXT NOT NULL,
	search_key	TEXT NOT NULL,
	postal_codes	TEXT NOT NULL,
	departement	TEXT NOT NULL,
	population	BIGINT
);
CREATE INDEX commune_search ON commune (search_key);
CREATE INDEX commune_postal ON commune (postal_codes);
CREATE TABLE territory (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	commune_code	TEXT NOT NULL REFERENCES commune(code),
	volet1		BIGINT NOT NULL,
	volet2		BIGINT NOT NULL,
	travel_minutes	BIGINT,
	PRIMARY KEY (crt_id, commune_code)
);
CREATE TABLE professional (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	org_id		BIGINT NOT NULL REFERENCES org(id),
	last_name	TEXT NOT NULL,
	first_name	TEXT NOT NULL,
	profession	TEXT NOT NULL,
	rpps		TEXT,
	phone		TEXT,
	email		TEXT,
	mssante		TEXT,
	archived	BIGINT NOT NULL DEFAULT 0,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX professional_org ON professional (crt_id, org_id);
CREATE TABLE convention (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	org_id		BIGINT NOT NULL REFERENCES org(id),
	object		TEXT NOT NULL,
	signed_on	TEXT NOT NULL,
	duration_months	BIGINT NOT NULL,
	tacit_renewal	BIGINT NOT NULL,
	review_due	TEXT NOT NULL,
	ended_on	TEXT,
	note		TEXT,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX convention_org ON convention (crt_id, org_id);
CREATE INDEX convention_review ON convention (crt_id, review_due);
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
	id		INTEGER PRIMARY KEY,
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
CREATE TABLE document (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	category	TEXT NOT NULL,
	title		TEXT NOT NULL,
	content_type	TEXT NOT NULL,
	size		BIGINT NOT NULL,
	sha256		TEXT NOT NULL,
	data		BLOB NOT NULL,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id)
);
CREATE INDEX document_person ON document (crt_id, person_id);
CREATE TABLE exclusion_criterion (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	code		TEXT NOT NULL,
	label		TEXT NOT NULL,
	active		BIGINT NOT NULL DEFAULT 1,
	UNIQUE (crt_id, code)
);
CREATE TABLE person_exclusion (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	criterion_id	BIGINT NOT NULL REFERENCES exclusion_criterion(id),
	noted_on	TEXT NOT NULL,
	noted_by	BIGINT NOT NULL REFERENCES app_user(id),
	note		TEXT,
	PRIMARY KEY (person_id, criterion_id)
);
CREATE TABLE referral (
	id			INTEGER PRIMARY KEY,
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
, housing_unsuitable BIGINT NOT NULL DEFAULT 0, isolation BIGINT NOT NULL DEFAULT 0, waitlisted_at TEXT, dac_org_id BIGINT REFERENCES org(id), dac_taken BIGINT, dac_joint_eval_on TEXT, dac_answered_by BIGINT REFERENCES app_user(id));
CREATE INDEX referral_crt_status ON referral (crt_id, status, received_on);
CREATE INDEX referral_person ON referral (crt_id, person_id);
CREATE TABLE waitlist_share (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	org_id		BIGINT NOT NULL REFERENCES org(id),
	role		TEXT NOT NULL,
	PRIMARY KEY (crt_id, org_id)
);
CREATE TABLE admission_eval (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	referral_id	BIGINT NOT NULL REFERENCES referral(id),
	kind		TEXT NOT NULL,
	done_on		TEXT NOT NULL,
	done_by		BIGINT NOT NULL REFERENCES app_user(id),
	joint_with	TEXT,
	with_gp		BIGINT NOT NULL DEFAULT 0,
	findings	TEXT NOT NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX admission_eval_referral ON admission_eval (crt_id, referral_id);
CREATE TABLE committee (
	id		INTEGER PRIMARY KEY,
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
	id		INTEGER PRIMARY KEY,
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
	id			INTEGER PRIMARY KEY,
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
, exit_doctor_opinion TEXT, withdrawn_on TEXT, withdrawal_reason TEXT, withdrawn_by BIGINT REFERENCES app_user(id), withdrawn_at TEXT);
CREATE INDEX support_crt_status ON support (crt_id, status, person_id);
CREATE TABLE support_plan (
	id		INTEGER PRIMARY KEY,
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
	id		INTEGER PRIMARY KEY,
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
	id		INTEGER PRIMARY KEY,
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
CREATE INDEX support_case ON support (case_id);
CREATE INDEX support_absence_open ON support_absence (support_id, end_on);
CREATE INDEX plan_action_by_plan ON plan_action (plan_id);
CREATE INDEX committee_case_by_referral ON committee_case (referral_id);
CREATE TABLE account_request (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT REFERENCES app_user(id),	-- NULL: a creation
	login		TEXT NOT NULL,
	display_name	TEXT,
	role		TEXT,
	profession	TEXT,
	org_id		BIGINT REFERENCES org(id),
	disabled	BIGINT,			-- NULL: unchanged
	reset_password	BIGINT NOT NULL DEFAULT 0,
	requested_by	BIGINT NOT NULL REFERENCES app_user(id),
	requested_at	TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'pending',
	decided_by	BIGINT REFERENCES app_user(id),
	decided_at	TEXT
);
CREATE INDEX account_request_crt ON account_request (crt_id, status, id);
CREATE TABLE notice (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),	-- recipient
	kind		TEXT NOT NULL,
	text		TEXT NOT NULL,
	link		TEXT,
	created_at	TEXT NOT NULL,
	read_at		TEXT
);
CREATE INDEX notice_user ON notice (crt_id, user_id, id);
CREATE TABLE password_history (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	pw_hash		TEXT NOT NULL,
	replaced_at	TEXT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);
CREATE INDEX login_attempt_pair ON login_attempt (login, ip, at);
CREATE UNIQUE INDEX person_crt_ins_one ON person (crt_id, ins)
	WHERE ins IS NOT NULL;
CREATE UNIQUE INDEX support_open ON support (crt_id, person_id)
	WHERE status IN ('preparation', 'active');
CREATE TABLE access_rules_rev (
	crt_id		BIGINT PRIMARY KEY REFERENCES crt (id),
	rev		BIGINT NOT NULL
);
CREATE TABLE person_name_key (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	kind		TEXT NOT NULL CHECK (kind IN ('t', 'd', 'p')),
	key		TEXT NOT NULL,
	PRIMARY KEY (crt_id, kind, key, person_id)
) WITHOUT ROWID;
CREATE INDEX person_name_key_person ON person_name_key (person_id);
CREATE INDEX referral_dac_org ON referral (crt_id, dac_org_id);
CREATE TABLE plan_template (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	title		TEXT NOT NULL,
	area		TEXT NOT NULL,
	domain		TEXT NOT NULL,
	need		TEXT NOT NULL,
	objective	TEXT NOT NULL,
	action		TEXT NOT NULL,
	frequency	TEXT NOT NULL,
	review_months	BIGINT NOT NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX plan_template_crt ON plan_template (crt_id, area);
CREATE TABLE contract_template (
	crt_id		BIGINT PRIMARY KEY REFERENCES crt(id),
	body		TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	updated_by	BIGINT NOT NULL REFERENCES app_user(id)
);
CREATE TABLE visit_series (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	user_id		BIGINT REFERENCES app_user(id),
	org_id		BIGINT REFERENCES org(id),
	professional_id	BIGINT REFERENCES professional(id),
	kind		TEXT NOT NULL,
	action_id	BIGINT REFERENCES plan_action(id),
	starts_local	TEXT NOT NULL,
	duration_min	BIGINT NOT NULL,
	rrule		TEXT,
	exdates		TEXT,
	until_on	TEXT,
	holiday_policy	TEXT NOT NULL,
	critical	BIGINT NOT NULL DEFAULT 0,
	grace_min	BIGINT NOT NULL DEFAULT 15,
	note		TEXT,
	replaces_id	BIGINT REFERENCES visit_series(id),
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	updated_at	TEXT NOT NULL,
	updated_by	BIGINT NOT NULL REFERENCES app_user(id),
	ended_at	TEXT,
	ended_by	BIGINT REFERENCES app_user(id),
	CHECK ((user_id IS NULL) <> (org_id IS NULL))
);
CREATE INDEX visit_series_person ON visit_series (crt_id, person_id);
CREATE INDEX visit_series_user ON visit_series (crt_id, user_id);
CREATE INDEX visit_series_org ON visit_series (crt_id, org_id);
CREATE TABLE visit_mark (
	id			INTEGER PRIMARY KEY,
	crt_id			BIGINT NOT NULL REFERENCES crt(id),
	series_id		BIGINT NOT NULL REFERENCES visit_series(id),
	occ_key			TEXT NOT NULL,
	state			TEXT NOT NULL,
	arrived_at		TEXT,
	left_at			TEXT,
	how			TEXT,
	hand_reason		TEXT,
	reason_code		TEXT,
	reason_text		TEXT,
	moved_start		TEXT,
	moved_duration_min	BIGINT,
	marked_at		TEXT NOT NULL,
	marked_by		BIGINT NOT NULL REFERENCES app_user(id),
	replaces_id		BIGINT UNIQUE REFERENCES visit_mark(id)
);
CREATE INDEX visit_mark_occ ON visit_mark (crt_id, series_id, occ_key);
CREATE INDEX app_user_person ON app_user (crt_id, person_id);
CREATE TABLE proche_invitation (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	token_hash	TEXT NOT NULL UNIQUE,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	created_at	TEXT NOT NULL,
	expires_at	TEXT NOT NULL,
	used_at		TEXT,
	revoked_at	TEXT
);
CREATE INDEX proche_invitation_user ON proche_invitation (user_id);
CREATE TABLE person_visit_qr (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	token		TEXT NOT NULL UNIQUE,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (crt_id, person_id)
);
CREATE TABLE visit_scan (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	series_id	BIGINT NOT NULL REFERENCES visit_series(id),
	occ_key		TEXT NOT NULL,
	arrived_at	TEXT NOT NULL,
	left_at		TEXT,
	mark_id		BIGINT REFERENCES visit_mark(id)
);
CREATE INDEX visit_scan_occ ON visit_scan (crt_id, user_id, series_id, occ_key);
CREATE TABLE user_feed (
	user_id		BIGINT NOT NULL PRIMARY KEY REFERENCES app_user(id),
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	token_hash	TEXT NOT NULL UNIQUE,
	created_at	TEXT NOT NULL
);
CREATE TABLE note (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	category	TEXT NOT NULL,
	kind		TEXT NOT NULL,
	body		TEXT,
	target		TEXT,
	data		TEXT,
	actions		TEXT,
	results		TEXT,
	series_id	BIGINT REFERENCES visit_series(id),
	occ_key		TEXT,
	vigilance	BIGINT NOT NULL DEFAULT 0,
	corrects_id	BIGINT UNIQUE REFERENCES note(id),
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	CHECK ((series_id IS NULL) = (occ_key IS NULL))
);
CREATE INDEX note_person ON note (crt_id, person_id, created_at);
CREATE TABLE note_receipt (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	note_id		BIGINT NOT NULL REFERENCES note(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	read_at		TEXT NOT NULL,
	PRIMARY KEY (note_id, user_id)
);
CREATE INDEX note_receipt_user ON note_receipt (crt_id, user_id);
CREATE TABLE note_ack (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	note_id		BIGINT NOT NULL REFERENCES note(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	acked_at	TEXT NOT NULL,
	series_id	BIGINT REFERENCES visit_series(id),
	occ_key		TEXT,
	PRIMARY KEY (note_id, user_id)
);
CREATE TABLE event (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	type		TEXT NOT NULL,
	person_id	BIGINT,
	ref_id		BIGINT,
	user_id		BIGINT,
	at		TEXT NOT NULL
);
CREATE TABLE sqlite_sequence(name,seq);
CREATE INDEX event_at ON event (at);
CREATE TABLE event_window (
	id		INTEGER PRIMARY KEY,
	pruned_to	BIGINT NOT NULL
);
CREATE TABLE message (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT REFERENCES person(id),
	to_user_id	BIGINT REFERENCES app_user(id),
	author_id	BIGINT NOT NULL REFERENCES app_user(id),
	body		TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	withdrawn_at	TEXT,
	withdrawn_by	BIGINT REFERENCES app_user(id),
	CHECK ((person_id IS NULL) <> (to_user_id IS NULL))
);
CREATE INDEX message_person ON message (crt_id, person_id, id);
CREATE INDEX message_to ON message (crt_id, to_user_id, id);
CREATE INDEX message_author ON message (crt_id, author_id, id);
CREATE TABLE message_mention (
	message_id	BIGINT NOT NULL REFERENCES message(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (message_id, user_id)
);
CREATE TABLE alert (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	-- NULL for an alert about the CRT itself (a convention to review)
	person_id	BIGINT REFERENCES person(id),
	kind		TEXT NOT NULL,
	severity	TEXT NOT NULL,
	source		TEXT NOT NULL,
	-- product alerts: what raised it ("<kind>:<row>"), NULL for a user's
	cause_key	TEXT,
	-- the row the cause names (visit series, plan action, convention...)
	ref_id		BIGINT,
	detail		TEXT NOT NULL,
	-- who it goes to when raised: coordination (day) or oncall (night,
	-- weekends, holidays; the coordinators until the on-call issue)
	route		TEXT NOT NULL,
	due_at		TEXT,
	raised_at	TEXT NOT NULL,
	raised_by	BIGINT REFERENCES app_user(id),
	acked_at	TEXT,
	acked_by	BIGINT REFERENCES app_user(id),
	closed_at	TEXT,
	closed_by	BIGINT REFERENCES app_user(id),
	-- the action taken (a user), or what made the cause go (the product)
	close_action	TEXT
);
CREATE UNIQUE INDEX alert_open_cause ON alert (crt_id, kind, cause_key)
    WHERE closed_at IS NULL AND cause_key IS NOT NULL;
CREATE INDEX alert_crt_open ON alert (crt_id, closed_at, kind);
CREATE INDEX alert_person ON alert (crt_id, person_id, raised_at);
CREATE TABLE oncall_layer (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	-- day (Monday-Friday, not a holiday), night (every night),
	-- weekend (Saturday, Sunday), holiday (a public holiday)
	kind		TEXT NOT NULL,
	level		BIGINT NOT NULL,
	-- local wall clock "HH:MM"; an end at or before the start is the
	-- next day (a 20:00-08:00 night)
	start_hm	TEXT NOT NULL,
	end_hm		TEXT NOT NULL,
	-- the local date the first turn of the rotation begins, and each
	-- turn's length in days
	rotation_start	TEXT NOT NULL,
	turn_days	BIGINT NOT NULL DEFAULT 7,
	updated_at	TEXT NOT NULL,
	UNIQUE (crt_id, kind, level)
);
CREATE TABLE oncall_member (
	id		INTEGER PRIMARY KEY,
	layer_id	BIGINT NOT NULL REFERENCES oncall_layer(id),
	position	BIGINT NOT NULL,
	user_id		BIGINT REFERENCES app_user(id),
	org_id		BIGINT REFERENCES org(id),
	name		TEXT,
	phone		TEXT,
	UNIQUE (layer_id, position)
);
CREATE TABLE oncall_phone (
	user_id		BIGINT PRIMARY KEY REFERENCES app_user(id),
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	phone		TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE TABLE oncall_fixed (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	position	BIGINT NOT NULL,
	label		TEXT NOT NULL,
	phone		TEXT NOT NULL
);
CREATE TABLE oncall_override (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	level		BIGINT NOT NULL,
	starts_at	TEXT NOT NULL,
	ends_at		TEXT NOT NULL,
	user_id		BIGINT REFERENCES app_user(id),
	org_id		BIGINT REFERENCES org(id),
	name		TEXT,
	phone		TEXT,
	kind		TEXT NOT NULL,
	swap_of		BIGINT,
	reason		TEXT,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	created_at	TEXT NOT NULL,
	deleted_at	TEXT
);
CREATE INDEX oncall_override_crt ON oncall_override (crt_id, ends_at);
CREATE TABLE oncall_publication (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	published_at	TEXT NOT NULL,
	published_by	BIGINT NOT NULL REFERENCES app_user(id),
	gaps		BIGINT NOT NULL,
	reason		TEXT
);
CREATE TABLE oncall_roster (
	crt_id		BIGINT PRIMARY KEY REFERENCES crt(id),
	edited_at	TEXT NOT NULL,
	edited_by	BIGINT REFERENCES app_user(id)
);
CREATE TABLE alarm_operator (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	-- the X-Operator header's value, unique on the host
	code		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	-- the Standard Webhooks secret (HMAC-SHA256 key), never answered
	secret		TEXT NOT NULL,
	-- a missing heartbeat for this many minutes is a technical alert
	heartbeat_minutes BIGINT NOT NULL DEFAULT 15,
	last_heartbeat_at TEXT,
	-- last heartbeat + heartbeat_minutes: past it, the alert rule
	-- operator_silent is due (NULL until the first heartbeat)
	heartbeat_due_at TEXT,
	disabled	BIGINT NOT NULL DEFAULT 0,
	created_at	TEXT NOT NULL
, previous_secret TEXT, previous_until TEXT, secret_set_at TEXT);
CREATE INDEX alarm_operator_crt ON alarm_operator (crt_id);
CREATE TABLE alarm_subscriber (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	operator_id	BIGINT NOT NULL REFERENCES alarm_operator(id),
	subscriber_ref	TEXT NOT NULL,
	person_id	BIGINT NOT NULL REFERENCES person(id),
	updated_at	TEXT NOT NULL,
	updated_by	BIGINT REFERENCES app_user(id),
	PRIMARY KEY (operator_id, subscriber_ref)
);
CREATE INDEX alarm_subscriber_person ON alarm_subscriber (crt_id, person_id);
CREATE TABLE alarm_call (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	-- NULL: entered by hand (a caregiver's phone call)
	operator_id	BIGINT REFERENCES alarm_operator(id),
	correlation_key	TEXT,
	subscriber_ref	TEXT,
	-- NULL: unmatched (the subscriber is unknown), still shown
	person_id	BIGINT REFERENCES person(id),
	source		TEXT NOT NULL,
	state		TEXT NOT NULL,
	device_type	TEXT,
	status_code	TEXT,
	priority	TEXT NOT NULL,
	location	TEXT,
	occurred_at	TEXT,
	operator_received_at TEXT,
	sent_at		TEXT,
	spoke_with_person BIGINT,
	reached_network	BIGINT,
	reason		TEXT,
	callback_number	TEXT,
	received_at	TEXT NOT NULL,
	created_by	BIGINT REFERENCES app_user(id),
	taken_at	TEXT,
	taken_by	BIGINT REFERENCES app_user(id),
	outcome		TEXT,
	outcome_text	TEXT,
	closed_at	TEXT,
	closed_by	BIGINT REFERENCES app_user(id),
	cancelled_at	TEXT,
	-- the level the call is with (1, then 2, then 3) and since when
	level		BIGINT NOT NULL DEFAULT 1,
	escalate_at	TEXT,
	-- the next morning's note in the person's notebook: when it was
	-- written (or found impossible) and its note (NULL: not written)
	noted_at	TEXT,
	note_id		BIGINT
);
CREATE UNIQUE INDEX alarm_call_incident ON alarm_call
    (operator_id, correlation_key);
CREATE INDEX alarm_call_crt ON alarm_call (crt_id, received_at);
CREATE INDEX alarm_call_person ON alarm_call (crt_id, person_id);
CREATE TABLE alarm_message (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	operator_id	BIGINT NOT NULL REFERENCES alarm_operator(id),
	event_id	TEXT NOT NULL,
	-- BLAKE2b of the body: the same id with another body is refused
	body_hash	TEXT NOT NULL,
	action		TEXT NOT NULL,
	call_id		BIGINT REFERENCES alarm_call(id),
	received_at	TEXT NOT NULL,
	UNIQUE (operator_id, event_id)
);
CREATE TABLE alarm_step (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	call_id		BIGINT NOT NULL REFERENCES alarm_call(id),
	kind		TEXT NOT NULL,
	at		TEXT NOT NULL,
	-- NULL: the operator or Maillage (an escalation)
	by_user		BIGINT REFERENCES app_user(id),
	detail		TEXT
);
CREATE INDEX alarm_step_call ON alarm_step (call_id, id);
CREATE TABLE bed (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	-- NULL: the CRT's own place; else the partner EHPAD of the directory
	org_id		BIGINT REFERENCES org(id),
	label		TEXT NOT NULL,
	kind		TEXT NOT NULL,
	-- the first day the place is open (before it: not counted)
	opened_on	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id)
, retired_on TEXT);
CREATE INDEX bed_crt ON bed (crt_id);
CREATE TABLE bed_closure (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	bed_id		BIGINT NOT NULL REFERENCES bed(id),
	start_on	TEXT NOT NULL,
	end_on		TEXT NOT NULL,
	reason		TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id)
);
CREATE INDEX bed_closure_bed ON bed_closure (crt_id, bed_id, start_on);
CREATE TABLE bedstay (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	bed_id		BIGINT NOT NULL REFERENCES bed(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	-- booked, in_progress (arrived), ended, cancelled
	status		TEXT NOT NULL,
	reason		TEXT NOT NULL,
	start_on	TEXT NOT NULL,
	planned_end_on	TEXT NOT NULL,
	arrived_on	TEXT,
	ended_on	TEXT,
	note		TEXT,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	updated_at	TEXT NOT NULL
);
CREATE INDEX bedstay_bed ON bedstay (crt_id, bed_id, start_on);
CREATE INDEX bedstay_person ON bedstay (crt_id, person_id, start_on);
CREATE TABLE bed_refusal (
	id		INTEGER PRIMARY KEY,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT REFERENCES person(id),
	asked_by	TEXT NOT NULL,
	-- when the request came (ISO-8601 UTC)
	asked_at	TEXT NOT NULL,
	reason		TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id)
);
CREATE INDEX bed_refusal_crt ON bed_refusal (crt_id, asked_at);
CREATE TABLE bed_settings (
	crt_id		BIGINT PRIMARY KEY REFERENCES crt(id),
	max_stay_days	BIGINT NOT NULL DEFAULT 30,
	max_year_days	BIGINT NOT NULL DEFAULT 90,
	hold_days	BIGINT NOT NULL DEFAULT 30,
	updated_at	TEXT NOT NULL,
	updated_by	BIGINT NOT NULL REFERENCES app_user(id)
);
