/*
 * Cryptographic randomness (libsodium). rnd_init() must run once at start.
 */
#ifndef BASE_RND_H
#define BASE_RND_H

#include <stddef.h>

int rnd_init(void);
void rnd_bytes(void *, size_t);
/* Writes 2*n hex digits and a NUL into out (size >= 2*n+1). */
void rnd_hex(char *out, size_t n);
/* Writes an URL-safe base64 token of n random bytes into out (size >= 2*n). */
void rnd_token(char *out, size_t outsz, size_t n);

#endif
