/*
 * Name keys of the person search and of the duplicate check (issue 10
 * §3-4): the tokens of a name (folded: accents, case, hyphens), their
 * one-deletion variants (SymSpell: two words one edit apart share a
 * variant) and a French phonetic key. Stored per person in
 * person_name_key (migration 0024) on every identity write, so a search is
 * index probes, never a scan with an edit distance over all persons.
 * Pure functions: no SQL, no I/O. Results live in the arena given.
 */
#ifndef DOMAIN_RECORD_NAME_KEY_H
#define DOMAIN_RECORD_NAME_KEY_H

#include <stddef.h>

struct arena;

/* Fuzzy matching (deletions, phonetic key) starts at this length:
 * shorter tokens match exactly or as a prefix only. */
#define NAME_KEY_FUZZY_MIN 5
/* Longest token kept (longer ones are cut: a name is not that long). */
#define NAME_KEY_TOKEN_MAX 40

/* Tokens of a name text, folded (text_fold) and split on spaces, hyphens,
 * apostrophes and periods; each token is added to *v (grown in the arena,
 * *n and *cap as arena_push) unless already there. NULL text: nothing. */
void name_key_tokens(
    struct arena *, const char *text, const char ***v, int *n, int *cap);

/* The distinct one-deletion variants of a token of at least
 * NAME_KEY_FUZZY_MIN characters (none for shorter ones), appended to *v
 * as name_key_tokens does. */
void name_key_deletions(
    struct arena *, const char *tok, const char ***v, int *n, int *cap);

/* French phonetic key of a folded token ("teissier", "teysier" and
 * "tessier" share "tesie"; "croze" and "crose" share "kros"): digraphs
 * (ph, qu, ch, gu, au, eau, ai, ei, ou, nasal vowels), soft c and g, z/s,
 * y/i, w/v, silent h, silent final consonant and e, doubled letters.
 * "" for a token shorter than NAME_KEY_FUZZY_MIN. */
char *name_key_phonetic(struct arena *, const char *tok);

/* 1 when two folded tokens are the same name for the duplicate check:
 * equal, or both of at least NAME_KEY_FUZZY_MIN characters and one edit
 * apart (insertion, deletion, substitution, adjacent transposition) or of
 * equal phonetic key. */
int name_key_close(struct arena *, const char *a, const char *b);

/* Edit distance of two strings capped at 2 (0, 1, or 2 meaning "more"),
 * adjacent transpositions counting one. */
int name_key_distance(const char *a, const char *b);

#endif
