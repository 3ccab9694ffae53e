/*
 * Vietnamese text through ICU: validation, NFC, slugs, folding, dates and
 * numbers in the vi locale, word-safe truncation.
 *
 * Every string is UTF-8.  Functions that return a char * return memory from
 * malloc that the caller frees; NULL means invalid input or out of memory.
 * ICU objects are opened once per process by text_init() and reused; the
 * module is not thread-safe (bantin runs one request at a time per process).
 */
#ifndef BANTIN_TEXT_H
#define BANTIN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Opens the normalizer, formatters and transliterator.  Returns 0, or -1
 * with a message on stderr naming what ICU could not open. */
int  text_init(void);
void text_shutdown(void);

/* Strict UTF-8: rejects overlong forms, surrogates, code points above
 * U+10FFFF, truncated sequences and NUL bytes. */
bool text_valid_utf8(const char *s, size_t len);

/* Whether s[0..len) is valid UTF-8 and NFC by the quick check of UAX #15
 * (no normalizing needed).  False also when it might be NFC (a combining
 * mark that could compose): text_nfc() then decides. */
bool text_is_nfc(const char *s, size_t len);

/* NFC form of s[0..len).  *out_len (if not NULL) receives its length.
 * NULL when s is not valid UTF-8. */
char *text_nfc(const char *s, size_t len, size_t *out_len);

/* URL slug: NFC, Latin-ASCII transliteration (Đ/đ → d), lowercase, runs of
 * anything but [a-z0-9] become one '-', no leading or trailing '-'.  Cut to
 * at most max_len bytes at a word (hyphen) boundary; a single word longer
 * than max_len is cut hard.  Returns "" (not NULL) when nothing is left. */
char *text_slug(const char *s, size_t len, size_t max_len);

/* Caseless identity of a name: NFC of the ICU full case folding
 * ("Nguyễn", "NGUYỄN" and NFD "nguyễn" fold alike; accents stay). */
char *text_casefold(const char *s, size_t len);
/* NULL when s (NFC) is a valid member name: USERNAME_MIN..USERNAME_MAX
 * characters, letters (any script, with their accents) and digits, and
 * '.', '_', '-' after the first; else what is wrong, in words. */
enum { USERNAME_MIN = 3, USERNAME_MAX = 32 };
const char *text_check_username(const char *s);
/* Search folding: NFC, case folding, diacritics removed, đ → d.  Keeps
 * letters, digits and spaces (other characters become spaces). */
char       *text_fold(const char *s, size_t len);

/* "Thứ Ba, 03/11/2020 14:30": vi locale, Asia/Ho_Chi_Minh zone.
 * Writes a NUL-terminated string into out; returns its length, or 0 if it
 * does not fit. */
size_t text_format_datetime(char *out, size_t out_size, int64_t unix_seconds);

/* "03/11/2020" (date only, same locale and zone). */
size_t text_format_date(char *out, size_t out_size, int64_t unix_seconds);

/* "Thứ Năm, 03/12/2026": the masthead's date line (same locale and
 * zone). */
size_t text_format_day(char *out, size_t out_size, int64_t unix_seconds);

/* When the day after unix_seconds begins in Asia/Ho_Chi_Minh (midnight,
 * unix seconds); -1 on failure. */
int64_t text_next_day(int64_t unix_seconds);

/* Vietnamese grouping: 88619428 → "88.619.428". */
size_t text_format_count(char *out, size_t out_size, int64_t n);

/* Parses exactly "YYYY-MM-DDTHH:MM:SSZ" (UTC).  Returns 0, or -1 if the
 * text is not in that form or not a real date. */
int text_parse_utc(const char *s, int64_t *unix_seconds);

/* At most max_chars user-perceived characters of s, cut at a word boundary
 * (ICU word break iterator) and followed by "…" when cut. */
char *text_truncate_words(const char *s, size_t len, size_t max_chars);

/* Columns s[0..len) takes on a terminal, counted by grapheme cluster: a
 * letter with its combining marks (NFC or NFD) is one, a cluster holding
 * an East Asian wide or fullwidth character two, marks or format
 * characters alone none.  -1 when s is not valid UTF-8. */
int text_width(const char *s, size_t len);

#endif
