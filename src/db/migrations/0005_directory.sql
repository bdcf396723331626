-- 0005: the shared directory (PRODUCT §4): partner organisations' details,
-- the professionals working in them, and the conventions signed with each.

ALTER TABLE org ADD COLUMN finess TEXT;
ALTER TABLE org ADD COLUMN address TEXT;
ALTER TABLE org ADD COLUMN commune_code TEXT REFERENCES commune(code);
ALTER TABLE org ADD COLUMN phone TEXT;
ALTER TABLE org ADD COLUMN email TEXT;
ALTER TABLE org ADD COLUMN mssante TEXT;
ALTER TABLE org ADD COLUMN archived BIGINT NOT NULL DEFAULT 0;
ALTER TABLE org ADD COLUMN updated_at TEXT;

CREATE TABLE professional (
	id		{{pk}},
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
	id		{{pk}},
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

ALTER TABLE org ADD COLUMN search_key TEXT;
