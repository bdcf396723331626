-- 0019 (issue 8): notices, password history, idle sessions.
--
-- notice: a short French message for one user, shown on their home page
-- until read (account requests made, approved or refused; repeated login
-- failures). Written in the transaction of the event it tells about.
-- Generic on purpose (kind + text + link) so alerts can reuse it.
CREATE TABLE notice (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),	-- recipient
	kind		TEXT NOT NULL,
	text		TEXT NOT NULL,
	link		TEXT,
	created_at	TEXT NOT NULL,
	read_at		TEXT
);
CREATE INDEX notice_user ON notice (crt_id, user_id, id);

-- The Argon2id hashes an account had before its current one (the newest
-- few are kept), so a password change cannot go back to one of them.
CREATE TABLE password_history (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	pw_hash		TEXT NOT NULL,
	replaced_at	TEXT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);

-- Idle timeout: the last request of a session (updated at most once a
-- minute). Open sessions start from their creation.
ALTER TABLE session ADD COLUMN last_seen TEXT NOT NULL DEFAULT '';
UPDATE session SET last_seen = created_at;

-- Throttling per (login, address).
CREATE INDEX login_attempt_pair ON login_attempt (login, ip, at);
