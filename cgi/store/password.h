/*
 * Member passwords: Argon2id through libsodium's crypto_pwhash_str, at
 * libsodium's "interactive" cost (2 passes over 64 MiB, above OWASP's
 * minimum of 2 passes over 19 MiB).  A hash made with other parameters is
 * replaced at the member's next login (password_needs_rehash).
 * Passwords are NFC-normalized before hashing, like every text input.
 */
#ifndef BANTIN_PASSWORD_H
#define BANTIN_PASSWORD_H

#include <stdbool.h>

#include <sodium.h>

enum {
	PASSWORD_HASH_MAX = crypto_pwhash_STRBYTES,
	PASSWORD_MIN_CHARS = 8,
	PASSWORD_MAX_BYTES = 1024,
};

/* 0, or -1 when out of memory (Argon2id needs its 64 MiB). */
int  password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
bool password_verify(const char *hash, const char *password);
bool password_needs_rehash(const char *hash);
/* Spends the time of one verification and fails: for unknown usernames,
 * so that they take as long as a wrong password. */
void password_verify_nobody(const char *password);

#endif
