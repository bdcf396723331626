/*
 * Lookup of embedded web assets by URL path, with their content types,
 * and the choice of what to send: the gzip form when the client accepts
 * it (precompressed at build, never compressed at run time), the ETag
 * (the content hash), a 304 on If-None-Match, and the cache policy
 * (a year, immutable, for a URL that carries the file's version; no-cache
 * otherwise, index.html included). Must not: read the file system.
 */
#include <string.h>
#include <strings.h>

#include "http/static.h"

extern const struct web_asset web_files[];
extern const char web_script_hashes[];
extern const char web_style_hashes[];

#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define CACHE_REVALIDATE "no-cache"

static const char *
type_of(const char *name)
{
	static const struct {
		const char *ext, *type;
	} t[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".webmanifest", "application/manifest+json" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot != NULL && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(dot, t[i].ext) == 0)
			return t[i].type;
	return "application/octet-stream";
}

/* Next comma-separated element of a header list: [*p, *end), trimmed. */
static int
next_item(const char **s, const char **p, size_t *n)
{
	const char *c = *s;

	while (*c == ' ' || *c == '\t' || *c == ',')
		c++;
	if (*c == '\0')
		return 0;
	*p = c;
	while (*c != '\0' && *c != ',')
		c++;
	*n = (size_t)(c - *p);
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
	*s = c;
	return 1;
}

/* 1 when an Accept-Encoding item ("gzip;q=0.5") has a q above 0. */
static int
q_positive(const char *p, size_t n)
{
	const char *semi = memchr(p, ';', n);
	const char *c;

	if (semi == NULL)
		return 1;
	for (c = semi + 1; c < p + n && (*c == ' ' || *c == '\t'); c++)
		;
	if (c + 2 > p + n || (c[0] != 'q' && c[0] != 'Q') || c[1] != '=')
		return 1;
	/* q=0, q=0.0, q=0.000: refused; anything else accepts. */
	for (c += 2; c < p + n; c++)
		if (*c != '0' && *c != '.' && *c != ' ')
			return 1;
	return 0;
}

/* RFC 9110 §12.5.3: gzip named with q > 0, or not named and "*" is. */
int
static_accepts_gzip(const char *ae)
{
	const char *p;
	size_t n, tok;
	int gzip = -1, star = 0;

	while (ae != NULL && next_item(&ae, &p, &n)) {
		for (tok = 0; tok < n && p[tok] != ';' && p[tok] != ' '; tok++)
			;
		if ((tok == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (tok == 6 && strncasecmp(p, "x-gzip", 6) == 0))
			gzip = q_positive(p, n);
		else if (tok == 1 && p[0] == '*')
			star = q_positive(p, n);
	}
	return gzip == -1 ? star : gzip;
}

/* RFC 9110 §13.1.2: "*" or one of the tags (weak comparison). */
static int
etag_matches(const char *inm, const char *etag)
{
	const char *p;
	size_t n;

	while (inm != NULL && next_item(&inm, &p, &n)) {
		if (n == 1 && p[0] == '*')
			return 1;
		if (n > 2 && p[0] == 'W' && p[1] == '/') {
			p += 2;
			n -= 2;
		}
		if (n == strlen(etag) && memcmp(p, etag, n) == 0)
			return 1;
	}
	return 0;
}

/* The ?v= of the URL is the file's version (its ETag unquoted). */
static int
version_is(const struct web_asset *f, const char *v)
{
	size_t n = strlen(f->etag);

	return v != NULL && strlen(v) == n - 2 &&
	    memcmp(v, f->etag + 1, n - 2) == 0;
}

int
static_find(const char *url, const char *version, const char *accept_encoding,
    const char *if_none_match, struct static_file *out)
{
	const struct web_asset *f;
	const char *name;

	if (url == NULL || url[0] != '/' || strstr(url, "..") != NULL)
		return 0;
	name = strcmp(url, "/") == 0 ? "index.html" : url + 1;
	for (f = web_files; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			break;
	if (f->name == NULL)
		return 0;
	memset(out, 0, sizeof(*out));
	out->path = f->name;
	out->type = type_of(f->name);
	if (f->gz != NULL && static_accepts_gzip(accept_encoding)) {
		out->data = f->gz;
		out->len = f->gzlen;
		out->encoding = "gzip";
		out->etag = f->etag_gz;
	} else {
		out->data = f->data;
		out->len = f->len;
		out->etag = f->etag;
	}
	out->cache = f->versioned && version_is(f, version) ? CACHE_IMMUTABLE
							    : CACHE_REVALIDATE;
	out->not_modified = etag_matches(if_none_match, out->etag);
	return 1;
}

const char *
static_script_hashes(void)
{
	return web_script_hashes;
}

const char *
static_style_hashes(void)
{
	return web_style_hashes;
}
