/*
 * Text rules of the domain: the accent- and case-insensitive search key
 * used to find people by name ("Hélène" = "helene").
 */
#ifndef DOMAIN_TEXT_H
#define DOMAIN_TEXT_H

#include <stddef.h>

struct arena;

/* Lower-case ASCII fold of UTF-8 text (French accents, œ/æ, ß), other
 * letters kept; runs of spaces (no-break ones too), hyphens and
 * apostrophes become a space; fullwidth Latin letters and digits fold as
 * ASCII (NFKC); invisible characters (text_invisible_cp) are dropped. */
char *text_fold(struct arena *, const char *);

/* 1 for C0/C1 controls, bidi controls and invisible format characters
 * (Unicode Cf: zero-width, soft hyphen, BOM...): refused in identities. */
int text_forbidden_cp(unsigned cp);
/* 1 for code points that render as nothing (text_forbidden_cp, fillers
 * U+115F U+1160 U+3164 U+FFA0, U+034F, variation selectors, U+17B4/5,
 * U+2800 blank braille) or as a line break (U+2028, U+2029). */
int text_invisible_cp(unsigned cp);
/* 1 when UTF-8 text s holds such a character (NULL: 0). */
int text_has_forbidden(const char *s);

/* Allow list of person names (RNIV identity rules): Latin letters (ASCII,
 * Latin-1 Supplement letters, Latin Extended-A, so Œ œ Æ æ), combining
 * accents after a letter, space, hyphen, ' and ’. TEXT_NAME_DISPLAY adds
 * the period (used names, professionals: "St. Martin"), TEXT_NAME_LABEL
 * also the parentheses (caregiver: "M. Valentin (fils)"). Anything else,
 * fullwidth forms (U+FF01..U+FF5E) included, is refused. */
enum text_name { TEXT_NAME_STRICT, TEXT_NAME_DISPLAY, TEXT_NAME_LABEL };
/* 1 when UTF-8 text s (NULL: 1) holds only allowed characters. */
int text_name_ok(const char *s, enum text_name mode);
/* Spaces of a name normalised: no-break and narrow no-break spaces become
 * spaces, runs collapse to one, ends trimmed (NULL: NULL). */
char *text_name_norm(struct arena *, const char *s);

/*
 * SPEC: issue 10 §2 — a strict trait (birth name, first names) in the
 * form of the identity reference (INSi / RNIV): capitals A-Z without
 * accents, space, hyphen and apostrophe. Accents, cedilla and combining
 * marks are dropped (composed or decomposed), Œ/œ → OE, Æ/æ → AE, ß → SS,
 * Þ → TH, ’ → ', no-break spaces → space, runs of spaces collapsed, ends
 * trimmed. Other characters (refused by text_name_ok before, but present
 * in rows stored earlier) are kept as they are. NULL: NULL; result in a.
 */
char *text_rniv(struct arena *, const char *);

/* 1 when two optional texts differ (NULL differs from any text). */
int text_differs(const char *, const char *);

#endif
