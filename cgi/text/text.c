/*
 * Vietnamese text handling.  Why ICU for each piece:
 *  - NFC: Vietnamese arrives both precomposed and decomposed (macOS, some
 *    IMEs); composition tables are Unicode data we must not hand-copy.
 *  - Slug/fold: a UTransliterator strips tone and vowel marks for every
 *    Latin letter, maps letters with no decomposition (đ, ø, ß, æ) and
 *    romanizes other scripts; a hand table would cover only Vietnamese.
 *  - Dates and counts: CLDR "vi" data gives day names and the '.' grouping
 *    separator; the tz database gives Asia/Ho_Chi_Minh history.
 *  - Truncation: grapheme and word break iterators so a cut never splits a
 *    combining sequence or a word.
 * UTF-8 validation and the UTC parser are by hand: they are simple, strict
 * and on the hot path.
 */
#include "text/text.h"
#include "base/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/ucal.h>
#include <unicode/uchar.h>
#include <unicode/udat.h>
#include <unicode/udisplaycontext.h>
#include <unicode/unorm2.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

/* Largest input accepted by the string functions (bytes). */
#define TEXT_MAX_INPUT (1 << 20)
/* Transliteration runs in chunks: ICU edits its buffer in place, so one
 * call over a long text is quadratic. */
#define TRANS_CHUNK 1024
/* Scratch buffers above this many UChars are freed after a call. */
#define SCRATCH_KEEP (64 * 1024)

/* Any-Latin romanizes other scripts; NFD + Mn removal strips Vietnamese
 * marks quickly; Latin-ASCII, filtered to what is still non-ASCII, maps
 * đ/Đ and the other letters without a decomposition. */
static const char TRANS_ID[] =
    "Any-Latin; NFD; [:Mn:] Remove; [:^ASCII:] Latin-ASCII";

struct ubuf {
	UChar  *p;
	int32_t cap;
};

/* A text cut by text_truncate_words(), kept with what it was cut from:
 * pages show the same short leads again and again (an article's section
 * neighbours, the front page's stories).  Texts up to CUT_KEPT_MAX bytes. */
enum { CUTS_KEPT = 256, CUT_KEPT_MAX = 1024 };
struct cut {
	uint32_t hash;
	size_t   len, max_chars;
	char    *text; /* malloc'd: the input, a NUL, the result */
};

/* A local day (Asia/Ho_Chi_Minh) as text, formatted by ICU once: pages
 * show a few hundred distinct days and thousands of dates. */
enum { DAYS_KEPT = 512, DAY_TEXT = 64 };
struct day {
	int64_t n;              /* days since 1970-01-01, local; 0 and */
	bool    set;            /* set false: empty */
	char    day[DAY_TEXT];  /* "Thứ Năm, 03/12/2026" */
	char    date[DAY_TEXT]; /* "03/12/2026" */
};

static struct {
	bool                open;
	const UNormalizer2 *nfc;
	UTransliterator    *trans;
	UDateFormat        *date;
	UDateFormat        *day; /* the masthead's date line */
	UNumberFormat      *count;
	UBreakIterator     *chars;
	UBreakIterator     *words;
	struct ubuf         a, b, c; /* reused scratch */
	/* The zone's offset between two of its transitions (ms). */
	UCalendar          *cal;
	UDate               zone_from, zone_to;
	int32_t             zone_offset;
	struct day          days[DAYS_KEPT];
	struct cut          cuts[CUTS_KEPT];
} g;

/* ---- scratch buffers ---------------------------------------------------- */

static int
ubuf_reserve(struct ubuf *u, int32_t need)
{
	if (need <= u->cap)
		return 0;
	int32_t cap = u->cap ? u->cap : 256;
	while (cap < need)
		cap = cap > INT32_MAX / 2 ? need : cap * 2;
	UChar *p = realloc(u->p, (size_t)cap * sizeof *p);
	if (!p)
		return -1;
	u->p = p;
	u->cap = cap;
	return 0;
}

static void
ubuf_free(struct ubuf *u)
{
	free(u->p);
	u->p = NULL;
	u->cap = 0;
}

/* Keeps the common small buffers, drops the ones a huge input grew. */
static void
scratch_trim(void)
{
	struct ubuf *all[] = { &g.a, &g.b, &g.c };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (all[i]->cap > SCRATCH_KEEP)
			ubuf_free(all[i]);
}

/* ---- init / shutdown ---------------------------------------------------- */

