/*
 * Files embedded in the binary at build time by tools/embed.c
 * (migrations, the common-password list; web/ has its own table with
 * gzip forms and versions, http/static.h). Tables end with a NULL name.
 */
#ifndef BASE_EMBED_H
#define BASE_EMBED_H

#include <stddef.h>

struct embed_file {
	const char *name;
	const unsigned char *data; /* NUL-terminated as a convenience */
	size_t len;
};

#endif
