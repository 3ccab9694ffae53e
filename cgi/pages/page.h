/*
 * The page program (bantin.fcgi): its keys, its app, and one handler per
 * page (the shared layout is in site/site.h).
 */
#ifndef BANTIN_PAGE_H
#define BANTIN_PAGE_H

#include "core/http.h"
#include "core/router.h"
#include "site/site.h"

enum { PAGE_SIZE = 20 };

/* The page program's query keys (req->param[PK_…]). */
enum page_key {
	PK_PAGE,
	PK_Q, /* a search query */
	PK_SORT,
};

extern const struct app pages_app;

/* Loads text (ICU) and templates; 0, or -1 with the reason on stderr. */
int  pages_init(void);
void pages_shutdown(void);

/* What the pages show changes when this does: the content, the templates,
 * a scheduled article come due, the day (the page cache's key too). */
uint64_t pages_content_version(struct request *);
void     page_article_shutdown(void);

int page_home(struct request *, struct response *);
int page_section(struct request *, struct response *);
int page_section_slash(struct request *, struct response *);
int page_article(struct request *, struct response *);
int page_tag(struct request *, struct response *);
int page_poll(struct request *, struct response *);
int page_search(struct request *, struct response *);
int page_feed_site(struct request *, struct response *);
int page_feed_section(struct request *, struct response *);
int page_feed_tag(struct request *, struct response *);
int page_sitemap(struct request *, struct response *);
int page_sitemap_part(struct request *, struct response *);
int page_sitemap_news(struct request *, struct response *);
int page_robots(struct request *, struct response *);
int page_polls(struct request *, struct response *);

#endif
