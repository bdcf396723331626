-- 0024 (issue 10 §3-4): the name keys of the person search. One row per
-- person and key: 't' a folded name token (birth name, used name, first
-- names, used first name), 'd' a one-deletion variant of a token of 5
-- letters or more (SymSpell), 'p' its French phonetic key. Written with
-- the identity (person_create, person_update), so a search is index probes
-- on (crt_id, kind, key), never an edit distance over all persons. Rows of
-- persons stored before this migration are filled by the server at start
-- (person_name_keys_backfill), as the keys are computed in C.
CREATE TABLE person_name_key (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	kind		TEXT NOT NULL CHECK (kind IN ('t', 'd', 'p')),
	key		TEXT NOT NULL,
	PRIMARY KEY (crt_id, kind, key, person_id)
) WITHOUT ROWID;
CREATE INDEX person_name_key_person ON person_name_key (person_id);
