#include <string.h>

#include "store/password.h"

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

int
password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str(out, password, strlen(password), OPSLIMIT,
	    MEMLIMIT) == 0 ? 0 : -1;
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
	static char	nobody[PASSWORD_HASH_MAX];
	unsigned char	random[32];
	char		hex[65];

	/* Made once per process, from a password nobody knows. */
	if (nobody[0] == '\0') {
		randombytes_buf(random, sizeof(random));
		sodium_bin2hex(hex, sizeof(hex), random, sizeof(random));
		if (password_hash(hex, nobody) == -1)
			return;
	}
	(void)password_verify(nobody, password);
}
