-- 0003: the territory (PRODUCT §8). `commune` is national reference data
-- (INSEE code, name, postal codes, département) loaded from the npm
-- package @etalab/decoupage-administratif; it belongs to no CRT. What a
-- CRT covers, for volet 1 and volet 2, and its travel time, is per CRT.

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

ALTER TABLE person ADD COLUMN address TEXT;
ALTER TABLE person ADD COLUMN commune_code TEXT REFERENCES commune(code);
