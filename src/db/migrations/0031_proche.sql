-- 0031 (issue 11): the `proche` account — the person herself or one of
-- her caregivers, read-only, bound to that one person (person_id), who
-- sees her planning and nothing else. proche_for says for whom
-- ('personne': the person herself; 'aidant': a caregiver, with the
-- relation as the record names it). NULL for every other account.
ALTER TABLE app_user ADD COLUMN person_id BIGINT REFERENCES person(id);
ALTER TABLE app_user ADD COLUMN proche_for TEXT;
ALTER TABLE app_user ADD COLUMN proche_relation TEXT;
CREATE INDEX app_user_person ON app_user (crt_id, person_id);

-- The invitation link that lets a proche choose her password: a random
-- token of which only the BLAKE2b hash is kept, valid 7 days, used once;
-- revoked by a new link or by the revocation of the account.
CREATE TABLE proche_invitation (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	token_hash	TEXT NOT NULL UNIQUE,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	created_at	TEXT NOT NULL,
	expires_at	TEXT NOT NULL,
	used_at		TEXT,
	revoked_at	TEXT
);
CREATE INDEX proche_invitation_user ON proche_invitation (user_id);
