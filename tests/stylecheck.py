#!/usr/bin/env python3
"""Fails on any line of C under cgi/ wider than 80 columns.

Columns are what an editor shows: a tab advances to the next multiple of
8, a combining mark takes none (Vietnamese typed decomposed), a wide
character two; so a line of Vietnamese is measured by its letters, not
its UTF-8 bytes.  Every cgi/**/*.c and *.h is checked.

    python3 tests/stylecheck.py [--root DIR]
"""

import argparse
import glob
import os
import sys
import unicodedata

WIDTH = 80
TAB = 8


def columns(line):
    """The width of line on a terminal with tabs of TAB."""
    col = 0
    for ch in line:
        if ch == "\t":
            col += TAB - col % TAB
        elif unicodedata.combining(ch):
            continue
        elif unicodedata.east_asian_width(ch) in "WF":
            col += 2
        else:
            col += 1
    return col


def wide_lines(path):
    """(line number, columns) of each line of path past WIDTH."""
    with open(path, encoding="utf-8") as f:
        return [(n, w) for n, w in
                ((n, columns(line.rstrip("\n")))
                 for n, line in enumerate(f, 1)) if w > WIDTH]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))
    args = ap.parse_args()
    files = sorted(os.path.relpath(p, args.root) for ext in ("c", "h")
                   for p in glob.glob(os.path.join(args.root, "cgi", "**",
                                                   "*." + ext),
                                      recursive=True))
    problems = 0
    for path in files:
        try:
            wide = wide_lines(os.path.join(args.root, path))
        except UnicodeDecodeError as e:
            print("%s: not UTF-8 (%s)" % (path, e.reason))
            problems += 1
            continue
        for n, w in wide:
            print("%s:%d: %d columns, more than %d (tabs of %d)"
                  % (path, n, w, WIDTH, TAB))
            problems += 1
    if problems:
        print("stylecheck: %d problem%s" % (problems,
                                             "" if problems == 1 else "s"))
        return 1
    print("stylecheck: %d files within %d columns" % (len(files), WIDTH))
    return 0


if __name__ == "__main__":
    sys.exit(main())
