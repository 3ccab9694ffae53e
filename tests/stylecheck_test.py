#!/usr/bin/env python3
"""Proves that tests/stylecheck.py catches lines past 80 columns.

Copies cgi/ to a temporary tree (tests/treecheck.py), checks that the
copy passes, then makes one change at a time and checks the verdict: a
long line planted in a file, in a new file, or one that is long only
once its tabs are counted as 8 columns must fail, naming the file and
the line; a line of exactly 80 columns, or of Vietnamese that is 80
columns but more bytes, must pass.

    python3 tests/stylecheck_test.py
"""

import os
import sys
import unicodedata

import treecheck

CHECKER = os.path.join(treecheck.TOP, "tests", "stylecheck.py")

# 80 columns: 16 of tabs, then Vietnamese typed decomposed (NFD), whose
# combining marks take no column: far more than 80 bytes.
VIETNAMESE = "\t\t/* " + unicodedata.normalize(
    "NFD", "Bộ Quốc phòng duy trì hợp tác an ninh mạng, đường dài lâu.") + \
    " */"

# (what, file, text appended, what the report must say; None: passes)
PLANTS = [
    ("81 columns", "cgi/core/core.c",
     "/* " + "x" * 75 + " */\n", "cgi/core/core.c:{line}: 81 columns"),
    ("81 columns of which 24 are three tabs, 60 bytes", "cgi/store/sql.c",
     "\t\t\t" + "y" * 57 + "\n", "cgi/store/sql.c:{line}: 81 columns"),
    ("a new file", "cgi/base/new.h",
     "#define NEW \"" + "z" * 70 + "\"\n", "cgi/base/new.h:{line}: 84 columns"),
    ("exactly 80 columns", "cgi/core/url.c", "/* " + "w" * 74 + " */\n",
     None),
    ("80 columns of NFD Vietnamese", "cgi/base/log.c", VIETNAMESE + "\n",
     None),
]


def verdict(root, what, want):
    """A message when the checker's verdict is not the one wanted."""
    rc, out = treecheck.run(CHECKER, root)
    if want is None and rc != 0:
        return "%s: wanted a pass, got (exit %d):\n%s" % (what, rc, out)
    if want is not None and (rc == 0 or want not in out):
        return "%s: wanted a failure saying %r, got (exit %d):\n%s" % (
            what, want, rc, out)
    return None


def main():
    # The planted lines measure what they claim to.
    nfc = unicodedata.normalize("NFC", VIETNAMESE).expandtabs(8)
    if len(nfc) != 80 or len(VIETNAMESE.encode()) <= 80:
        print("stylecheck_test: the Vietnamese line is %d columns, %d "
              "bytes" % (len(nfc), len(VIETNAMESE.encode())))
        return 1
    fails = []
    with treecheck.copy(["cgi"]) as root:
        if treecheck.unchanged_fails("stylecheck_test", CHECKER, root):
            return 1
        for what, path, text, want in PLANTS:
            full = os.path.join(root, path)
            orig = None
            if os.path.exists(full):
                with open(full, encoding="utf-8") as f:
                    orig = f.read()
            line = (orig or "").count("\n") + 1
            with open(full, "a", encoding="utf-8") as f:
                f.write(text)
            fails.append(verdict(root, what, want and want.format(line=line)))
            if orig is None:
                os.remove(full)
            else:
                with open(full, "w", encoding="utf-8") as f:
                    f.write(orig)
    fails = [f for f in fails if f is not None]
    for f in fails:
        print("stylecheck_test: " + f)
    if fails:
        return 1
    print("stylecheck_test: each of %d changes got its verdict"
          % len(PLANTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
