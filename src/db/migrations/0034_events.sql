-- 0034: the event log of live updates (issue 12). A write that changes
-- what a screen shows appends one row in its own transaction; the server
-- publishes the rows to the open event streams after the commit, and a
-- stream that reconnects replays from here. Ids only: no name, no health
-- data (the page fetches what it shows under its own rights).
-- AUTOINCREMENT: an id is never reused, even once the window is pruned.
CREATE TABLE event (
	id		INTEGER PRIMARY KEY AUTOINCREMENT,
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	type		TEXT NOT NULL,
	person_id	BIGINT,
	ref_id		BIGINT,
	user_id		BIGINT,
	at		TEXT NOT NULL
);
CREATE INDEX event_at ON event (at);

-- The bounded window: the highest id pruned so far. A stream asking to
-- replay from below it has lost events and is told to reload (reset).
CREATE TABLE event_window (
	id		INTEGER PRIMARY KEY,
	pruned_to	BIGINT NOT NULL
);
INSERT INTO event_window (id, pruned_to) VALUES (1, 0);
