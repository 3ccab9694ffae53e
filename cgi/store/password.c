#include <string.h>

#include "store/password.h"

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

int
password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str(out, password, strlen(password), OPSLIMIT,
	           MEMLIMIT) == 0 ?
	    0 :
	    -1;
}

bool
password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool
password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0;
}

void
password_verify_nobody(const char *password)
{
	/* An Argon2id hash, at this file's parameters, of 256 random bits
	 * nobody kept: checking against it costs what checking a member's
	 * password does, from the first unknown name on (made on first use,
	 * the first would have cost twice as much). */
	static const char nobody[PASSWORD_HASH_MAX] =
	    "$argon2id$v=19$m=65536,t=2,p=1$y7C12JT5ZPk72P8NhbfvKA$"
	    "26hWTi5SHs4oeuLZVPQt/Z55Va8C0LWpS0NRlgUBP2M";

	(void)password_verify(nobody, password);
}
