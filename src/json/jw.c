/*
 * Typed JSON writer: compact JSON text, members checked against their
 * description as they are written (see jw.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "json/jw.h"

/* Appends n bytes: the common case inline, growth through buf_add. */
static inline void
put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n < b->alloc && b->cap == 0) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
		b->p[b->len] = '\0';
	} else
		buf_add(b, s, n);
}

/* Whether one of the 8 bytes of x is a control character, '"' or '\\'
 * (may also answer 1 for a byte after such a one: the caller then looks
 * byte by byte). Bytes >= 0x80 (UTF-8) never match. */
static inline int
word_needs_escape(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');

	return ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
		    ((bs - ones) & ~bs)) &
		   high) != 0;
}

void
jw_put_str(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF"; /* as jansson */
	size_t i = 0, run = 0;
	char esc[6];
	uint64_t x;

	put(b, "\"", 1);
	while (i < n) {
		unsigned char c;
		const char *e = NULL;
		size_t el = 2;

		/* Issue 9 §5: eight plain bytes at a time. */
		if (i + 8 <= n) {
			memcpy(&x, s + i, 8);
			if (!word_needs_escape(x)) {
				i += 8;
				continue;
			}
		}
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		put(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
			e = "\\\"";
			break;
		case '\\':
			e = "\\\\";
			break;
		case '\n':
			e = "\\n";
			break;
		case '\r':
			e = "\\r";
			break;
		case '\t':
			e = "\\t";
			break;
		case '\b':
			e = "\\b";
			break;
		case '\f':
			e = "\\f";
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			e = esc;
			el = 6;
		}
		put(b, e, el);
		i++;
	}
	put(b, s + run, n - run);
	put(b, "\"", 1);
}

#ifndef NDEBUG
static void __attribute__((noreturn))
bug(const struct jw *w, const char *name, const char *why)
{
	const struct jw_frame *t = &w->st[w->depth - 1];

	fprintf(stderr, "BUG: JSON reply %s, member %s: %s\n",
	    t->s != NULL ? t->s->name : "?", name ? name : "?", why);
	abort();
}

