-- 0020: one INS is one person (issue 8 §15). Within a CRT, no two persons
-- hold the same INS matricule: checked by person_create/person_update with
-- the holder's id in the 409, and guaranteed here against concurrent
-- creates (several app servers on PostgreSQL). A database that already
-- holds two persons with one INS stops at this migration with a unique
-- violation naming person(crt_id, ins): the duplicates (flagged
-- `flag_duplicate` since 0004) must be resolved by hand first.

DROP INDEX person_crt_ins;
CREATE UNIQUE INDEX person_crt_ins_one ON person (crt_id, ins)
	WHERE ins IS NOT NULL;
