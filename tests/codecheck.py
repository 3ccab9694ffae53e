#!/usr/bin/env python3
"""Flags raw HTML writes in the code that renders pages, and 500s with no
reason logged.

In cgi/pages, cgi/live, cgi/site and cgi/html, every piece of data written to a
page must be a string literal or an escaper's output.  The writes looked
at are view_html() (trusted HTML for {{{...}}}) and buf_puts, buf_append,
buf_putc and buf_printf into a response body (&x->body, &x.body, or the
template engine's r->out), directly or through a function of the same
file that takes the buffer.  Data is safe when it is:
  - a string or character literal (or a ?: of safe data);
  - a number written by a buf_printf conversion other than %s and %c;
  - x.data or buf_cstr(&x) of a local struct buf that the same function
    fills only with safe data, escapers (html_escape, html_url,
    html_url_part, json_escape), the template engine's output, and
    functions of the same file that do the same with their struct buf *
    first parameter.
Everything else is reported with its file, line, function and expression,
unless tests/codecheck.allow lists that one write with the reason it is
safe; a buf_printf format that is not a literal is never allowed.  An
allow-list line that matches nothing is reported too, so the list stays
exact.

In those folders and cgi/core, a handler's `return 500;` must follow a
log line (core.h: a 500 is logged with its reason): `return
req_fail(req, "why")` does both.  Only http.c, which maps statuses to
500 and defines req_fail(), may return it bare.

    python3 tests/codecheck.py [--root DIR] [--allow FILE]
"""

import argparse
import os
import re
import sys

DIRS = ("cgi/pages", "cgi/live", "cgi/site", "cgi/html")
FAIL_DIRS = DIRS + ("cgi/core",)
FAIL_EXEMPT = ("cgi/core/http.c",)
BARE_500 = re.compile(r"\breturn\s*\(?\s*500\s*\)?\s*;")
WRITES = ("buf_puts", "buf_append", "buf_putc", "buf_printf")
ESCAPERS = ("html_escape", "html_url", "html_url_part", "json_escape",
            "template_render", "site_template_render")
NEUTRAL = ("buf_init", "buf_free", "buf_reset", "buf_cstr", "buf_failed")
KEYWORDS = ("if", "for", "while", "switch", "return", "sizeof")
BODY = re.compile(r"^(&\s*\w+\s*(->|\.)\s*body|\w+\s*->\s*out)$")
STRING = re.compile(r'^("([^"\\]|\\.)*"\s*)+$')
CHAR = re.compile(r"^'([^'\\]|\\.+)'$")
CONVERSION = re.compile(
    r"%[-+ #0]*(\*|\d+)?(\.(\*|\d+))?(hh|h|ll|l|j|z|t|L)?([a-zA-Z%])")


