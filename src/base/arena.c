/*
 * Request arena: chunks of at least 16 KiB, bump allocation, one release.
 * Owns no knowledge of HTTP or the database.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

#define CHUNK_MIN (16 * 1024)
#define ALIGN(n) (((n) + 15) & ~(size_t)15)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	size_t off;
	_Alignas(16) unsigned char data[];
};

void
arena_init(struct arena *a, size_t cap)
{
	a->head = NULL;
	a->used = 0;
	a->cap = cap;
	a->overflow = 0;
}

/*
 * One spare first-size chunk per thread: a request arena is created and
 * released on the same network thread, and reusing its 16 KiB chunk
 * avoids a malloc/free pair (and glibc's consolidation) per request.
 */
static _Thread_local struct arena_chunk *spare;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

/* Runs at thread exit (registered once per thread): frees the spare. */
static void
spare_free(void *unused)
{
	(void)unused;
	xfree(spare);
	spare = NULL;
}

static void
spare_key_make(void)
{
	pthread_key_create(&spare_key, spare_free);
}

static void
spare_keep(struct arena_chunk *c)
{
	pthread_once(&spare_once, spare_key_make);
	if (pthread_getspecific(spare_key) == NULL)
		pthread_setspecific(spare_key, &spare_key);
	spare = c;
}

/* Frees this thread's spare chunk (the main thread calls it at exit). */
void
arena_thread_done(void)
{
	spare_free(NULL);
}

void
arena_release(struct arena *a)
{
	struct arena_chunk *c, *n;

	for (c = a->head; c != NULL; c = n) {
		n = c->next;
		if (spare == NULL && c->size == CHUNK_MIN) {
			spare_keep(c);
			continue;
		}
		xfree(c);
	}
	a->head = NULL;
	a->used = 0;
	a->overflow = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = ALIGN(n ? n : 1), sz;
	void *p;

	if (a->cap != 0 && a->used + need > a->cap) {
		a->overflow = 1;
		return NULL;
	}
	if (c == NULL || c->size - c->off < need) {
		sz = need > CHUNK_MIN ? need : CHUNK_MIN;
		if (sz == CHUNK_MIN && spare != NULL) {
			c = spare;
			spare = NULL;
		} else
			c = xmalloc(sizeof(*c) + sz);
		c->size = sz;
		c->off = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->off;
	c->off += need;
	a->used += need;
	return p;
}

void *
arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	if (p != NULL)
		memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	char *p;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *
arena_push(struct arena *a, void *vecp, int *n, int *cap, size_t esz)
{
	void **vec = vecp;
	unsigned char *nv;

	if (*n == *cap) {
		int ncap = *cap ? *cap * 2 : 16;

		nv = arena_alloc(a, esz * (size_t)ncap);
		if (nv == NULL)
			return NULL;
		if (*n > 0)
			memcpy(nv, *vec, esz * (size_t)*n);
		*vec = nv;
		*cap = ncap;
	}
	nv = (unsigned char *)*vec + esz * (size_t)(*n)++;
	memset(nv, 0, esz);
	return nv;
}
