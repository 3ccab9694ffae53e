#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "html/escape.h"
#include "html/template.h"
#include "base/log.h"

enum {
	TEMPLATE_FILE_MAX = 1 << 20,
	TEMPLATES_MAX = 64,
	NAME_MAX_LEN = 48,
	NEST_MAX = 16, /* sections open at once, and partial depth */
};

enum node_kind { N_LIT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };
enum escape { ESC_TEXT, ESC_ATTR, ESC_URL, ESC_URL_PART, ESC_SRCSET };

struct node {
	enum node_kind kind;
	enum escape    esc;
	const char    *s; /* literal text, or the name */
	size_t         len;
	size_t         end;  /* sections: index just past the body */
	bool           test; /* {{#name?}}: render once if truthy */
	uint32_t       hash; /* view_hash() of the name */
};

struct template
{
	char        *name;
	char        *src;
	struct node *nodes;
	size_t       n;
};

struct stamp {
	char            name[NAME_MAX_LEN + 8];
	struct timespec mtime;
	off_t           size;
	bool            over; /* from the operator's folder */
};

struct template_set {
	char *dir;
	char *over; /* the operator's folder, or NULL */
	struct template t[TEMPLATES_MAX];
	size_t       n;
	/* The folder at the last check. */
	struct stamp seen[TEMPLATES_MAX];
	int          nseen;
	time_t       checked;
};

/* Where in the HTML a placeholder stands, tracked over the literal text. */
enum hstate {
	H_TEXT,
	H_TAG_NAME,
	H_TAG,
	H_ATTR_NAME,
	H_AFTER_ATTR,
	H_BEFORE_VALUE,
	H_VALUE_DQ,
	H_VALUE_SQ,
	H_VALUE_UQ,
	H_COMMENT,
	H_DECL,
	H_RAWTEXT,
};

struct hctx {
	enum hstate st;
	char        tag[12];
	char        attr[16];
	size_t      taglen, attrlen;
	bool        closing;
	bool        value_start;
};

static const char *const url_attrs[] = { "href", "src", "action", "formaction",
	"cite", "poster", "data", NULL };
/* Lists of "URL [descriptor]" candidates, separated by commas. */
static const char *const srcset_attrs[] = { "srcset", "imagesrcset", NULL };

static bool
in_list(const char *attr, const char *const *list)
{
	for (const char *const *a = list; *a != NULL; a++)
		if (strcmp(attr, *a) == 0)
			return true;
	return false;
}

/* Script and CSS: no escaping makes a value safe there. */
static bool
is_code_attr(const char *attr)
{
	return strncmp(attr, "on", 2) == 0 || strcmp(attr, "style") == 0;
}

static void
tag_end(struct hctx *h)
{
	if (!h->closing &&
	    (strcmp(h->tag, "script") == 0 || strcmp(h->tag, "style") == 0))
		h->st = H_RAWTEXT;
	else
		h->st = H_TEXT;
}

static void
collect(char *dst, size_t *len, size_t size, char c)
{
	if (*len + 1 < size) {
		dst[(*len)++] = (char)tolower((unsigned char)c);
		dst[*len] = '\0';
	}
}

