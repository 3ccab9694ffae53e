#!/usr/bin/env python3
"""Proves that tests/formatcheck.py catches C that clang-format would
change.

Copies the C folders and .clang-format to a temporary git repository
(tests/treecheck.py), checks that the copy passes, then makes one change
at a time and checks the verdict: a misaligned declaration in a tracked
file, or a badly indented new file not yet added to git, must fail,
naming the file and the line; a clang-format of another major version
must fail saying so, without a list of files; --fix must make the copy
pass again.

    python3 tests/formatcheck_test.py
"""

import contextlib
import os
import stat
import subprocess
import sys

import formatcheck
import treecheck

CHECKER = os.path.join(treecheck.TOP, "tests", "formatcheck.py")
FOLDERS = ["cgi", "tests/unit", "tests/fuzz", "bench", "tests/stub_app.h",
           ".clang-format"]

# A clang-format that says it is version 99, and would pass anything.
FAKE = "#!/bin/sh\necho 'Debian clang-format version 99.0.0'\n"


@contextlib.contextmanager
def env(name, value):
    """os.environ with name set to value, restored on leaving."""
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            del os.environ[name]
        else:
            os.environ[name] = old


def verdict(root, what, want, unwanted=None, *args):
    """A message when the checker's verdict is not the one wanted (want:
    a text the failure must print; None: a pass)."""
    rc, out = treecheck.run(CHECKER, root, *args)
    if want is None and rc != 0:
        return "%s: wanted a pass, got (exit %d):\n%s" % (what, rc, out)
    if want is not None and (rc == 0 or want not in out):
        return "%s: wanted a failure saying %r, got (exit %d):\n%s" % (
            what, want, rc, out)
    if unwanted is not None and unwanted in out:
        return "%s: wanted no %r, got:\n%s" % (what, unwanted, out)
    return None


def main():
    fails = []
    want = formatcheck.wanted_version(treecheck.TOP)
    with treecheck.copy(FOLDERS) as root:
        subprocess.run(["git", "init", "-q", root], check=True)
        subprocess.run(["git", "-C", root, "add", "-A"], check=True)
        if treecheck.unchanged_fails("formatcheck_test", CHECKER, root):
            return 1
        # A declaration out of the column of its neighbours.
        with treecheck.planted("formatcheck_test", root, "cgi/core/core.c",
                               "\tstruct tm       tm;\n",
                               "\tstruct tm tm;\n") as p:
            if p is None:
                return 1
            line = p[0][:p[0].index("struct tm       tm;")].count(
                "\n") + 1
            fails.append(verdict(root, "a misaligned declaration",
                                 "cgi/core/core.c:%d:" % line))
        # A new file, not added to git, indented with spaces.
        new = os.path.join(root, "cgi", "base", "new.c")
        with open(new, "w", encoding="utf-8") as f:
            f.write("int\nnew_one(void)\n{\n    return 1;\n}\n")
        fails.append(verdict(root, "a new file indented with spaces",
                             "cgi/base/new.c:"))
        # Another clang-format: said plainly, no file listed.
        fake = os.path.join(root, "clang-format-fake")
        with open(fake, "w", encoding="utf-8") as f:
            f.write(FAKE)
        os.chmod(fake, stat.S_IRWXU)
        with env("CLANG_FORMAT", fake):
            fails.append(verdict(root, "clang-format 99",
                                 "is version 99, but the tree is formatted "
                                 "with clang-format %d" % want, "new.c"))
        os.remove(fake)
        # make format rewrites the new file; then all passes.
        fails.append(verdict(root, "--fix", None, None, "--fix"))
        fails.append(verdict(root, "after --fix", None))
    fails = [f for f in fails if f is not None]
    for f in fails:
        print("formatcheck_test: " + f)
    if fails:
        return 1
    print("formatcheck_test: each of 5 changes got its verdict")
    return 0


if __name__ == "__main__":
    sys.exit(main())