def strip_comments(text):
    """text with comments blanked (newlines kept), strings untouched."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(text, start):
    """The arguments of the call whose '(' is at start, and the index
    just past its ')'."""
    args, depth, i, begin = [], 0, start + 1, start + 1
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append(text[begin:i].strip())
                return args, i + 1
            depth -= 1
        elif c == "," and depth == 0:
            args.append(text[begin:i].strip())
            begin = i + 1
        i += 1
    raise ValueError("unbalanced call")


def norm(expr):
    return " ".join(expr.split())


def unparen(expr):
    while expr.startswith("(") and expr.endswith(")"):
        depth = 0
        for i, c in enumerate(expr):
            depth += c == "("
            depth -= c == ")"
            if depth == 0 and i < len(expr) - 1:
                return expr
        expr = expr[1:-1].strip()
    return expr


def ternary(expr):
    """(then, else) of a top-level cond ? a : b, or None."""
    depth, q = 0, -1
    for i, c in enumerate(expr):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "?" and depth == 0 and q < 0:
            q = i
        elif c == ":" and depth == 0 and q >= 0:
            return expr[q + 1:i].strip(), expr[i + 1:].strip()
    return None


class Function:
    def __init__(self, name, params, text, lineno):
        self.name, self.text, self.lineno = name, text, lineno
        first = params.split(",")[0]
        m = re.match(r"^\s*struct\s+buf\s*\*\s*(\w+)\s*$", first)
        self.buf_param = m.group(1) if m else None
        self.calls = []
        for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(", text):
            if m.group(1) in KEYWORDS:
                continue
            try:
                args, _ = split_args(text, m.end() - 1)
            except ValueError:
                continue
            self.calls.append((m.group(1), args, m.start()))
        self.buffers = set()
        for decl in re.findall(r"\bstruct\s+buf\s+([^;()]+);", text):
            self.buffers.update(d.strip() for d in decl.split(",")
                                if "*" not in d)

    def line(self, pos):
        return self.lineno + self.text.count("\n", 0, pos)


class Checker:
    def __init__(self):
        # (path, line, function, expression, why, may be allowed)
        self.problems = []
        self.reported = set()  # where, so a write met twice counts once
        self.functions = {}  # of the file being checked, by name

    def report(self, fn, pos, expr, why, allowable=True, arg=0):
        where = (self.path, fn.name, pos, arg)
        if where not in self.reported:
            self.reported.add(where)
            self.problems.append((self.path, fn.line(pos), fn.name,
                                  norm(expr), why, allowable))

    def safe(self, fn, pos, expr, seen, arg=0):
        """Whether expr, argument arg of the call at pos, is safe data;
        reports what is not."""
        expr = unparen(expr.strip())
        both = ternary(expr)
        if both is not None:
            return all([self.safe(fn, pos, e, seen, arg) for e in both])
        if STRING.match(expr) or CHAR.match(expr):
            return True
        m = (re.match(r"^(\w+)\s*\.\s*data$", expr) or
             re.match(r"^buf_cstr\s*\(\s*&\s*(\w+)\s*\)$", expr))
        if m and m.group(1) in fn.buffers:
            return self.safe_buffer(fn, "&" + m.group(1), seen)
        self.report(fn, pos, expr, "not a literal or an escaper's output",
                    arg=arg)
        return False

    def safe_printf(self, fn, pos, args, seen):
        if not STRING.match(args[1]):
            self.report(fn, pos, args[1], "a format that is not a literal",
                        False)
            return False
        fmt = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', args[1]))
        n, ok = 2, True
        for conv in CONVERSION.finditer(fmt):
            if conv.group(5) == "%":
                continue
            n += [conv.group(1), conv.group(3)].count("*")
            if conv.group(5) in "sc":
                ok = self.safe(fn, pos, args[n], seen, n) and ok
            n += 1
        return ok

    def safe_write(self, fn, name, args, pos, seen):
        if name == "buf_printf":
            return self.safe_printf(fn, pos, args, seen)
        return self.safe(fn, pos, args[1], seen)

    def safe_call(self, fn, name, args, pos, seen):
        """Whether the call name(args), whose first argument is a buffer,
        writes only safe data into it."""
        callee = self.functions.get(name)
        if name in NEUTRAL or name in ESCAPERS:
            return True
        if name in WRITES:
            return self.safe_write(fn, name, args, pos, seen)
        if callee is not None and callee.buf_param is not None:
            return self.safe_buffer(callee, callee.buf_param, seen)
        self.report(fn, pos, "%s(%s)" % (name, norm(args[0])),
                    "fills the buffer with unchecked data")
        return False

    def safe_buffer(self, fn, buf, seen):
        """Whether every write of fn to buf ("&x" for its local buffer x,
        or its struct buf * parameter) is safe."""
        if (fn.name, buf) in seen:
            return True
        seen.add((fn.name, buf))
        ok = True
        for name, args, pos in fn.calls:
            if args and args[0].replace(" ", "") == buf:
                ok = self.safe_call(fn, name, args, pos, seen) and ok
        return ok

    def check_fails(self, path, text):
        """Reports each return 500 whose previous statement logs nothing."""
        self.path = path
        code = strip_comments(text)
        for m in BARE_500.finditer(code):
            before = code[:m.start()].rstrip()
            last = before[before.rfind("\n") + 1:]
            if "log_" in last:
                continue
            fn = next((f for f in self.functions.values()
                       if f.lineno <= code.count("\n", 0, m.start()) + 1
                       <= f.lineno + f.text.count("\n")), None)
            name = fn.name if fn else "?"
            line = code.count("\n", 0, m.start()) + 1
            self.problems.append((path, line, name, "return 500",
                                  "a 500 that logs no reason; return "
                                  "req_fail(req, \"why\")", False))

    def check_file(self, path, text):
        self.path = path
        code = strip_comments(text)
        self.functions = {}
        for m in re.finditer(r"^(\w+)\(([^;{]*?)\)\s*\n\{\n(.*?)\n\}$",
                             code, re.M | re.S):
            self.functions[m.group(1)] = Function(
                m.group(1), m.group(2), m.group(3),
                code.count("\n", 0, m.start(3)) + 1)
        for fn in self.functions.values():
            for name, args, pos in fn.calls:
                if name == "view_html" and len(args) == 4:
                    self.safe(fn, pos, args[2], set())
                elif args and BODY.match(norm(args[0])):
                    self.safe_call(fn, name, args, pos, set())


def read_allow(path):
    entries = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 4 or not all(parts):
                sys.exit("%s:%d: want: file | function | expression | why"
                         % (path, n))
            entries.append((parts[0], parts[1], norm(parts[2]), n))
    return entries


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=".")
    ap.add_argument("--allow", default=None)
    opts = ap.parse_args()
    allow_path = opts.allow or os.path.join(opts.root, "tests",
                                            "codecheck.allow")
    checker = Checker()
    for d in FAIL_DIRS:
        for name in sorted(os.listdir(os.path.join(opts.root, d))):
            if not name.endswith(".c"):
                continue
            rel = d + "/" + name
            with open(os.path.join(opts.root, rel), encoding="utf-8") as f:
                text = f.read()
            if d in DIRS:
                checker.check_file(rel, text)
            else:
                checker.functions = {}
            if rel not in FAIL_EXEMPT:
                checker.check_fails(rel, text)
    allow = read_allow(allow_path)
    used = set()
    failed = 0
    for path, line, func, expr, why, allowable in checker.problems:
        match = [e for e in allow if e[:3] == (path, func, expr)
                 and e[3] not in used and allowable]
        if match:
            used.add(match[0][3])
            continue
        print("%s:%d: in %s(): %s: %s; escape it, or list this write in "
              "%s with the reason it is safe" %
              (path, line, func, expr, why, allow_path))
        failed += 1
    for path, func, expr, n in allow:
        if n not in used:
            print("%s:%d: allows %s in %s() of %s, which writes no such "
                  "data (remove the line)" % (allow_path, n, expr, func,
                                              path))
            failed += 1
    if failed:
        print("codecheck: %d problem(s)" % failed)
        return 1
    print("codecheck: no raw HTML writes (%d allowed, each with its reason),"
          " no 500 without its reason" % len(allow))
    return 0


if __name__ == "__main__":
    sys.exit(main())