static void
scan_html(struct hctx *h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';

		switch (h->st) {
		case H_TEXT:
			if (c != '<')
				break;
			if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
				h->st = H_COMMENT;
				i += 3;
			} else if (i + 1 < n && s[i + 1] == '!')
				h->st = H_DECL;
			else if (i + 1 == n || s[i + 1] == '/' ||
			    isalpha((unsigned char)s[i + 1])) {
				h->st = H_TAG_NAME;
				h->taglen = 0;
				h->tag[0] = '\0';
				h->closing = i + 1 < n && s[i + 1] == '/';
				if (h->closing)
					i++;
			}
			break;
		case H_TAG_NAME:
			if (space || c == '/')
				h->st = H_TAG;
			else if (c == '>')
				tag_end(h);
			else
				collect(h->tag, &h->taglen, sizeof(h->tag), c);
			break;
		case H_TAG:
		case H_AFTER_ATTR:
			if (c == '>')
				tag_end(h);
			else if (c == '=' && h->st == H_AFTER_ATTR)
				h->st = H_BEFORE_VALUE;
			else if (!space && c != '/') {
				h->st = H_ATTR_NAME;
				h->attrlen = 0;
				h->attr[0] = '\0';
				collect(h->attr, &h->attrlen, sizeof(h->attr),
				    c);
			}
			break;
		case H_ATTR_NAME:
			if (c == '=')
				h->st = H_BEFORE_VALUE;
			else if (space)
				h->st = H_AFTER_ATTR;
			else if (c == '>')
				tag_end(h);
			else
				collect(h->attr, &h->attrlen, sizeof(h->attr),
				    c);
			break;
		case H_BEFORE_VALUE:
			h->value_start = true;
			if (c == '"')
				h->st = H_VALUE_DQ;
			else if (c == '\'')
				h->st = H_VALUE_SQ;
			else if (c == '>')
				tag_end(h);
			else if (!space)
				h->st = H_VALUE_UQ;
			break;
		case H_VALUE_DQ:
		case H_VALUE_SQ:
			if (c == (h->st == H_VALUE_DQ ? '"' : '\''))
				h->st = H_TAG;
			/* In a srcset, a URL starts after each comma. */
			h->value_start = in_list(h->attr, srcset_attrs) &&
			    (c == ',' || (space && h->value_start));
			break;
		case H_VALUE_UQ:
			if (space)
				h->st = H_TAG;
			else if (c == '>')
				tag_end(h);
			break;
		case H_COMMENT:
			if (n - i >= 3 && memcmp(s + i, "-->", 3) == 0) {
				h->st = H_TEXT;
				i += 2;
			}
			break;
		case H_DECL:
			if (c == '>')
				h->st = H_TEXT;
			break;
		case H_RAWTEXT:
			if (n - i >= 2 && s[i] == '<' && s[i + 1] == '/' &&
			    strncasecmp(s + i + 2, h->tag, h->taglen) == 0) {
				h->st = H_TAG_NAME;
				h->closing = true;
				h->taglen = 0;
				h->tag[0] = '\0';
				i++;
			}
			break;
		}
	}
}

/* Between attributes: after a value, inside a name or after one. */
static enum hstate
in_tag(enum hstate st)
{
	return st == H_ATTR_NAME || st == H_AFTER_ATTR ? H_TAG : st;
}

/* A section may be skipped or repeated, so it must leave the HTML where
 * it found it: same state (a boolean attribute like ` selected` counts as
 * between attributes), and inside a value, the same attribute. */
static bool
same_context(const struct hctx *a, const struct hctx *b)
{
	bool in_value =
	    a->st == H_VALUE_DQ || a->st == H_VALUE_SQ || a->st == H_VALUE_UQ;

	if (in_tag(a->st) != in_tag(b->st))
		return false;
	if (a->st == H_TEXT)
		return true;
	return strcmp(a->tag, b->tag) == 0 &&
	    (!in_value || strcmp(a->attr, b->attr) == 0);
}

static int
line_of(const char *src, const char *p)
{
	int line = 1;

	for (; src < p; src++)
		line += *src == '\n';
	return line;
}

static bool
add_node(struct template *t, size_t *cap, const struct node *nd)
{
	struct node *p;

	if (t->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		if ((p = realloc(t->nodes, *cap * sizeof(*p))) == NULL)
			return false;
		t->nodes = p;
	}
	t->nodes[t->n++] = *nd;
	return true;
}

static bool
valid_name(const char *s, size_t n)
{
	if (n == 0 || n > NAME_MAX_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) ||
		        isdigit((unsigned char)s[i]) || s[i] == '_' ||
		        s[i] == '-'))
			return false;
	return true;
}

