/*
 * Escaping in each context, and the template engine: context detection at
 * parse time, trusted raw output only, sections, partials, parse errors
 * (with their file and line), srcset lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "html/escape.h"
#include "html/template.h"
#include "text/text.h"

static char         dir[] = "/tmp/bantin-test-XXXXXX";
static struct arena arena;

static const char *
escaped(void (*fn)(struct buf *, const char *, size_t), const char *s)
{
	static struct buf b;

	buf_free(&b);
	fn(&b, s, strlen(s));
	return buf_cstr(&b);
}

static void
test_escape_contexts(void **state)
{
	(void)state;
	assert_string_equal(escaped(html_escape,
	                        "<script>alert('x')</script> & \"q\""),
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
	    "&quot;q&quot;");
	assert_string_equal(escaped(html_escape, "Bộ Quốc phòng"),
	    "Bộ Quốc phòng");
	/* whole URLs: safe schemes kept, others neutralized */
	assert_string_equal(escaped(html_url, "/thoi-su/a-1.htm?x=1&y=2"),
	    "/thoi-su/a-1.htm?x=1&amp;y=2");
	assert_string_equal(escaped(html_url, "https://example.vn/a b"),
	    "https://example.vn/a%20b");
	assert_string_equal(escaped(html_url, "javascript:alert(1)"), "#");
	assert_string_equal(escaped(html_url, "JavaScript:alert(1)"), "#");
	assert_string_equal(escaped(html_url, "data:text/html,x"), "#");
	assert_string_equal(escaped(html_url, "\"><script>"),
	    "%22%3E%3Cscript%3E");
	assert_string_equal(escaped(html_url, "/Đà"), "/%C4%90%C3%A0");
	/* URL pieces: everything but unreserved */
	assert_string_equal(escaped(html_url_part, "a b/c?d=e&f"),
	    "a%20b%2Fc%3Fd%3De%26f");
	assert_string_equal(escaped(html_url_part, "an-ninh_mang.1~"),
	    "an-ninh_mang.1~");
}

/* html_escape() and json_escape() as plainly as they can be written. */
static void
plain_escapes(struct buf *h, struct buf *j, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&':
			buf_puts(h, "&amp;");
			break;
		case '<':
			buf_puts(h, "&lt;");
			break;
		case '>':
			buf_puts(h, "&gt;");
			break;
		case '"':
			buf_puts(h, "&quot;");
			break;
		case '\'':
			buf_puts(h, "&#39;");
			break;
		default:
			buf_putc(h, (char)c);
		}
		if (c == '"' || c == '\\')
			buf_printf(j, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&')
			buf_printf(j, "\\u%04x", c);
		else
			buf_putc(j, (char)c);
	}
}

/* Every byte at every place of texts of 0 to 19 bytes, alone and beside
 * a quote: html_escape() looks at eight bytes at a time. */
static void
test_escape_every_byte(void **state)
{
	struct buf h, j, want_h, want_j;
	char       s[20];

	(void)state;
	buf_init(&h);
	buf_init(&j);
	buf_init(&want_h);
	buf_init(&want_j);
	for (size_t len = 0; len < sizeof(s); len++)
		for (size_t at = 0; at < len; at++)
			for (int c = 0; c < 256; c++) {
				memset(s, 'a', len);
				s[at] = (char)c;
				if (c % 2 && len > 1)
					s[(at + 7) % len] = '"';
				buf_reset(&h);
				buf_reset(&j);
				buf_reset(&want_h);
				buf_reset(&want_j);
				html_escape(&h, s, len);
				json_escape(&j, s, len);
				plain_escapes(&want_h, &want_j, s, len);
				assert_int_equal(h.len, want_h.len);
				assert_memory_equal(h.data, want_h.data, h.len);
				assert_int_equal(j.len, want_j.len);
				assert_memory_equal(j.data, want_j.data, j.len);
			}
	buf_free(&h);
	buf_free(&j);
	buf_free(&want_h);
	buf_free(&want_j);
}

