/*
 * Unit tests: domain/oncall/alarm_sig — the Standard Webhooks 1.0
 * signature of the telealarm operators (the specification's own test
 * vector, the timestamp window, several signatures, other versions
 * ignored, a text secret) — and domain/oncall/alarm — the validation of a
 * message's body (what each action needs, SCAIP codes, UTC instants, the
 * event id equal to webhook-id). SPEC: issue 13 « Telealarm calls ».
 */
#include "t.h"

#include <string.h>

#include "base/ctx.h"
#include "domain/oncall/alarm.h"
#include "domain/oncall/alarm_sig.h"

/* Standard Webhooks' reference vector (standard-webhooks, spec tests). */
#define V_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define V_ID "msg_p5jXN8AQM9LWM0D4loKWxJek"
#define V_TS "1614265330"
#define V_BODY "{\"test\": 2432232314}"
#define V_SIG "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

static int
check(const char *secret, const char *sigs, const char *body, int64_t now)
{
	return alarm_sig_check(
	    secret, V_ID, V_TS, sigs, body, strlen(body), now);
}

static void
reference_vector(void **state)
{
	char sig[ALARM_SIG_MAX];

	(void)state;
	alarm_sig_make(V_SECRET, V_ID, V_TS, V_BODY, strlen(V_BODY), sig);
	assert_string_equal(sig, V_SIG);
	assert_int_equal(
	    check(V_SECRET, V_SIG, V_BODY, 1614265330), ALARM_SIG_OK);
	/* Another body, another secret, a truncated signature. */
	assert_int_equal(
	    check(V_SECRET, V_SIG, "{\"test\": 2432232315}", 1614265330),
	    ALARM_SIG_MISMATCH);
	assert_int_equal(check("whsec_AAAA"
			       "MfKQ9r8GKYqrTwjUPD8ILPZIo2La",
			     V_SIG, V_BODY, 1614265330),
	    ALARM_SIG_MISMATCH);
	assert_int_equal(
	    check(V_SECRET, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O",
		V_BODY, 1614265330),
	    ALARM_SIG_MISMATCH);
}

static void
timestamp_window(void **state)
{
	int64_t t = 1614265330;

	(void)state;
	/* 5 minutes either way are accepted, one second more is not. */
	assert_int_equal(check(V_SECRET, V_SIG, V_BODY, t + 300), ALARM_SIG_OK);
	assert_int_equal(check(V_SECRET, V_SIG, V_BODY, t - 300), ALARM_SIG_OK);
	assert_int_equal(
	    check(V_SECRET, V_SIG, V_BODY, t + 301), ALARM_SIG_TIMESTAMP);
	assert_int_equal(
	    check(V_SECRET, V_SIG, V_BODY, t - 301), ALARM_SIG_TIMESTAMP);
	/* Not digits: refused before any MAC. */
	assert_int_equal(alarm_sig_check(V_SECRET, V_ID, "16142653e1", V_SIG,
			     V_BODY, strlen(V_BODY), t),
	    ALARM_SIG_TIMESTAMP);
	assert_int_equal(alarm_sig_check(V_SECRET, V_ID, "-1614265330", V_SIG,
			     V_BODY, strlen(V_BODY), t),
	    ALARM_SIG_TIMESTAMP);
	assert_int_equal(alarm_sig_check(V_SECRET, V_ID, "", V_SIG, V_BODY,
			     strlen(V_BODY), t),
	    ALARM_SIG_MISSING);
	assert_int_equal(alarm_sig_check(V_SECRET, NULL, V_TS, V_SIG, V_BODY,
			     strlen(V_BODY), t),
	    ALARM_SIG_MISSING);
	assert_int_equal(check("", V_SIG, V_BODY, t), ALARM_SIG_MISSING);
}

static void
several_signatures(void **state)
{
	int64_t t = 1614265330;

	(void)state;
	/* A rotation: the old secret's signature first, then the good one. */
	assert_int_equal(
	    check(V_SECRET,
		"v1,Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmE= " V_SIG, V_BODY,
		t),
	    ALARM_SIG_OK);
	assert_int_equal(
	    check(V_SECRET, V_SIG "  v1,AAAA", V_BODY, t), ALARM_SIG_OK);
	/* Only v1 counts: the same bytes as v2 or v1a do not. */
	assert_int_equal(check(V_SECRET,
			     "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= "
			     "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
			     V_BODY, t),
	    ALARM_SIG_MISMATCH);
	assert_int_equal(check(V_SECRET, "v1,", V_BODY, t), ALARM_SIG_MISMATCH);
	assert_int_equal(
	    check(V_SECRET, "v1,!!!not base64", V_BODY, t), ALARM_SIG_MISMATCH);
}

