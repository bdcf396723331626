-- 0017: the delays are counted by the committee's date (committee.held_on,
-- already indexed), no longer by when the decision was typed in: the index
-- 0015 added on committee_case.decided_at serves nothing.

DROP INDEX committee_case_decided;
