#include <stdlib.h>

#include "store/functions.h"
#include "text/text.h"

enum { SLUG_MAX = 80 };

/* bantin_slug(text): the ICU slug the schema's triggers derive. */
static void
sql_slug(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	char                *slug;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((slug = text_slug((const char *)s,
	         (size_t)sqlite3_value_bytes(argv[0]), SLUG_MAX)) == NULL) {
		sqlite3_result_error(ctx,
		    "bantin_slug: text is not valid UTF-8", -1);
		return;
	}
	/* A title of punctuation alone still needs a usable slug. */
	sqlite3_result_text(ctx, *slug != '\0' ? slug : "bai-viet", -1,
	    SQLITE_TRANSIENT);
	free(slug);
}

/* A text → text SQL function: the C function and its failure message. */
struct text_fn {
	char *(*fn)(const char *, size_t);
	const char *error;
};

static const struct text_fn fold_fn = { text_fold,
	"bantin_fold: text is not valid UTF-8 or longer than 1 MB" };
static const struct text_fn casefold_fn = { text_casefold,
	"bantin_casefold: text is not valid UTF-8 or longer than 1 MB" };

/* bantin_fold(text), the search folding the schema's triggers index, and
 * bantin_casefold(text), the caseless member name. */
static void
sql_text_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct text_fn *f = sqlite3_user_data(ctx);
	const unsigned char  *s = sqlite3_value_text(argv[0]);
	char                 *out;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((out = f->fn((const char *)s,
	         (size_t)sqlite3_value_bytes(argv[0]))) == NULL) {
		sqlite3_result_error(ctx, f->error, -1);
		return;
	}
	sqlite3_result_text(ctx, out, -1, free);
}

int
sql_register_functions(sqlite3 *db)
{
	int rc;

	if ((rc = sqlite3_create_function(db, "bantin_slug", 1,
	         SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	         sql_slug, NULL, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_create_function(db, "bantin_fold", 1,
	         SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
	         (void *)&fold_fn, sql_text_fn, NULL, NULL)) != SQLITE_OK)
		return rc;
	return sqlite3_create_function(db, "bantin_casefold", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
	    (void *)&casefold_fn, sql_text_fn, NULL, NULL);
}
