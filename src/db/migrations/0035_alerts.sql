-- 0035: alerts (issue 12, coordination). An alert is raised on a person
-- by a user (a fall, undernutrition...) or by the product when a rule
-- becomes due (a visit not marked past its grace, a DLU to review...).
-- It is acknowledged, then closed with the action taken; a product alert
-- also closes itself when its cause is gone. Rows are never deleted.
CREATE TABLE alert (
	id		{{pk}},
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
-- At most one open alert per kind and cause: two checks racing (two
-- processes on one PostgreSQL) cannot both raise it.
CREATE UNIQUE INDEX alert_open_cause ON alert (crt_id, kind, cause_key)
    WHERE closed_at IS NULL AND cause_key IS NOT NULL;
CREATE INDEX alert_crt_open ON alert (crt_id, closed_at, kind);
CREATE INDEX alert_person ON alert (crt_id, person_id, raised_at);

-- The delay after which feedback owed to a referrer becomes an alert.
ALTER TABLE crt ADD COLUMN alert_feedback_days BIGINT NOT NULL DEFAULT 15;
