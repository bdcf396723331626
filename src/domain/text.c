/*
 * Folding for search. Covers Latin-1 Supplement and Latin Extended-A,
 * which hold every letter of French names; anything else is kept as is.
 */
#include <string.h>

#include "base/arena.h"
#include "domain/text.h"

/* U+00C0..U+00FF folded; "" = drop, multi-letter for ligatures. */
static const char *const latin1[64] = { "a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o",
	"o", "x", "o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a",
	"a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n",
	"o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y" };

/* U+0100..U+017F (Latin Extended-A), two entries per base letter mostly. */
static const char ext_a[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static unsigned next_cp(const unsigned char *, size_t *);

static void
put_space(char *o, size_t *n)
{
	if (*n > 0 && o[*n - 1] != ' ')
		o[(*n)++] = ' ';
}

char *
text_fold(struct arena *a, const char *s)
{
	size_t len = strlen(s), n = 0, i = 0;
	char *o = arena_alloc(a, len * 2 + 1);
	unsigned cp;
	const char *f;

	if (o == NULL)
		return NULL;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				o[n++] = (char)(c + 32);
			else if (c == ' ' || c == '-' || c == '\'' ||
			    c == '\t' || c == '\n')
				put_space(o, &n);
			else
				o[n++] = (char)c;
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0 && i + 1 < len) {
			cp = ((c & 0x1fu) << 6) |
			    ((unsigned char)s[i + 1] & 0x3f);
			if (cp >= 0xc0 && cp <= 0xff) {
				for (f = latin1[cp - 0xc0]; *f; f++)
					o[n++] = *f;
				i += 2;
				continue;
			}
			if (cp >= 0x300 && cp <= 0x36f) {
				/* Combining marks: "E\u0301" folds as "É". */
				i += 2;
				continue;
			}
			if (cp == 0x152 || cp == 0x153) { /* Œ œ */
				o[n++] = 'o';
				o[n++] = 'e';
				i += 2;
				continue;
			}
			if (cp >= 0x100 && cp < 0x100 + sizeof(ext_a) - 1) {
				o[n++] = ext_a[cp - 0x100];
				i += 2;
				continue;
			}
		}
		/* U+2019 right single quotation mark, as in "d’Apcher". */
		if (c == 0xe2 && i + 2 < len &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x99) {
			put_space(o, &n);
			i += 3;
			continue;
		}
		{
			size_t j = i;

			cp = next_cp((const unsigned char *)s, &j);
			if (text_invisible_cp(cp))
				; /* U+3164 and the like: nothing */
			else if (cp == 0xa0 || cp == 0x202f || cp == 0x3000 ||
			    (cp >= 0x2000 && cp <= 0x200a) || cp == 0xff07 ||
			    cp == 0xff0d)
				put_space(o, &n);
			else if (cp >= 0xff21 && cp <= 0xff3a) /* NFKC */
				o[n++] = (char)('a' + cp - 0xff21);
			else if ((cp >= 0xff41 && cp <= 0xff5a) ||
			    (cp >= 0xff10 && cp <= 0xff19))
				o[n++] = (char)(cp - 0xfee0);
			else
				while (i < j)
					o[n++] = s[i++];
			i = j;
		}
	}
	while (n > 0 && o[n - 1] == ' ')
		n--;
	o[n] = '\0';
	return o;
}

/* Next code point of UTF-8 text at s[*i] (malformed bytes: 0xfffd). */
static unsigned
next_cp(const unsigned char *s, size_t *i)
{
	unsigned c = s[*i], cp, n, k;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		cp = c & 0x1f;
		n = 1;
	} else if ((c & 0xf0) == 0xe0) {
		cp = c & 0x0f;
		n = 2;
	} else if ((c & 0xf8) == 0xf0) {
		cp = c & 0x07;
		n = 3;
	} else {
		(*i)++;
		return 0xfffd;
	}
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xc0) != 0x80) {
			*i += k;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3f);
	}
	*i += n + 1;
	return cp;
}