/* Parses t->src into nodes.  Returns 0, or -1 after printing file:line. */
static int
parse(struct template *t, const char *path)
{
	struct hctx h = { .st = H_TEXT };
	struct {
		size_t      node;
		struct hctx h;
	} open[NEST_MAX];
	size_t      nopen = 0, cap = 0;
	const char *p = t->src, *tag, *close, *why = NULL;
	struct node nd;

	while (*p != '\0') {
		if ((tag = strstr(p, "{{")) == NULL)
			tag = p + strlen(p);
		if (tag > p) {
			nd = (struct node){
				.kind = N_LIT, .s = p, .len = (size_t)(tag - p)
			};
			scan_html(&h, p, nd.len);
			if (!add_node(t, &cap, &nd))
				goto nomem;
		}
		if (*tag == '\0')
			break;
		memset(&nd, 0, sizeof(nd));
		if (tag[2] == '{') {
			nd.kind = N_RAW;
			nd.s = tag + 3;
			close = strstr(nd.s, "}}}");
		} else {
			nd.s = tag + 2;
			close = strstr(nd.s, "}}");
		}
		p = tag;
		if (close == NULL) {
			why = "unclosed {{";
			goto bad;
		}
		switch (nd.kind == N_RAW ? '\0' : *nd.s) {
		case '!':
			p = close + 2;
			continue;
		case '#':
			nd.kind = N_SECTION;
			nd.s++;
			break;
		case '^':
			nd.kind = N_INVERTED;
			nd.s++;
			break;
		case '>':
			nd.kind = N_PARTIAL;
			nd.s++;
			break;
		case '/':
			nd.kind = N_LIT;
			nd.s++;
			break; /* a close */
		case '\0':
			break;
		default:
			nd.kind = N_VAR;
			break;
		}
		while (*nd.s == ' ')
			nd.s++;
		nd.len = (size_t)(close - nd.s);
		while (nd.len > 0 && nd.s[nd.len - 1] == ' ')
			nd.len--;
		if (nd.len > 0 && nd.s[nd.len - 1] == '?') {
			nd.test = true;
			nd.len--;
		}
		if (!valid_name(nd.s, nd.len)) {
			why = "a name is [a-z0-9_-], at most 48 characters";
			goto bad;
		}
		nd.hash = view_hash(nd.s, nd.len);
		if (*tag == '{' && tag[2] == '/') {
			if (nopen == 0 ||
			    t->nodes[open[nopen - 1].node].len != nd.len ||
			    t->nodes[open[nopen - 1].node].test != nd.test ||
			    memcmp(t->nodes[open[nopen - 1].node].s, nd.s,
			        nd.len) != 0) {
				why = "this {{/…}} closes no open section of "
				      "that name";
				goto bad;
			}
			if (!same_context(&open[--nopen].h, &h)) {
				why = "a section must end in the HTML context "
				      "it began in";
				goto bad;
			}
			t->nodes[open[nopen].node].end = t->n;
			p = close + 2;
			continue;
		}
		switch (nd.kind) {
		case N_SECTION:
		case N_INVERTED:
			if (nopen == NEST_MAX) {
				why = "sections nest too deep";
				goto bad;
			}
			open[nopen].node = t->n;
			open[nopen++].h = h;
			break;
		case N_RAW:
		case N_PARTIAL:
			if (h.st != H_TEXT) {
				why = "raw values and partials belong in text, "
				      "not in a tag";
				goto bad;
			}
			break;
		default:
			if (h.st == H_TEXT)
				nd.esc = ESC_TEXT;
			else if (is_code_attr(h.attr) &&
			    (h.st == H_VALUE_DQ || h.st == H_VALUE_SQ)) {
				why = "a placeholder may not stand in an event "
				      "handler (on…=) or a style attribute";
				goto bad;
			} else if (h.st == H_VALUE_DQ || h.st == H_VALUE_SQ) {
				nd.esc = in_list(h.attr, srcset_attrs) ?
				    (h.value_start ? ESC_SRCSET :
				                     ESC_URL_PART) :
				    !in_list(h.attr, url_attrs) ? ESC_ATTR :
				    h.value_start               ? ESC_URL :
				                                  ESC_URL_PART;
				h.value_start = false;
			} else {
				why = "a placeholder may stand only in text or "
				      "in a quoted attribute value (not in a "
				      "tag, comment, script or style)";
				goto bad;
			}
			break;
		}
		if (!add_node(t, &cap, &nd))
			goto nomem;
		p = close + (nd.kind == N_RAW ? 3 : 2);
	}
	if (nopen > 0) {
		p = t->nodes[open[nopen - 1].node].s;
		why = "section not closed";
		goto bad;
	}
	return 0;
bad:
	log_error("%s:%d: %s", path, line_of(t->src, p), why);
	return -1;
nomem:
	log_error("%s: out of memory", path);
	return -1;
}

