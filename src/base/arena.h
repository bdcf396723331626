/*
 * A bump allocator with a byte cap, one per request (STYLE §4).
 * Everything allocated from it is released at once by arena_release().
 * When the cap would be exceeded, allocation returns NULL and sets
 * `overflow`; callers turn that into 413/E_INVALID (never unbounded growth).
 */
#ifndef BASE_ARENA_H
#define BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used; /* bytes handed out, all chunks */
	size_t cap; /* 0: no cap */
	int overflow; /* set once the cap was hit */
};

void arena_init(struct arena *, size_t cap);
void arena_release(struct arena *);
/* Frees the calling thread's cached chunk (other threads free theirs at
 * exit by themselves). */
void arena_thread_done(void);
/* Returns NULL only when the cap is exceeded. Memory is 16-byte aligned. */
void *arena_alloc(struct arena *, size_t);
void *arena_zalloc(struct arena *, size_t);
char *arena_strndup(struct arena *, const char *, size_t);
char *arena_strdup(struct arena *, const char *);
/*
 * Appends a zeroed slot to an arena vector (*vec, *n used, *cap slots),
 * growing it by doubling. Returns the slot, or NULL at the cap.
 */
void *arena_push(struct arena *, void *vec, int *n, int *cap, size_t esz);
char *arena_printf(struct arena *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));

#endif
