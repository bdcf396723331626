/*
 * Argon2id via libsodium. The only place that touches password bytes;
 * they are never logged or stored elsewhere.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "auth/password.h"
#include "json/jv.h"

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

/* A few of the most used passwords (lower case), refused outright. */
static const char *const common[] = {
	"motdepasse", "azertyuiop", "password", "qwertyuiop", "bonjour",
	"soleil", "doudou", "chouchou", "loulou", "marseille", "iloveyou",
	"123456789", "azerty", "qwerty", "admin", NULL
};

/* 1 when every step between bytes is the same +1 or -1 (abcd, 4321). */
static int
is_run(const char *pw, size_t n)
{
	int d = (unsigned char)pw[1] - (unsigned char)pw[0];
	size_t i;

	if (d != 1 && d != -1)
		return 0;
	for (i = 2; i < n; i++)
		if ((unsigned char)pw[i] - (unsigned char)pw[i - 1] != d)
			return 0;
	return 1;
}

int
password_policy(const char *pw)
{
	char low[257];
	unsigned char seen[256];
	size_t n = strlen(pw), i, distinct = 0;
	int k;

	if (jv_utf8_len(pw, n) < PASSWORD_MIN_LEN)
		return -1;
	if (n >= sizeof(low))
		return 0;
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)pw[i];

		low[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : (char)c;
		if (!seen[(unsigned char)low[i]]++)
			distinct++;
	}
	low[n] = '\0';
	if (distinct < PASSWORD_MIN_DISTINCT || is_run(low, n))
		return -2;
	for (k = 0; common[k] != NULL; k++)
		if (strstr(low, common[k]) != NULL && strlen(common[k]) * 2 >= n)
			return -2;
	return 0;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int
password_has_login(const char *pw, const char *login)
{
	size_t n = login ? strlen(login) : 0, m = pw ? strlen(pw) : 0, i, j;

	if (n < 3 || m < n)
		return 0;
	for (i = 0; i + n <= m; i++) {
		for (j = 0; j < n; j++)
			if (lower((unsigned char)pw[i + j]) !=
			    lower((unsigned char)login[j]))
				break;
		if (j == n)
			return 1;
	}
	return 0;
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
