-- 0013: admission evaluations (PRODUCT §3 step 5): the home visit (who,
-- joint with which services, findings) and the medical evaluation by the
-- CRT doctor (with the GP when possible), attached to the referral.

CREATE TABLE admission_eval (
	id		{{pk}},
	crt_id		BIGINT NOT NULL REFERENCES crt(id),
	referral_id	BIGINT NOT NULL REFERENCES referral(id),
	kind		TEXT NOT NULL,
	done_on		TEXT NOT NULL,
	done_by		BIGINT NOT NULL REFERENCES app_user(id),
	joint_with	TEXT,
	with_gp		BIGINT NOT NULL DEFAULT 0,
	findings	TEXT NOT NULL,
	created_at	TEXT NOT NULL
);
CREATE INDEX admission_eval_referral ON admission_eval (crt_id, referral_id);
