/*
 * Argon2id via libsodium. The only place that touches password bytes;
 * they are never logged or stored elsewhere.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "../json/jv.h"
#include "password.h"

int
password_hash(const char *pw, char *out)
{
	return crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

int
password_verify(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static char dummy[crypto_pwhash_STRBYTES];
static int dummy_ok;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
	dummy_ok = crypto_pwhash_str(dummy, "maillage-dummy-password", 23,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

void
password_dummy_verify(const char *pw)
{
	int r;

	pthread_once(&dummy_once, make_dummy);
	if (!dummy_ok)
		return;
	/* The answer is irrelevant: only the time spent matters. */
	r = crypto_pwhash_str_verify(dummy, pw, strlen(pw));
	(void)r;
}

int
password_policy(const char *pw)
{
	return jv_utf8_len(pw, strlen(pw)) >= PASSWORD_MIN_LEN ? 0 : -1;
}

void
password_generate(char *out)
{
	static const char alphabet[] =
	    "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	int i;

	for (i = 0; i < 16; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[16] = '\0';
}
