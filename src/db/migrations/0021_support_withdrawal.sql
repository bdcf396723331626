-- 0021: a person who renounces before signing the support contract
-- (issue 8 point 16): the support in preparation ends as `renonce`, with
-- its date, its reason, who recorded it and when; it is not an exit (none
-- of the six DOMAIN §3 reasons, not counted among the exits). A withdrawn
-- support is closed: the one-open-support index now covers the open
-- statuses only, so a later admission starts a new support.

ALTER TABLE support ADD COLUMN withdrawn_on TEXT;
ALTER TABLE support ADD COLUMN withdrawal_reason TEXT;
ALTER TABLE support ADD COLUMN withdrawn_by BIGINT REFERENCES app_user(id);
ALTER TABLE support ADD COLUMN withdrawn_at TEXT;
DROP INDEX support_open;
CREATE UNIQUE INDEX support_open ON support (crt_id, person_id)
	WHERE status IN ('preparation', 'active');
