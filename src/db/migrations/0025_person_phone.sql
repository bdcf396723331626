-- 0025 (issue 10 points 1 and 2): the person's phone (shown on the record,
-- edited by PATCH /persons/{id} within the admin category), and for each
-- consent objection the day the person expressed it and who informed her
-- of her right to object (PRODUCT §1 consent), both free text kept as
-- typed by the user who records the objection.
ALTER TABLE person ADD COLUMN phone TEXT;
ALTER TABLE consent_objection ADD COLUMN informed_on TEXT;
ALTER TABLE consent_objection ADD COLUMN informed_by TEXT;
