#!/usr/bin/env python3
"""Proves that tests/depcheck.py catches what it is for.

Copies cgi/ and docs/ARCHITECTURE.md to a temporary tree
(tests/treecheck.py), checks that the copy passes (against the build's
bantin-live.fcgi), then plants one mistake at a time: an include of a
layer the table does not allow, two modules that include each other, and
a row of the table that closes a cycle of layers.

    python3 tests/depcheck_test.py [BUILD]
"""

import os
import sys

import treecheck

CHECKER = os.path.join(treecheck.TOP, "tests", "depcheck.py")
COPIED = ["cgi", "docs/ARCHITECTURE.md"]

# (file, text to find, what replaces it, what the report must say)
PLANTS = [
    ("cgi/store/db.c",
     '#include "store/db.h"\n',
     '#include "store/db.h"\n#include "pages/page.h"\n',
     'cgi/store/db.c: includes "pages/page.h", but store/ may not use '
     'pages/'),
    ("cgi/store/sql.h",
     '#include "base/status.h"\n',
     '#include "base/status.h"\n#include "store/db.h"\n',
     "include cycle: store/db -> store/sql"),
    ("docs/ARCHITECTURE.md",
     "| `text` | base |\n",
     "| `text` | base, html |\n",
     "the layers use each other in a cycle: text -> html -> text"),
]


def main():
    build = os.path.abspath(os.path.join(
        treecheck.TOP, sys.argv[1] if len(sys.argv) > 1 else "build"))
    failed = 0
    with treecheck.copy(COPIED) as root:
        if treecheck.unchanged_fails("depcheck_test", CHECKER, root, build):
            return 1
        for path, old, new, want in PLANTS:
            with treecheck.planted("depcheck_test", root, path, old,
                                   new) as texts:
                if texts is None:
                    failed += 1
                    continue
                rc, out = treecheck.run(CHECKER, root, build)
            if rc == 0 or want not in out:
                print("depcheck_test: planted in %s, wanted a failure "
                      "saying %r, got (exit %d):\n%s" % (path, want, rc, out))
                failed += 1
    if failed:
        return 1
    print("depcheck_test: each of %d planted mistakes was caught"
          % len(PLANTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
