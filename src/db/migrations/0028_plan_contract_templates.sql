-- 0028: action templates of the PPCS plan and the support contract
-- template (issue 10 point 10). Action templates, per area,
-- kept by the CRT's coordination and direction: picking one fills an
-- action (its text, area, domain, need, objective, frequency) and its
-- dates (start today, review after review_months).

CREATE TABLE plan_template (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	title		TEXT NOT NULL,
	area		TEXT NOT NULL,
	domain		TEXT NOT NULL,
	need		TEXT NOT NULL,
	objective	TEXT NOT NULL,
	action		TEXT NOT NULL,
	frequency	TEXT NOT NULL,
	review_months	BIGINT NOT NULL,
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL
);
CREATE INDEX plan_template_crt ON plan_template (crt_id, area);

-- The CRT's support contract template (text with {{placeholders}});
-- no row: the default French template of the product.
CREATE TABLE contract_template (
	crt_id		BIGINT PRIMARY KEY REFERENCES crt(id),
	body		TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	updated_by	BIGINT NOT NULL REFERENCES app_user(id)
);