static void
template_clear(struct template *t)
{
	free(t->name);
	free(t->src);
	free(t->nodes);
	memset(t, 0, sizeof(*t));
}

void
template_free(struct template_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++)
		template_clear(&set->t[i]);
	free(set->dir);
	free(set->over);
	free(set);
}

static char *
read_file(const char *path, const struct stat *st)
{
	FILE  *f;
	char  *s;
	size_t n;

	if (st->st_size > TEMPLATE_FILE_MAX) {
		log_error("%s: larger than 1 MiB", path);
		return NULL;
	}
	if ((f = fopen(path, "r")) == NULL) {
		log_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((s = malloc((size_t)st->st_size + 1)) != NULL) {
		n = fread(s, 1, (size_t)st->st_size, f);
		s[n] = '\0';
	}
	fclose(f);
	return s;
}

/* Adds the templates of dir to stamps[0..n) unless a name is there
 * already; returns the new count or -1. */
static int
list_dir(const char *dir, bool over, struct stamp *stamps, int n)
{
	DIR           *d;
	struct dirent *e;
	struct stat    st;
	char           path[1200];
	size_t         len;
	int            i, first = n;

	if ((d = opendir(dir)) == NULL) {
		log_error("cannot open the template directory "
		          "%s: %s (see the settings www and templates)",
		    dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".html") != 0 ||
		    e->d_name[0] == '.')
			continue;
		if (n == TEMPLATES_MAX || len >= sizeof(stamps[0].name) ||
		    !valid_name(e->d_name, len - 5)) {
			log_error("%s/%s: too many templates or "
			          "a bad name (use [a-z0-9_-].html)",
			    dir, e->d_name);
			closedir(d);
			return -1;
		}
		for (i = 0; i < first && strcmp(stamps[i].name, e->d_name); i++)
			;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (i < first || stat(path, &st) == -1 || !S_ISREG(st.st_mode))
			continue;
		memcpy(stamps[n].name, e->d_name, len + 1);
		stamps[n].mtime = st.st_mtim;
		stamps[n].size = st.st_size;
		stamps[n].over = over;
		n++;
	}
	closedir(d);
	return n;
}

/* The operator's templates, then the shipped ones they do not replace. */
static int
list_dirs(const struct template_set *set, struct stamp *stamps)
{
	int n = 0;

	if (set->over != NULL && (n = list_dir(set->over, true, stamps, 0)) < 0)
		return -1;
	return list_dir(set->dir, false, stamps, n);
}

struct template_set *
template_load(const char *dir, const char *over)
{
	struct template_set *set;
	struct template     *t;
	struct stat          st;
	char                 path[1200];
	int                  n;
	bool                 ok = true;

	if ((set = calloc(1, sizeof(*set))) == NULL ||
	    (set->dir = strdup(dir)) == NULL ||
	    (over != NULL && *over != '\0' &&
	        (set->over = strdup(over)) == NULL))
		goto fail;
	if ((n = list_dirs(set, set->seen)) < 0)
		goto fail;
	set->nseen = n;
	for (set->n = 0; set->n < (size_t)n; set->n++) {
		t = &set->t[set->n];
		snprintf(path, sizeof(path), "%s/%s",
		    set->seen[set->n].over ? set->over : dir,
		    set->seen[set->n].name);
		if (stat(path, &st) == -1 ||
		    (t->src = read_file(path, &st)) == NULL ||
		    (t->name = strndup(set->seen[set->n].name,
		         strlen(set->seen[set->n].name) - 5)) == NULL ||
		    parse(t, path) == -1)
			ok = false;
	}
	if (!ok)
		goto fail;
	set->checked = time(NULL);
	return set;
fail:
	template_free(set);
	return NULL;
}

