#!/usr/bin/env python3
"""Fails on any line of C under cgi/ wider than 80 columns.

Columns are what an editor shows: a tab advances to the next multiple of
8, a combining mark takes none (Vietnamese typed decomposed), a wide
character two; so a line of Vietnamese is measured by its letters, not
its UTF-8 bytes.  Every cgi/**/*.c and *.h is checked except the files
tests/stylecheck.todo still lists; a listed file that now fits fails
the check as well (remove it from the list), and so does a listed file
that does not exist, so the list only ever shrinks.

    python3 tests/stylecheck.py [--root DIR] [--todo FILE]
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


def read_todo(path):
    """The paths the list names, with the line each is on."""
    todo = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                todo[line] = n
    return todo


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--todo")
    args = ap.parse_args()
    todo_path = args.todo or os.path.join(args.root, "tests",
                                          "stylecheck.todo")
    todo_name = os.path.relpath(todo_path, args.root)
    todo = read_todo(todo_path)
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
        if path in todo:
            if not wide:
                print("%s:%d: %s is within %d columns now: remove it from "
                      "the list" % (todo_name, todo[path], path, WIDTH))
                problems += 1
            continue
        for n, w in wide:
            print("%s:%d: %d columns, more than %d (tabs of %d)"
                  % (path, n, w, WIDTH, TAB))
            problems += 1
    for path, n in sorted(todo.items(), key=lambda kv: kv[1]):
        if path not in files:
            print("%s:%d: %s is no C file of cgi/: remove it from the list"
                  % (todo_name, n, path))
            problems += 1
    if problems:
        print("stylecheck: %d problem%s" % (problems,
                                             "" if problems == 1 else "s"))
        return 1
    print("stylecheck: %d files within %d columns, %d still listed in %s"
          % (len(files) - len(todo), WIDTH, len(todo), todo_name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
