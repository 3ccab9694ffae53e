#include <stdlib.h>
#include <string.h>

#include "html/view.h"
#include "base/log.h"
#include "text/text.h"

struct view *
view_new(struct arena *a, bool *failed)
{
	struct view *v = arena_zalloc(a, sizeof(*v));

	if (v == NULL) {
		*failed = true;
		return NULL;
	}
	v->arena = a;
	v->failed = failed;
	return v;
}

/* FNV-1a: names are compared by hash first, then by their bytes. */
uint32_t
view_hash(const char *name, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

static struct view_field *
find(const struct view *v, const char *name, size_t n, uint32_t h)
{
	struct view_field *f;

	for (f = v->fields[h % VIEW_BUCKETS]; f != NULL; f = f->next)
		if (f->hash == h && strncmp(f->name, name, n) == 0 &&
		    f->name[n] == '\0')
			return f;
	return NULL;
}

static struct view_value *
field(struct view *v, const char *name, enum view_kind kind)
{
	struct view_field *f;
	size_t             n;
	uint32_t           h;

	if (v == NULL)
		return NULL;
	n = strlen(name);
	h = view_hash(name, n);
	if ((f = find(v, name, n, h)) == NULL) {
		if ((f = arena_zalloc(v->arena, sizeof(*f))) == NULL) {
			*v->failed = true;
			return NULL;
		}
		f->name = name;
		f->hash = h;
		f->next = v->fields[h % VIEW_BUCKETS];
		v->fields[h % VIEW_BUCKETS] = f;
	}
	memset(&f->value, 0, sizeof(f->value));
	f->value.kind = kind;
	return &f->value;
}

static bool
is_ascii(const char *s, size_t n)
{
	uint64_t w, high = 0;
	size_t   i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		high |= w;
	}
	for (; i < n; i++)
		high |= (unsigned char)s[i];
	return !(high & 0x8080808080808080ULL);
}

void
view_textn(struct view *v, const char *name, const char *s, size_t n)
{
	struct view_value *val;

	if (s == NULL || (val = field(v, name, VIEW_TEXT)) == NULL)
		return;
	val->str = arena_strndup(v->arena, s, n);
	val->len = n;
	val->unchecked = !is_ascii(s, n);
	if (val->str == NULL)
		*v->failed = true;
}

/*
 * The store holds NFC: a text is normalized only when the quick check
 * cannot tell.  Invalid UTF-8 from the store renders as nothing, not as
 * bytes; so does a text that cannot be normalized for want of memory
 * (as a lazy value that cannot be made).
 */
static void
check_nfc(struct arena *a, struct view_field *f)
{
	struct view_value *val = &f->value;
	char              *nfc;
	size_t             len;

	val->unchecked = false;
	if (text_is_nfc(val->str, val->len))
		return;
	if ((nfc = text_nfc(val->str, val->len, &len)) == NULL)
		log_warn("field %s is not valid UTF-8; left empty", f->name);
	val->str = nfc != NULL ? arena_strndup(a, nfc, len) : NULL;
	val->len = val->str != NULL ? len : 0;
	if (val->str == NULL)
		val->str = "";
	free(nfc);
}

void
view_text(struct view *v, const char *name, const char *s)
{
	if (s != NULL)
		view_textn(v, name, s, strlen(s));
}

void
view_int(struct view *v, const char *name, int64_t n)
{
	char     num[24], *p = num + sizeof(num);
	uint64_t u = n < 0 ? -(uint64_t)n : (uint64_t)n;

	/* snprintf() took 700 instructions a number. */
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		*--p = '-';
	view_textn(v, name, p, (size_t)(num + sizeof(num) - p));
}

void
view_html(struct view *v, const char *name, const char *s, size_t n)
{
	struct view_value *val;

	if (s == NULL || (val = field(v, name, VIEW_HTML)) == NULL)
		return;
	val->str = arena_strndup(v->arena, s, n);
	val->len = n;
	if (val->str == NULL)
		*v->failed = true;
}

void
view_bool(struct view *v, const char *name, bool truth)
{
	struct view_value *val = field(v, name, VIEW_BOOL);

	if (val != NULL)
		val->truth = truth;
}

struct view *
view_object(struct view *v, const char *name)
{
	struct view_value *val = field(v, name, VIEW_OBJECT);

	if (val == NULL)
		return NULL;
	return val->object = view_new(v->arena, v->failed);
}

struct view *
view_append(struct view *v, const char *name)
{
	struct view_field *f;
	struct view_value *val = NULL;
	struct view       *item;

	if (v == NULL)
		return NULL;
	if ((f = find(v, name, strlen(name), view_hash(name, strlen(name)))) !=
	        NULL &&
	    f->value.kind == VIEW_LIST)
		val = &f->value;
	if (val == NULL && (val = field(v, name, VIEW_LIST)) == NULL)
		return NULL;
	if ((item = view_new(v->arena, v->failed)) == NULL)
		return NULL;
	if (val->last != NULL)
		val->last->next = item;
	else
		val->first = item;
	val->last = item;
	return item;
}

void
view_lazy(struct view *v, const char *name, view_lazy_fn *lazy, const void *arg)
{
	struct view_value *val = field(v, name, VIEW_LAZY);

	if (val != NULL) {
		val->lazy = lazy;
		val->arg = arg;
	}
}

const struct view_value *
view_get(const struct view *v, const char *name, size_t n, uint32_t h)
{
	struct view_field *f = find(v, name, n, h);
	const char        *s;

	if (f == NULL)
		return NULL;
	if (f->value.unchecked)
		check_nfc(v->arena, f);
	if (f->value.kind == VIEW_LAZY) {
		/* Made once; none is empty text. */
		s = f->value.lazy(v->arena, f->value.arg);
		f->value.kind = VIEW_TEXT;
		f->value.str = s != NULL ? s : "";
		f->value.len = strlen(f->value.str);
	}
	return &f->value;
}
