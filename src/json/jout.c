/*
 * Compact JSON serialisation. Strings are emitted as UTF-8 with the
 * escapes JSON requires (jw_put_str, shared with the typed writer);
 * jansson already guaranteed the strings are valid UTF-8 without NUL.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "json/jout.h"
#include "json/jw.h"

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
		json_object_foreach(j, k, v)
		{
			if (!first)
				buf_add(b, ",", 1);
			first = 0;
			jw_put_str(b, k, strlen(k));
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
		jw_put_str(b, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		n = buf_fmt_i64(num, (long long)json_integer_value(j));
		buf_add(b, num, n);
		break;
	case JSON_REAL:
		n = (size_t)snprintf(
		    num, sizeof(num), "%.17g", json_real_value(j));
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
