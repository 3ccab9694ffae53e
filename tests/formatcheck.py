#!/usr/bin/env python3
"""Fails on any C file of the tree that clang-format would change.

The files are git's: tracked, and new ones not ignored.  Each is checked
with `clang-format --dry-run --Werror` against .clang-format; a failure
names the files and the first line that differs in each.  --fix rewrites
them instead (make format).

Another major version of clang-format formats differently: when the one
found is not the one .clang-format names, the check says so and stops
rather than report every file.  CLANG_FORMAT names the binary; by
default clang-format-N (N from .clang-format), else clang-format.

    python3 tests/formatcheck.py [--root DIR] [--fix]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

# clang-format N, at the start of a comment line of .clang-format.
VERSION_LINE = re.compile(r"^# Formatted with clang-format (\d+)\b", re.M)
# What clang-format --dry-run says for each place it would change.
DIFF_LINE = re.compile(r"^(.+?):(\d+):\d+: (?:error|warning): code should "
                       r"be clang-formatted", re.M)


def c_files(root):
    """The tracked and the new, not ignored, C files under root."""
    out = subprocess.run(["git", "-C", root, "ls-files", "--cached",
                          "--others", "--exclude-standard", "*.c", "*.h"],
                         capture_output=True, text=True, check=True).stdout
    return sorted(set(p for p in out.splitlines()
                      if os.path.exists(os.path.join(root, p))))


def wanted_version(root):
    """The major version .clang-format names, or None."""
    try:
        with open(os.path.join(root, ".clang-format"),
                  encoding="utf-8") as f:
            m = VERSION_LINE.search(f.read())
    except FileNotFoundError:
        return None
    return int(m.group(1)) if m else None


def binary(want):
    """The clang-format to run."""
    if os.environ.get("CLANG_FORMAT"):
        return os.environ["CLANG_FORMAT"]
    if want is not None and shutil.which("clang-format-%d" % want):
        return "clang-format-%d" % want
    return "clang-format"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--fix", action="store_true")
    args = ap.parse_args()
    want = wanted_version(args.root)
    if want is None:
        print("formatcheck: .clang-format names no version (a line "
              "'# Formatted with clang-format N')")
        return 1
    exe = binary(want)
    try:
        v = subprocess.run([exe, "--version"], capture_output=True,
                           text=True).stdout
    except FileNotFoundError:
        print("formatcheck: %s not found: install clang-format-%d "
              "(sh tests/deps.sh test)" % (exe, want))
        return 1
    m = re.search(r"clang-format version (\d+)", v)
    if m is None or int(m.group(1)) != want:
        print("formatcheck: %s is version %s, but the tree is formatted "
              "with clang-format %d, which formats differently: install "
              "clang-format-%d or set CLANG_FORMAT to it; nothing was "
              "checked" % (exe, m.group(1) if m else "unknown", want, want))
        return 1
    files = c_files(args.root)
    if args.fix:
        subprocess.run([exe, "-i"] + files, cwd=args.root, check=True)
        print("format: %d files formatted with %s" % (len(files), exe))
        return 0
    p = subprocess.run([exe, "--dry-run", "--Werror"] + files,
                       cwd=args.root, capture_output=True, text=True)
    first = {}
    for path, line in DIFF_LINE.findall(p.stderr):
        first.setdefault(path, int(line))
    if p.returncode != 0 and not first:
        print("formatcheck: %s failed:\n%s" % (exe, p.stderr))
        return 1
    for path in sorted(first):
        print("%s:%d: not as clang-format %d formats it" % (
            path, first[path], want))
    if first:
        print("formatcheck: %d of %d files differ from .clang-format; "
              "`make format` rewrites them" % (len(first), len(files)))
        return 1
    print("formatcheck: %d files as clang-format %d formats them"
          % (len(files), want))
    return 0


if __name__ == "__main__":
    sys.exit(main())
