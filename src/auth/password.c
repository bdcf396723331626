/*
 * Argon2id via libsodium. The only place that touches password bytes;
 * they are never logged or stored elsewhere.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "auth/password.h"
#include "base/embed.h"
#include "json/jv.h"

int
password_hash(const char *pw, char *out)
{
	return crypto_pwhash_str(out, pw, strlen(pw),
		   crypto_pwhash_OPSLIMIT_INTERACTIVE,
		   crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
	    ? 0
	    : -1;
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

/* A few of the most used French passwords (lower case), refused when
 * they make up half the password or more. */
static const char *const common[] = { "motdepasse", "azertyuiop", "password",
	"qwertyuiop", "bonjour", "soleil", "doudou", "chouchou", "loulou",
	"marseille", "iloveyou", "123456789", "azerty", "qwerty", "admin",
	NULL };

/* The product's own name and the centre's, refused as the whole word
 * once digits and punctuation are trimmed (Maillage2026!). */
static const char *const own_names[] = { "maillage", "crt", "crtmaillage",
	"maillagecrt", NULL };

/*
 * Keyboard walks (AZERTY and QWERTY): rows and zig-zag columns. A
 * password that is a stretch of one, either way, is refused.
 */
static const char *const walks[] = { "1234567890", "azertyuiop", "qsdfghjklm",
	"wxcvbn", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1q2w3e4r5t6y7u8i9o0p",
	"1a2z3e4r5t6y7u8i9o0p", "qazwsxedcrfvtgbyhnujmikolp",
	"aqwzsxedcrfvtgbyhnujkilomp", "azqsxwdcefvrgbthnyj",
	"qawsedrftgyhujikolp", "azsxdcfvgbhnjk", NULL };

/*
 * SPEC: issue 8 point 5 (review) — John the Ripper's list of common
 * passwords (Debian package john-data, /usr/share/john/password.lst),
 * embedded at build time (Makefile). "#!comment:" lines are skipped.
 */
extern const struct embed_file password_lists[];

/* 1 when `w` (lower case, length n) is a line of the embedded list. */
static int
in_list(const char *w, size_t n)
{
	const struct embed_file *f;
	const char *p, *end, *eol;
	size_t i;

	for (f = password_lists; f->name != NULL; f++) {
		p = (const char *)f->data;
		end = p + f->len;
		for (; p < end; p = eol + 1) {
			eol = memchr(p, '\n', (size_t)(end - p));
			if (eol == NULL)
				eol = end;
			if ((size_t)(eol - p) != n ||
			    (n > 1 && p[0] == '#' && p[1] == '!'))
				continue;
			for (i = 0; i < n; i++) {
				unsigned char c = (unsigned char)p[i];

				if ((c >= 'A' && c <= 'Z' ? c + 32 : c) !=
				    (unsigned char)w[i])
					break;
			}
			if (i == n)
				return 1;
		}
	}
	return 0;
}

/* 1 when w[0..n) is a stretch (>= 6) of a keyboard walk, either way. */
static int
is_walk(const char *w, size_t n)
{
	char rev[257];
	size_t i;
	int k;

	if (n < 6 || n >= sizeof(rev))
		return 0;
	for (i = 0; i < n; i++)
		rev[i] = w[n - 1 - i];
	rev[n] = '\0';
	for (k = 0; walks[k] != NULL; k++) {
		const char *h = walks[k];
		size_t m = strlen(h), j;

		for (j = 0; j + n <= m; j++)
			if (memcmp(h + j, w, n) == 0 ||
			    memcmp(h + j, rev, n) == 0)
				return 1;
	}
	return 0;
}

/* Digits, punctuation, spaces: what people pad a word with. */
static int
is_pad(unsigned char c)
{
	return c < 0x80 && !(c >= 'a' && c <= 'z');
}

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
	size_t n = strlen(pw), i, distinct = 0, a, b;
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
		if (strstr(low, common[k]) != NULL &&
		    strlen(common[k]) * 2 >= n)
			return -2;
	if (in_list(low, n) || is_walk(low, n))
		return -2;
	/* The word once its padding is trimmed: Welcome12345, 2026!Soleil. */
	for (a = 0; a < n && is_pad((unsigned char)low[a]); a++)
		;
	for (b = n; b > a && is_pad((unsigned char)low[b - 1]); b--)
		;
	if (b > a && (a > 0 || b < n)) {
		if (in_list(low + a, b - a) || is_walk(low + a, b - a))
			return -2;
	}
	for (k = 0; own_names[k] != NULL; k++)
		if (b - a == strlen(own_names[k]) &&
		    memcmp(low + a, own_names[k], b - a) == 0)
			return -2;
	return 0;
}

const char *
password_policy_fr(int rc)
{
	if (rc == -1)
		return "Le mot de passe doit comporter au moins 12 caractères.";
	if (rc != 0)
		return "Ce mot de passe est trop facile à deviner : évitez les "
		       "mots de passe courants (même suivis de chiffres), les "
		       "suites de touches du clavier, les répétitions et le nom "
		       "du logiciel.";
	return NULL;
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
