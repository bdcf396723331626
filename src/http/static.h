/*
 * The French web UI, embedded in the binary at build time (web/ →
 * build/gen/web.c by tools/web-build.mjs). No CDN, no file system access
 * at run time. Each file comes with its gzip form (precompressed at
 * build), its version (content hash: the ETag, and the ?v= of the URLs
 * index.html and its import map use) so that a versioned URL is cached
 * for a year and index.html is revalidated each time.
 */
#ifndef HTTP_STATIC_H
#define HTTP_STATIC_H

#include <stddef.h>

/* One embedded file (the table web_files[] ends with a NULL name). */
struct web_asset {
	const char *name; /* "core/router.js" */
	const unsigned char *data; /* NUL-terminated as a convenience */
	size_t len;
	const unsigned char *gz; /* gzip -9 form, NULL if not smaller */
	size_t gzlen;
	const char *etag; /* "\"<version>\"": quoted, strong */
	const char *etag_gz; /* "\"<version>-gz\"": the gzip form's */
	int versioned; /* referred to as /name?v=<version> */
};

struct static_file {
	const char *path;
	const unsigned char *data; /* the body to send (maybe gzip) */
	size_t len;
	const char *type;
	const char *encoding; /* "gzip" or NULL (identity) */
	const char *etag;
	const char *cache; /* the Cache-Control value */
	int not_modified; /* If-None-Match matched: 304, no body */
};

/*
 * Finds an asset for a URL path ("/" → index.html), 0 if none. `version`
 * is the request's ?v= (NULL if none): equal to the file's version, the
 * reply is immutable for a year, else no-cache. `accept_encoding` and
 * `if_none_match` are the request's headers (NULL if absent): gzip is
 * chosen when accepted, and a matching ETag gives not_modified. The
 * result points into the embedded tables (static storage).
 */
int
static_find(const char *url, const char *version, const char *accept_encoding,
    const char *if_none_match, struct static_file *);

/* The CSP source lists of index.html's inline scripts (its import map,
 * web/early.js) and inline styles (its style sheets): "'sha256-…' …".
 * Static storage. */
const char *static_script_hashes(void);
const char *static_style_hashes(void);
/* Whether an Accept-Encoding header (or NULL) accepts gzip: named with
 * q > 0, or not named and "*" is (RFC 9110 §12.5.3). The API's JSON
 * replies use it too (server.c). */
int static_accepts_gzip(const char *accept_encoding);

#endif
