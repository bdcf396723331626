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

/*
 * DOMAIN: a French phonetic key for names (in the spirit of Soundex FR
 * and Phonex, kept short and deterministic). Codes: lower-case letters
 * for plain sounds, upper-case for A = an/en, I = in/ain/un, O = on,
 * U = ou, Y = eu, C = ch.
 */
char *
name_key_phonetic(struct arena *a, const char *tok)
{
	char s[NAME_KEY_TOKEN_MAX + 1], o[NAME_KEY_TOKEN_MAX + 1], c, c1, c2;
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
	for (i = 0; i < n;) {
		c = s[i];
		c1 = i + 1 < n ? s[i + 1] : '\0';
		c2 = i + 2 < n ? s[i + 2] : '\0';
#define STARTS(lit) (strncmp(s + i, lit, sizeof(lit) - 1) == 0)
		if (STARTS("eau")) {
			put(o, &m, 'o');
			i += 3;
		} else if (STARTS("au")) {
			put(o, &m, 'o');
			i += 2;
		} else if (STARTS("ph")) {
			put(o, &m, 'f');
			i += 2;
		} else if (STARTS("qu")) {
			put(o, &m, 'k');
			i += 2;
		} else if (STARTS("sch")) {
			put(o, &m, 'C');
			i += 3;
		} else if (STARTS("ch")) {
			put(o, &m, 'C');
			i += 2;
		} else if (STARTS("th")) {
			put(o, &m, 't');
			i += 2;
		} else if (STARTS("gn")) {
			put(o, &m, 'n');
			i += 2;
		} else if (c == 'g' && c1 == 'u' && soft(c2)) {
			put(o, &m, 'g');
			i += 2;
		} else if (c == 'g' && soft(c1)) {
			put(o, &m, 'j');
			i++;
		} else if (c == 's' && c1 == 'c' && soft(c2)) {
			put(o, &m, 's');
			i += 2;
		} else if (c == 'c' && soft(c1)) {
			put(o, &m, 's');
			i++;
		} else if (c == 'c' || c == 'k' || c == 'q') {
			put(o, &m, 'k');
			i++;
		} else if (c == 'z' || c == 'x') {
			put(o, &m, 's');
			i++;
		} else if (c == 'w') {
			put(o, &m, 'v');
			i++;
		} else if (c == 'h') {
			i++;
		} else if ((STARTS("ain") || STARTS("ein") || STARTS("aim") ||
			       STARTS("eim")) &&
		    (i + 3 >= n || !vowel(s[i + 3]))) {
			put(o, &m, 'I');
			i += 3;
		} else if (STARTS("ai") || STARTS("ei")) {
			put(o, &m, 'e');
			i += 2;
		} else if (STARTS("oeu")) {
			put(o, &m, 'Y');
			i += 3;
		} else if (STARTS("eu")) {
			put(o, &m, 'Y');
			i += 2;
		} else if (STARTS("ou")) {
			put(o, &m, 'U');
			i += 2;
		} else if (vowel(c) && (c1 == 'n' || c1 == 'm') &&
		    (c2 == '\0' || (!vowel(c2) && c2 != 'n' && c2 != 'm'))) {
			/* A nasal vowel: an, en, in, on, un before a
			 * consonant or at the end. */
			put(o, &m,
			    c == 'a' || c == 'e' ? 'A'
				: c == 'o'       ? 'O'
						 : 'I');
			i += 2;
		} else {
			put(o, &m, c);
			i++;
		}
#undef STARTS
	}
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
