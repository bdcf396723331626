/*
 * The country table (countries.def) and its lookups: by code for the
 * birthplace warning and the « né(e) à … » texts, by name or code for
 * the birthplace picker. Static data only: nothing is allocated but the
 * folded search texts, in the caller's arena.
 */
#include <string.h>

#include "base/arena.h"
#include "domain/record/country.h"
#include "domain/text.h"

static const struct country countries[] = {
#define X(code, name, from, until) { code, name, from, until },
#include "domain/record/countries.def"
#undef X
};

#define NCOUNTRIES ((int)(sizeof(countries) / sizeof(countries[0])))

const struct country *
country_find(const char *code)
{
	int i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < NCOUNTRIES; i++)
		if (strcmp(countries[i].code, code) == 0)
			return &countries[i];
	return NULL;
}

/* 1 when a word of folded text `name` starts with folded `q`. */
static int
word_prefix(const char *name, const char *q)
{
	size_t n = strlen(q);
	const char *p = name;

	while (*p != '\0') {
		p += strspn(p, "("); /* "serbie (yougoslavie)" */
		if (strncmp(p, q, n) == 0)
			return 1;
		p += strcspn(p, " ");
		p += strspn(p, " ");
	}
	return 0;
}

int
country_search(
    struct arena *a, const char *q, const struct country **out, int max)
{
	const char *fq;
	int i, n = 0;

	if (q == NULL)
		return 0;
	fq = text_fold(a, q);
	if (fq == NULL || fq[0] == '\0')
		return 0;
	for (i = 0; i < NCOUNTRIES && n < max; i++) {
		const char *fn = text_fold(a, countries[i].name);

		if (strncmp(countries[i].code, fq, strlen(fq)) == 0 ||
		    (fn != NULL && word_prefix(fn, fq)))
			out[n++] = &countries[i];
	}
	return n;
}
