/*
 * Standard Webhooks 1.0 signatures (alarm_sig.h). Owns nothing but the
 * computation: the operator and its secret come from alarm.c, "now" from
 * the caller. Must not compare with memcmp (timing) nor accept a
 * signature of another version than v1.
 */
#include <sodium.h>
#include <string.h>

#include "domain/oncall/alarm_sig.h"

#define KEY_MAX 256

/* The HMAC key of a secret: "whsec_<base64>" decoded, else its bytes. */
static size_t
secret_key(const char *secret, unsigned char *key)
{
	size_t n = strlen(secret), out = 0;

	if (strncmp(secret, "whsec_", 6) == 0 &&
	    sodium_base642bin(key, KEY_MAX, secret + 6, n - 6, NULL, &out, NULL,
		sodium_base64_VARIANT_ORIGINAL) == 0 &&
	    out > 0)
		return out;
	if (n > KEY_MAX)
		n = KEY_MAX;
	memcpy(key, secret, n);
	return n;
}

static void
mac(const char *secret, const char *id, const char *ts, const char *body,
    size_t len, unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;
	unsigned char key[KEY_MAX];
	size_t klen = secret_key(secret, key);

	crypto_auth_hmacsha256_init(&st, key, klen);
	crypto_auth_hmacsha256_update(
	    &st, (const unsigned char *)id, strlen(id));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(
	    &st, (const unsigned char *)ts, strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	if (len > 0)
		crypto_auth_hmacsha256_update(
		    &st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
}

/* Unix seconds: 1 to 12 digits, nothing else. */
static int
parse_ts(const char *ts, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	for (i = 0; ts[i] != '\0'; i++) {
		if (i >= 12 || ts[i] < '0' || ts[i] > '9')
			return -1;
		v = v * 10 + (ts[i] - '0');
	}
	if (i == 0)
		return -1;
	*out = v;
	return 0;
}

int
alarm_sig_check(const char *secret, const char *id, const char *ts,
    const char *sigs, const char *body, size_t len, int64_t now_s)
{
	unsigned char want[crypto_auth_hmacsha256_BYTES];
	unsigned char got[crypto_auth_hmacsha256_BYTES + 8];
	const char *p, *end;
	size_t n, glen;
	int64_t t;
	int ok = 0;

	if (id == NULL || *id == '\0' || ts == NULL || *ts == '\0' ||
	    sigs == NULL || *sigs == '\0' || secret == NULL || *secret == '\0')
		return ALARM_SIG_MISSING;
	if (parse_ts(ts, &t) != 0 || t < now_s - ALARM_SIG_TOLERANCE_S ||
	    t > now_s + ALARM_SIG_TOLERANCE_S)
		return ALARM_SIG_TIMESTAMP;
	mac(secret, id, ts, body, len, want);
	for (p = sigs; *p != '\0'; p = end) {
		while (*p == ' ')
			p++;
		end = strchr(p, ' ');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (n < 4 || strncmp(p, "v1,", 3) != 0)
			continue;
		if (sodium_base642bin(got, sizeof(got), p + 3, n - 3, NULL,
			&glen, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    glen != sizeof(want))
			continue;
		/* Constant time; every candidate is compared. */
		ok |= sodium_memcmp(got, want, sizeof(want)) == 0;
	}
	return ok ? ALARM_SIG_OK : ALARM_SIG_MISMATCH;
}

void
alarm_sig_make(const char *secret, const char *id, const char *ts,
    const char *body, size_t len, char *out)
{
	unsigned char m[crypto_auth_hmacsha256_BYTES];

	memcpy(out, "v1,", 3);
	mac(secret, id, ts, body, len, m);
	sodium_bin2base64(out + 3, ALARM_SIG_MAX - 3, m, sizeof(m),
	    sodium_base64_VARIANT_ORIGINAL);
}
