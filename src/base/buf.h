/*
 * A growable byte buffer on the heap with a hard cap (bounded, like
 * curl's dynbuf). Caller releases with buf_release().
 */
#ifndef BASE_BUF_H
#define BASE_BUF_H

#include <stddef.h>

struct buf {
	char *p;
	size_t len;
	size_t alloc;
	size_t cap; /* maximum len; 0 = none */
};

void buf_init(struct buf *, size_t cap);
void buf_release(struct buf *);
/* Returns -1 (and appends nothing) when the cap would be exceeded. */
int buf_add(struct buf *, const void *, size_t);
int buf_adds(struct buf *, const char *);
/* Hands the bytes (NUL-terminated) to the caller, who frees with xfree. */
char *buf_detach(struct buf *, size_t *len);

/* The decimal text of v, as printf's "%lld" (NUL-terminated, at most 20
 * characters + NUL); returns its length. For the hot paths (JSON, trace
 * hashes) where snprintf's format parsing showed in profiles. */
#define BUF_I64_LEN 21
size_t buf_fmt_i64(char out[BUF_I64_LEN], long long v);
/* The same for an unsigned value ("%llu"). */
size_t buf_fmt_u64(char out[BUF_I64_LEN], unsigned long long v);

#endif