static int
in_enum(const char *const *v, const char *s)
{
	for (; *v != NULL; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}
#endif

/* The described member f of the current object, its key written. */
static const struct jw_field *
member(struct jw *w, int f, enum jw_type type, int null)
{
	struct jw_frame *t = &w->st[w->depth - 1];
	const struct jw_field *d;

#ifndef NDEBUG
	if (t->arr)
		bug(w, NULL, "member written inside an array");
	if (f < 0 || f >= t->s->nfields)
		bug(w, NULL, "member not described");
#endif
	d = &t->s->fields[f];
#ifndef NDEBUG
	if (t->seen & (1ull << f))
		bug(w, d->name, "written twice");
	t->seen |= 1ull << f;
	if (null && !(d->flags & JW_NULLABLE))
		bug(w, d->name, "null but not nullable");
	if (type != d->type &&
	    !(type == JW_STR &&
		(d->type == JW_DATE || d->type == JW_DATETIME ||
		    d->type == JW_ENUM)) &&
	    !(type == JW_ARR &&
		(d->type == JW_ARR_INT || d->type == JW_ARR_ENUM)) &&
	    !null)
		bug(w, d->name, "type differs from the description");
#else
	(void)type;
	(void)null;
#endif
	if (t->n++ > 0)
		put(&w->b, ",", 1);
	put(&w->b, d->key, d->keylen);
	return d;
}

static void
item(struct jw *w, enum jw_type type)
{
	struct jw_frame *t = &w->st[w->depth - 1];

#ifndef NDEBUG
	if (!t->arr)
		bug(w, NULL, "item written in an object");
	if ((type == JW_OBJ && t->f->type != JW_ARR) ||
	    (type == JW_INT && t->f->type != JW_ARR_INT) ||
	    (type == JW_STR && t->f->type != JW_ARR_ENUM))
		bug(w, t->f->name, "item type differs from the description");
#else
	(void)type;
#endif
	if (t->n++ > 0)
		put(&w->b, ",", 1);
}

static void
push(struct jw *w, const struct jw_schema *s, const struct jw_field *f, int arr)
{
	struct jw_frame *t;

	if (w->depth >= JW_DEPTH) {
		fprintf(stderr, "BUG: JSON reply nested too deep\n");
		abort();
	}
	t = &w->st[w->depth++];
	t->s = s;
	t->f = f;
	t->seen = 0;
	t->n = 0;
	t->arr = arr;
	put(&w->b, arr ? "[" : "{", 1);
}

static void
pop(struct jw *w, int arr)
{
	struct jw_frame *t = &w->st[w->depth - 1];

#ifndef NDEBUG
	int i;

	if (t->arr != arr)
		bug(w, NULL, "unbalanced object/array");
	if (!arr)
		for (i = 0; i < t->s->nfields; i++)
			if (!(t->seen & (1ull << i)) &&
			    !(t->s->fields[i].flags & JW_OPTIONAL))
				bug(w, t->s->fields[i].name,
				    "required member not written");
#endif
	w->depth--;
	put(&w->b, arr ? "]" : "}", 1);
	(void)t;
}

void
jw_begin(struct jw *w, const struct jw_schema *root)
{
	buf_init(&w->b, 0);
	/* Room for a record's reply without growing (issue 9 §5). */
	w->b.p = xmalloc(4096);
	w->b.alloc = 4096;
	w->b.p[0] = '\0';
	w->depth = 0;
	push(w, root, NULL, 0);
}

char *
jw_finish(struct jw *w, size_t *len)
{
	pop(w, 0);
#ifndef NDEBUG
	if (w->depth != 0)
		bug(w, NULL, "reply finished with open members");
#endif
	return buf_detach(&w->b, len);
}

void
jw_release(struct jw *w)
{
	buf_release(&w->b);
	w->depth = 0;
}

void
jw_str(struct jw *w, int f, const char *s)
{
	const struct jw_field *d = member(w, f, JW_STR, s == NULL);

	if (s == NULL) {
		put(&w->b, "null", 4);
		return;
	}
#ifndef NDEBUG
	if (d->type == JW_ENUM && !in_enum(d->enumv, s))
		bug(w, d->name, "value outside the enum");
#else
	(void)d;
#endif
	jw_put_str(&w->b, s, strlen(s));
}

static void
put_int(struct jw *w, int64_t v)
{
	char num[BUF_I64_LEN];
	size_t n;

	n = buf_fmt_i64(num, (long long)v);
	put(&w->b, num, n);
}

void
jw_int(struct jw *w, int f, int64_t v)
{
	member(w, f, JW_INT, 0);
	put_int(w, v);
}

void
jw_num(struct jw *w, int f, double v)
{
	char num[40], *e, *d, *q;
	int n;

	member(w, f, JW_NUM, 0);
	if (!isfinite(v)) {
		fprintf(stderr, "BUG: JSON reply, number not finite\n");
		abort();
	}
	n = snprintf(num, sizeof(num), "%.17g", v);
	if ((e = strchr(num, 'e')) != NULL) {
		/* As jansson: no '+' and no leading zero in the exponent. */
		d = e + 1;
		if (*d == '-')
			d++;
		for (q = d; *q == '+' || *q == '0'; q++)
			;
		memmove(d, q, strlen(q) + 1);
		if (*d == '\0')
			memcpy(d, "0", 2);
		n = (int)strlen(num);
	}
	put(&w->b, num, (size_t)n);
	if (strpbrk(num, ".e") == NULL)
		put(&w->b, ".0", 2);
}

void
jw_id_or_null(struct jw *w, int f, int64_t v)
{
	if (v == 0)
		jw_null(w, f);
	else
		jw_int(w, f, v);
}

void
jw_bool(struct jw *w, int f, int v)
{
	member(w, f, JW_BOOL, 0);
	if (v)
		put(&w->b, "true", 4);
	else
		put(&w->b, "false", 5);
}

void
jw_null(struct jw *w, int f)
{
	member(w, f, JW__MAX, 1);
	put(&w->b, "null", 4);
}

void
jw_obj_begin(struct jw *w, int f)
{
	const struct jw_field *d = member(w, f, JW_OBJ, 0);

	push(w, d->sub, d, 0);
}

void
jw_embed(struct jw *w, int f, struct jw *inner)
{
	const struct jw_field *d = member(w, f, JW_OBJ, 0);
	size_t len;
	char *text;

#ifndef NDEBUG
	if (inner->depth != 1 || inner->st[0].s != d->sub)
		bug(w, d->name, "embedded reply of another description");
#endif
	text = jw_finish(inner, &len);
	put(&w->b, text, len);
	xfree(text);
}

void
jw_obj_end(struct jw *w)
{
	pop(w, 0);
}

void
jw_arr_begin(struct jw *w, int f)
{
	const struct jw_field *d = member(w, f, JW_ARR, 0);

	push(w, d->sub, d, 1);
}

void
jw_arr_end(struct jw *w)
{
	pop(w, 1);
}

void
jw_item_obj_begin(struct jw *w)
{
	const struct jw_field *d;

	item(w, JW_OBJ);
	d = w->st[w->depth - 1].f;
	push(w, d->sub, d, 0);
}

void
jw_item_int(struct jw *w, int64_t v)
{
	item(w, JW_INT);
	put_int(w, v);
}

void
jw_item_str(struct jw *w, const char *s)
{
#ifndef NDEBUG
	const struct jw_field *d = w->st[w->depth - 1].f;
#endif

	item(w, JW_STR);
#ifndef NDEBUG
	if (s == NULL || !in_enum(d->enumv, s))
		bug(w, d->name, "item outside the enum");
#endif
	jw_put_str(&w->b, s, strlen(s));
}
