/*
 * Name keys (issue 10 §3-4): tokens, SymSpell one-deletion variants, a
 * French phonetic key, and the bounded edit distance the duplicate check
 * uses on the few persons born the same day. Pure string functions: the
 * person module stores the keys and the SQL probes them.
 */
#include <string.h>

#include "base/arena.h"
#include "domain/record/name_key.h"
#include "domain/text.h"

/* Adds s to *v unless already there. */
static void
add_unique(struct arena *a, const char *s, const char ***v, int *n, int *cap)
{
	const char **slot;
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	slot = arena_push(a, v, n, cap, sizeof(*slot));
	if (slot != NULL)
		*slot = s;
}

void
name_key_tokens(
    struct arena *a, const char *text, const char ***v, int *n, int *cap)
{
	const char *f, *p;
	size_t len;

	if (text == NULL)
		return;
	f = text_fold(a, text);
	if (f == NULL)
		return;
	for (p = f; *p != '\0';) {
		len = strcspn(p, " .");
		if (len > 0) {
			char *t = arena_alloc(a, len + 1);

			if (t == NULL)
				return;
			if (len > NAME_KEY_TOKEN_MAX)
				len = NAME_KEY_TOKEN_MAX;
			memcpy(t, p, len);
			t[len] = '\0';
			add_unique(a, t, v, n, cap);
			p += strcspn(p, " .");
		}
		p += strspn(p, " .");
	}
}

void
name_key_deletions(
    struct arena *a, const char *tok, const char ***v, int *n, int *cap)
{
	size_t len = strlen(tok), i;
	char *d;

	if (len < NAME_KEY_FUZZY_MIN)
		return;
	for (i = 0; i < len; i++) {
		/* Deleting either letter of a double gives the same word. */
		if (i > 0 && tok[i] == tok[i - 1])
			continue;
		d = arena_alloc(a, len);
		if (d == NULL)
			return;
		memcpy(d, tok, i);
		memcpy(d + i, tok + i + 1, len - i); /* with the NUL */
		add_unique(a, d, v, n, cap);
	}
}

static int
vowel(char c)
{
	return c != '\0' && strchr("aeiou", c) != NULL;
}

static int
soft(char c)
{
	return c == 'e' || c == 'i';
}

/* Appends code c unless it repeats the previous one ("ss" is "s"). */
static void
put(char *o, size_t *m, char c)
{
	if (*m == 0 || o[*m - 1] != c)
		o[(*m)++] = c;
}

/* Spellings of one sound, longest first where they share a start. */
struct spelling {
	const char *seq;
	char code;
};
static const struct spelling consonants[] = { { "eau", 'o' }, { "au", 'o' },
	{ "ph", 'f' }, { "qu", 'k' }, { "sch", 'C' }, { "ch", 'C' },
	{ "th", 't' }, { "gn", 'n' }, { NULL, 0 } };
static const struct spelling vowels[] = { { "ai", 'e' }, { "ei", 'e' },
	{ "oeu", 'Y' }, { "eu", 'Y' }, { "ou", 'U' }, { NULL, 0 } };
/* Single letters: c, k, q sound k; z, x s; w v; h silent ('-'). */
static const char plain_from[] = "ckqzxwh", plain_to[] = "kkkssv-";

/* The spelling of table t that s starts with: its code put, its length
 * returned (0: none). */
static size_t
spelled(const char *s, const struct spelling *t, char *o, size_t *m)
{
	size_t len;

	for (; t->seq != NULL; t++) {
		len = strlen(t->seq);
		if (strncmp(s, t->seq, len) == 0) {
			put(o, m, t->code);
			return len;
		}
	}
	return 0;
}

/* "ain", "ein", "aim", "eim" before a consonant or at the end (of the
 * `left` characters of s): 3, else 0. */
static size_t
nasal3(const char *s, size_t left)
{
	if (left < 3 || (s[0] != 'a' && s[0] != 'e') || s[1] != 'i' ||
	    (s[2] != 'n' && s[2] != 'm'))
		return 0;
	return left == 3 || !vowel(s[3]) ? 3 : 0;
}

/* The code of the sound s starts with (of its `left` characters) put
 * into o; returns the number of letters it spans. */
