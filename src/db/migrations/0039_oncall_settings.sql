-- 0039: what was left of the on-call service's settings (issue 13).
-- A telealarm operator's secret can be rotated: the previous one stays
-- valid until previous_until (the rotation + 24 h), so that the operator
-- switches without losing a call (Standard Webhooks allows several
-- signatures); secret_set_at dates the current one. An emergency bed
-- place can be renamed and retired: retired_on is the first day it is no
-- longer offered for new bookings (its stays, closures and statistics
-- are kept; NULL: in service).
ALTER TABLE alarm_operator ADD COLUMN previous_secret TEXT;
ALTER TABLE alarm_operator ADD COLUMN previous_until TEXT;
ALTER TABLE alarm_operator ADD COLUMN secret_set_at TEXT;
ALTER TABLE bed ADD COLUMN retired_on TEXT;
