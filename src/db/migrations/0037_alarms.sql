-- 0037: telealarm calls (issue 13, on-call context). The operators that
-- post alarms to POST /api/v1/alarms (Standard Webhooks signature with
-- their secret), the subscriber references that map an operator's
-- subscriber to a person, the calls (one per operator incident: the
-- correlation key; or entered by hand), every message received (its
-- event id is the idempotency key: the unique index decides), and the
-- dated, attributed steps of a call's handling. Rows are never deleted.
CREATE TABLE alarm_operator (
	id		{{pk}},
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
);
CREATE INDEX alarm_operator_crt ON alarm_operator (crt_id);

-- The operator's subscriber reference of a person (no INS on the wire).
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
	id		{{pk}},
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
-- One call per operator incident: an update or a cancel with the same
-- correlation key joins it, concurrent triggers insert one row (a call
-- entered by hand has no operator: NULLs are distinct).
CREATE UNIQUE INDEX alarm_call_incident ON alarm_call
    (operator_id, correlation_key);
CREATE INDEX alarm_call_crt ON alarm_call (crt_id, received_at);
CREATE INDEX alarm_call_person ON alarm_call (crt_id, person_id);

-- Every message an operator posted: the event id is the idempotency key
-- (a replay answers the same, one row whatever the concurrency).
CREATE TABLE alarm_message (
	id		{{pk}},
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

-- The handling of a call, step by step, each dated and attributed.
CREATE TABLE alarm_step (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	call_id		BIGINT NOT NULL REFERENCES alarm_call(id),
	kind		TEXT NOT NULL,
	at		TEXT NOT NULL,
	-- NULL: the operator or Maillage (an escalation)
	by_user		BIGINT REFERENCES app_user(id),
	detail		TEXT
);
CREATE INDEX alarm_step_call ON alarm_step (call_id, id);

-- How long a call may wait before it goes to the next level (seconds).
ALTER TABLE crt ADD COLUMN alarm_escalation_s BIGINT NOT NULL DEFAULT 120;
