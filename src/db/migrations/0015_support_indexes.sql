-- 0015: indexes for the volet-2 views (measured with bench/volet2.mjs):
-- the per-support subqueries (plan version, ongoing absences), the case
-- of a support, a referral's cases and the decisions of a period.

CREATE INDEX support_case ON support (case_id);
CREATE INDEX support_absence_open ON support_absence (support_id, end_on);
CREATE INDEX plan_action_by_plan ON plan_action (plan_id);
CREATE INDEX committee_case_by_referral ON committee_case (referral_id);
CREATE INDEX committee_case_decided ON committee_case (crt_id, decided_at);