static void
write_template(const char *name, const char *text)
{
	char  path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.html", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static void
remove_template(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s.html", dir, name);
	unlink(path);
}

static const char *
render(const char *text, struct view *v)
{
	static struct buf    out;
	struct template_set *set;

	write_template("t", text);
	buf_free(&out);
	if ((set = template_load(dir, NULL)) == NULL) {
		remove_template("t");
		return NULL;
	}
	assert_int_equal(template_render(set, "t", v, &out), 0);
	template_free(set);
	remove_template("t");
	return buf_cstr(&out);
}

static void
test_template_contexts(void **state)
{
	bool         failed = false;
	struct view *v = view_new(&arena, &failed);

	(void)state;
	view_text(v, "t", "<b>\"x\" & 'y'</b>");
	view_text(v, "u", "javascript:alert(1)");
	view_text(v, "p", "a b/c");
	view_text(v, "ok", "/tag/x?y=1&z=2");
	assert_string_equal(render("<p>{{t}}</p>", v),
	    "<p>&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p>");
	assert_string_equal(render("<a title=\"{{t}}\">", v),
	    "<a title=\"&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;\">");
	assert_string_equal(render("<a href=\"{{u}}\">", v), "<a href=\"#\">");
	assert_string_equal(render("<a href='{{ok}}'>", v),
	    "<a href='/tag/x?y=1&amp;z=2'>");
	assert_string_equal(render("<a href=\"/tim?q={{p}}\">", v),
	    "<a href=\"/tim?q=a%20b%2Fc\">");
	assert_string_equal(render("<img src=\"{{u}}\" alt=\"{{t}}\">", v),
	    "<img src=\"#\" alt=\"&lt;b&gt;&quot;x&quot; &amp; "
	    "&#39;y&#39;&lt;/b&gt;\">");
	/* after a comment and a closed tag we are back in text */
	assert_string_equal(render("<!-- {x} --><br>{{p}}", v),
	    "<!-- {x} --><br>a b/c");
	assert_false(failed);
}

static void
test_template_raw_needs_trust(void **state)
{
	bool         failed = false;
	struct view *v = view_new(&arena, &failed);

	(void)state;
	view_text(v, "untrusted", "<i>x</i>");
	view_html(v, "trusted", "<i>x</i>", 8);
	assert_string_equal(render("{{{trusted}}}", v), "<i>x</i>");
	assert_string_equal(render("{{{untrusted}}}", v),
	    "&lt;i&gt;x&lt;/i&gt;");
	assert_string_equal(render("{{trusted}}", v), "&lt;i&gt;x&lt;/i&gt;");
}

static void
test_template_sections(void **state)
{
	bool         failed = false;
	struct view *v = view_new(&arena, &failed), *item, *obj;

	(void)state;
	for (int i = 1; i <= 3; i++)
		view_int(view_append(v, "items"), "n", i);
	view_bool(v, "yes", true);
	view_bool(v, "no", false);
	view_text(v, "name", "Nam");
	obj = view_object(v, "obj");
	view_text(obj, "inner", "in");
	assert_string_equal(render("{{#items}}[{{n}}{{name}}]{{/items}}", v),
	    "[1Nam][2Nam][3Nam]");
	assert_string_equal(render("{{#items?}}<ul>{{#items}}<li>{{n}}"
	                           "{{/items}}</ul>{{/items?}}",
	                        v),
	    "<ul><li>1<li>2<li>3</ul>");
	assert_string_equal(render("{{#missing?}}x{{/missing?}}"
	                           "{{^missing}}none{{/missing}}",
	                        v),
	    "none");
	assert_string_equal(render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}"
	                           "{{^no}}n{{/no}}",
	                        v),
	    "Yn");
	assert_string_equal(render("{{#obj}}{{inner}}/{{name}}{{/obj}}", v),
	    "in/Nam");
	assert_string_equal(render("{{#name}}({{name}}){{/name}}", v), "(Nam)");
	assert_string_equal(render("{{! a comment }}x", v), "x");
	assert_string_equal(render("<a href=\"/\"{{#yes}} class=\"on\""
	                           "{{/yes}}>",
	                        v),
	    "<a href=\"/\" class=\"on\">");
	assert_string_equal(render("<option value=\"1\"{{#yes}} selected"
	                           "{{/yes}}{{#no}} x{{/no}}>",
	                        v),
	    "<option value=\"1\" selected>");
	item = view_append(v, "empty_list_stays_false");
	(void)item;
	assert_false(failed);
}

static int lazy_made;

static const char *
lazy_text(struct arena *a, const void *arg)
{
	lazy_made++;
	return arg != NULL ? arena_strdup(a, arg) : NULL;
}

/* A lazy value is made once, only for a template that shows it, and
 * escaped like any text; none is empty and false. */