static size_t
sound(const char *s, size_t left, char *o, size_t *m)
{
	char c = s[0], c1 = left > 1 ? s[1] : '\0', c2 = left > 2 ? s[2] : '\0';
	const char *p;
	size_t k;

	k = spelled(s, consonants, o, m);
	if (k > 0)
		return k;
	if ((c == 'g' && c1 == 'u' && soft(c2)) ||
	    (c == 's' && c1 == 'c' && soft(c2))) {
		put(o, m, c); /* "gue", "gui"; "sce", "sci" */
		return 2;
	}
	if ((c == 'g' || c == 'c') && soft(c1)) {
		put(o, m, c == 'g' ? 'j' : 's');
		return 1;
	}
	p = strchr(plain_from, c);
	if (p != NULL) {
		if (plain_to[p - plain_from] != '-')
			put(o, m, plain_to[p - plain_from]);
		return 1;
	}
	if (nasal3(s, left)) {
		put(o, m, 'I');
		return 3;
	}
	k = spelled(s, vowels, o, m);
	if (k > 0)
		return k;
	if (vowel(c) && (c1 == 'n' || c1 == 'm') &&
	    (c2 == '\0' || (!vowel(c2) && c2 != 'n' && c2 != 'm'))) {
		/* A nasal vowel: an, en, in, on, un before a consonant or at
		 * the end. */
		put(o, m, c == 'a' || c == 'e' ? 'A' : c == 'o' ? 'O' : 'I');
		return 2;
	}
	put(o, m, c);
	return 1;
}

/*
 * DOMAIN: a French phonetic key for names (in the spirit of Soundex FR
 * and Phonex, kept short and deterministic). Codes: lower-case letters
 * for plain sounds, upper-case for A = an/en, I = in/ain/un, O = on,
 * U = ou, Y = eu, C = ch.
 */
char *
name_key_phonetic(struct arena *a, const char *tok)
{
	char s[NAME_KEY_TOKEN_MAX + 1], o[NAME_KEY_TOKEN_MAX + 1];
	size_t n = 0, m = 0, i;

	for (i = 0; tok[i] != '\0' && n < NAME_KEY_TOKEN_MAX; i++)
		if (tok[i] >= 'a' && tok[i] <= 'z')
			s[n++] = tok[i] == 'y' ? 'i' : tok[i];
	s[n] = '\0';
	if (n < NAME_KEY_FUZZY_MIN)
		return arena_strdup(a, "");
	/* Endings: a mute final e ("croze" is "croz"); else "er", "ez",
	 * "et" sound é ("teissier", "rousset"); else a silent final
	 * consonant ("durand", "dupont"). */
	if (s[n - 1] == 'e')
		s[--n] = '\0';
	else if (s[n - 2] == 'e' && strchr("rzt", s[n - 1]) != NULL)
		s[--n] = '\0'; /* the e stays, sounding é */
	else if (strchr("stdxp", s[n - 1]) != NULL)
		s[--n] = '\0';
	for (i = 0; i < n;)
		i += sound(s + i, n - i, o, &m);
	o[m] = '\0';
	return arena_strdup(a, o);
}

int
name_key_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0;

	if (strcmp(a, b) == 0)
		return 0;
	if (la > lb + 1 || lb > la + 1)
		return 2;
	while (i < la && i < lb && a[i] == b[i])
		i++;
	if (la == lb) {
		if (strcmp(a + i + 1, b + i + 1) == 0)
			return 1; /* substitution */
		if (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    strcmp(a + i + 2, b + i + 2) == 0)
			return 1; /* adjacent transposition */
		return 2;
	}
	if (la > lb)
		return strcmp(a + i + 1, b + i) == 0 ? 1 : 2;
	return strcmp(a + i, b + i + 1) == 0 ? 1 : 2;
}

int
name_key_close(struct arena *ar, const char *a, const char *b)
{
	const char *pa, *pb;

	if (strcmp(a, b) == 0)
		return 1;
	if (strlen(a) < NAME_KEY_FUZZY_MIN || strlen(b) < NAME_KEY_FUZZY_MIN)
		return 0;
	if (name_key_distance(a, b) <= 1)
		return 1;
	pa = name_key_phonetic(ar, a);
	pb = name_key_phonetic(ar, b);
	return pa != NULL && pb != NULL && pa[0] != '\0' && strcmp(pa, pb) == 0;
}
