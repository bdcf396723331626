/*
 * Bounded growable buffer used for request bodies and generated text.
 */
#include <string.h>

#include "buf.h"
#include "xalloc.h"

void
buf_init(struct buf *b, size_t cap)
{
	b->p = NULL;
	b->len = b->alloc = 0;
	b->cap = cap;
}

void
buf_release(struct buf *b)
{
	xfree(b->p);
	buf_init(b, b->cap);
}

int
buf_add(struct buf *b, const void *d, size_t n)
{
	size_t want;

	if (b->cap != 0 && b->len + n > b->cap)
		return -1;
	if (b->len + n + 1 > b->alloc) {
		want = b->alloc ? b->alloc * 2 : 256;
		while (want < b->len + n + 1)
			want *= 2;
		b->p = xrealloc(b->p, want);
		b->alloc = want;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p = b->p;

	if (p == NULL)
		p = xstrdup("");
	if (len != NULL)
		*len = b->len;
	buf_init(b, b->cap);
	return p;
}

/* Digits of v into out (room for 20 + NUL); returns their count. */
static size_t
decimal(char *out, unsigned long long v)
{
	char tmp[BUF_I64_LEN];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return n;
}

size_t
buf_fmt_u64(char out[BUF_I64_LEN], unsigned long long v)
{
	return decimal(out, v);
}

size_t
buf_fmt_i64(char out[BUF_I64_LEN], long long v)
{
	if (v >= 0)
		return decimal(out, (unsigned long long)v);
	out[0] = '-';
	/* -(v + 1) + 1: no overflow for LLONG_MIN (19 digits after '-'). */
	return 1 + decimal(out + 1, (unsigned long long)(-(v + 1)) + 1);
}
