-- 0024 (issue 10 §3-4), PostgreSQL: as 0024_person_name_key.sql, the key
-- compared bytewise (COLLATE "C") so that the prefix range of the search
-- (key >= 'rous' AND key < 'rous' || U+10FFFF) uses the primary key index
-- whatever the database's collation.
CREATE TABLE person_name_key (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	kind		TEXT NOT NULL CHECK (kind IN ('t', 'd', 'p')),
	key		TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (crt_id, kind, key, person_id)
);
CREATE INDEX person_name_key_person ON person_name_key (person_id);
