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
