-- 0004: identity vigilance (DOMAIN §2): when and by whom the identity
-- status was set, which document was checked, and the identity flags.

ALTER TABLE person ADD COLUMN identity_status_at TEXT;
ALTER TABLE person ADD COLUMN identity_status_by BIGINT REFERENCES app_user(id);
ALTER TABLE person ADD COLUMN identity_document TEXT;
ALTER TABLE person ADD COLUMN flag_doubtful BIGINT NOT NULL DEFAULT 0;
ALTER TABLE person ADD COLUMN flag_fictitious BIGINT NOT NULL DEFAULT 0;
ALTER TABLE person ADD COLUMN flag_homonym BIGINT NOT NULL DEFAULT 0;
ALTER TABLE person ADD COLUMN flag_duplicate BIGINT NOT NULL DEFAULT 0;
