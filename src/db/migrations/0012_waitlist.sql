-- 0012: the shared waiting list (PRODUCT §3 step 4, seed 004 priorities):
-- priority flags recorded on the referral (the others are derived), the
-- partner organisations it is shared with and their role in evaluations,
-- and the CRT's file-active target.

ALTER TABLE referral ADD COLUMN housing_unsuitable BIGINT NOT NULL DEFAULT 0;
ALTER TABLE referral ADD COLUMN isolation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE referral ADD COLUMN waitlisted_at TEXT;
ALTER TABLE crt ADD COLUMN file_active_target BIGINT NOT NULL DEFAULT 30;

CREATE TABLE waitlist_share (
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	org_id		BIGINT NOT NULL REFERENCES org(id),
	role		TEXT NOT NULL,
	PRIMARY KEY (crt_id, org_id)
);
