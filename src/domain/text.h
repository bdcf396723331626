/*
 * Text rules of the domain: the accent- and case-insensitive search key
 * used to find people by name ("Hélène" = "helene").
 */
#ifndef DOMAIN_TEXT_H
#define DOMAIN_TEXT_H

#include <stddef.h>

struct arena;

/* Lower-case ASCII fold of UTF-8 text (French accents, œ/æ, ß), other
 * letters kept; runs of spaces, hyphens and apostrophes become a space. */
char	*text_fold(struct arena *, const char *);

/* 1 for C0/C1 controls, bidi controls and invisible format characters
 * (Unicode Cf: zero-width, soft hyphen, BOM...): refused in identities. */
int	 text_forbidden_cp(unsigned cp);
/* 1 when UTF-8 text s holds such a character (NULL: 0). */
int	 text_has_forbidden(const char *s);

/* 1 when two optional texts differ (NULL differs from any text). */
int	 text_differs(const char *, const char *);

#endif