static void
test_template_lazy(void **state)
{
	bool         failed = false;
	struct view *v = view_new(&arena, &failed);

	(void)state;
	view_lazy(v, "cut", lazy_text, "<b>Hà Nội…</b>");
	view_lazy(v, "none", lazy_text, NULL);
	view_text(v, "title", "Tin");
	lazy_made = 0;
	assert_string_equal(render("<p>{{title}}</p>", v), "<p>Tin</p>");
	assert_int_equal(lazy_made, 0);
	assert_string_equal(render("{{#cut}}<p title=\"{{cut}}\">{{cut}}</p>"
	                           "{{/cut}}",
	                        v),
	    "<p title=\"&lt;b&gt;Hà Nội…&lt;/b&gt;\">"
	    "&lt;b&gt;Hà Nội…&lt;/b&gt;</p>");
	assert_int_equal(lazy_made, 1);
	assert_string_equal(render("[{{none}}]{{#none}}x{{/none}}"
	                           "{{^none}}-{{/none}}",
	                        v),
	    "[]-");
	assert_int_equal(lazy_made, 2);
	assert_false(failed);
}

/* Text is normalized to NFC (invalid UTF-8 made empty) when a template
 * first shows it, once, whatever the template tests first. */
static void
test_view_text_nfc(void **state)
{
	bool                     failed = false;
	struct view             *v = view_new(&arena, &failed);
	const struct view_value *val;

	(void)state;
	/* "Tiếng" with its marks apart: e, U+0302, U+0301. */
	view_text(v, "word", "Tie\xcc\x82\xcc\x81ng");
	view_text(v, "bad", "A\xc3(");
	view_text(v, "nfc", "Tiếng Việt");
	assert_string_equal(render("{{word}} {{#word}}[{{word}}]{{/word}}", v),
	    "Tiếng [Tiếng]");
	assert_string_equal(
	    render("({{bad}}){{#bad}}x{{/bad}}{{^bad}}-{{/bad}}", v), "()-");
	assert_string_equal(render("{{nfc}}", v), "Tiếng Việt");
	assert_non_null(val = view_get(v, "word", 4, view_hash("word", 4)));
	assert_int_equal(val->len, strlen("Tiếng"));
	/* Set again, checked again. */
	view_text(v, "word", "a\xcc\x80");
	assert_string_equal(render("{{word}}", v), "à");
	assert_false(failed);
}

static void
test_template_partials(void **state)
{
	bool         failed = false;
	struct view *v = view_new(&arena, &failed);

	(void)state;
	view_text(v, "who", "Đà Nẵng");
	write_template("part", "<b>{{who}}</b>");
	assert_string_equal(render("[{{>part}}]", v), "[<b>Đà Nẵng</b>]");
	remove_template("part");
}

static void
test_template_parse_errors(void **state)
{
	static const char *const bad[] = {
		"<div {{x}}>",    /* in a tag */
		"<a href={{x}}>", /* unquoted attribute */
		"<script>var a = '{{x}}';</script>",
		"<style>{{x}}</style>",
		"<!-- {{x}} -->",
		"<a href=\"{{{x}}}\">",      /* raw outside text */
		"<a title=\"{{>p}}\">",      /* partial outside text */
		"{{#a}}<a href=\"{{/a}}\">", /* section changes context */
		"{{#a}}x",                   /* unclosed */
		"x{{/a}}",                   /* stray close */
		"{{#a}}{{/b}}",              /* mismatched */
		"{{x",                       /* unclosed tag */
		"{{Bad Name}}",
		"{{}}",
	};
	bool         failed = false;
	struct view *v = view_new(&arena, &failed);

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (render(bad[i], v) != NULL)
			fail_msg("template accepted: %s", bad[i]);
	/* A placeholder after <script> has closed is fine. */
	assert_non_null(render("<script src=\"/x.js\"></script>{{x}}", v));
}

/* The message template_parse() printed for text, or NULL if it parsed. */
static const char *
parse_error(const char *text)
{
	static char          msg[512];
	struct template_set *set;
	FILE                *f;
	size_t               n;
	int                  saved;

	assert_non_null(f = tmpfile());
	assert_int_not_equal(saved = dup(2), -1);
	dup2(fileno(f), 2);
	set = template_parse("t", text, "www/templates/t.html");
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(msg, 1, sizeof(msg) - 1, f);
	msg[n] = '\0';
	fclose(f);
	if (set != NULL) {
		template_free(set);
		return NULL;
	}
	return msg;
}

