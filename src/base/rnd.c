/*
 * Random bytes and tokens from libsodium's CSPRNG. Nothing else here.
 */
#include <sodium.h>

#include "rnd.h"

int
rnd_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void
rnd_bytes(void *p, size_t n)
{
	randombytes_buf(p, n);
}

void
rnd_hex(char *out, size_t n)
{
	unsigned char b[64];

	if (n > sizeof(b))
		n = sizeof(b);
	randombytes_buf(b, n);
	sodium_bin2hex(out, 2 * n + 1, b, n);
}

void
rnd_token(char *out, size_t outsz, size_t n)
{
	unsigned char b[64];

	if (n > sizeof(b))
		n = sizeof(b);
	randombytes_buf(b, n);
	sodium_bin2base64(
	    out, outsz, b, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
