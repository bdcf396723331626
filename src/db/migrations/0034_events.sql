-- 0034: the event log of live updates (issue 12). A write that changes
-- what a screen shows appends one row in its own transaction; the server
-- publishes the rows to the open event streams after the commit, and a
-- stream that reconnects replays from here. Ids only: no name, no health
-- data (the page fetches what it shows under its own rights).
-- Its id is never reused (serial), even once the window is pruned.
CREATE TABLE event (
	id		{{serial}},
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

-- Conversations (issue 12): one per person for her circle (person_id),
-- and direct messages between members of the team (to_user_id). Never
-- edited; a withdrawal keeps the row and says who withdrew it and when
-- (the text is no longer shown: « message retiré »).
CREATE TABLE message (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT REFERENCES person(id),
	to_user_id	BIGINT REFERENCES app_user(id),
	author_id	BIGINT NOT NULL REFERENCES app_user(id),
	body		TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	withdrawn_at	TEXT,
	withdrawn_by	BIGINT REFERENCES app_user(id),
	CHECK ((person_id IS NULL) <> (to_user_id IS NULL))
);
CREATE INDEX message_person ON message (crt_id, person_id, id);
CREATE INDEX message_to ON message (crt_id, to_user_id, id);
CREATE INDEX message_author ON message (crt_id, author_id, id);

-- The members a message mentions (« @login » in its text).
CREATE TABLE message_mention (
	message_id	BIGINT NOT NULL REFERENCES message(id),
	user_id		BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (message_id, user_id)
);