static UDateFormat *
open_date(const char *pattern, UErrorCode *st)
{
	UChar        upat[64];
	UCalendar   *cal = NULL;
	UDateFormat *f = NULL;

	u_strFromUTF8(upat, (int32_t)(sizeof upat / sizeof upat[0]), NULL,
	    pattern, -1, st);
	f = udat_open(UDAT_PATTERN, UDAT_PATTERN, "vi", u"Asia/Ho_Chi_Minh", -1,
	    upat, -1, st);
	if (U_FAILURE(*st))
		goto out;
	/* Day names start the string, so ask for a capital "Thứ". */
	udat_setContext(f, UDISPCTX_CAPITALIZATION_FOR_BEGINNING_OF_SENTENCE,
	    st);
	/* Proleptic Gregorian, to agree with timegm() for old dates. */
	cal = ucal_clone(udat_getCalendar(f), st);
	if (U_FAILURE(*st))
		goto out;
	ucal_setGregorianChange(cal, U_DATE_MIN, st);
	if (U_FAILURE(*st))
		goto out;
	udat_setCalendar(f, cal); /* copies cal */
out:
	if (cal)
		ucal_close(cal);
	if (U_FAILURE(*st) && f) {
		udat_close(f);
		f = NULL;
	}
	return f;
}

static int
init_fail(const char *what, UErrorCode st)
{
	log_error("text_init: %s: %s", what, u_errorName(st));
	text_shutdown();
	return -1;
}

int
text_init(void)
{
	UErrorCode st = U_ZERO_ERROR;

	if (g.open)
		return 0;
	g.open = true;

	g.nfc = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st))
		return init_fail("NFC normalizer", st);

	g.date = open_date("dd/MM/yyyy", &st);
	if (U_FAILURE(st))
		return init_fail("date format (vi, Asia/Ho_Chi_Minh)", st);
	g.day = open_date("EEEE, dd/MM/yyyy", &st);
	if (U_FAILURE(st))
		return init_fail("day format (vi, Asia/Ho_Chi_Minh)", st);
	g.cal = ucal_clone(udat_getCalendar(g.day), &st);
	if (U_FAILURE(st))
		return init_fail("calendar (Asia/Ho_Chi_Minh)", st);

	g.count = unum_open(UNUM_DECIMAL, NULL, 0, "vi", NULL, &st);
	if (U_FAILURE(st))
		return init_fail("number format (vi)", st);

	g.chars = ubrk_open(UBRK_CHARACTER, "vi", NULL, 0, &st);
	if (U_FAILURE(st))
		return init_fail("character break iterator", st);
	g.words = ubrk_open(UBRK_WORD, "vi", NULL, 0, &st);
	if (U_FAILURE(st))
		return init_fail("word break iterator", st);
	return 0;
}

/* No u_cleanup(): other modules in the process may still hold ICU objects,
 * and ICU's own caches are not ours to free. */
void
text_shutdown(void)
{
	if (g.trans)
		utrans_close(g.trans);
	if (g.date)
		udat_close(g.date);
	if (g.day)
		udat_close(g.day);
	if (g.cal)
		ucal_close(g.cal);
	if (g.count)
		unum_close(g.count);
	if (g.chars)
		ubrk_close(g.chars);
	if (g.words)
		ubrk_close(g.words);
	ubuf_free(&g.a);
	ubuf_free(&g.b);
	ubuf_free(&g.c);
	for (size_t i = 0; i < CUTS_KEPT; i++)
		free(g.cuts[i].text);
	memset(&g, 0, sizeof g);
}

/* ---- UTF-8 -------------------------------------------------------------- */

bool
text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t               i = 0;

	if (!s)
		return len == 0;
	while (i < len) {
		unsigned char c = p[i];
		if (c >= 0x01 && c <= 0x7F) {
			i++;
			continue;
		}
		size_t        n;
		unsigned char lo = 0x80, hi = 0xBF; /* range of the 2nd byte */
		if (c >= 0xC2 && c <= 0xDF)
			n = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			if (c == 0xE0)
				lo = 0xA0; /* overlong */
			else if (c == 0xED)
				hi = 0x9F; /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			if (c == 0xF0)
				lo = 0x90; /* overlong */
			else if (c == 0xF4)
				hi = 0x8F; /* above U+10FFFF */
		} else {
			/* NUL, stray continuation, C0/C1, F5..FF */
			return false;
		}
		if (len - i < n || p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (size_t k = 2; k < n; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
		i += n;
	}
	return true;
}

static bool
is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] & 0x80)
			return false;
	return true;
}

/* Valid, bounded input, or false.  NULL with len 0 is the empty string. */
static bool
input_ok(const char *s, size_t len)
{
	return g.open && len <= TEXT_MAX_INPUT && text_valid_utf8(s, len);
}

/* s (already validated) into u; returns the length in UChars, or -1. */
static int32_t
to_utf16(struct ubuf *u, const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t    n = 0;

	if (ubuf_reserve(u, (int32_t)len + 1) < 0)
		return -1;
	u_strFromUTF8(u->p, u->cap, &n, len ? s : "", (int32_t)len, &st);
	return U_FAILURE(st) ? -1 : n;
}

