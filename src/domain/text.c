/*
 * Folding for search. Covers Latin-1 Supplement and Latin Extended-A,
 * which hold every letter of French names; anything else is kept as is.
 */
#include <string.h>

#include "../base/arena.h"
#include "text.h"

/* U+00C0..U+00FF folded; "" = drop, multi-letter for ligatures. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "x",
	"o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "/",
	"o", "u", "u", "u", "u", "y", "th", "y"
};

/* U+0100..U+017F (Latin Extended-A), two entries per base letter mostly. */
static const char ext_a[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
	"lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

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
			cp = ((c & 0x1fu) << 6) | ((unsigned char)s[i + 1] & 0x3f);
			if (cp >= 0xc0 && cp <= 0xff) {
				for (f = latin1[cp - 0xc0]; *f; f++)
					o[n++] = *f;
				i += 2;
				continue;
			}
			if (cp == 0x152 || cp == 0x153) {	/* Œ œ */
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
		if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x99) {
			put_space(o, &n);
			i += 3;
			continue;
		}
		o[n++] = (char)c;
		i++;
	}
	while (n > 0 && o[n - 1] == ' ')
		n--;
	o[n] = '\0';
	return o;
}

int
text_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}
