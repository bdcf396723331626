-- 0023 (issue 9 §5): a revision of each CRT's access matrix, raised in the
-- transaction that changes a rule. The session lookup reads it with the
-- session, so a server process may keep the matrix in memory and still
-- see every change (its own or another process's) at the next request.
-- Written only by src/access (with access_rule); no row means revision 0.
CREATE TABLE access_rules_rev (
	crt_id		BIGINT PRIMARY KEY REFERENCES crt (id),
	rev		BIGINT NOT NULL
);