/* Malloc'd NUL-terminated UTF-8 copy of u[0..n). */
static char *
to_utf8(const UChar *u, int32_t n, size_t *out_len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t    need = 0;
	char      *out;

	u_strToUTF8(NULL, 0, &need, u, n, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return NULL;
	out = malloc((size_t)need + 1);
	if (!out)
		return NULL;
	st = U_ZERO_ERROR;
	u_strToUTF8(out, need + 1, NULL, u, n, &st);
	if (U_FAILURE(st)) {
		free(out);
		return NULL;
	}
	out[need] = '\0';
	if (out_len)
		*out_len = (size_t)need;
	return out;
}

static char *
dup_bytes(const char *s, size_t len, size_t *out_len)
{
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	if (len)
		memcpy(out, s, len);
	out[len] = '\0';
	if (out_len)
		*out_len = len;
	return out;
}

/* NFC of src[0..n): src itself when already normalized, else into dst.
 * Returns the pointer and sets *out_n, or NULL. */
static const UChar *
nfc16(const UChar *src, int32_t n, struct ubuf *dst, int32_t *out_n)
{
	UErrorCode st = U_ZERO_ERROR;

	if (unorm2_isNormalized(g.nfc, src, n, &st) && U_SUCCESS(st)) {
		*out_n = n;
		return src;
	}
	st = U_ZERO_ERROR;
	/* NFC grows a string at most threefold. */
	if (n > INT32_MAX / 3 - 1 || ubuf_reserve(dst, 3 * n + 1) < 0)
		return NULL;
	*out_n = unorm2_normalize(g.nfc, src, n, dst->p, dst->cap, &st);
	return U_FAILURE(st) ? NULL : dst->p;
}

/*
 * What this module asks ICU of a code point on the hot path, kept for the
 * first CP_KEPT code points (Latin with Vietnamese, Greek, Cyrillic, …):
 * each ICU property call takes a lock and a lookup, and a page asks for
 * thousands of letters of a few dozen kinds.
 */
enum {
	CP_KNOWN = 1,   /* the entry is filled */
	CP_STARTER = 2, /* NFC_Quick_Check Yes, combining class 0 */
	CP_LONE = 4,    /* a grapheme cluster of its own: see clusters_end() */
	CP_KEPT = 0x2000,
};
static uint8_t cp_kept[CP_KEPT];

/* cp_props() of a code point not kept yet. */
static unsigned
cp_props_ask(UChar32 c)
{
	unsigned p, gcb;

	p = CP_KNOWN;
	if (u_getCombiningClass(c) == 0 &&
	    u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES)
		p |= CP_STARTER;
	/* Grapheme_Cluster_Break Other, Control and LF: no rule of UAX #29
	 * joins such a code point to a neighbour of the same kinds (CR is
	 * left out: CR LF is one cluster). */
	gcb = (unsigned)u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK);
	if (c != '\r' &&
	    (gcb == U_GCB_OTHER || gcb == U_GCB_CONTROL || gcb == U_GCB_LF))
		p |= CP_LONE;
	if (c < CP_KEPT)
		cp_kept[c] = (uint8_t)p;
	return p;
}

/* Inline: the quick checks ask it of every letter but ASCII. */
static inline unsigned
cp_props(UChar32 c)
{
	return c < CP_KEPT && cp_kept[c] != 0 ? cp_kept[c] : cp_props_ask(c);
}

/* UAX #15's quick check over valid UTF-8, narrowed: true when every code
 * point is a starter that NFC keeps (then s is NFC), false when one may
 * not be, and the caller normalizes. */
static bool
nfc_quick(const char *s, size_t len)
{
	int32_t i = 0, n = (int32_t)len;
	UChar32 c;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		U8_NEXT_UNSAFE(s, i, c);
		if (!(cp_props(c) & CP_STARTER))
			return false;
	}
	return true;
}

/* One pass: ICU's U8_NEXT refuses the sequences text_valid_utf8()
 * refuses (overlong forms, surrogates, past U+10FFFF, truncated); NUL is
 * refused apart. */
bool
text_is_nfc(const char *s, size_t len)
{
	int32_t i = 0, n = (int32_t)len;
	UChar32 c;

	if (len > TEXT_MAX_INPUT)
		return false;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			if (s[i++] == '\0')
				return false;
			continue;
		}
		U8_NEXT(s, i, n, c);
		if (c < 0 || !(cp_props(c) & CP_STARTER))
			return false;
	}
	return true;
}

char *
text_nfc(const char *s, size_t len, size_t *out_len)
{
	char        *out = NULL;
	int32_t      n, m;
	const UChar *r;

	if (!input_ok(s, len))
		return NULL;
	if (nfc_quick(s, len))
		return dup_bytes(s, len, out_len);
	if ((n = to_utf16(&g.a, s, len)) < 0)
		goto out;
	if (!(r = nfc16(g.a.p, n, &g.b, &m)))
		goto out;
	out = r == g.a.p ? dup_bytes(s, len, out_len) : to_utf8(r, m, out_len);
out:
	scratch_trim();
	return out;
}

/* ---- transliteration ---------------------------------------------------- */

/* Where the chunk starting at `start` should end: after a space if one is
 * near, else before a code point that starts a new character. */
