-- 0009: documents attached to a record (contract, evaluations, letters):
-- PDF or images, stored in the database so that they are written in the
-- same transaction as their trace, included in every backup, and never
-- reached through a file path. Each belongs to a data category.

CREATE TABLE document (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	category	TEXT NOT NULL,
	title		TEXT NOT NULL,
	content_type	TEXT NOT NULL,
	size		BIGINT NOT NULL,
	sha256		TEXT NOT NULL,
	data		{{blob}} NOT NULL,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id)
);
CREATE INDEX document_person ON document (crt_id, person_id);