struct template_set *
template_parse(const char *name, const char *src, const char *path)
{
	struct template_set *set;
	struct template     *t;

	if ((set = calloc(1, sizeof(*set))) == NULL)
		return NULL;
	t = &set->t[set->n++];
	if ((set->dir = strdup(path)) == NULL ||
	    (t->name = strdup(name)) == NULL ||
	    (t->src = strdup(src)) == NULL || parse(t, path) == -1) {
		template_free(set);
		return NULL;
	}
	return set;
}

bool
template_refresh(struct template_set **setp)
{
	struct template_set *set = *setp, *fresh;
	struct stamp         now[TEMPLATES_MAX];
	time_t               t = time(NULL);
	int                  n;

	if (t == set->checked)
		return false;
	set->checked = t;
	memset(now, 0, sizeof(now));
	n = list_dirs(set, now);
	if (n == set->nseen && memcmp(now, set->seen, sizeof(now)) == 0)
		return false;
	/*
	 * Remember this state, so a broken edit is reported once, not every
	 * second.
	 */
	memcpy(set->seen, now, sizeof(now));
	set->nseen = n;
	if (n < 0 || (fresh = template_load(set->dir, set->over)) == NULL) {
		log_error("templates in %s changed but do not "
		          "load; still serving the previous ones",
		    set->dir);
		return false;
	}
	template_free(set);
	*setp = fresh;
	return true;
}

static const struct template *
find(const struct template_set *set, const char *name, size_t len)
{
	for (size_t i = 0; i < set->n; i++)
		if (strlen(set->t[i].name) == len &&
		    memcmp(set->t[i].name, name, len) == 0)
			return &set->t[i];
	return NULL;
}

struct render {
	const struct template_set *set;
	const struct view         *stack[NEST_MAX * 2];
	size_t                     depth;
	int                        partials;
	struct buf                *out;
};

static const struct view_value *
lookup(const struct render *r, const struct node *nd)
{
	const struct view_value *v;

	for (size_t i = r->depth; i-- > 0;)
		if ((v = view_get(r->stack[i], nd->s, nd->len, nd->hash)) !=
		    NULL)
			return v;
	return NULL;
}

static bool
truthy(const struct view_value *v)
{
	if (v == NULL)
		return false;
	switch (v->kind) {
	case VIEW_TEXT:
	case VIEW_HTML:
		return v->len > 0;
	case VIEW_BOOL:
		return v->truth;
	case VIEW_OBJECT:
		return v->object != NULL;
	case VIEW_LIST:
		return v->first != NULL;
	case VIEW_LAZY: /* view_get() has made it text */
		break;
	}
	return false;
}

static int render_range(struct render *, const struct template *, size_t,
    size_t);