static int32_t
chunk_end(const UChar *u, int32_t start, int32_t n)
{
	if (n - start <= TRANS_CHUNK)
		return n;
	int32_t end = start + TRANS_CHUNK;
	for (int32_t i = end; i > start + TRANS_CHUNK / 2; i--)
		if (u_isUWhiteSpace(u[i - 1]))
			return i;
	for (int32_t i = end; i > start + 1; i--) {
		UChar32 c;
		if (U16_IS_TRAIL(u[i]))
			continue;
		U16_GET(u, 0, i, n, c);
		if (u_getCombiningClass(c) == 0 &&
		    !(U_GET_GC_MASK(c) & U_GC_M_MASK) && c != 0x200D &&
		    c != 0x200C)
			return i;
	}
	return U16_IS_TRAIL(u[end]) ? end - 1 : end;
}

/* Opened on first use: only slugs and search folding need it, and its
 * rules (Any-Latin covers every script) cost megabytes of memory that the
 * page workers, which never make slugs, should not carry. */
static int
trans_open(void)
{
	UErrorCode  st = U_ZERO_ERROR;
	UParseError pe;
	UChar       id[sizeof TRANS_ID];

	if (g.trans)
		return 0;
	u_strFromUTF8(id, (int32_t)(sizeof id / sizeof id[0]), NULL, TRANS_ID,
	    -1, &st);
	g.trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
	if (U_FAILURE(st)) {
		log_error("text: transliterator %s: %s", TRANS_ID,
		    u_errorName(st));
		g.trans = NULL;
		return -1;
	}
	return 0;
}

/* Transliterates src[0..n) into g.c; returns the new length or -1. */
static int32_t
trans_chunk(const UChar *src, int32_t n)
{
	if (trans_open() < 0)
		return -1;
	for (int tries = 0; tries < 2; tries++) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t    len = n, limit = n;
		if (ubuf_reserve(&g.c, n < INT32_MAX / 4 ? 2 * n + 16 : n + 1) <
		    0)
			return -1;
		memcpy(g.c.p, src, (size_t)n * sizeof *src);
		utrans_transUChars(g.trans, g.c.p, &len, g.c.cap, 0, &limit,
		    &st);
		if (U_SUCCESS(st) && len < g.c.cap)
			return len;
		/* Grew past the buffer: the text was truncated, so redo it. */
		if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
			return -1;
		if (len > INT32_MAX - 1 || ubuf_reserve(&g.c, len + 1) < 0)
			return -1;
	}
	return -1;
}

/* ---- slug --------------------------------------------------------------- */

struct slug {
	char  *p;
	size_t len, cap, max;
	bool   sep; /* a separator is pending */
	bool   oom;
};

/* Feeds one ASCII code unit (or 0x80 for "not ASCII").  Returns false
 * when the slug is already longer than max (enough to decide the cut) or
 * memory ran out. */
static bool
slug_push(struct slug *b, unsigned c)
{
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
		b->sep = true;
		return true;
	}
	if (b->len + 3 > b->cap) { /* '-', the letter and a NUL */
		size_t cap = b->cap * 2;
		char  *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return false;
		}
		b->p = p;
		b->cap = cap;
	}
	if (b->sep && b->len)
		b->p[b->len++] = '-';
	b->sep = false;
	b->p[b->len++] = (char)c;
	return b->len <= b->max;
}

char *
text_slug(const char *s, size_t len, size_t max_len)
{
	struct slug b = { 0 };
	char       *out = NULL;
	int32_t     n;

	if (!input_ok(s, len))
		return NULL;
	b.max = max_len;
	b.cap = max_len < 253 ? max_len + 3 : 256;
	if (!(b.p = malloc(b.cap)))
		return NULL;

	if (is_ascii(s, len)) {
		for (size_t i = 0; i < len; i++)
			if (!slug_push(&b, (unsigned char)s[i]))
				break;
	} else {
		if ((n = to_utf16(&g.a, s, len)) < 0)
			goto out;
		bool more = true;
		for (int32_t pos = 0; more && pos < n;) {
			int32_t end = chunk_end(g.a.p, pos, n);
			int32_t m = trans_chunk(g.a.p + pos, end - pos);
			if (m < 0)
				goto out;
			for (int32_t i = 0; more && i < m; i++)
				more = slug_push(&b,
				    g.c.p[i] < 0x80 ? g.c.p[i] : 0x80);
			pos = end;
		}
	}
	if (b.oom)
		goto out;
	if (b.len > max_len) {
		/* Word boundary: a '-' at max_len, else the last '-' before it,
		 * else a hard cut of the single long word. */
		size_t cut = max_len;
		if (b.p[max_len] != '-') {
			char *h = memrchr(b.p, '-', max_len);
			if (h && h > b.p)
				cut = (size_t)(h - b.p);
		}
		b.len = cut;
	}
	b.p[b.len] = '\0';
	out = b.p;
	b.p = NULL;
out:
	free(b.p);
	scratch_trim();
	return out;
}

/* ---- fold --------------------------------------------------------------- */

