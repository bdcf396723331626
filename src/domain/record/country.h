/*
 * Countries of birth abroad (issue 10 §2): the INSEE COG « pays » codes
 * (99xxx) with their French names, a table compiled in (countries.def),
 * read-only. No SQL, no HTTP.
 */
#ifndef DOMAIN_COUNTRY_H
#define DOMAIN_COUNTRY_H

struct arena;

struct country {
	const char *code; /* "99352" */
	const char *name; /* "Algérie" */
	int from, until; /* years of a former country's code, 0: none */
};

/* The country of an INSEE code, NULL when the code is not in the table
 * (not a country code, or one the table does not hold). Static data. */
const struct country *country_find(const char *code);

/* Countries whose code starts with q (digits), or one of whose name's
 * words starts with q (accents and case ignored: "alg", "Algérie",
 * "congo"), in the table's order, at most max in out[]; the number found.
 * Scratch folding in a. */
int country_search(
    struct arena *, const char *q, const struct country **out, int max);

#endif
