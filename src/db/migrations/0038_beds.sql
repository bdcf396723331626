-- 0038: emergency temporary beds (issue 13, PRODUCT §6). A place (the
-- CRT's own or a partner EHPAD's from the directory) is booked for a
-- person for a stay; a place may be closed for an interval; an urgent
-- request refused for lack of a bed is recorded. Dates are local
-- calendar days "YYYY-MM-DD"; a stay occupies the nights from its start
-- (included) to its end (excluded), a closure its days from start to end
-- (both included). Rows are never deleted: a booking is cancelled.
CREATE TABLE bed (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	-- NULL: the CRT's own place; else the partner EHPAD of the directory
	org_id		BIGINT REFERENCES org(id),
	label		TEXT NOT NULL,
	kind		TEXT NOT NULL,
	-- the first day the place is open (before it: not counted)
	opened_on	TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id)
);
CREATE INDEX bed_crt ON bed (crt_id);

CREATE TABLE bed_closure (
	id		{{pk}},
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
	id		{{pk}},
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

-- An urgent request refused for lack of a free place: who asked, when,
-- why; the person when she is known.
CREATE TABLE bed_refusal (
	id		{{pk}},
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

-- The CRT's limits (one row per CRT; none: the defaults).
CREATE TABLE bed_settings (
	crt_id		BIGINT PRIMARY KEY REFERENCES crt(id),
	max_stay_days	BIGINT NOT NULL DEFAULT 30,
	max_year_days	BIGINT NOT NULL DEFAULT 90,
	hold_days	BIGINT NOT NULL DEFAULT 30,
	updated_at	TEXT NOT NULL,
	updated_by	BIGINT NOT NULL REFERENCES app_user(id)
);
