/*
 * Lookup of embedded web assets by URL path, with their content types.
 */
#include <string.h>

#include "base/embed.h"
#include "http/static.h"

extern const struct embed_file web_files[];

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

int
static_find(const char *url, struct static_file *out)
{
	const struct embed_file *f;
	const char *name;

	if (url == NULL || url[0] != '/' || strstr(url, "..") != NULL)
		return 0;
	name = strcmp(url, "/") == 0 ? "index.html" : url + 1;
	for (f = web_files; f->name != NULL; f++) {
		if (strcmp(f->name, name) == 0) {
			out->path = f->name;
			out->data = f->data;
			out->len = f->len;
			out->type = type_of(f->name);
			return 1;
		}
	}
	return 0;
}
