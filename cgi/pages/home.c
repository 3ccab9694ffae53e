/*
 * GET /  — the home page.
 * Inputs: none.  Effects: none (read-only).
 * A newsroom's front page, each story once: the lead (the newest of the
 * latest few with a picture), the secondary stories (the newest with
 * pictures), the latest ("Tin mới"), then a block per section of its
 * newest stories not shown above, led by one with a picture.  The
 * sidebar's most read leaves them all out.  200, or 503 when the store is
 * down.
 */
#include "pages/page.h"

enum {
	LATEST = 24,     /* the newest stories the top is made of */
	LEAD_WINDOW = 5, /* the lead: of these, the newest pictured */
	SECONDARY = 4,
	LATEST_SHOWN = 8,
	SECTION_POOL = 12, /* a section's newest its block is made of */
	PER_SECTION = 4,
	PICKS_MAX = 8,
};

struct picks {
	const struct summary *s[PICKS_MAX];
	size_t                n;
};

struct block {
	const struct section *section;
	struct picks          p;
};

/* Adds to p, until it holds max, the stories of `from` not shown yet,
 * newest first, those with a picture among the first `window` before the
 * others; marks them shown. */
static void
take(struct picks *p, size_t max, const struct summaries *from, size_t window,
    struct shown *shown)
{
	const struct summary *s;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < from->n && p->n < max; i++) {
			s = &from->items[i];
			/* The first pass takes the pictures in the window. */
			if ((pass == 0 &&
			        (i >= window || s->image_url == NULL)) ||
			    shown_has(shown, s->id))
				continue;
			p->s[p->n++] = s;
			shown_add(shown, s->id);
		}
}

static void
add_picks(struct request *req, struct view *v, const char *name,
    const struct picks *p, size_t from)
{
	for (size_t i = from; i < p->n; i++)
		page_summary(req, view_append(v, name), p->s[i]);
}

int
page_home(struct request *req, struct response *resp)
{
	struct shown     shown = { .n = 0 };
	struct summaries top, pool;
	struct section  *sections;
	struct picks     lead = { .n = 0 }, second = { .n = 0 },
	             latest = { .n = 0 };
	struct block *blocks;
	struct view  *v, *item;
	size_t        n, nblocks = 0;
	bool          failed = false;
	enum st       st;

	if ((st = store_latest(req->arena, req->now_iso, 0, LATEST, 0, &top)) !=
	        ST_OK ||
	    (st = store_sections(req->arena, &sections, &n)) != ST_OK)
		return http_status_of(st);
	/* A block for every section, however many there are. */
	if ((blocks = arena_alloc(req->arena, (n + 1) * sizeof(*blocks))) ==
	    NULL)
		return req_fail(req, "no memory for %zu section blocks", n);
	take(&lead, 1, &top, LEAD_WINDOW, &shown);
	take(&second, SECONDARY, &top, LATEST, &shown);
	take(&latest, LATEST_SHOWN, &top, 0, &shown);
	for (size_t i = 0; i < n; i++) {
		struct block *b = &blocks[nblocks];

		if ((st = store_latest(req->arena, req->now_iso, sections[i].id,
		         SECTION_POOL, 0, &pool)) != ST_OK)
			return http_status_of(st);
		b->section = &sections[i];
		b->p.n = 0;
		take(&b->p, 1, &pool, SECTION_POOL, &shown);
		take(&b->p, PER_SECTION, &pool, 0, &shown);
		if (b->p.n > 0)
			nblocks++;
	}

	if ((v = page_view_shown(req, &failed, "/", NULL, NULL, &shown)) ==
	    NULL)
		return req_fail(req, "no memory for the page view");
	if (lead.n > 0)
		page_summary(req, view_object(v, "lead_story"), lead.s[0]);
	add_picks(req, v, "secondary", &second, 0);
	add_picks(req, v, "latest", &latest, 0);
	for (size_t i = 0; i < nblocks; i++) {
		item = view_append(v, "sections");
		view_text(item, "name", blocks[i].section->name);
		view_text(item, "url",
		    page_section_path(req, blocks[i].section->slug));
		page_summary(req, view_object(item, "first"), blocks[i].p.s[0]);
		add_picks(req, item, "articles", &blocks[i].p, 1);
	}
	view_text(v, "description",
	    "Tin tức thời sự, chính trị, kinh tế, "
	    "xã hội, quốc phòng – an ninh, quốc tế và văn hóa.");
	return page_render(req, resp, "home", v, failed, 200);
}