/* Script and CSS are not contexts the engine escapes for: refused, with
 * the file and line of the placeholder. */
static void
test_template_refuses_script_attrs(void **state)
{
	static const char *const bad[] = {
		"<a onclick=\"go('{{x}}')\">",
		"<body onload='{{x}}'>",
		"<a href=\"/\" ONMouseOver=\"f({{x}})\">",
		"<p style=\"color: {{x}}\">",
		"<p STYLE='background: url({{x}})'>",
		"<svg><a onbegin=\"{{x}}\">",
	};
	const char *msg;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse_error(bad[i]) == NULL)
			fail_msg("template accepted: %s", bad[i]);
	msg = parse_error("<p>\n<a href=\"/\"\n   onclick=\"{{x}}\">x</a>");
	assert_non_null(msg);
	assert_non_null(strstr(msg, "www/templates/t.html:3: "));
	assert_non_null(strstr(msg, "on…"));
	/* Elsewhere in the same tags, and sections there, are fine. */
	assert_null(parse_error("<a title=\"on {{x}}\" data-style=\"{{x}}\">"));
	assert_null(parse_error("<p {{#x}}style=\"color: red\"{{/x}}>"));
}

static void
test_template_srcset(void **state)
{
	bool         failed = false;
	struct view *v = view_new(&arena, &failed);

	(void)state;
	view_text(v, "list",
	    "/img/a.jpg 480w, javascript:alert(1) 960w,"
	    "/img/b.jpg 2x,, /img/c.jpg onerror=x, data:x,"
	    "/f,g.jpg 3x, https://example.vn/d.jpg 1.5x, /e.jpg\" onerror=\"x");
	view_text(v, "u", "javascript:alert(1)");
	view_text(v, "p", "a b/c");
	/* Each candidate's URL checked like an href; odd descriptors go. */
	assert_string_equal(render("<img srcset=\"{{list}}\">", v),
	    "<img srcset=\"/img/a.jpg 480w, # 960w, /img/b.jpg 2x, "
	    "/img/c.jpg, # 3x, https://example.vn/d.jpg 1.5x, /e.jpg%22\">");
	/* A placeholder starting a candidate is a URL; within one, a piece. */
	assert_string_equal(render("<source srcset=\"/i/{{p}}.jpg 1x, "
	                           "{{u}} 2x,{{p}}\">",
	                        v),
	    "<source srcset=\"/i/a%20b%2Fc.jpg 1x, # 2x,a\">");
	assert_string_equal(render("<link imagesrcset='{{u}}'>", v),
	    "<link imagesrcset='#'>");
	assert_false(failed);
}

static void
test_template_reload(void **state)
{
	struct template_set *set;
	struct buf           out;
	bool                 failed = false;
	struct view         *v = view_new(&arena, &failed);

	(void)state;
	buf_init(&out);
	write_template("r", "one");
	assert_non_null(set = template_load(dir, NULL));
	/* The check runs at most once a second: wait for the next second. */
	sleep(1);
	write_template("r", "two, longer");
	assert_true(template_refresh(&set));
	assert_int_equal(template_render(set, "r", v, &out), 0);
	assert_string_equal(buf_cstr(&out), "two, longer");
	/* A broken edit keeps the previous templates. */
	sleep(1);
	write_template("r", "{{#broken}}");
	assert_false(template_refresh(&set));
	buf_reset(&out);
	assert_int_equal(template_render(set, "r", v, &out), 0);
	assert_string_equal(buf_cstr(&out), "two, longer");
	template_free(set);
	buf_free(&out);
	remove_template("r");
}

static int
setup(void **state)
{
	(void)state;
	arena_init(&arena, 0);
	if (mkdtemp(dir) == NULL || text_init() != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	text_shutdown();
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_contexts),
		cmocka_unit_test(test_escape_every_byte),
		cmocka_unit_test(test_template_contexts),
		cmocka_unit_test(test_template_raw_needs_trust),
		cmocka_unit_test(test_template_sections),
		cmocka_unit_test(test_template_lazy),
		cmocka_unit_test(test_view_text_nfc),
		cmocka_unit_test(test_template_partials),
		cmocka_unit_test(test_template_parse_errors),
		cmocka_unit_test(test_template_refuses_script_attrs),
		cmocka_unit_test(test_template_srcset),
		cmocka_unit_test(test_template_reload),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