static char *
fold_ascii(const char *s, size_t len)
{
	char  *out = malloc(len + 1);
	size_t o = 0;
	bool   sep = false;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (sep && o)
				out[o++] = ' ';
			sep = false;
			out[o++] = (char)c;
		} else {
			sep = true;
		}
	}
	out[o] = '\0';
	return out;
}

/* Full case folding of src[0..n) into dst; the length, or -1. */
static int32_t
fold16(const UChar *src, int32_t n, struct ubuf *dst)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t    folded;

	folded =
	    u_strFoldCase(dst->p, dst->cap, src, n, U_FOLD_CASE_DEFAULT, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR ||
	    st == U_STRING_NOT_TERMINATED_WARNING) {
		st = U_ZERO_ERROR;
		if (folded > INT32_MAX - 1 || ubuf_reserve(dst, folded + 1) < 0)
			return -1;
		folded = u_strFoldCase(dst->p, dst->cap, src, n,
		    U_FOLD_CASE_DEFAULT, &st);
	}
	return U_FAILURE(st) ? -1 : folded;
}

char *
text_casefold(const char *s, size_t len)
{
	char        *out = NULL;
	int32_t      n, folded, m;
	const UChar *r;

	if (!input_ok(s, len))
		return NULL;
	if ((n = to_utf16(&g.a, s, len)) < 0)
		goto out;
	/* Folding an NFD string can leave it unnormalized: NFC last. */
	if ((folded = fold16(g.a.p, n, &g.b)) < 0)
		goto out;
	if (!(r = nfc16(g.b.p, folded, &g.c, &m)))
		goto out;
	out = to_utf8(r, m, NULL);
out:
	scratch_trim();
	return out;
}

char *
text_fold(const char *s, size_t len)
{
	char        *out = NULL;
	int32_t      n, total = 0, folded, m, w = 0;
	const UChar *r;
	bool         sep = false;

	if (!input_ok(s, len))
		return NULL;
	if (is_ascii(s, len))
		return fold_ascii(s, len);
	if ((n = to_utf16(&g.a, s, len)) < 0)
		goto out;

	/* Transliterate chunk by chunk into b. */
	for (int32_t pos = 0; pos < n;) {
		int32_t end = chunk_end(g.a.p, pos, n);
		int32_t k = trans_chunk(g.a.p + pos, end - pos);
		if (k < 0 || k > INT32_MAX - 1 - total ||
		    ubuf_reserve(&g.b, total + k + 1) < 0)
			goto out;
		memcpy(g.b.p + total, g.c.p, (size_t)k * sizeof *g.c.p);
		total += k;
		pos = end;
	}

	/* Case fold b into a (input no longer needed). */
	if ((folded = fold16(g.b.p, total, &g.a)) < 0)
		goto out;

	/* Keep letters, digits and their marks; one space between runs.  In
	 * place: the write index never passes the read index. */
	for (int32_t i = 0; i < folded;) {
		int32_t start = i;
		UChar32 c;
		U16_NEXT(g.a.p, i, folded, c);
		if (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK)) {
			if (sep && w)
				g.a.p[w++] = ' ';
			sep = false;
			while (start < i)
				g.a.p[w++] = g.a.p[start++];
		} else {
			sep = true;
		}
	}
	if (!(r = nfc16(g.a.p, w, &g.b, &m)))
		goto out;
	out = to_utf8(r, m, NULL);
out:
	scratch_trim();
	return out;
}

/* ---- formatting --------------------------------------------------------- */

