-- 0033 belongs to the liaison notebook (issue 12, built on another branch
-- at the same time). This branch only holds its number so that 0035 can
-- be applied; the merge takes the notebook's own 0033_notes.sql instead
-- of this file (same name: git reports the conflict, the other side wins).
SELECT 1;
