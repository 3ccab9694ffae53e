/*
 * Server-side includes, as nginx's ssi module and Apache's mod_include
 * expand them in production, for the directives bantin's pages use:
 *   <!--#config errmsg="x" -->      what a failed include prints
 *   <!--#include virtual="/live/…" -->
 *   <!--#if expr="$bantin_member" --> … <!--#else --> … <!--#endif -->
 * The dev server expands its pages with it; it knows no server and no app.
 */
#ifndef BANTIN_SSI_H
#define BANTIN_SSI_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* Appends the answer to an include of the path uri[0..len) to out and
 * returns true, or returns false when there is none (the errmsg stands
 * in for it). */
typedef bool (*ssi_include_fn)(void *arg, const char *uri, size_t len,
    struct buf *out);

/* Writes body[0..len) with its directives expanded into out (reset
 * first); `member` picks the branch of an #if.  Returns false, out
 * untouched, when the body holds no directive. */
bool ssi_expand(struct buf *out, const char *body, size_t len, bool member,
    ssi_include_fn include, void *arg);

#endif
