-- 0032: QR pointage of visits (issue 11). A person's QR code, printed on
-- her DLU sheet at home, carries a random token; a team member's phone
-- that opens it marks her arrival, then her departure (the visit done,
-- « pointée avec le QR code »). Renewing the code replaces the token.
CREATE TABLE person_visit_qr (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	token		TEXT NOT NULL UNIQUE,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (crt_id, person_id)
);

-- One scan at the door: the arrival, then (second scan) the departure and
-- the marking it made. Kept as the trace of the pointage.
CREATE TABLE visit_scan (
	id		{{pk}},
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

-- The secret address of a team member's round as an iCalendar feed (a
-- phone's calendar subscribes to it): one per user, only the BLAKE2b
-- hash of its token kept; revoked by deleting the row, replaced by a new
-- one.
CREATE TABLE user_feed (
	user_id		BIGINT NOT NULL PRIMARY KEY REFERENCES app_user(id),
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	token_hash	TEXT NOT NULL UNIQUE,
	created_at	TEXT NOT NULL
);
