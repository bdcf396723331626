/*
 * Password hashing with Argon2id (libsodium's crypto_pwhash, interactive
 * limits). Hashes are self-describing strings ($argon2id$v=19$...).
 */
#ifndef AUTH_PASSWORD_H
#define AUTH_PASSWORD_H

#include <stddef.h>

#define PASSWORD_HASH_MAX 128
#define PASSWORD_MIN_LEN 12
#define PASSWORD_MIN_DISTINCT 5
#define PASSWORD_HISTORY 5 /* previous hashes kept per account */

/* Hashes pw into out[PASSWORD_HASH_MAX]. Returns 0, or -1 (no memory). */
int password_hash(const char *pw, char *out);
/* 1 when pw matches the stored hash, 0 otherwise. Constant-time. */
int password_verify(const char *hash, const char *pw);
/* Burns the same time as a verification, for unknown logins. */
void password_dummy_verify(const char *pw);
/*
 * Checks the strength policy. 0 = acceptable, -1 = under 12 characters,
 * -2 = trivial: fewer than 5 distinct characters, a straight run
 * (123456789012, abcdefghijkl), a keyboard walk (1q2w3e4r5t6y,
 * qazwsxedcrfv), a word of John the Ripper's common-password list
 * (john-data, embedded at build time) compared without case, alone or
 * padded with digits and punctuation at its ends (Welcome12345), or the
 * product's name so padded (Maillage2026!).
 */
int password_policy(const char *pw);
/* The policy's French message for a non-zero password_policy() result. */
const char *password_policy_fr(int rc);
/*
 * 1 when pw contains the login, ignoring ASCII case (issue 8 point 5).
 * Logins under 3 characters are not checked: "jo" would forbid too much.
 */
int password_has_login(const char *pw, const char *login);
/* Writes a random 16-character password into out[17]. */
void password_generate(char *out);

#endif
