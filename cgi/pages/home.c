/*
 * GET /  — the home page.
 * Inputs: none.  Effects: none (read-only).
 * Shows the lead story (the newest of the latest few with a picture), the
 * other latest stories and the newest articles of each section; the sidebar
 * has the most read.  200, or 503 when the store is down.
 */
#include "pages/page.h"

enum { TOP_STORIES = 5, PER_SECTION = 4 };

int
page_home(struct request *req, struct response *resp)
{
	struct summaries	 list;
	struct section		*sections;
	struct view		*v, *block;
	size_t			 n;
	bool			 failed = false;
	enum st	 st;

	if ((v = page_view(req, &failed, "/", NULL, NULL)) == NULL)
		return 500;
	if ((st = store_latest(req->arena, req->now_iso, 0, TOP_STORIES, 0, &list)) != ST_OK)
		return http_status_of(st);
	if (list.n > 0) {
		/* The lead story is the newest with a picture, if one is near. */
		size_t lead = 0;

		while (lead < list.n && list.items[lead].image_url == NULL)
			lead++;
		if (lead == list.n)
			lead = 0;
		page_summary(req, view_object(v, "lead_story"), &list.items[lead]);
		for (size_t i = 0; i < list.n; i++)
			if (i != lead)
				page_summary(req, view_append(v, "top_stories"), &list.items[i]);
	}
	if ((st = store_sections(req->arena, &sections, &n)) != ST_OK)
		return http_status_of(st);
	for (size_t i = 0; i < n; i++) {
		if ((st = store_latest(req->arena, req->now_iso, sections[i].id,
		    PER_SECTION, 0, &list)) != ST_OK)
			return http_status_of(st);
		if (list.n == 0)
			continue;
		block = view_append(v, "sections");
		view_text(block, "name", sections[i].name);
		view_text(block, "url", page_section_path(req, sections[i].slug));
		page_summary(req, view_object(block, "first"), &list.items[0]);
		list.items++;
		list.n--;
		page_summaries(req, block, "articles", &list);
	}
	view_text(v, "description", "Tin tức thời sự, chính trị, kinh tế, "
	    "xã hội, quốc phòng – an ninh, quốc tế và văn hóa.");
	return page_render(req, resp, "home", v, failed, 200);
}
