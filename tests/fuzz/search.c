/*
 * Search-query parsing (search_query_parse, store/query.c): a reader's
 * text, as the search page gets it (at most 200 characters), into FTS5
 * queries.  No reader text may become FTS5 syntax: every term is a
 * folded word, whose ASCII is [a-z0-9] only (letters that ICU does not
 * romanize, NKo say, stay as they are), and each query is its fixed
 * column filter followed by quoted words only.
 */
#include "store/store.h"
#include "text/text.h"
#include "fuzz.h"

enum { QUERY_MAX = 200 * 4 };

static struct arena arena;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (text_init() != 0)
		abort();
	arena_init(&arena, 0);
	return 0;
}

static bool
folded_word(const char *w)
{
	for (; *w != '\0'; w++)
		if (!((unsigned char)*w >= 0x80 || (*w >= 'a' && *w <= 'z') ||
		        (*w >= '0' && *w <= '9')))
			return false;
	return true;
}

/* `prefix` then " \"word\"" pieces, each word free of '"'. */
static bool
quoted_words(const char *q, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(q, prefix, n) != 0)
		return false;
	for (q += n; *q != '\0'; q += n + 1) {
		if (strncmp(q, " \"", 2) != 0)
			return false;
		q += 2;
		if ((n = strcspn(q, "\"")) == 0 || q[n] != '"')
			return false;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct search_query sq;
	char               *q;

	if (size > QUERY_MAX || (q = fuzz_cstr(data, size)) == NULL)
		return 0;
	arena_reset(&arena);
	if (search_query_parse(&arena, q, &sq)) {
		FUZZ_CHECK(sq.nterms >= 1 && sq.nterms <= SEARCH_TERMS_MAX);
		for (size_t i = 0; i < sq.nterms; i++)
			FUZZ_CHECK(sq.terms[i][0] != '\0' &&
			    folded_word(sq.terms[i]));
		FUZZ_CHECK(quoted_words(sq.match,
		    "{ft_title ft_lead ft_body} :"));
		FUZZ_CHECK((sq.phrase == NULL) == (sq.nterms == 1));
		FUZZ_CHECK(sq.exact == NULL ||
		    quoted_words(sq.exact, "{ex_title ex_lead ex_body} :"));
	} else
		FUZZ_CHECK(sq.match == NULL);
	free(q);
	return 0;
}
