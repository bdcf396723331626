-- 0002: AGGIR evaluations (DOMAIN §1). Each evaluation keeps its date,
-- evaluator, the answers as entered (ten letters, or the S/T/C/H answers
-- of every sub-variable, as JSON) and the computed letters, rank and GIR.

CREATE TABLE aggir_eval (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	person_id	BIGINT NOT NULL REFERENCES person(id),
	evaluated_on	TEXT NOT NULL,
	evaluator_id	BIGINT NOT NULL REFERENCES app_user(id),
	input_kind	TEXT NOT NULL,
	answers		TEXT NOT NULL,
	letters		TEXT NOT NULL,
	rank		BIGINT NOT NULL,
	gir		BIGINT NOT NULL,
	note		TEXT,
	created_at	TEXT NOT NULL,
	created_by	BIGINT NOT NULL REFERENCES app_user(id)
);
CREATE INDEX aggir_eval_person ON aggir_eval (crt_id, person_id, evaluated_on);