static void
text_secret(void **state)
{
	char sig[ALARM_SIG_MAX];
	const char *b = "{\"action\":\"heartbeat\"}";

	(void)state;
	/* A secret without "whsec_" is its own bytes (the demo's). */
	alarm_sig_make("maillage-demo-alarm-secret", "e1", "1700000000", b,
	    strlen(b), sig);
	assert_int_equal(alarm_sig_check("maillage-demo-alarm-secret", "e1",
			     "1700000000", sig, b, strlen(b), 1700000000),
	    ALARM_SIG_OK);
	/* The id and the timestamp are signed too. */
	assert_int_equal(alarm_sig_check("maillage-demo-alarm-secret", "e2",
			     "1700000000", sig, b, strlen(b), 1700000000),
	    ALARM_SIG_MISMATCH);
	assert_int_equal(alarm_sig_check("maillage-demo-alarm-secret", "e1",
			     "1700000001", sig, b, strlen(b), 1700000000),
	    ALARM_SIG_MISMATCH);
}

/* Parses `body` and returns the error key (NULL when accepted). */
static const char *
parse(
    struct ctx *ctx, const char *body, const char *hook_id, struct alarm_msg *m)
{
	err_clear(ctx);
	if (alarm_msg_parse(ctx, body, strlen(body), hook_id, m) == E_OK)
		return NULL;
	return ctx->err_key;
}

static void
body_rules(void **state)
{
	struct alarm_msg m;
	struct ctx ctx;

	(void)state;
	ctx_init(&ctx, 1 << 20);
	assert_null(parse(&ctx,
	    "{\"event_id\":\"e1\",\"correlation_key\":\"k\",\"action\":"
	    "\"trigger\",\"subscriber_ref\":\"TA1\",\"device_type\":\"0005\","
	    "\"status\":\"0009\",\"occurred_at\":\"2026-12-05T02:10:00Z\","
	    "\"assessment\":{\"spoke_with_person\":true,\"reason\":\"chute\"}}",
	    "e1", &m));
	assert_string_equal(m.device_type.s, "0005");
	assert_true(m.assessment.spoke_with_person.v);
	/* A heartbeat needs nothing else. */
	assert_null(parse(
	    &ctx, "{\"event_id\":\"h\",\"action\":\"heartbeat\"}", "h", &m));
	assert_string_equal(parse(&ctx,
				"{\"event_id\":\"e\",\"action\":\"trigger\","
				"\"correlation_key\":\"k\"}",
				"e", &m),
	    "alarm.subscriber_ref.required");
	assert_string_equal(
	    parse(&ctx, "{\"event_id\":\"e\",\"action\":\"update\"}", "e", &m),
	    "alarm.correlation_key.required");
	assert_string_equal(
	    parse(&ctx, "{\"event_id\":\"e\",\"action\":\"heartbeat\"}",
		"other", &m),
	    "alarm.event_id.mismatch");
	assert_string_equal(parse(&ctx,
				"{\"event_id\":\"e\",\"action\":\"cancel\","
				"\"correlation_key\":\"k\",\"status\":\"19\"}",
				"e", &m),
	    "alarm.status.invalid");
	assert_string_equal(parse(&ctx,
				"{\"event_id\":\"e\",\"action\":\"update\","
				"\"correlation_key\":\"k\",\"sent_at\":"
				"\"2026-02-30T10:00:00Z\"}",
				"e", &m),
	    "alarm.sent_at.invalid");
	assert_string_equal(
	    parse(&ctx, "{\"event_id\":\"e\",\"action\":\"reset\"}", "e", &m),
	    "alarm.action.invalid");
	assert_string_equal(parse(&ctx, "{\"action\":\"heartbeat\"}", NULL, &m),
	    "alarm.event_id.required");
	assert_non_null(parse(&ctx, "[1]", NULL, &m));
	assert_non_null(parse(&ctx, "{\"event_id\":\"e\"", NULL, &m));
	ctx_release(&ctx);
}

static int
count(const char *const *l)
{
	int n = 0;

	while (l[n] != NULL)
		n++;
	return n;
}

static void
codes_labelled(void **state)
{
	(void)state;
	assert_int_equal(count(alarm_step_codes), count(alarm_step_labels));
	assert_int_equal(count(alarm_device_codes), count(alarm_device_labels));
	assert_int_equal(count(alarm_status_codes), count(alarm_status_labels));
	assert_int_equal(count(alarm_reason_codes), count(alarm_reason_labels));
	assert_int_equal(
	    count(alarm_outcome_codes), count(alarm_outcome_labels));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reference_vector),
		cmocka_unit_test(timestamp_window),
		cmocka_unit_test(several_signatures),
		cmocka_unit_test(text_secret),
		cmocka_unit_test(body_rules),
		cmocka_unit_test(codes_labelled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
