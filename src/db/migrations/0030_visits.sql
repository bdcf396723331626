-- 0030: visits at home (issue 11, first slice). The CRT's calendar
-- settings (its time zone, its département for the public holidays,
-- whether Whit Monday is worked) and the visit series with their markings.
-- A series is expanded on reading (domain/calendar.c): occurrences are not
-- stored; an occurrence is named by its key, the UTC start of the rule's
-- own instance ('YYYY-MM-DDTHH:MM:SSZ'), before any holiday move.

ALTER TABLE crt ADD COLUMN timezone TEXT NOT NULL DEFAULT 'Europe/Paris';
ALTER TABLE crt ADD COLUMN departement TEXT;
ALTER TABLE crt ADD COLUMN whit_monday_worked BIGINT NOT NULL DEFAULT 0;

-- One series: who visits whom, when, how often. Changed or cancelled
-- from a date on: this row gets until_on (the day before) and a new row
-- carries the change, so the past and its markings stay as they were;
-- ended_at marks a series cancelled before its first day.
CREATE TABLE visit_series (
	id		{{pk}},
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

-- A marking of one occurrence: done (arrival, departure, how), not done
-- (a reason code) or moved (a new start). Never updated: a correction is
-- a new row whose replaces_id names the row it corrects; the current
-- marking of an occurrence is the one no row replaces.
CREATE TABLE visit_mark (
	id			{{pk}},
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