int
text_forbidden_cp(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xad ||
	    (cp >= 0x600 && cp <= 0x605) || cp == 0x61c || cp == 0x6dd ||
	    cp == 0x70f || cp == 0x8e2 || cp == 0x180e ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206f) ||
	    cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) || cp == 0x110bd ||
	    cp == 0x110cd || (cp >= 0x13430 && cp <= 0x1343f) ||
	    (cp >= 0x1bca0 && cp <= 0x1bca3) ||
	    (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 ||
	    (cp >= 0xe0020 && cp <= 0xe007f);
}

int
text_invisible_cp(unsigned cp)
{
	return text_forbidden_cp(cp) || cp == 0x34f || cp == 0x115f ||
	    cp == 0x1160 || cp == 0x17b4 || cp == 0x17b5 ||
	    (cp >= 0x180b && cp <= 0x180f) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x2800 || cp == 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    cp == 0xffa0 || (cp >= 0xe0100 && cp <= 0xe01ef);
}

static int
name_letter(unsigned cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	    (cp >= 0xc0 && cp <= 0x17f && cp != 0xd7 && cp != 0xf7);
}

int
text_name_ok(const char *s, enum text_name mode)
{
	size_t i = 0;
	unsigned cp;
	int after_letter = 0;

	if (s == NULL)
		return 1;
	while (s[i] != '\0') {
		cp = next_cp((const unsigned char *)s, &i);
		if (name_letter(cp)) {
			after_letter = 1;
			continue;
		}
		/* Decomposed accents ("E\u0301"); U+034F joins nothing. */
		if (cp >= 0x300 && cp <= 0x36f && cp != 0x34f && after_letter)
			continue;
		after_letter = 0;
		if (cp == ' ' || cp == '-' || cp == '\'' || cp == 0x2019)
			continue;
		if (mode != TEXT_NAME_STRICT && cp == '.')
			continue;
		if (mode == TEXT_NAME_LABEL && (cp == '(' || cp == ')'))
			continue;
		return 0;
	}
	return 1;
}

/*
 * One pass over a name: no-break and narrow no-break spaces become spaces,
 * runs collapse to one, ends are trimmed; with `rniv`, letters also take
 * their RNIV form (text_rniv). The output is never longer than the input:
 * at most two ASCII letters per UTF-8 sequence of two bytes or more
 * (Æ → AE, ß → SS), one per ASCII byte.
 */
static char *
name_pass(struct arena *a, const char *s, int rniv)
{
	size_t len, i = 0, j, n = 0;
	unsigned cp;
	const char *f;
	char *o;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	o = arena_alloc(a, len + 1);
	if (o == NULL)
		return NULL;
	while (i < len) {
		j = i;
		cp = next_cp((const unsigned char *)s, &j);
		if (cp == ' ' || cp == 0xa0 || cp == 0x202f) {
			if (n > 0 && o[n - 1] != ' ')
				o[n++] = ' ';
		} else if (!rniv)
			while (i < j)
				o[n++] = s[i++];
		else if (cp >= 'a' && cp <= 'z')
			o[n++] = (char)(cp - 32);
		else if (cp == 0x2019)
			o[n++] = '\'';
		else if (cp >= 0xc0 && cp <= 0xff && cp != 0xd7 && cp != 0xf7)
			for (f = latin1[cp - 0xc0]; *f; f++)
				o[n++] = (char)(*f - 32);
		else if (cp == 0x152 || cp == 0x153) {
			o[n++] = 'O';
			o[n++] = 'E';
		} else if (cp >= 0x100 && cp < 0x100 + sizeof(ext_a) - 1)
			o[n++] = (char)(ext_a[cp - 0x100] - 32);
		else if ((cp >= 0x300 && cp <= 0x36f) || text_invisible_cp(cp))
			; /* combining accents, invisible: nothing */
		else
			while (i < j)
				o[n++] = s[i++];
		i = j;
	}
	while (n > 0 && o[n - 1] == ' ')
		n--;
	o[n] = '\0';
	return o;
}

char *
text_name_norm(struct arena *a, const char *s)
{
	return name_pass(a, s, 0);
}

char *
text_rniv(struct arena *a, const char *s)
{
	return name_pass(a, s, 1);
}

int
text_has_forbidden(const char *s)
{
	size_t i = 0;

	if (s == NULL)
		return 0;
	while (s[i] != '\0')
		if (text_forbidden_cp(next_cp((const unsigned char *)s, &i)))
			return 1;
	return 0;
}

int
text_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}
