/*
 * Templates: www/templates/NAME.html, or the operator's NAME.html in the
 * folder of the setting `templates`, loaded at start-up and reloaded when
 * a file changes (checked at most once a second), so editing a template
 * needs no recompile.
 *
 *   {{name}}        a value, escaped for where it stands: text, a quoted
 *                   attribute, a whole URL (href/src/action…), a piece
 *                   of a URL after its start, or a srcset list (each
 *                   candidate's URL checked as an href is)
 *   {{{name}}}      raw, only for values the handler declared trusted
 *                   (view_html); anything else is escaped as text
 *   {{#name}}…{{/name}}  a list (once per item), an object, or a true value
 *   {{#name?}}…{{/name?}}  once, when name is true or non-empty (a list
 *                   is not iterated: for a heading above the items)
 *   {{^name}}…{{/name}}  when name is missing, false, empty or an empty list
 *   {{>name}}       another template, in text context
 *   {{! comment }}
 *
 * The escaping context is found when a template is parsed; a placeholder
 * inside a tag name, an unquoted attribute, an event handler (on…=), a
 * style attribute, a comment, <script> or <style> is a parse error,
 * reported with the file and line.
 */
#ifndef BANTIN_TEMPLATE_H
#define BANTIN_TEMPLATE_H

#include <stdbool.h>

#include "base/buf.h"
#include "html/view.h"

struct template_set;

/* Loads every *.html under dir, and under over (the operator's folder;
 * NULL or "": none) first: a template there replaces dir's of the same
 * name.  NULL (with messages on stderr naming the file and line) if any
 * template is invalid or a folder cannot be read. */
struct template_set *template_load(const char *dir, const char *over);
void                 template_free(struct template_set *);

/* A set of the one template `name` parsed from src (copied), for tests
 * and the fuzzer; messages name `path`.  NULL if it is invalid.  Such a
 * set is never refreshed. */
struct template_set *template_parse(const char *name, const char *src,
    const char *path);

/* Reloads when a file was added, removed or changed in either folder
 * since the last check.
 * Returns true when the set was replaced; a broken edit keeps the old set
 * (and says why on stderr). */
bool template_refresh(struct template_set **);

/* Renders template `name` with `v` appended to out; 0, or -1 when the
 * template does not exist or nests too deep. */
int template_render(const struct template_set *, const char *name,
    const struct view *, struct buf                         *out);

#endif
