"""What the tests of the tree's checkers share (tests/codecheck_test.py,
tests/stylecheck_test.py, tests/formatcheck_test.py,
tests/depcheck_test.py): a temporary copy of
part of the tree, in which a test plants mistakes, and the checker run
over that copy.

    import treecheck

    with treecheck.copy(["cgi"]) as root:
        if treecheck.unchanged_fails("stylecheck_test", CHECKER, root):
            return 1
        ...plant, then treecheck.run(CHECKER, root)...
"""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@contextlib.contextmanager
def copy(paths):
    """A temporary tree holding copies of paths (folders or files, each
    relative to the top of the tree, where it lands in the copy); the
    copy is removed on leaving."""
    with tempfile.TemporaryDirectory() as root:
        for path in paths:
            src, dst = os.path.join(TOP, path), os.path.join(root, path)
            if os.path.isdir(src):
                shutil.copytree(src, dst)
            else:
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy(src, dst)
        yield root


def run(checker, root, *args):
    """(exit status, output) of checker run with --root root (and args)."""
    p = subprocess.run([sys.executable, checker, "--root", root] +
                       list(args), capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def unchanged_fails(name, checker, root, *args):
    """True, after saying so as name, when checker already fails on the
    copy as made: nothing planted in it could then be told apart."""
    rc, out = run(checker, root, *args)
    if rc != 0:
        print("%s: the unchanged tree fails:\n%s" % (name, out))
    return rc != 0


@contextlib.contextmanager
def planted(name, root, path, old, new):
    """path of the copy with its one occurrence of old replaced by new,
    restored on leaving; yields (text before, text after), or None after
    saying so as name when old is not there exactly once."""
    full = os.path.join(root, path)
    with open(full, encoding="utf-8") as f:
        orig = f.read()
    if orig.count(old) != 1:
        print("%s: %s no longer holds the text to plant in: %r"
              % (name, path, old))
        yield None
        return
    changed = orig.replace(old, new)
    with open(full, "w", encoding="utf-8") as f:
        f.write(changed)
    try:
        yield orig, changed
    finally:
        with open(full, "w", encoding="utf-8") as f:
            f.write(orig)
