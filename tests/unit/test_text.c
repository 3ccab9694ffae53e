/* Unit tests for cgi/text: validation, NFC, slugs, folding, vi formatting,
 * UTC parsing and word-safe truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unicode/ucal.h>
#include <unicode/uclean.h>
#include <unicode/udat.h>
#include <unicode/udisplaycontext.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "text/text.h"

/* NFD spellings built from explicit combining marks. */
#define NFD_QUOC \
	"Quo\xcc\x82\xcc\x81" \
	"c" /* Quốc */
#define NFD_PHONG \
	"pho\xcc\x80" \
	"ng" /* phòng */
#define NFD_QUOC_LOWER \
	"quo\xcc\x82\xcc\x81" \
	"c" /* quốc */

#define S(lit) lit, sizeof(lit) - 1

static int
setup(void **state)
{
	(void)state;
	return text_init();
}

static int
teardown(void **state)
{
	(void)state;
	text_shutdown();
	return 0;
}

/* Repeats unit until the result is at least `bytes` long. */
static char *
repeat(const char *unit, size_t bytes, size_t *len)
{
	size_t ul = strlen(unit), n = (bytes + ul - 1) / ul;
	char  *s = malloc(n * ul + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * ul, unit, ul);
	s[n * ul] = '\0';
	*len = n * ul;
	return s;
}

/* ---- text_valid_utf8 ---- */

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(text_valid_utf8(S("")));
	assert_true(text_valid_utf8(NULL, 0));
	assert_true(text_valid_utf8(S("hello")));
	assert_true(text_valid_utf8(S("Bộ Quốc phòng – Đà Nẵng")));
	assert_true(text_valid_utf8(S("\xc2\x80")));         /* U+0080 */
	assert_true(text_valid_utf8(S("\xe0\xa0\x80")));     /* U+0800 */
	assert_true(text_valid_utf8(S("\xed\x9f\xbf")));     /* U+D7FF */
	assert_true(text_valid_utf8(S("\xee\x80\x80")));     /* U+E000 */
	assert_true(text_valid_utf8(S("\xef\xbf\xbf")));     /* U+FFFF */
	assert_true(text_valid_utf8(S("\xf0\x90\x80\x80"))); /* U+10000 */
	assert_true(text_valid_utf8(S("\xf0\x9f\x98\x80"))); /* emoji */
	assert_true(text_valid_utf8(S("\xf4\x8f\xbf\xbf"))); /* U+10FFFF */
	/* len bounds the check, not a NUL */
	assert_true(text_valid_utf8("ab\xff", 2));
}

static void
test_utf8_invalid(void **state)
{
	(void)state;
	assert_false(text_valid_utf8(NULL, 1));
	assert_false(text_valid_utf8(S("a\0b"))); /* NUL */
	assert_false(text_valid_utf8(S("\xc3\x28")));
	assert_false(text_valid_utf8(S("\x80"))); /* stray */
	assert_false(text_valid_utf8(S("\xbf")));
	assert_false(text_valid_utf8(S("\xc0\x80")));         /* overlong NUL */
	assert_false(text_valid_utf8(S("\xc1\xbf")));         /* overlong */
	assert_false(text_valid_utf8(S("\xe0\x80\x80")));     /* overlong */
	assert_false(text_valid_utf8(S("\xe0\x9f\xbf")));     /* overlong */
	assert_false(text_valid_utf8(S("\xf0\x80\x80\x80"))); /* overlong */
	assert_false(text_valid_utf8(S("\xf0\x8f\xbf\xbf"))); /* overlong */
	assert_false(text_valid_utf8(S("\xed\xa0\x80")));     /* U+D800 */
	assert_false(text_valid_utf8(S("\xed\xbf\xbf")));     /* U+DFFF */
	assert_false(text_valid_utf8(S("\xf4\x90\x80\x80"))); /* > U+10FFFF */
	assert_false(text_valid_utf8(S("\xf5\x80\x80\x80")));
	assert_false(text_valid_utf8(S("\xff")));
	assert_false(text_valid_utf8(S("\xe1\xbb"))); /* truncated */
	assert_false(text_valid_utf8(S("\xf0\x9f\x98")));
	assert_false(text_valid_utf8(S("\xe1\xbb"
	                               "a"))); /* bad trail */
	assert_false(text_valid_utf8(S("\xf0\x9f\x98"
	                               "a")));
	assert_false(text_valid_utf8("\xe1\xbb\x99", 2)); /* cut by len */
}

