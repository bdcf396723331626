-- Issue 10 point 6: the CRT's on-call telephone number, printed on every
-- DLU for the emergency services (HAS DLU-Dom: whom to call about the
-- person at night). Edited in the CRT settings by the coordination and
-- the direction; NULL until set.
ALTER TABLE crt ADD COLUMN oncall_phone TEXT;