/* UTF-16 result of a formatter into out as NFC UTF-8; 0 if it does not fit. */
static size_t
put_utf8(char *out, size_t out_size, const UChar *u, int32_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar      norm[128];
	int32_t    len = 0;
	int32_t    cap = out_size > INT32_MAX ? INT32_MAX : (int32_t)out_size;

	if (!unorm2_isNormalized(g.nfc, u, n, &st) && U_SUCCESS(st)) {
		n = unorm2_normalize(g.nfc, u, n, norm,
		    (int32_t)(sizeof norm / sizeof norm[0]), &st);
		u = norm;
	}
	if (U_FAILURE(st))
		goto fail;
	u_strToUTF8(out, cap, &len, u, n, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		goto fail;
	return (size_t)len;
fail:
	if (out_size)
		out[0] = '\0';
	return 0;
}

/* 0001-01-01 .. 9999-12-31 UTC, the range dd/MM/yyyy can show. */
#define UNIX_MIN (-62135596800LL)
#define UNIX_MAX 253402300799LL

/* f's text of instant t into out; 0 if it does not fit. */
static size_t
format_date(UDateFormat *f, char *out, size_t out_size, int64_t t)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar      buf[128];
	int32_t    n;

	n = udat_format(f, (UDate)t * 1000.0, buf,
	    (int32_t)(sizeof buf / sizeof buf[0]), NULL, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return 0;
	return put_utf8(out, out_size, buf, n);
}

/* The zone's offset from UTC at t, in ms: ICU's, kept with the interval
 * between the zone's transitions that holds t (Asia/Ho_Chi_Minh has had
 * none since 1975), so that most instants cost two comparisons. */
static bool
zone_offset(UDate t, int32_t *offset)
{
	UErrorCode st = U_ZERO_ERROR;
	UDate      from, to;

	if (t >= g.zone_from && t < g.zone_to) {
		*offset = g.zone_offset;
		return true;
	}
	ucal_setMillis(g.cal, t, &st);
	*offset = ucal_get(g.cal, UCAL_ZONE_OFFSET, &st) +
	    ucal_get(g.cal, UCAL_DST_OFFSET, &st);
	if (!ucal_getTimeZoneTransitionDate(g.cal,
	        UCAL_TZ_TRANSITION_PREVIOUS_INCLUSIVE, &from, &st))
		from = -INFINITY;
	if (!ucal_getTimeZoneTransitionDate(g.cal, UCAL_TZ_TRANSITION_NEXT, &to,
	        &st))
		to = INFINITY;
	if (U_FAILURE(st))
		return false;
	g.zone_from = from;
	g.zone_to = to;
	g.zone_offset = *offset;
	return true;
}

#define DAY_MS 86400000LL

/*
 * The local day of t, formatted (kept in g.days), and the milliseconds
 * since its midnight; NULL when t is out of range or ICU fails.  All the
 * instants of one local day have the same date, so ICU formats a day
 * once; the time of day is the local time's (t plus the zone's offset)
 * remainder, as ICU's Gregorian calendar computes it.
 */
static const struct day *
local_day(int64_t t, int64_t *ms_of_day)
{
	struct day *d;
	int64_t     local, n;
	int32_t     offset;

	if (!g.cal || t < UNIX_MIN || t > UNIX_MAX ||
	    !zone_offset((UDate)t * 1000.0, &offset))
		return NULL;
	local = t * 1000 + offset;
	n = local / DAY_MS - (local % DAY_MS < 0);
	*ms_of_day = local - n * DAY_MS;
	d = &g.days[(uint64_t)n % DAYS_KEPT];
	if (d->set && d->n == n)
		return d;
	d->set = format_date(g.day, d->day, sizeof(d->day), t) > 0 &&
	    format_date(g.date, d->date, sizeof(d->date), t) > 0;
	d->n = n;
	return d->set ? d : NULL;
}

/* s (and then tail[0..tail_len)) into out; 0 if it does not fit. */
static size_t
put_text(char *out, size_t out_size, const char *s, const char *tail,
    size_t tail_len)
{
	size_t n = strlen(s);

	if (!out || out_size == 0)
		return 0;
	if (n + tail_len >= out_size) {
		out[0] = '\0';
		return 0;
	}
	memcpy(out, s, n);
	memcpy(out + n, tail, tail_len);
	out[n + tail_len] = '\0';
	return n + tail_len;
}

size_t
text_format_datetime(char *out, size_t out_size, int64_t unix_seconds)
{
	const struct day *d;
	int64_t           ms;
	int               h, m;
	char              hm[6];

	if ((d = local_day(unix_seconds, &ms)) == NULL)
		return put_text(out, out_size, "", "", 0);
	/* " HH:mm": two digits each, as vi writes them (ASCII digits). */
	h = (int)(ms / 3600000);
	m = (int)(ms / 60000 % 60);
	hm[0] = ' ';
	hm[1] = (char)('0' + h / 10);
	hm[2] = (char)('0' + h % 10);
	hm[3] = ':';
	hm[4] = (char)('0' + m / 10);
	hm[5] = (char)('0' + m % 10);
	return put_text(out, out_size, d->day, hm, sizeof(hm));
}

size_t
text_format_date(char *out, size_t out_size, int64_t unix_seconds)
{
	const struct day *d;
	int64_t           ms;

	d = local_day(unix_seconds, &ms);
	return put_text(out, out_size, d != NULL ? d->date : "", "", 0);
}

size_t
text_format_day(char *out, size_t out_size, int64_t unix_seconds)
{
	const struct day *d;
	int64_t           ms;

	d = local_day(unix_seconds, &ms);
	return put_text(out, out_size, d != NULL ? d->day : "", "", 0);
}

int64_t
text_next_day(int64_t unix_seconds)
{
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *cal;
	UDate      next;

	if (!g.day || unix_seconds < UNIX_MIN || unix_seconds > UNIX_MAX)
		return -1;
	/* The formatter's calendar: its zone, proleptic Gregorian. */
	cal = ucal_clone(udat_getCalendar(g.day), &st);
	if (U_FAILURE(st))
		return -1;
	ucal_setMillis(cal, (UDate)unix_seconds * 1000.0, &st);
	ucal_set(cal, UCAL_HOUR_OF_DAY, 0);
	ucal_set(cal, UCAL_MINUTE, 0);
	ucal_set(cal, UCAL_SECOND, 0);
	ucal_set(cal, UCAL_MILLISECOND, 0);
	ucal_add(cal, UCAL_DATE, 1, &st);
	next = ucal_getMillis(cal, &st);
	ucal_close(cal);
	return U_FAILURE(st) ? -1 : (int64_t)(next / 1000.0);
}

size_t
text_format_count(char *out, size_t out_size, int64_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar      buf[64];
	int32_t    len;

	if (!out || out_size == 0)
		return 0;
	out[0] = '\0';
	if (!g.count)
		return 0;
	len = unum_formatInt64(g.count, n, buf,
	    (int32_t)(sizeof buf / sizeof buf[0]), NULL, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return 0;
	return put_utf8(out, out_size, buf, len);
}

/* ---- parsing ------------------------------------------------------------ */

/* n decimal digits at s, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
text_parse_utc(const char *s, int64_t *unix_seconds)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	struct tm         tm = { 0 }, back;
	time_t            t;

	if (!s || !unix_seconds)
		return -1;
	/* Stops at the first mismatch, so never reads past a short string. */
	for (size_t i = 0; i < sizeof shape - 1; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		                      s[i] != shape[i])
			return -1;
	}
	if (s[sizeof shape - 1] != '\0')
		return -1;
	tm.tm_year = digits(s, 4) - 1900;
	tm.tm_mon = digits(s + 5, 2) - 1;
	tm.tm_mday = digits(s + 8, 2);
	tm.tm_hour = digits(s + 11, 2);
	tm.tm_min = digits(s + 14, 2);
	tm.tm_sec = digits(s + 17, 2);
	back = tm;
	t = timegm(&back);
	/* timegm normalizes 30 Feb to 1 Mar; the round trip catches that. */
	if (!gmtime_r(&t, &back) || back.tm_year != tm.tm_year ||
	    back.tm_mon != tm.tm_mon || back.tm_mday != tm.tm_mday ||
	    back.tm_hour != tm.tm_hour || back.tm_min != tm.tm_min ||
	    back.tm_sec != tm.tm_sec)
		return -1;
	*unix_seconds = (int64_t)t;
	return 0;
}