/* ---- text_nfc ---- */

static void
test_nfc(void **state)
{
	(void)state;
	size_t n = 99;
	char  *r = text_nfc(S(NFD_QUOC " " NFD_PHONG), &n);
	assert_non_null(r);
	assert_string_equal(r, "Quốc phòng");
	assert_int_equal(n, strlen("Quốc phòng"));
	assert_memory_equal(r,
	    "Qu\xe1\xbb\x91"
	    "c ph\xc3\xb2ng",
	    n);
	free(r);

	r = text_nfc(S("Đà Nẵng"), NULL);
	assert_string_equal(r, "Đà Nẵng");
	free(r);

	r = text_nfc(S("plain ascii"), &n);
	assert_string_equal(r, "plain ascii");
	assert_int_equal(n, 11);
	free(r);

	r = text_nfc(S(""), &n);
	assert_string_equal(r, "");
	assert_int_equal(n, 0);
	free(r);

	/* canonical reordering: the marks in either order give ộ */
	r = text_nfc(S("o\xcc\xa3\xcc\x82"), NULL);
	assert_string_equal(r, "ộ");
	free(r);
	r = text_nfc(S("o\xcc\x82\xcc\xa3"), NULL);
	assert_string_equal(r, "ộ");
	free(r);

	assert_null(text_nfc(S("\xc3\x28"), NULL));
	assert_null(text_nfc(S("a\0b"), NULL));
}

/* Text that needs no normalizing: valid, and every letter a starter NFC
 * keeps; anything else is for text_nfc() to decide. */
static void
test_is_nfc(void **state)
{
	(void)state;
	assert_true(text_is_nfc(S("")));
	assert_true(text_is_nfc(S("plain ascii")));
	assert_true(text_is_nfc(S("Bộ Quốc phòng, Đà Nẵng – “Huế”")));
	assert_false(text_is_nfc(S(NFD_QUOC)));
	assert_false(text_is_nfc(S("e\xcc\x81"))); /* e + acute */
	assert_false(text_is_nfc(S("x\xcc\x81"))); /* NFC, but a mark: maybe */
	assert_false(text_is_nfc(S("a\0b")));
	assert_false(text_is_nfc(S("\xc3\x28")));
	assert_false(text_is_nfc(S("\xc0\xaf")));         /* overlong */
	assert_false(text_is_nfc(S("\xed\xa0\x80")));     /* surrogate */
	assert_false(text_is_nfc(S("\xf4\x90\x80\x80"))); /* > U+10FFFF */
	assert_false(text_is_nfc(S("\xe1\xbb")));         /* truncated */
	assert_false(text_is_nfc(S("\x80")));
}

static void
test_nfc_large(void **state)
{
	(void)state;
	size_t len, n;
	char  *big = repeat(NFD_QUOC " " NFD_PHONG " ", 1 << 20, &len);
	while (len > (1 << 20)) /* whole units only, still ≤ 1 MB */
		len -= strlen(NFD_QUOC " " NFD_PHONG " ");
	char *r = text_nfc(big, len, &n);
	assert_non_null(r);
	assert_int_equal(n,
	    len / strlen(NFD_QUOC " " NFD_PHONG " ") * strlen("Quốc phòng "));
	assert_memory_equal(r, "Quốc phòng Quốc phòng ",
	    strlen("Quốc phòng ") * 2);
	free(r);
	free(big);

	big = repeat("a", (1 << 20) + 1, &len);
	assert_null(text_nfc(big, len, NULL)); /* over the bound */
	free(big);
}

/* ---- text_slug ---- */

static void
check_slug(const char *in, size_t len, size_t max, const char *want)
{
	char *r = text_slug(in, len, max);
	assert_non_null(r);
	assert_string_equal(r, want);
	free(r);
}

