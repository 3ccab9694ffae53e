/*
 * The data a template renders: a tree of named values built by a handler
 * in the request arena.  Text values are normalized to NFC and escaped when
 * rendered; only view_html() values are trusted and may be written raw.
 * A lazy text value is made only when a template asks for it.
 */
#ifndef BANTIN_VIEW_H
#define BANTIN_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum view_kind {
	VIEW_TEXT,
	VIEW_HTML, /* trusted markup */
	VIEW_BOOL,
	VIEW_OBJECT,
	VIEW_LIST,
	VIEW_LAZY, /* text, made by lazy(arg) when first looked up */
};

struct view;

/* Text for a lazy value (NFC, in the arena), or NULL for none. */
typedef const char *view_lazy_fn(struct arena *, const void *arg);

struct view_value {
	enum view_kind kind;
	const char    *str; /* TEXT, HTML */
	size_t         len;
	bool           unchecked;    /* TEXT: NFC not checked yet */
	bool           truth;        /* BOOL */
	struct view   *object;       /* OBJECT */
	struct view   *first, *last; /* LIST items */
	view_lazy_fn  *lazy;         /* LAZY */
	const void    *arg;
};

struct view_field {
	const char        *name;
	uint32_t           hash; /* view_hash() of name */
	struct view_value  value;
	struct view_field *next;
};

enum { VIEW_BUCKETS = 16 }; /* fields chained by hash: a page's ~60 */

struct view {
	struct arena      *arena;
	struct view_field *fields[VIEW_BUCKETS];
	struct view       *next;   /* next item in a list */
	bool              *failed; /* shared by the whole tree */
};

struct view *view_new(struct arena *, bool *failed);
/* Copies s; NULL s sets nothing.  Normalized to NFC (invalid UTF-8 made
 * empty) when view_get() first finds it: most of what a handler sets is
 * NFC, and some of it no template shows. */
void         view_text(struct view *, const char *name, const char *s);
void         view_textn(struct view *, const char *name, const char *s, size_t);
void         view_int(struct view *, const char *name, int64_t);
/* Trusted HTML: rendered raw by {{{name}}}. */
void         view_html(struct view *, const char *name, const char *s, size_t);
void         view_bool(struct view *, const char *name, bool);
struct view *view_object(struct view *, const char *name);
/* Appends a new item to the list `name`, creating the list.  On failure
 * the tree is marked failed and NULL returned; every view_* call accepts a
 * NULL view, so builders need not check each step. */
struct view *view_append(struct view *, const char *name);
/* Text made by lazy(arena, arg) if a template uses it: arg must live as
 * long as the view. */
void         view_lazy(struct view *, const char *name, view_lazy_fn *,
            const void *arg);
/* The hash of a name that view_get() takes (templates keep theirs). */
uint32_t     view_hash(const char *name, size_t);
/* The value `name` (of hash h) of v, a lazy one made now; NULL if v has
 * none. */
const struct view_value *view_get(const struct view *, const char *name, size_t,
    uint32_t h);

#endif
