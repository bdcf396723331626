/*
 * Allocation that never returns NULL: on exhaustion the process aborts
 * (STYLE §3). Long-lived state uses these; per-request data uses an arena.
 */
#ifndef BASE_XALLOC_H
#define BASE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
void xfree(void *);

#endif