static void
test_slug_examples(void **state)
{
	(void)state;
	check_slug(
	    S("Bộ Quốc phòng duy trì hiệu quả quốc tế hợp tác an ninh mạng"),
	    200,
	    "bo-quoc-phong-duy-tri-hieu-qua-quoc-te-"
	    "hop-tac-an-ninh-mang");
	check_slug(S("Đà Nẵng"), 80, "da-nang");
	check_slug(S("ĐẢNG"), 80, "dang");
	check_slug(S("đường"), 80, "duong");
	check_slug(S(NFD_QUOC " " NFD_PHONG), 80, "quoc-phong");
	check_slug(S("Quốc phòng – An ninh"), 80, "quoc-phong-an-ninh");
	check_slug(S("  --Hello, World!!  "), 80, "hello-world");
	check_slug(S("COVID-19: 5.000 ca"), 80, "covid-19-5-000-ca");
	check_slug(S(""), 80, "");
	check_slug(S("!!!"), 80, "");
	check_slug(S("“” – …"), 80, "");
	check_slug(S("Ông Nguyễn Xuân Phúc"), 80, "ong-nguyen-xuan-phuc");
	check_slug(S("Ưu tiên ơ Ơ ư"), 80, "uu-tien-o-o-u");
	check_slug(S("Straße Ærø"), 80, "strasse-aero");
	check_slug(S("Москва"), 80, "moskva");
	assert_null(text_slug(S("\xc3\x28"), 80));
	assert_null(text_slug(S("a\0b"), 80));
}

static void
test_slug_cut(void **state)
{
	(void)state;
	const char *title =
	    "Thủ tướng yêu cầu các bộ, ngành và địa phương đẩy mạnh chuyển đổi "
	    "số quốc gia, nâng cao chất lượng dịch vụ công trực tuyến cho "
	    "người "
	    "dân";
	char *full = text_slug(title, strlen(title), 1000);
	assert_non_null(full);
	assert_true(strlen(full) > 110);

	char *r = text_slug(title, strlen(title), 80);
	assert_non_null(r);
	size_t n = strlen(r);
	assert_true(n <= 80);
	assert_true(n > 60);
	assert_true(r[n - 1] != '-');
	assert_memory_equal(r, full, n);
	assert_int_equal(full[n], '-'); /* ends at a whole word */
	assert_string_equal(r,
	    "thu-tuong-yeu-cau-cac-bo-nganh-va-dia-phuong-day-"
	    "manh-chuyen-doi-so-quoc-gia");
	free(r);

	/* A hyphen right at max_len: the word before it is whole. */
	r = text_slug(title, strlen(title), 9);
	assert_string_equal(r, "thu-tuong");
	free(r);
	r = text_slug(title, strlen(title), 8);
	assert_string_equal(r, "thu");
	free(r);
	free(full);

	/* One long word is cut hard. */
	char word[101];
	memset(word, 'a', 100);
	word[100] = '\0';
	r = text_slug(word, 100, 80);
	assert_int_equal(strlen(r), 80);
	free(r);
	r = text_slug(S("Nghiêngnghiêngnghiêngnghiêng tí"), 10);
	assert_string_equal(r, "nghiengngh");
	free(r);

	r = text_slug(S("abc"), 0);
	assert_string_equal(r, "");
	free(r);

	/* Output sizes around the internal buffer's growth points. */
	char many[600];
	memset(many, 'x', sizeof many);
	for (size_t k = 1; k < sizeof many; k += 7) {
		for (size_t max = k > 3 ? k - 3 : 0; max < k + 3; max++) {
			r = text_slug(many, k, max);
			assert_non_null(r);
			assert_int_equal(strlen(r), k < max ? k : max);
			free(r);
		}
		r = text_slug(many, k, SIZE_MAX);
		assert_int_equal(strlen(r), k);
		free(r);
	}
	for (size_t k = 1; k < sizeof many; k++)
		many[k] = k % 2 ? '-' : 'x';
	for (size_t k = 250; k < 262; k++) {
		r = text_slug(many, k, SIZE_MAX);
		assert_int_equal(strlen(r), k % 2 ? k : k - 1);
		free(r);
	}
}

