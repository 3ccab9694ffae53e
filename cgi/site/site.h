/*
 * What both programs' handlers share: the templates, the site's layout
 * (the common view: site, navigation, canonical URL, the live includes),
 * rendering a page with its headers, redirects, article summaries as view
 * items, pagination, error pages, a poll's view, and the health answer.
 * bantin-live.fcgi links this, never the page handlers.
 */
#ifndef BANTIN_SITE_H
#define BANTIN_SITE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/http.h"
#include "html/view.h"
#include "store/store.h"

/* Loads text (ICU) and templates; 0, or -1 with the reason on stderr.  A
 * second call does nothing (the dev server runs both programs). */
int      site_init(void);
void     site_shutdown(void);
/* Reloads changed templates and static files (at most once a second). */
void     site_templates_refresh(void);
/* The stylesheet's and the icon's fingerprinted URLs (site/assets.c):
 * refresh rereads changed files and says whether a URL changed; view sets
 * css_url and favicon_url. */
bool     page_assets_refresh(void);
void     page_assets_view(struct view *);
/* Counts the reloads: cached pages built before one are stale. */
uint64_t site_templates_generation(void);
/* Renders template `name` (a fragment, not a page) into out; 0 or -1. */
int      site_template_render(const char *name, struct view *, struct buf *out);

/* The articles a page shows in its main column, which the sidebar's most
 * read then leaves out: no story twice on a page.  Past SHOWN_MAX, ids
 * are not recorded (the sidebar may then repeat one). */
enum { SHOWN_MAX = 128 };
struct shown {
	int64_t id[SHOWN_MAX];
	size_t  n;
};
void shown_add(struct shown *, int64_t id);
bool shown_has(const struct shown *, int64_t id);

/* The view every page template expects: the masthead, the navigation,
 * the sidebar.  `path` is the page's canonical path, `title` its <title>
 * (NULL: the site name alone); `section` marks the current navigation
 * entry (may be NULL).  NULL only when out of memory. */
struct view *page_view(struct request *, bool *failed, const char *path,
    const char *title, const char *section);
/* The same, with the sidebar leaving out what `shown` holds. */
struct view *page_view_shown(struct request *, bool *failed, const char *path,
    const char *title, const char *section, const struct shown *);

/* The include of a live fragment with one numeric parameter,
 * "<fragment>?<key>=<id>", as the raw value `name` of v. */
void page_live_include(struct view *, const char *name, const char *fragment,
    const char *key, int64_t id);

/* "login_url" of v: the login page, coming back to `path` (the account
 * pages themselves come back home). */
void page_login_url(struct view *, const char *path);

/* Renders template `name` into resp with status and the page headers;
 * returns 0, or 500 (logged) when rendering failed. */
int page_render(struct request *, struct response *, const char *name,
    struct view *, bool failed, int status);

/* Answers 301 to base URL + path. */
int page_redirect(struct request *, struct response *, const char *path);

/* "/<section>/<slug>-<id>.htm", in the arena. */
const char *page_article_path(struct request *, const char *section,
    const char *slug, int64_t id);

/* "/<section>/", in the arena. */
const char *page_section_path(struct request *, const char *section);

/* Appends the summaries to the list `name` of v. */
void page_summaries(struct request *, struct view *, const char *name,
    const struct summaries *);
void page_summary(struct request *, struct view *item, const struct summary *);

/* Fills v's "pages" list for page `current` of `total` pages under `path`
 * (which may carry a query string of its own).  It links no page past
 * current + PAGES_AHEAD, so a list need count no further. */
enum { PAGES_AHEAD = 6 };
void page_pagination(struct view *, const char *path, int64_t current,
    int64_t total);

/* The error page for status (>= 400), in the site's layout. */
void page_error(struct request *, struct response *, int status);

struct poll;
/* A poll as template values: question, options with votes and percent,
 * totals, and whether it takes checkboxes. */
void poll_fill_view(struct view *, const struct poll *);

/* Fills resp: 200 {"status":"ok","schema":N} when up, else 503
 * {"status":"unavailable","schema":N} with Retry-After; JSON, never
 * cached (nginx's microcache included).  Returns 0. */
int health_respond(struct response *, bool up);

#endif
