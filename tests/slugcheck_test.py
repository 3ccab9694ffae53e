#!/usr/bin/env python3
"""Proves that tests/slugcheck.py catches a first path segment that is
not a reserved section slug, wherever it is decided.

Copies what the check reads to a temporary tree (tests/treecheck.py),
checks that the copy passes, then makes one change at a time: a route,
a www/ folder, an nginx location, an Apache regular expression and an
nginx one it cannot read must each fail, naming the segment.

    python3 tests/slugcheck_test.py
"""

import os
import sys

import treecheck

CHECKER = os.path.join(treecheck.TOP, "tests", "slugcheck.py")
PATHS = ["schema.sql", "cgi/pages/page.c", "cgi/live/live.c",
         "cgi/front/devserver.c", "www", "deploy/nginx", "deploy/apache"]

# (what, file to append to or folder to make, text, what the report says)
PLANTS = [
    ("a page route", "cgi/pages/page.c",
     '\t{ METHOD_GET, "/lien-he", page_home, 0, true },\n', "'lien-he'"),
    ("a www/ folder", "www/fonts2", None, "'fonts2'"),
    ("an nginx location", "deploy/nginx/bantin.conf",
     "location /tai-lieu/ { return 404; }\n", "'tai-lieu'"),
    ("an Apache regex", "deploy/apache/bantin.conf",
     'ProxyPassMatch "^/(bao-in|anh)/" !\n', "'bao-in'"),
    ("an unreadable nginx regex", "deploy/nginx/bantin.conf",
     "location ~ ^/x[a-z]+/ { return 404; }\n", "cannot tell"),
]


def main():
    fails = []
    with treecheck.copy(PATHS) as root:
        if treecheck.unchanged_fails("slugcheck_test", CHECKER, root):
            return 1
        for what, path, text, want in PLANTS:
            full = os.path.join(root, path)
            if text is None:
                os.mkdir(full)
            else:
                with open(full, encoding="utf-8") as f:
                    orig = f.read()
                with open(full, "a", encoding="utf-8") as f:
                    f.write(text)
            rc, out = treecheck.run(CHECKER, root)
            if rc == 0 or want not in out:
                fails.append("%s: wanted a failure saying %s, got (exit "
                             "%d):\n%s" % (what, want, rc, out))
            if text is None:
                os.rmdir(full)
            else:
                with open(full, "w", encoding="utf-8") as f:
                    f.write(orig)
    for f in fails:
        print("slugcheck_test: " + f)
    if fails:
        return 1
    print("slugcheck_test: each of %d planted segments was caught"
          % len(PLANTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