static void
test_slug_large(void **state)
{
	(void)state;
	size_t len;
	char  *big = repeat("Bộ Quốc phòng ", 1 << 20, &len);
	while (len > (1 << 20))
		len -= strlen("Bộ Quốc phòng ");
	char *r = text_slug(big, len, 80);
	assert_non_null(r);
	assert_true(strlen(r) <= 80);
	assert_memory_equal(r, "bo-quoc-phong-bo-quoc-phong", 27);
	free(r);
	/* no limit worth speaking of: the whole text */
	r = text_slug(big, len, SIZE_MAX);
	assert_non_null(r);
	assert_int_equal(strlen(r), len / strlen("Bộ Quốc phòng ") * 14 - 1);
	free(r);
	free(big);
}

/* ---- text_fold ---- */

static void
check_fold(const char *in, size_t len, const char *want)
{
	char *r = text_fold(in, len);
	assert_non_null(r);
	assert_string_equal(r, want);
	free(r);
}

static void
test_fold(void **state)
{
	(void)state;
	check_fold(S("QUỐC PHÒNG"), "quoc phong");
	check_fold(S("quốc phòng"), "quoc phong");
	check_fold(S(NFD_QUOC_LOWER " " NFD_PHONG), "quoc phong");
	check_fold(S("Đà Nẵng"), "da nang");
	check_fold(S("đang"), "dang");
	check_fold(S("ĐANG"), "dang");
	check_fold(S("  Hà   Nội,\tSài Gòn!! "), "ha noi sai gon");
	check_fold(S("COVID-19: 5.000 ca"), "covid 19 5 000 ca");
	check_fold(S("“Quốc phòng” – An ninh…"), "quoc phong an ninh");
	check_fold(S(""), "");
	check_fold(S("!!!"), "");
	check_fold(S("Straße"), "strasse");
	assert_null(text_fold(S("\xc3\x28")));
	assert_null(text_fold(S("a\0b")));
}

static void
check_casefold(const char *s, size_t len, const char *want)
{
	char *r = text_casefold(s, len);
	assert_non_null(r);
	assert_string_equal(r, want);
	free(r);
}

/* Member names: caseless, accents kept, NFD ≡ NFC. */
static void
test_casefold(void **state)
{
	(void)state;
	check_casefold(S("Nguyễn"), "nguyễn");
	check_casefold(S("NGUYỄN"), "nguyễn");
	check_casefold(S("N"
	                 "gu"
	                 "y\x65\xcc\x82\xcc\x83"
	                 "n"),
	    "nguyễn");
	check_casefold(S("ĐẶNG"), "đặng");
	check_casefold(S("Nguyen"), "nguyen"); /* not "nguyễn" */
	check_casefold(S("Straße"), "strasse");
	check_casefold(S("lan_99.x-y"), "lan_99.x-y");
	assert_null(text_casefold(S("\xc3\x28")));
}

