-- 0010: volet-2 eligibility (DOMAIN §3). The exclusion criteria are the
-- CRT's own (data it edits); which of them apply to a person is recorded
-- with the date and who noted it.

CREATE TABLE exclusion_criterion (
	id		{{pk}},
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
