-- 0007: indexes for the duplicate check at creation (same birth date and
-- names, or same INS), which runs on the writer: it must not scan.

CREATE INDEX person_crt_ins ON person (crt_id, ins);