static void
test_username_rules(void **state)
{
	(void)state;
	assert_null(text_check_username("Nguyễn"));
	assert_null(text_check_username("lan_99.x-y"));
	assert_null(text_check_username("abc"));
	assert_null(text_check_username("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	assert_non_null(text_check_username("ab"));
	assert_non_null(
	    text_check_username("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	assert_non_null(text_check_username("_lan"));
	assert_non_null(text_check_username("-lan"));
	assert_non_null(text_check_username("lan an"));
	assert_non_null(text_check_username("lan<b>"));
	assert_non_null(text_check_username("lan@x"));
	assert_non_null(text_check_username("\xc3\x28xx"));
	/* 32 characters of two bytes each still fit. */
	assert_null(text_check_username("ễễễễễễễễễễễễễễễễễễễễễễễễễễễễễễễễ"));
}

static void
test_fold_large(void **state)
{
	(void)state;
	size_t      len;
	const char *unit = "Quốc Phòng, ";
	char       *big = repeat(unit, 1 << 20, &len);
	while (len > (1 << 20))
		len -= strlen(unit);
	char *r = text_fold(big, len);
	assert_non_null(r);
	size_t units = len / strlen(unit);
	assert_int_equal(strlen(r), units * strlen("quoc phong ") - 1);
	assert_memory_equal(r, "quoc phong quoc phong", 21);
	free(r);
	free(big);
}

/* ---- formatting ---- */

static void
test_format_count(void **state)
{
	(void)state;
	char buf[64];
	assert_int_equal(text_format_count(buf, sizeof buf, 0), 1);
	assert_string_equal(buf, "0");
	assert_int_equal(text_format_count(buf, sizeof buf, 999), 3);
	assert_string_equal(buf, "999");
	assert_int_equal(text_format_count(buf, sizeof buf, 1000), 5);
	assert_string_equal(buf, "1.000");
	assert_int_equal(text_format_count(buf, sizeof buf, 88619428), 10);
	assert_string_equal(buf, "88.619.428");
	assert_true(text_format_count(buf, sizeof buf, -1234567) > 0);
	assert_string_equal(buf, "-1.234.567");
	assert_true(text_format_count(buf, sizeof buf, INT64_MAX) > 0);
	assert_string_equal(buf, "9.223.372.036.854.775.807");
	assert_true(text_format_count(buf, sizeof buf, INT64_MIN) > 0);
	assert_string_equal(buf, "-9.223.372.036.854.775.808");

	char tiny[5];
	assert_int_equal(text_format_count(tiny, sizeof tiny, 1000), 0);
	assert_string_equal(tiny, "");
	assert_int_equal(text_format_count(tiny, sizeof tiny, 999), 3);
	char exact[6]; /* "1.000" + NUL just fits */
	assert_int_equal(text_format_count(exact, sizeof exact, 1000), 5);
	assert_int_equal(text_format_count(buf, 0, 1), 0);
}

static void
test_format_datetime(void **state)
{
	(void)state;
	char   buf[64];
	size_t n = text_format_datetime(buf, sizeof buf, 1604388600);
	assert_string_equal(buf, "Thứ Ba, 03/11/2020 14:30");
	assert_int_equal(n, strlen("Thứ Ba, 03/11/2020 14:30"));
	assert_int_equal(text_format_date(buf, sizeof buf, 1604388600), 10);
	assert_string_equal(buf, "03/11/2020");

	/* 17:30Z is already Wednesday 00:30 in Vietnam */
	text_format_datetime(buf, sizeof buf, 1604388600 + 10 * 3600);
	assert_string_equal(buf, "Thứ Tư, 04/11/2020 00:30");
	text_format_date(buf, sizeof buf, 1604388600 + 10 * 3600);
	assert_string_equal(buf, "04/11/2020");
	/* Sunday is "Chủ Nhật" */
	text_format_datetime(buf, sizeof buf, 1604388600 + 5 * 86400);
	assert_string_equal(buf, "Chủ Nhật, 08/11/2020 14:30");
	text_format_date(buf, sizeof buf, 0);
	assert_string_equal(buf, "01/01/1970");

	/* Proleptic Gregorian, like timegm(): no Julian switch in 1582. */
	int64_t t;
	assert_int_equal(text_parse_utc("1000-03-01T12:00:00Z", &t), 0);
	text_format_date(buf, sizeof buf, t);
	assert_string_equal(buf, "01/03/1000");
	assert_int_equal(text_parse_utc("0001-01-01T00:00:00Z", &t), 0);
	text_format_date(buf, sizeof buf, t);
	assert_string_equal(buf, "01/01/0001");

	char tiny[10];
	assert_int_equal(text_format_datetime(tiny, sizeof tiny, 1604388600),
	    0);
	assert_string_equal(tiny, "");
	assert_int_equal(text_format_date(tiny, sizeof tiny, 1604388600), 0);
	assert_int_equal(text_format_date(buf, 0, 1604388600), 0);
	/* out of the displayable range */
	assert_int_equal(text_format_date(buf, sizeof buf, INT64_MAX), 0);
	assert_int_equal(text_format_date(buf, sizeof buf, INT64_MIN), 0);
}

/* ICU's own formatter for a pattern, set up as text.c sets up its own. */
static UDateFormat *
icu_format(const UChar *pattern)
{
	UErrorCode   st = U_ZERO_ERROR;
	UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, "vi",
	    u"Asia/Ho_Chi_Minh", -1, pattern, -1, &st);
	udat_setContext(f, UDISPCTX_CAPITALIZATION_FOR_BEGINNING_OF_SENTENCE,
	    &st);
	UCalendar *cal = ucal_clone(udat_getCalendar(f), &st);
	ucal_setGregorianChange(cal, U_DATE_MIN, &st);
	udat_setCalendar(f, cal);
	ucal_close(cal);
	assert_true(U_SUCCESS(st));
	return f;
}

static void
icu_text(UDateFormat *f, int64_t t, char *out, size_t size)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar      u[128], n[128];
	int32_t    len = udat_format(f, (UDate)t * 1000.0, u, 128, NULL, &st);
	len = unorm2_normalize(unorm2_getNFCInstance(&st), u, len, n, 128, &st);
	u_strToUTF8(out, (int32_t)size, NULL, n, len, &st);
	assert_true(U_SUCCESS(st));
}

/* Days are formatted once and the time of day added: the same text as
 * ICU's formatter of the whole pattern, at every zone offset Hà Nội has
 * had (its local mean time until 1906, +8 and +9 in the 1940s-1970s). */
static void
test_format_matches_icu(void **state)
{
	(void)state;
	UDateFormat *full = icu_format(u"EEEE, dd/MM/yyyy HH:mm");
	UDateFormat *date = icu_format(u"dd/MM/yyyy");
	char         want[128], have[128];
	int64_t      t;

	for (t = -62135596800LL; t < 253402300799LL; t += 7777777 + (t & 1023))
		for (int k = 0; k < 3; k++) {
			int64_t u = t + k * 3599;
			icu_text(full, u, want, sizeof want);
			text_format_datetime(have, sizeof have, u);
			assert_string_equal(have, want);
			icu_text(date, u, want, sizeof want);
			text_format_date(have, sizeof have, u);
			assert_string_equal(have, want);
		}
	/* Each side of each of the zone's transitions. */
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *cal =
	    ucal_open(u"Asia/Ho_Chi_Minh", -1, "vi", UCAL_GREGORIAN, &st);
	UDate at = -62135596800000.0;
	int   transitions = 0;
	ucal_setMillis(cal, at, &st);
	while (ucal_getTimeZoneTransitionDate(cal, UCAL_TZ_TRANSITION_NEXT, &at,
	    &st)) {
		for (t = (int64_t)(at / 1000) - 1;
		     t <= (int64_t)(at / 1000) + 1; t++) {
			icu_text(full, t, want, sizeof want);
			text_format_datetime(have, sizeof have, t);
			assert_string_equal(have, want);
		}
		ucal_setMillis(cal, at, &st);
		transitions++;
	}
	assert_true(U_SUCCESS(st));
	assert_true(transitions >= 5);
	ucal_close(cal);
	udat_close(full);
	udat_close(date);
}

/* The masthead's date line, and when it turns: midnight in Hà Nội. */
static void
test_format_day(void **state)
{
	(void)state;
	char    buf[64];
	int64_t t, midnight;

	/* 2026-12-03T16:59:59Z is 23:59:59 on Thursday in Hà Nội */
	assert_int_equal(text_parse_utc("2026-12-03T16:59:59Z", &t), 0);
	assert_int_equal(text_format_day(buf, sizeof buf, t),
	    strlen("Thứ Năm, 03/12/2026"));
	assert_string_equal(buf, "Thứ Năm, 03/12/2026");
	assert_int_equal(text_parse_utc("2026-12-03T17:00:00Z", &midnight), 0);
	assert_int_equal(text_next_day(t), midnight);
	text_format_day(buf, sizeof buf, midnight);
	assert_string_equal(buf, "Thứ Sáu, 04/12/2026");
	/* From the first second of a day, the next one. */
	assert_int_equal(text_next_day(midnight), midnight + 86400);
	assert_int_equal(text_next_day(t - 86399), midnight);
	text_format_day(buf, sizeof buf, midnight + 2 * 86400);
	assert_string_equal(buf, "Chủ Nhật, 06/12/2026");
	assert_int_equal(text_next_day(INT64_MAX), -1);
	assert_int_equal(text_format_day(buf, 8, t), 0);
}

/* ---- text_parse_utc ---- */

static void
test_parse_utc(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_int_equal(text_parse_utc("2020-11-03T07:30:00Z", &t), 0);
	assert_int_equal(t, 1604388600);
	assert_int_equal(text_parse_utc("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(text_parse_utc("1969-12-31T23:59:59Z", &t), 0);
	assert_int_equal(t, -1);
	assert_int_equal(text_parse_utc("2020-02-29T23:59:59Z", &t), 0);
	assert_int_equal(t, 1583020799);

	t = 42;
	assert_int_equal(text_parse_utc("2020-11-03 07:30:00", &t), -1);
	assert_int_equal(text_parse_utc("2020-11-03 07:30:00Z", &t), -1);
	assert_int_equal(text_parse_utc("2020-13-01T00:00:00Z", &t), -1);
	assert_int_equal(text_parse_utc("2020-00-01T00:00:00Z", &t), -1);
	assert_int_equal(text_parse_utc("2020-02-30T00:00:00Z", &t), -1);
	assert_int_equal(text_parse_utc("2019-02-29T00:00:00Z", &t), -1);
	assert_int_equal(text_parse_utc("2020-11-03T24:00:00Z", &t), -1);
	assert_int_equal(text_parse_utc("2020-11-03T07:60:00Z", &t), -1);
	assert_int_equal(text_parse_utc("2020-11-03T07:30:60Z", &t), -1);
	assert_int_equal(text_parse_utc("2020-11-03T07:30:00+07:00", &t), -1);
	assert_int_equal(text_parse_utc("2020-11-03T07:30:00Zjunk", &t), -1);
	assert_int_equal(text_parse_utc("2020-11-03T07:30:00ZZ", &t), -1);
	assert_int_equal(text_parse_utc("2020-11-03T07:30:00", &t), -1);
	assert_int_equal(text_parse_utc("2020-11-03", &t), -1);
	assert_int_equal(text_parse_utc("+020-11-03T07:30:00Z", &t), -1);
	assert_int_equal(text_parse_utc("2020-1-03T07:30:00Z", &t), -1);
	assert_int_equal(text_parse_utc("", &t), -1);
	assert_int_equal(text_parse_utc(NULL, &t), -1);
	assert_int_equal(t, 42);
}

/* ---- text_width ---- */

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(S("")), 0);
	assert_int_equal(text_width(S("Nguyen")), 6);
	/* a letter and its marks are one column, composed or not */
	assert_int_equal(text_width(S("Nguyễn Thị Ánh")), 14);
	assert_int_equal(text_width(S("Nguye\xcc\x82\xcc\x83n")), 6);
	assert_int_equal(text_width(S(NFD_QUOC " " NFD_PHONG)), 10);
	/* wide ideographs and a ZWJ family emoji: two columns each */
	assert_int_equal(text_width(S("王小明")), 6);
	assert_int_equal(text_width(S("\xf0\x9f\x91\xa8\xe2\x80\x8d"
	                              "\xf0\x9f\x91\xa9")),
	    2);
	/* a mark alone, a zero-width space */
	assert_int_equal(text_width(S("\xcc\x81")), 0);
	assert_int_equal(text_width(S("a\xe2\x80\x8b"
	                              "b")),
	    2);
	assert_int_equal(text_width(S("\xc3\x28")), -1);
}

/* ---- text_truncate_words ---- */

static void
check_trunc(const char *in, size_t len, size_t max, const char *want)
{
	char *r = text_truncate_words(in, len, max);
	assert_non_null(r);
	assert_string_equal(r, want);
	free(r);
}

static void
test_truncate(void **state)
{
	(void)state;
	const char *s =
	    "Bộ Quốc phòng duy trì hiệu quả quốc tế hợp tác an ninh mạng";

	check_trunc(S("Hà Nội"), 30, "Hà Nội");
	check_trunc(s, strlen(s), 100, s);
	/* exactly 30 characters end on "quả", which is a whole word */
	check_trunc(s, strlen(s), 30, "Bộ Quốc phòng duy trì hiệu quả…");
	/* 29 would split "quả": back to the previous word */
	check_trunc(s, strlen(s), 29, "Bộ Quốc phòng duy trì hiệu…");
	check_trunc(s, strlen(s), 27, "Bộ Quốc phòng duy trì hiệu…");
	check_trunc(s, strlen(s), 2, "Bộ…");

	/* characters, not bytes: 10 three-byte letters */
	check_trunc(S("ệệệệệệệệệệ ệệ"), 10, "ệệệệệệệệệệ…");
	/* NFD input: a letter and its marks are one character */
	check_trunc(S(NFD_QUOC " " NFD_PHONG), 4, "Quốc…");
	check_trunc(S(NFD_QUOC " " NFD_PHONG), 10, "Quốc phòng");
	/* one long word is cut hard, between characters */
	check_trunc(S(NFD_QUOC NFD_QUOC), 3, "Quố…");
	/* no space or comma before the ellipsis */
	check_trunc(S("Hà Nội, Sài Gòn"), 8, "Hà Nội…");
	/* a mark with no precomposed letter stays with its letter */
	check_trunc(S("abcdx\xcc\x81 fgh ijk"), 5, "abcdx\xcc\x81…");
	check_trunc(S("abcdx\xcc\x81 fgh ijk"), 4, "abcd…");
	/* an emoji sequence joined by ZWJ is one character */
#define FAMILY \
	"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d" \
	"\xf0\x9f\x91\xa7"
	check_trunc(S(FAMILY " gia đình"), 1, FAMILY "…");
	check_trunc(S(FAMILY " gia đình"), 5, FAMILY " gia…");
	check_trunc(S(FAMILY " gia đình"), 10, FAMILY " gia đình");
	/* CR LF is one character, and a line break ends a word */
	check_trunc(S("một\r\nhai ba"), 5, "một…");
	check_trunc(S("một\r\nhai ba"), 7, "một\r\nhai…");
	check_trunc(S(""), 5, "");
	assert_null(text_truncate_words(S("\xc3\x28"), 5));

	char *r = text_truncate_words(s, strlen(s), 30);
	assert_true(text_valid_utf8(r, strlen(r)));
	free(r);

	/* Cuts are kept by their text: asked again, the same; a text edited
	 * in place (same length) or another length, cut afresh. */
	char edited[128];
	strcpy(edited, s);
	check_trunc(edited, strlen(edited), 29, "Bộ Quốc phòng duy trì hiệu…");
	check_trunc(edited, strlen(edited), 30,
	    "Bộ Quốc phòng duy trì hiệu quả…");
	memcpy(edited, "Ủy", strlen("Ủy")); /* "Bộ" and "Ủy": 4 bytes each */
	check_trunc(edited, strlen(edited), 30,
	    "Ủy Quốc phòng duy trì hiệu quả…");
	check_trunc(s, strlen(s), 30, "Bộ Quốc phòng duy trì hiệu quả…");
}

/* ---- lifecycle ---- */

static void
test_reinit(void **state)
{
	(void)state;
	char buf[64];
	text_shutdown();
	assert_null(text_slug(S("abc"), 10)); /* not initialised */
	assert_int_equal(text_format_count(buf, sizeof buf, 1), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(text_init(), 0);
		assert_int_equal(text_init(), 0); /* idempotent */
		check_slug(S("Đà Nẵng"), 80, "da-nang");
		text_format_count(buf, sizeof buf, 88619428);
		assert_string_equal(buf, "88.619.428");
		text_shutdown();
		text_shutdown(); /* harmless twice */
	}
	assert_int_equal(text_init(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_is_nfc),
		cmocka_unit_test(test_nfc_large),
		cmocka_unit_test(test_slug_examples),
		cmocka_unit_test(test_slug_cut),
		cmocka_unit_test(test_slug_large),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_large),
		cmocka_unit_test(test_casefold),
		cmocka_unit_test(test_username_rules),
		cmocka_unit_test(test_format_count),
		cmocka_unit_test(test_format_datetime),
		cmocka_unit_test(test_format_matches_icu),
		cmocka_unit_test(test_format_day),
		cmocka_unit_test(test_parse_utc),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_reinit),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	u_cleanup(); /* drop ICU's caches so valgrind reports only real leaks */
	return rc;
}
