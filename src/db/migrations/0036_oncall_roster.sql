-- 0036: the on-call roster (issue 13, PRODUCT §5, DOMAIN §9). Layers
-- (weekday day, night, weekend day, public holiday day) with local
-- wall-clock times in the CRT's zone, each a rotation of people at one
-- level (1: AS/ASG or home aide, 2: a nurse or doctor of the team or a
-- partner's pooled night nurse); overrides and swaps over an interval;
-- level 3's fixed numbers; the on-call phones of the team; publications.
CREATE TABLE oncall_layer (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	-- day (Monday-Friday, not a holiday), night (every night),
	-- weekend (Saturday, Sunday), holiday (a public holiday)
	kind		TEXT NOT NULL,
	level		BIGINT NOT NULL,
	-- local wall clock "HH:MM"; an end at or before the start is the
	-- next day (a 20:00-08:00 night)
	start_hm	TEXT NOT NULL,
	end_hm		TEXT NOT NULL,
	-- the local date the first turn of the rotation begins, and each
	-- turn's length in days
	rotation_start	TEXT NOT NULL,
	turn_days	BIGINT NOT NULL DEFAULT 7,
	updated_at	TEXT NOT NULL,
	UNIQUE (crt_id, kind, level)
);
-- A turn of a layer's rotation: a team member (user_id) or a partner
-- organisation's pooled night nurse (org_id, her name and line).
CREATE TABLE oncall_member (
	id		{{pk}},
	layer_id	BIGINT NOT NULL REFERENCES oncall_layer(id),
	position	BIGINT NOT NULL,
	user_id		BIGINT REFERENCES app_user(id),
	org_id		BIGINT REFERENCES org(id),
	name		TEXT,
	phone		TEXT,
	UNIQUE (layer_id, position)
);
-- The on-call phone of a team member (a slot needs one).
CREATE TABLE oncall_phone (
	user_id		BIGINT PRIMARY KEY REFERENCES app_user(id),
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	phone		TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
-- Level 3: the doctor, centre 15 (fixed numbers, in order).
CREATE TABLE oncall_fixed (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	position	BIGINT NOT NULL,
	label		TEXT NOT NULL,
	phone		TEXT NOT NULL
);
-- Someone replaces the rotation at a level over [starts_at, ends_at)
-- (UTC); a swap is two overrides crossed (swap_of: the other one); a
-- vacancy names nobody (a leave not yet replaced: a gap).
CREATE TABLE oncall_override (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	level		BIGINT NOT NULL,
	starts_at	TEXT NOT NULL,
	ends_at		TEXT NOT NULL,
	user_id		BIGINT REFERENCES app_user(id),
	org_id		BIGINT REFERENCES org(id),
	name		TEXT,
	phone		TEXT,
	kind		TEXT NOT NULL,
	swap_of		BIGINT,
	reason		TEXT,
	created_by	BIGINT NOT NULL REFERENCES app_user(id),
	created_at	TEXT NOT NULL,
	deleted_at	TEXT
);
CREATE INDEX oncall_override_crt ON oncall_override (crt_id, ends_at);
-- Each publication: the gaps of the next 30 days then, and the written
-- reason when there were any. The roster is a draft again after an edit
-- (oncall_roster.edited_at later than the last publication).
CREATE TABLE oncall_publication (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	published_at	TEXT NOT NULL,
	published_by	BIGINT NOT NULL REFERENCES app_user(id),
	gaps		BIGINT NOT NULL,
	reason		TEXT
);
CREATE TABLE oncall_roster (
	crt_id		BIGINT PRIMARY KEY REFERENCES crt(id),
	edited_at	TEXT NOT NULL,
	edited_by	BIGINT REFERENCES app_user(id)
);
