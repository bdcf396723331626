-- 0034 belongs to the live event bus (issue 12, built on another branch
-- at the same time). This branch only holds its number so that 0035 can
-- be applied; the merge takes the event bus's own 0034_events.sql instead
-- of this file (same name: git reports the conflict, the other side wins).
SELECT 1;
