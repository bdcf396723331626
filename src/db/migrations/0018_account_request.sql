-- 0018: the technical administrator has no access to records (PRODUCT §1):
-- creating or re-enabling an account that reads care data, changing its
-- role, profession or organisation, or resetting its password is a request
-- that the direction or the coordination approves (or refuses). The
-- approver is never the requester; the new password is generated at the
-- approval and shown to the approver only.

CREATE TABLE account_request (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	user_id		BIGINT REFERENCES app_user(id),	-- NULL: a creation
	login		TEXT NOT NULL,
	display_name	TEXT,
	role		TEXT,
	profession	TEXT,
	org_id		BIGINT REFERENCES org(id),
	disabled	BIGINT,			-- NULL: unchanged
	reset_password	BIGINT NOT NULL DEFAULT 0,
	requested_by	BIGINT NOT NULL REFERENCES app_user(id),
	requested_at	TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'pending',
	decided_by	BIGINT REFERENCES app_user(id),
	decided_at	TEXT
);
CREATE INDEX account_request_crt ON account_request (crt_id, status, id);