static int
render_pushed(struct render *r, const struct template *t, const struct node *nd,
    size_t i, const struct view *v)
{
	int rc;

	if (r->depth == sizeof(r->stack) / sizeof(r->stack[0]))
		return -1;
	r->stack[r->depth++] = v;
	rc = render_range(r, t, i + 1, nd->end);
	r->depth--;
	return rc;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static size_t
digits(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* A width ("480w") or a density ("2x", "1.5x") descriptor. */
static bool
descriptor_ok(const char *s, size_t n)
{
	size_t i = digits(s, n), frac;

	if (i == 0 || i == n)
		return false;
	if (s[i] == 'w')
		return i + 1 == n;
	if (s[i] == '.') {
		if ((frac = digits(s + i + 1, n - i - 1)) == 0)
			return false;
		i += frac + 1;
	}
	return i + 1 == n && s[i] == 'x';
}

/*
 * A srcset value: candidates split as browsers split them, each URL
 * written as an href's is (unsafe schemes become "#"), its descriptor
 * kept only if it is a plain width or density.
 */
static void
emit_srcset(struct buf *out, const char *s, size_t n)
{
	const char *end = s + n, *url, *d;
	size_t      ulen, dlen;
	bool        first = true;

	while (s < end) {
		while (s < end && (is_space(*s) || *s == ','))
			s++;
		if (s == end)
			break;
		for (url = s; s < end && !is_space(*s); s++)
			;
		for (ulen = (size_t)(s - url); url[ulen - 1] == ','; ulen--)
			;
		d = s;
		if (ulen == (size_t)(s - url))
			while (s < end && *s != ',')
				s++;
		while (d < s && is_space(*d))
			d++;
		for (dlen = (size_t)(s - d); dlen > 0 && is_space(d[dlen - 1]);
		     dlen--)
			;
		if (!first)
			buf_puts(out, ", ");
		first = false;
		html_url(out, url, ulen);
		if (descriptor_ok(d, dlen)) {
			buf_putc(out, ' ');
			buf_append(out, d, dlen);
		}
	}
}

static void
emit_value(struct render *r, const struct node *nd, const struct view_value *v)
{
	if (v == NULL || (v->kind != VIEW_TEXT && v->kind != VIEW_HTML))
		return;
	if (nd->kind == N_RAW && v->kind == VIEW_HTML) {
		buf_append(r->out, v->str, v->len);
		return;
	}
	switch (nd->esc) {
	case ESC_TEXT:
	case ESC_ATTR:
		html_escape(r->out, v->str, v->len);
		break;
	case ESC_URL:
		html_url(r->out, v->str, v->len);
		break;
	case ESC_URL_PART:
		html_url_part(r->out, v->str, v->len);
		break;
	case ESC_SRCSET:
		emit_srcset(r->out, v->str, v->len);
		break;
	}
}

static int
render_range(struct render *r, const struct template *t, size_t from, size_t to)
{
	const struct template   *part;
	const struct view_value *v;
	const struct view       *item;
	size_t                   i;

	for (i = from; i < to; i++) {
		const struct node *nd = &t->nodes[i];

		switch (nd->kind) {
		case N_LIT:
			buf_append(r->out, nd->s, nd->len);
			break;
		case N_VAR:
		case N_RAW:
			emit_value(r, nd, lookup(r, nd));
			break;
		case N_PARTIAL:
			if ((part = find(r->set, nd->s, nd->len)) == NULL ||
			    r->partials == NEST_MAX) {
				log_error("template %s: partial "
				          "%.*s missing or nested too deep",
				    t->name, (int)nd->len, nd->s);
				return -1;
			}
			r->partials++;
			if (render_range(r, part, 0, part->n) == -1)
				return -1;
			r->partials--;
			break;
		case N_SECTION:
			v = lookup(r, nd);
			if (truthy(v)) {
				if (nd->test) {
					if (render_range(r, t, i + 1,
					        nd->end) == -1)
						return -1;
				} else if (v->kind == VIEW_LIST) {
					for (item = v->first; item != NULL;
					     item = item->next)
						if (render_pushed(r, t, nd, i,
						        item) == -1)
							return -1;
				} else if (v->kind == VIEW_OBJECT) {
					if (render_pushed(r, t, nd, i,
					        v->object) == -1)
						return -1;
				} else if (render_range(r, t, i + 1, nd->end) ==
				    -1)
					return -1;
			}
			i = nd->end - 1;
			break;
		case N_INVERTED:
			if (!truthy(lookup(r, nd)) &&
			    render_range(r, t, i + 1, nd->end) == -1)
				return -1;
			i = nd->end - 1;
			break;
		}
	}
	return 0;
}

int
template_render(const struct template_set *set, const char *name,
    const struct view *v, struct buf *out)
{
	const struct template *t = find(set, name, strlen(name));
	struct render          r = { .set = set, .out = out };

	if (t == NULL) {
		log_error("no template %s.html in %s", name, set->dir);
		return -1;
	}
	r.stack[r.depth++] = v;
	return render_range(&r, t, 0, t->n);
}
