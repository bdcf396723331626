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

/* 1 when two optional texts differ (NULL differs from any text). */
int	 text_differs(const char *, const char *);

#endif
