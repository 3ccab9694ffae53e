"""Every first path segment bantin owns is a reserved section slug.

A section is served at /<slug>/, so a section whose slug is a segment the
programs or the web servers answer themselves (/live/, /css/, /tag/...)
would be shadowed, or would shadow them.  schema.sql refuses those slugs
(CONSTRAINT category_slug_reserved); this check reads the segments from
where they are decided and fails when one is missing from that list:

- the route tables of both programs (cgi/pages/page.c, cgi/live/live.c);
- the development server's static folders, files and hand-offs
  (cgi/front/devserver.c);
- the top level of www/;
- the locations of deploy/nginx/bantin.conf and the Alias, ProxyPass,
  Redirect and Location directives of deploy/apache/*.conf, their
  regular expressions read with Python's own parser.

A segment no slug can be (favicon.ico, rss.xml: slugs are [a-z0-9-]) is
no concern.  A regular expression whose first segment cannot be told
(neither literals up to '/' or the end, nor a catch-all) fails the check:
reserve its segment by hand or write it plainer.

    python3 tests/slugcheck.py [--root DIR]
"""

import os
import re
import sys

try:
    import re._parser as sre_parse
    from re._constants import (AT, AT_BEGINNING, AT_BEGINNING_STRING,
                               AT_END, AT_END_STRING, ASSERT_NOT, BRANCH,
                               LITERAL, SUBPATTERN)
except ImportError:     # before Python 3.11
    import sre_parse
    from sre_constants import (AT, AT_BEGINNING, AT_BEGINNING_STRING,
                               AT_END, AT_END_STRING, ASSERT_NOT, BRANCH,
                               LITERAL, SUBPATTERN)

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


def read(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


def reserved(root):
    m = re.search(r"CONSTRAINT category_slug_reserved CHECK \(slug IS NULL "
                  r"OR slug NOT IN \(([^)]*)\)\)", read(root, "schema.sql"))
    if m is None:
        raise SystemExit("slugcheck: no category_slug_reserved in schema.sql")
    return set(re.findall(r"'([^']*)'", m.group(1)))


def first(path):
    """The first segment of a path ('/live/hit' -> 'live')."""
    return path.lstrip("/").split("/", 1)[0]


def routes(root, path):
    for p in re.findall(r"\{\s*METHOD_\w+,\s*\"(/[^\"]*)\"",
                        read(root, path)):
        if not first(p).startswith("{"):
            yield first(p)


def devserver(root):
    src = re.sub(r"/\*.*?\*/", "", read(root, "cgi/front/devserver.c"),
                 flags=re.S)
    for name in ("static_dirs", "static_top_files"):
        m = re.search(name + r"\[\]\s*=\s*\{([^}]*)\}", src)
        if m is None:
            raise SystemExit("slugcheck: no %s in devserver.c" % name)
        yield from re.findall(r"\"([^\"]*)\"", m.group(1))
    # The paths it hands over or serves itself ("/live/", "/dang-nhap").
    for p in re.findall(r"\"(/[^\"?]+)\"", src):
        yield first(p)


def www(root):
    yield from os.listdir(os.path.join(root, "www"))


def segments(items, prefix, out):
    """Adds to out each first segment the parsed regex items (the part
    after '^/') can match: (segment, True) when told, (prefix, False)
    when not (a catch-all has the prefix "")."""
    for i, (op, av) in enumerate(items):
        rest = list(items[i + 1:])
        if op == LITERAL:
            c = chr(av)
            if c == "/":
                out.add((prefix, True))
                return
            if c.lower() not in SLUG_CHARS:
                return          # a dot: no slug looks like this
            prefix += c.lower()
        elif op == AT and av in (AT_END, AT_END_STRING):
            out.add((prefix, True))
            return
        elif op == SUBPATTERN:
            segments(list(av[-1]) + rest, prefix, out)
            return
        elif op == BRANCH:
            for alt in av[1]:
                segments(list(alt) + rest, prefix, out)
            return
        elif op == ASSERT_NOT:
            # What a catch-all leaves out is served by someone else.
            segments(list(av[1]), prefix, out)
        else:           # a class, a repeat: a catch-all when prefix is ""
            out.add((prefix, False))
            return
    out.add((prefix, True))


def regex(pattern):
    """The first segments a location's regular expression owns."""
    items = list(sre_parse.parse(pattern))
    while items and items[0][0] == AT and \
            items[0][1] in (AT_BEGINNING, AT_BEGINNING_STRING):
        items = items[1:]
    if not items or items[0] != (LITERAL, ord("/")):
        return {(pattern, False)}
    out = set()
    segments(items[1:], "", out)
    return out


def servers(root):
    """(segment, told, where) of every location of the shipped servers."""
    nginx = "deploy/nginx/bantin.conf"
    for line in read(root, nginx).splitlines():
        m = re.match(r'\s*location\s+(=|\^~|~\*?)?\s*"?([^"\s{]+)"?\s*\{',
                     line)
        if m is None or m.group(2).startswith("@"):
            continue
        if m.group(1) in ("~", "~*"):
            for seg, told in regex(m.group(2)):
                yield seg, told, nginx
        else:
            yield first(m.group(2)), True, nginx
    apache = os.path.join(root, "deploy", "apache")
    for name in sorted(os.listdir(apache)):
        if not name.endswith(".conf"):
            continue
        path = "deploy/apache/" + name
        for line in read(root, path).splitlines():
            m = re.match(r'\s*<?(ScriptAliasMatch|AliasMatch|RedirectMatch|'
                         r'ProxyPassMatch|LocationMatch)\s+(?:\d+\s+)?'
                         r'"?([^"\s>]+)', line)
            if m is not None:
                for seg, told in regex(m.group(2)):
                    yield seg, told, path
                continue
            m = re.match(r'\s*<?(ScriptAlias|Alias|ProxyPass|Redirect|'
                         r'Location)\s+(?:\d+\s+)?"?(/[^"\s>]*)', line)
            if m is not None:
                yield first(m.group(2)), True, path


def check(root):
    """The problems found under root, as lines."""
    problems = []
    owned = {}
    for where, found in (
            ("cgi/pages/page.c", routes(root, "cgi/pages/page.c")),
            ("cgi/live/live.c", routes(root, "cgi/live/live.c")),
            ("cgi/front/devserver.c", devserver(root)),
            ("www/", www(root))):
        n = 0
        for seg in found:
            owned.setdefault(seg, set()).add(where)
            n += 1
        if n == 0:
            problems.append("%s: no path found (has it moved?)" % where)
    for seg, told, where in servers(root):
        if not told and seg != "":
            problems.append("%s: cannot tell the first segment of %s"
                            % (where, seg))
        elif told:
            owned.setdefault(seg, set()).add(where)
    names = reserved(root)
    for seg in sorted(owned):
        if SLUG.match(seg) and seg not in names:
            problems.append("schema.sql: '%s' (owned by %s) is not in "
                            "category_slug_reserved"
                            % (seg, ", ".join(sorted(owned[seg]))))
    return problems


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(argv) == 3 and argv[1] == "--root":
        root = argv[2]
    elif len(argv) != 1:
        print(__doc__.rsplit("\n\n", 1)[1].strip(), file=sys.stderr)
        return 2
    problems = check(root)
    for p in problems:
        print("slugcheck: " + p)
    if problems:
        return 1
    print("slugcheck: every first path segment bantin owns is a reserved "
          "section slug (%d reserved)" % len(reserved(root)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
