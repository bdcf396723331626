-- 0033: the liaison notebook (issue 12). A note on a person, written by
-- a member of her circle or the CRT's care team: a category (which gives
-- the data category the access decision checks), free text or a
-- « transmission ciblée » (target + data / actions / results, stored
-- apart), an optional visit occurrence (series + occurrence key, as
-- visit_mark names it) and the « à prendre en compte » (vigilance) flag.
-- Append-only: a note is never updated; a correction is a new note whose
-- corrects_id names the note it corrects (one correction per note: the
-- next one corrects the correction).
CREATE TABLE note (
	id		{{pk}},
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

-- Who has read a note on screen, and when (the first reading only).
CREATE TABLE note_receipt (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	note_id		BIGINT NOT NULL REFERENCES note(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	read_at		TEXT NOT NULL,
	PRIMARY KEY (note_id, user_id)
);
CREATE INDEX note_receipt_user ON note_receipt (crt_id, user_id);

-- The explicit « J'ai pris connaissance » of a vigilance note (distinct
-- from the receipt): who, when, and the visit she was starting if any.
CREATE TABLE note_ack (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	note_id		BIGINT NOT NULL REFERENCES note(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	acked_at	TEXT NOT NULL,
	series_id	BIGINT REFERENCES visit_series(id),
	occ_key		TEXT,
	PRIMARY KEY (note_id, user_id)
);
