-- 0023 is reserved for the person search key (issue 10 point 4, branch
-- i10-t2), written at the same time as 0024 (branch i10-t3). The migrator
-- refuses gaps, so this branch carries an empty 0023 to run its 0024; it
-- is deleted when the real 0023 is merged (a database is never migrated
-- from this branch alone outside tests).
SELECT 1;