/* ---- truncation --------------------------------------------------------- */

/* Trailing spaces and punctuation that should not sit before "…";
 * closing brackets and quotes stay. */
static bool
trim_before_ellipsis(UChar32 c)
{
	if (u_isUWhiteSpace(c))
		return true;
	uint32_t gc = U_GET_GC_MASK(c);
	return (gc &
	           (U_GC_PD_MASK | U_GC_PO_MASK | U_GC_PS_MASK | U_GC_PI_MASK |
	               U_GC_PC_MASK)) != 0;
}

/* s[0..end) without what should not sit before "…". */
static int32_t
trim_end(const char *s, int32_t end)
{
	while (end > 0) {
		int32_t i = end;
		UChar32 c;
		U8_PREV_UNSAFE(s, i, c);
		if (!trim_before_ellipsis(c))
			break;
		end = i;
	}
	return end;
}

/* Points bi at s[0..n) (UTF-8, its offsets those of s); false on failure. */
static bool
break_utf8(UBreakIterator *bi, const char *s, int32_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	UText      ut = UTEXT_INITIALIZER;

	utext_openUTF8(&ut, s, n, &st);
	ubrk_setUText(bi, &ut, &st); /* keeps a shallow clone */
	utext_close(&ut);
	return U_SUCCESS(st);
}

/* The offset after max grapheme clusters of s[0..n) (valid UTF-8), n when
 * it has no more; -1 on failure.  Text of one code point per cluster, as
 * Vietnamese in NFC is, is counted without the break iterator. */
static int32_t
clusters_end(const char *s, int32_t n, size_t max)
{
	int32_t i = 0, at, next;
	size_t  count = 0;
	UChar32 c;
	bool    lone = true;

	while (i < n) {
		at = i;
		U8_NEXT_UNSAFE(s, i, c);
		if (!(lone = (c < 0x80 ? c != '\r' : cp_props(c) & CP_LONE)))
			break;
		if (count++ == max)
			return at;
	}
	if (lone)
		return n;
	if (!break_utf8(g.chars, s, n))
		return -1;
	at = ubrk_first(g.chars);
	for (count = 0; count < max && (next = ubrk_next(g.chars)) != UBRK_DONE;
	     count++)
		at = next;
	return at;
}

/* The kept cut of s at max_chars, or where to keep it (text NULL). */
static struct cut *
cut_kept(const char *s, size_t len, size_t max_chars)
{
	struct cut *c;
	uint64_t    w, x = 14695981039346656037u;
	uint32_t    h;
	size_t      i;

	/* FNV-1a over 8-byte words: the slot only; memcmp decides. */
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		x = (x ^ w) * 1099511628211u;
	}
	for (; i < len; i++)
		x = (x ^ (unsigned char)s[i]) * 1099511628211u;
	/* MurmurHash3's finalizer: every byte reaches the slot's bits. */
	x ^= max_chars;
	x = (x ^ x >> 33) * 0xff51afd7ed558ccdu;
	h = (uint32_t)(x ^ x >> 33);
	c = &g.cuts[h % CUTS_KEPT];
	if (c->text != NULL &&
	    (c->hash != h || c->len != len || c->max_chars != max_chars ||
	        memcmp(c->text, s, len) != 0)) {
		free(c->text);
		c->text = NULL;
	}
	c->hash = h;
	c->len = len;
	c->max_chars = max_chars;
	return c;
}

