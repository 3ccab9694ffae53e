#!/usr/bin/env python3
"""Proves that tests/codecheck.py catches raw HTML writes and unlogged 500s.

Copies the checked folders and the allow-list to a temporary tree
(tests/treecheck.py), checks that the copy passes, then plants one raw
write of request data (or another mistake) at a time and checks that the
checker fails, naming the file, the line and the data.

    python3 tests/codecheck_test.py
"""

import os
import sys

import treecheck

CHECKER = os.path.join(treecheck.TOP, "tests", "codecheck.py")
COPIED = ["cgi/pages", "cgi/live", "cgi/site", "cgi/html", "cgi/core",
          "tests/codecheck.allow"]

# (file, text to find, what replaces it, what the report must say)
PLANTS = [
    ("cgi/pages/search.c",
     '\tview_text(v, "query", q);\n',
     '\tview_text(v, "query", q);\n'
     '\tview_html(v, "query_html", q, strlen(q));\n',
     "cgi/pages/search.c:{line}: in page_search(): q: "),
    ("cgi/pages/feeds.c",
     '"Sitemap: %s/sitemap-news.xml\\n",\n\t    config.base_url, '
     'config.base_url);\n',
     '"Sitemap: %s/sitemap-news.xml\\n",\n\t    config.base_url, '
     'config.base_url);\n\tbuf_puts(&resp->body, req->path);\n',
     "cgi/pages/feeds.c:{line}: in page_robots(): req->path: "),
    ("cgi/live/live.c",
     "\t\tbuf_puts(&resp->body, message);\n",
     '\t\tbuf_printf(&resp->body, "%s %s", message, req->in->uri);\n',
     "cgi/live/live.c:{line}: in live_error(): req->in->uri: "),
    # Into a local buffer that ends up as trusted HTML.
    ("cgi/pages/article.c",
     "\tbuf_init(&b);\n\tbuf_printf(&b,\n\t    \"<!--#config",
     "\tbuf_init(&b);\n\tbuf_puts(&b, s->title);\n"
     "\tbuf_printf(&b,\n\t    \"<!--#config",
     "cgi/pages/article.c:{line}: in live_parts(): s->title: "),
    # Into a helper's buffer parameter, reached from the page.
    ("cgi/pages/search.c",
     "\tbuf_init(&text);\n\tbuf_puts(&text, lead);\n",
     "\tbuf_init(&text);\n\tbuf_puts(out, lead);\n\tbuf_puts(&text, lead);\n",
     "cgi/pages/search.c:{line}: in snippet(): lead: "),
    # An escape dropped: the same expression as an allowed raw write.
    ("cgi/html/template.c",
     "\tcase ESC_ATTR:\n\t\thtml_escape(r->out, v->str, v->len);\n",
     "\tcase ESC_ATTR:\n\t\tbuf_append(r->out, v->str, v->len);\n",
     "cgi/html/template.c:{line}: in emit_value(): v->str: "),
    # A format that is not a literal.
    ("cgi/live/widgets.c",
     "\tbuf_puts(&resp->body, text);\n",
     "\tbuf_printf(&resp->body, text);\n",
     "cgi/live/widgets.c:{line}: in live_views(): text: "),
    # A 500 whose reason goes unlogged.
    ("cgi/pages/search.c",
     '\t\treturn req_fail(req, "out of memory");\n',
     "\t\treturn 500;\n",
     "cgi/pages/search.c:{line}: in page_search(): return 500: a 500 that "
     "logs no reason"),
    # An allowed write removed: its allow-list line must go too.
    ("cgi/pages/article.c",
     '\t\tview_html(v, "body", a->body, strlen(a->body));\n',
     "",
     "codecheck.allow:{allow}: allows a->body in body_html() of "
     "cgi/pages/article.c, which writes no such data"),
]


def main():
    failed = 0
    with treecheck.copy(COPIED) as root:
        if treecheck.unchanged_fails("codecheck_test", CHECKER, root):
            return 1
        allow = os.path.join(root, "tests", "codecheck.allow")
        for path, old, new, want in PLANTS:
            with treecheck.planted("codecheck_test", root, path, old,
                                   new) as texts:
                if texts is None:
                    failed += 1
                    continue
                orig, changed = texts
                line = next(n for n, (a, b) in enumerate(
                    zip(orig.split("\n"), changed.split("\n")), 1)
                    if a != b)
                with open(allow, encoding="utf-8") as f:
                    allow_line = next(n for n, text in enumerate(f, 1)
                                      if "| a->body |" in text)
                want = want.format(line=line, allow=allow_line)
                rc, out = treecheck.run(CHECKER, root)
            if rc == 0 or want not in out:
                print("codecheck_test: planted in %s, wanted a failure "
                      "saying %r, got (exit %d):\n%s" %
                      (path, want, rc, out))
                failed += 1
    if failed:
        return 1
    print("codecheck_test: each of %d planted mistakes was caught"
          % len(PLANTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
