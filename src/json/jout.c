/*
 * Compact JSON serialisation. Strings are emitted as UTF-8 with the
 * escapes JSON requires (quote, backslash, control characters); jansson
 * already guaranteed the strings are valid UTF-8 without NUL.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "json/jout.h"

static void
put_str(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";	/* as jansson */
	size_t i, run = 0;
	char esc[6];

	buf_add(b, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = NULL;
		size_t el = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			e = esc;
			el = 6;
		}
		buf_add(b, e, el);
	}
	buf_add(b, s + run, n - run);
	buf_add(b, "\"", 1);
}

static void
put(struct buf *b, json_t *j)
{
	const char *k;
	json_t *v;
	size_t i, n;
	char num[32];
	int first = 1;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		buf_add(b, "{", 1);
		json_object_foreach(j, k, v) {
			if (!first)
				buf_add(b, ",", 1);
			first = 0;
			put_str(b, k, strlen(k));
			buf_add(b, ":", 1);
			put(b, v);
		}
		buf_add(b, "}", 1);
		break;
	case JSON_ARRAY:
		buf_add(b, "[", 1);
		n = json_array_size(j);
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_add(b, ",", 1);
			put(b, json_array_get(j, i));
		}
		buf_add(b, "]", 1);
		break;
	case JSON_STRING:
		put_str(b, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		n = buf_fmt_i64(num, (long long)json_integer_value(j));
		buf_add(b, num, n);
		break;
	case JSON_REAL:
		n = (size_t)snprintf(num, sizeof(num), "%.17g",
		    json_real_value(j));
		buf_add(b, num, n);
		/* Like jansson: a real always looks like one. */
		if (strpbrk(num, ".eE") == NULL)
			buf_add(b, ".0", 2);
		break;
	case JSON_TRUE:
		buf_add(b, "true", 4);
		break;
	case JSON_FALSE:
		buf_add(b, "false", 5);
		break;
	case JSON_NULL:
		buf_add(b, "null", 4);
		break;
	}
}

char *
jout_dump(json_t *j, size_t *len)
{
	struct buf b;

	buf_init(&b, 0);
	put(&b, j);
	return buf_detach(&b, len);
}
