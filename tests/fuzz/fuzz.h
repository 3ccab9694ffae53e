/*
 * What every libFuzzer harness of tests/fuzz/ shares.  A harness checks
 * what must hold of the code it drives and calls abort() when it does
 * not, so a wrong answer is reported like a crash (run.sh).
 */
#ifndef BANTIN_FUZZ_H
#define BANTIN_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

/* The input as a C string (malloc'd), cut at its first NUL as a string
 * from a server would be; NULL when out of memory. */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	return strndup((const char *)data, size);
}

#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(#cond, __FILE__, __LINE__); \
	} while (0)

__attribute__((noreturn)) static inline void
fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

#endif
