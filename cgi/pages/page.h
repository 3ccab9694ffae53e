/*
 * What every page handler shares: the page app (routes and hooks), the
 * common view (site, navigation, canonical URL), rendering a template into
 * the response with the page headers, and article summaries as view items.
 */
#ifndef BANTIN_PAGE_H
#define BANTIN_PAGE_H

#include "core/http.h"
#include "core/router.h"
#include "html/view.h"
#include "store/store.h"

enum { PAGE_SIZE = 20 };

extern const struct app pages_app;

/* Loads text (ICU) and templates; 0, or -1 with the reason on stderr.
 * The live app uses the same templates, so a second call does nothing. */
int	pages_init(void);
void	pages_shutdown(void);
/* Reloads changed templates and static files (at most once a second). */
void	page_templates_refresh(void);
/* The stylesheet's and the icon's fingerprinted URLs (pages/assets.c):
 * refresh rereads changed files and says whether a URL changed; view sets
 * css_url and favicon_url. */
bool	page_assets_refresh(void);
void	page_assets_view(struct view *);
/* Renders template `name` (a fragment, not a page) into out; 0 or -1. */
int	page_template_render(const char *name, struct view *, struct buf *out);

/* The view every page template expects.  `path` is the page's canonical
 * path, `title` its <title> (NULL: the site name alone); `section` marks
 * the current navigation entry (may be NULL).  NULL only when out of memory. */
struct view *page_view(struct request *, bool *failed, const char *path,
	    const char *title, const char *section);

/* "login_url" of v: the login page, coming back to `path` (the account
 * pages themselves come back home). */
void	page_login_url(struct view *, const char *path);

/* Renders template `name` into resp with status and the page headers;
 * returns 0, or 500 when rendering failed. */
int	page_render(struct request *, struct response *, const char *name,
	    struct view *, bool failed, int status);

/* Answers 301 to base URL + path. */
int	page_redirect(struct request *, struct response *, const char *path);

/* "/<section>/<slug>-<id>.htm", in the arena. */
const char *page_article_path(struct request *, const char *section,
	    const char *slug, int64_t id);

/* "/<section>/", in the arena. */
const char *page_section_path(struct request *, const char *section);

/* Appends the summaries to the list `name` of v. */
void	page_summaries(struct request *, struct view *, const char *name,
	    const struct summaries *);
void	page_summary(struct request *, struct view *item, const struct summary *);

/* Fills v's "pages" list for page `current` of `total` pages under `path`
 * (which may carry a query string of its own). */
void	page_pagination(struct view *, const char *path, int64_t current,
	    int64_t total);

int	page_home(struct request *, struct response *);
int	page_section(struct request *, struct response *);
int	page_section_slash(struct request *, struct response *);
int	page_article(struct request *, struct response *);
int	page_tag(struct request *, struct response *);
int	page_poll(struct request *, struct response *);
int	page_search(struct request *, struct response *);
int	page_feed_site(struct request *, struct response *);
int	page_feed_section(struct request *, struct response *);
int	page_feed_tag(struct request *, struct response *);
int	page_sitemap(struct request *, struct response *);
int	page_sitemap_part(struct request *, struct response *);
int	page_sitemap_news(struct request *, struct response *);
int	page_robots(struct request *, struct response *);
int	page_polls(struct request *, struct response *);

struct poll;
/* A poll as template values: question, options with votes and percent,
 * totals, and whether it takes checkboxes (shared with the live widget). */
void	poll_fill_view(struct view *, const struct poll *);
void	page_error(struct request *, struct response *, int status);

#endif
