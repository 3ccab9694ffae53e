/* What the live handlers share: headers and template rendering. */
#ifndef BANTIN_LIVE_RENDER_H
#define BANTIN_LIVE_RENDER_H

#include <stdbool.h>

#include "core/http.h"
#include "html/view.h"

/* Content-Type, no-store, nosniff. */
void live_headers(struct response *, const char *type);
/* The fragment is the same for everyone: a web server's cache may keep it
 * for `seconds` (X-Accel-Expires, which nginx obeys over Cache-Control). */
void live_shared(struct response *, int seconds);
/* 303 to the base URL + local `path` (re-encoded) + `fragment` (or
 * NULL); 0, or 500. */
int  live_see_other(struct response *, const char *path, const char *fragment);
/* Renders template `name` as a 200 fragment; 0, or 500. */
int  live_render(struct response *, const char *name, struct view *,
     bool failed);

#endif
