-- 0027: the DAC's own work (issue 10 point 7): the organisation a referral
-- is oriented to (the CRT's DAC in the directory), and the answer the
-- DAC's user types itself: taken or not, a joint evaluation proposed on a
-- date, who answered.

ALTER TABLE referral ADD COLUMN dac_org_id BIGINT REFERENCES org(id);
ALTER TABLE referral ADD COLUMN dac_taken BIGINT;
ALTER TABLE referral ADD COLUMN dac_joint_eval_on TEXT;
ALTER TABLE referral ADD COLUMN dac_answered_by BIGINT REFERENCES app_user(id);
CREATE INDEX referral_dac_org ON referral (crt_id, dac_org_id);
