-- 0022 (issue 8 point 2, review): an account whose password was generated
-- at the approval of an administrator's request must change it before
-- anything else. While set, its sessions may only read the session, change
-- the password and log out. Cleared by the owner's own password change.
ALTER TABLE app_user ADD COLUMN must_change_pw BIGINT NOT NULL DEFAULT 0;
