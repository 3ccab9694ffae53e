/*
 * The template parser (html/template.c), then rendering what it accepts.
 * The input is the template "t" (it may include itself as a partial).
 * Each accepted template is rendered twice over the same tree of values,
 * once with text holding < > " ' and unsafe URLs, once with plain "x":
 * escaping leaves none of those characters in a value, so both pages must
 * hold as many of each.  Only templates with at most one partial are
 * rendered: a template that includes itself twice doubles its output at
 * each of 16 levels, the (trusted) author's business, not a bug.
 */
#include <stdio.h>

#include "html/template.h"
#include "text/text.h"
#include "fuzz.h"

enum { TEMPLATE_MAX = 16 << 10 };

static struct arena arena;
static struct buf   out;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (text_init() != 0)
		abort();
	arena_init(&arena, 0);
	buf_init(&out);
	return 0;
}

/* Values of every kind under the names a..z (and "h", trusted HTML). */
static struct view *
values(bool hostile, bool *failed)
{
	static const char *const text[] = {
		"<q>\"'&javascript:alert(1)",
		"<q> /a.jpg 1x, javascript:x 2x",
		"data:text/html,<q>",
	};
	static char  names[26][2]; /* views keep the name, not a copy */
	struct view *v = view_new(&arena, failed), *item;
	const char  *name;

	for (int i = 0; i < 26; i++) {
		names[i][0] = (char)('a' + i);
		name = names[i];
		switch (i % 6) {
		case 3:
			view_bool(v, name, i % 4 == 1);
			break;
		case 4:
			/* One item: nested sections stay linear. */
			item = view_append(v, name);
			view_text(item, "x", hostile ? text[0] : "x");
			break;
		case 5:
			view_text(view_object(v, name), "x",
			    hostile ? text[1] : "x");
			break;
		default:
			view_text(v, name, hostile ? text[i % 3] : "x");
			break;
		}
	}
	view_html(v, "h", "<b title='t'>trusted</b>", 24);
	return v;
}

/* Renders t over values(hostile); false when rendering failed. */
static bool
render(const struct template_set *set, bool hostile, size_t counts[4])
{
	static const char specials[4] = "<>\"'";
	bool              failed = false;

	arena_reset(&arena);
	buf_reset(&out);
	if (template_render(set, "t", values(hostile, &failed), &out) != 0 ||
	    failed || buf_failed(&out))
		return false;
	memset(counts, 0, 4 * sizeof(counts[0]));
	for (size_t i = 0; i < out.len; i++)
		for (int k = 0; k < 4; k++)
			counts[k] += out.data[i] == specials[k];
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct template_set *set;
	char                *src, *p;
	size_t               partials = 0, hostile[4], plain[4];

	if (size > TEMPLATE_MAX || (src = fuzz_cstr(data, size)) == NULL)
		return 0;
	for (p = src; (p = strstr(p, "{{>")) != NULL; p++)
		partials++;
	if ((set = template_parse("t", src, "t.html")) != NULL &&
	    partials <= 1 && render(set, true, hostile) &&
	    render(set, false, plain))
		FUZZ_CHECK(memcmp(hostile, plain, sizeof(plain)) == 0);
	template_free(set);
	free(src);
	return 0;
}
