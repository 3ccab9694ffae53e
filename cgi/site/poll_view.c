/* A poll as template values, for the results pages and the live widget. */
#include "site/site.h"
#include "store/polls.h"
#include "text/text.h"

void
poll_fill_view(struct view *v, const struct poll *p)
{
	struct view *o;
	char         text[32];
	int64_t      pct;

	view_int(v, "id", p->id);
	view_text(v, "question", p->question);
	view_int(v, "multiple", p->multiple);
	view_bool(v, "many", p->multiple > 1);
	view_text(v, "input_type", p->multiple > 1 ? "checkbox" : "radio");
	view_bool(v, "active", p->active);
	if (text_format_count(text, sizeof(text), p->votes) > 0)
		view_text(v, "votes_total", text);
	if (text_format_count(text, sizeof(text), p->voters) > 0)
		view_text(v, "voters_total", text);
	for (size_t i = 0; i < p->noptions; i++) {
		o = view_append(v, "options");
		view_int(o, "id", p->options[i].id);
		view_text(o, "label", p->options[i].label);
		pct = p->votes > 0 ?
		    (p->options[i].votes * 100 + p->votes / 2) / p->votes :
		    0;
		view_int(o, "percent", pct);
		if (text_format_count(text, sizeof(text), p->options[i].votes) >
		    0)
			view_text(o, "votes", text);
	}
}
