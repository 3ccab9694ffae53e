/*
 * bantin_rank(search_index, w1, w2, …): BM25's term-frequency part with a
 * weight per column, lower is better like bm25().
 *
 * FTS5's own bm25() starts every query by counting, for each term, every
 * row that contains it (its IDF): the whole doclist, ~100 000 rows for a
 * common syllable on a large site, ~10 ms a term.  Search ranks only the
 * newest few hundred matches, each of which contains every query word, so
 * the IDF would mostly reweigh words all candidates share; this function
 * skips it and reads only the current row's term instances and length.
 */
#include <sqlite3.h>
#include <stddef.h>

#include "store/functions.h"

enum { RANK_COLUMNS_MAX = 8 };

static const double K1 = 1.2, B = 0.75;

static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *out,
    int nval, sqlite3_value **val)
{
	int           tf[RANK_COLUMNS_MAX] = { 0 };
	int           ninst, phrase, col, off, len;
	int           ncol = api->xColumnCount(ctx);
	sqlite3_int64 rows, total;
	double        score = 0, w, avg;

	if (ncol > RANK_COLUMNS_MAX)
		ncol = RANK_COLUMNS_MAX;
	if (api->xInstCount(ctx, &ninst) != SQLITE_OK ||
	    api->xRowCount(ctx, &rows) != SQLITE_OK || rows < 1) {
		sqlite3_result_error(out, "bantin_rank: cannot read the row",
		    -1);
		return;
	}
	for (int i = 0; i < ninst; i++)
		if (api->xInst(ctx, i, &phrase, &col, &off) == SQLITE_OK &&
		    col >= 0 && col < ncol)
			tf[col]++;
	for (col = 0; col < ncol; col++) {
		w = col < nval ? sqlite3_value_double(val[col]) : 1.0;
		if (tf[col] == 0 || w == 0.0 ||
		    api->xColumnSize(ctx, col, &len) != SQLITE_OK ||
		    api->xColumnTotalSize(ctx, col, &total) != SQLITE_OK)
			continue;
		avg = total > 0 ? (double)total / (double)rows : 1.0;
		score += w * tf[col] * (K1 + 1) /
		    (tf[col] + K1 * (1 - B + B * len / avg));
	}
	sqlite3_result_double(out, -score);
}

int
sql_register_rank(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	fts5_api     *fts5 = NULL;
	int           rc;

	/* The documented way to reach FTS5's API from a connection.  Raw
	 * calls, not store/sql.h: it binds a pointer (sqlite3_bind_pointer),
	 * which sql.h has no call for, on bare handles too (bantin-admin's,
	 * the tests').  A failed bind or step leaves fts5 NULL: an error
	 * below. */
	if ((rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL)) !=
	    SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(s, 1, (void *)&fts5, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (fts5 == NULL)
		return SQLITE_ERROR;
	return fts5->xCreateFunction(fts5, "bantin_rank", NULL, rank_fn, NULL);
}
