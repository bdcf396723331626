/*
 * The Standard Webhooks 1.0 signature of the telealarm operators' messages
 * (issue 13, DOMAIN §10): HMAC-SHA256(secret, "{id}.{timestamp}.{body}"),
 * sent base64 as "v1,<sig>" in `webhook-signature` (several, separated by
 * spaces, during a secret rotation). Pure: no database, no clock (the
 * caller gives "now"). Unit-tested in tests/unit/test_alarm.c.
 */
#ifndef DOMAIN_ONCALL_ALARM_SIG_H
#define DOMAIN_ONCALL_ALARM_SIG_H

#include <stddef.h>
#include <stdint.h>

/* A timestamp further than this from "now" is refused (either way). */
#define ALARM_SIG_TOLERANCE_S 300
/* Room for one "v1,<base64 of 32 bytes>" and its NUL. */
#define ALARM_SIG_MAX 64

enum alarm_sig_res {
	ALARM_SIG_OK = 0,
	ALARM_SIG_MISSING, /* a header absent or empty */
	ALARM_SIG_TIMESTAMP, /* not digits, or more than 5 minutes off */
	ALARM_SIG_MISMATCH /* no v1 signature matches */
};

/*
 * Checks the headers of one message against the operator's secret (a
 * "whsec_" prefix means the rest is the key in base64, as Standard
 * Webhooks' libraries write it; otherwise the text is the key). Every
 * candidate is compared in constant time. Returns an enum alarm_sig_res.
 */
int alarm_sig_check(const char *secret, const char *id, const char *ts,
    const char *sigs, const char *body, size_t len, int64_t now_s);

/* Writes "v1,<base64>" for id, ts and body into out (ALARM_SIG_MAX bytes):
 * the operators' side, for the tests, the demo and the benchmark. */
void alarm_sig_make(const char *secret, const char *id, const char *ts,
    const char *body, size_t len, char *out);

#endif