/* Keeps out as the cut of s in c. */
static void
cut_keep(struct cut *c, const char *s, const char *out)
{
	size_t n = strlen(out);

	if ((c->text = malloc(c->len + n + 2)) == NULL)
		return;
	memcpy(c->text, s, c->len);
	c->text[c->len] = '\0';
	memcpy(c->text + c->len + 1, out, n + 1);
}

static char *
truncate_words(const char *s, size_t len, size_t max_chars)
{
	UErrorCode st = U_ZERO_ERROR;
	char      *nfc = NULL, *out = NULL;
	int32_t    n, pos, cut;

	/* Decomposed input: a letter and its marks are one character. */
	if (!nfc_quick(s, len)) {
		if ((nfc = text_nfc(s, len, &len)) == NULL)
			return NULL;
		s = nfc;
	}
	n = (int32_t)len;
	if ((pos = clusters_end(s, n, max_chars)) < 0)
		goto out;
	if (pos >= n) {
		out = dup_bytes(s, len, NULL);
		goto out;
	}
	if (!break_utf8(g.words, s, n))
		goto out;
	cut =
	    ubrk_isBoundary(g.words, pos) ? pos : ubrk_preceding(g.words, pos);
	cut = cut == UBRK_DONE ? 0 : trim_end(s, cut);
	if (cut == 0) /* first word longer than max_chars: cut it hard */
		cut = trim_end(s, pos);
	if ((out = malloc((size_t)cut + sizeof("…"))) != NULL) {
		memcpy(out, s, (size_t)cut);
		memcpy(out + cut, "…", sizeof("…"));
	}
out:
	/* The iterators must not keep pointing into s. */
	if (g.chars)
		ubrk_setText(g.chars, u"", 0, &st);
	if (g.words)
		ubrk_setText(g.words, u"", 0, &st);
	free(nfc);
	return out;
}

char *
text_truncate_words(const char *s, size_t len, size_t max_chars)
{
	struct cut *c;
	char       *out;

	if (len > CUT_KEPT_MAX || !g.open)
		return input_ok(s, len) ? truncate_words(s, len, max_chars) :
		                          NULL;
	/* A kept cut's input was valid: the same bytes need no check. */
	if ((c = cut_kept(s, len, max_chars))->text != NULL)
		return dup_bytes(c->text + len + 1, strlen(c->text + len + 1),
		    NULL);
	if (!input_ok(s, len))
		return NULL;
	if ((out = truncate_words(s, len, max_chars)) != NULL)
		cut_keep(c, s, out);
	return out;
}

/* ---- display width ------------------------------------------------------ */

/* Columns of one code point, as wcwidth counts them. */
static int
code_point_width(UChar32 c)
{
	switch (u_charType(c)) {
	case U_NON_SPACING_MARK:
	case U_ENCLOSING_MARK:
	case U_FORMAT_CHAR:
	case U_CONTROL_CHAR:
		return 0;
	default:
		break;
	}
	switch (u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH)) {
	case U_EA_WIDE:
	case U_EA_FULLWIDTH:
		return 2;
	default:
		return 1;
	}
}

int
text_width(const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t    n, start, end;
	int        width = -1;

	if (!input_ok(s, len) || (n = to_utf16(&g.a, s, len)) < 0)
		return -1;
	ubrk_setText(g.chars, g.a.p, n, &st);
	if (U_FAILURE(st))
		goto out;
	/* A cluster is as wide as its widest code point. */
	width = 0;
	start = ubrk_first(g.chars);
	while ((end = ubrk_next(g.chars)) != UBRK_DONE) {
		int w = 0;
		while (start < end) {
			UChar32 c;
			U16_NEXT(g.a.p, start, end, c);
			if (code_point_width(c) > w)
				w = code_point_width(c);
		}
		width += w;
	}
out:
	st = U_ZERO_ERROR;
	ubrk_setText(g.chars, u"", 0, &st);
	scratch_trim();
	return width;
}

/* ---- member names ------------------------------------------------------- */

const char *
text_check_username(const char *s)
{
	size_t  len = strlen(s), chars = 0;
	int32_t i = 0;
	UChar32 c;

	if (!text_valid_utf8(s, len))
		return "is not valid UTF-8";
	while (i < (int32_t)len) {
		U8_NEXT(s, i, (int32_t)len, c);
		if (++chars == 1 && !u_isalnum(c))
			return "must start with a letter or a digit";
		if (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK))
			continue;
		if (c != '.' && c != '_' && c != '-')
			return "may hold only letters, digits, '.', '_' and "
			       "'-'";
	}
	if (chars < USERNAME_MIN || chars > USERNAME_MAX)
		return "must be 3 to 32 characters long";
	return NULL;
}
