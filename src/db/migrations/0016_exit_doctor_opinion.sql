-- 0016: the doctor's opinion recorded with an exit for criteria no longer
-- met when the reason is health-related (PRODUCT §3 step 10, seed 001).

ALTER TABLE support ADD COLUMN exit_doctor_opinion TEXT;
