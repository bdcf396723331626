/*
 * The French web UI, embedded in the binary at build time (web/ →
 * build/gen/web.c). No CDN, no file system access at run time.
 */
#ifndef HTTP_STATIC_H
#define HTTP_STATIC_H

#include <stddef.h>

struct static_file {
	const char *path;
	const unsigned char *data;
	size_t len;
	const char *type;
};

/* Finds an asset for a URL path ("/" → index.html). 0 if none. */
int static_find(const char *url, struct static_file *);

#endif
