#!/usr/bin/env python3
"""make depcheck: the layering of cgi/ is what docs/ARCHITECTURE.md says.

The allowed edges are read from the table under "## Layers" in
docs/ARCHITECTURE.md (the one source: the document cannot drift from the
check).  Every #include "dir/file.h" in cgi/<layer>/ must name its own
layer or one the table allows, and no two modules (a .c and its .h) may
include each other, directly or round a longer cycle.  Also checks that
bantin-live.fcgi links no object of cgi/pages/ (given the build dir), and
that the table's own layers allow no cycle.

    python3 tests/depcheck.py [--root DIR] [BUILD]
"""
import argparse
import glob
import os
import re
import subprocess
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z]+)/([a-z_0-9]+)\.h"', re.M)


def allowed_edges():
    doc = open(os.path.join(TOP, "docs/ARCHITECTURE.md"),
               encoding="utf-8").read()
    section = doc.split("## Layers", 1)[1].split("\n## ", 1)[0]
    edges = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`?([a-z]+)/?`?\s*\|\s*([^|]*)\|", line)
        if not m or m.group(1) in ("layer",):
            continue
        below = [w.strip(" `/") for w in m.group(2).split(",") if w.strip(" `/—-")]
        edges[m.group(1)] = set(below)
    if not edges:
        sys.exit("depcheck: no layer table under '## Layers' in docs/ARCHITECTURE.md")
    return edges


def includes():
    """(layer, module, file) -> [(layer, module)] for every file of cgi/."""
    out = {}
    for path in sorted(glob.glob(os.path.join(TOP, "cgi/*/*.[ch]"))):
        layer = os.path.basename(os.path.dirname(path))
        module = os.path.splitext(os.path.basename(path))[0]
        text = open(path, encoding="utf-8").read()
        out[(layer, module, os.path.relpath(path, TOP))] = INCLUDE.findall(text)
    return out


def layer_cycle(edges):
    """A cycle of the table's layers (each may use the next), or None."""
    state = {}

    def visit(layer, path):
        state[layer] = "open"
        for below in sorted(edges.get(layer, ())):
            if state.get(below) == "open":
                return path[path.index(below):] + [below]
            if below not in state:
                found = visit(below, path + [below])
                if found:
                    return found
        state[layer] = "done"
        return None

    for layer in sorted(edges):
        if layer not in state:
            found = visit(layer, [layer])
            if found:
                return found
    return None


def main():
    global TOP
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=TOP)
    ap.add_argument("build", nargs="?", default="build")
    opts = ap.parse_args()
    TOP = os.path.abspath(opts.root)
    edges = allowed_edges()
    problems = []
    graph = {}
    for (layer, module, path), incs in includes().items():
        if layer not in edges:
            problems.append("%s: layer %s/ is not in the table of docs/ARCHITECTURE.md" % (path, layer))
            continue
        for dep_layer, dep_module in incs:
            if dep_layer != layer and dep_layer not in edges[layer]:
                problems.append('%s: includes "%s/%s.h", but %s/ may not use %s/'
                                % (path, dep_layer, dep_module, layer, dep_layer))
            a, b = (layer, module), (dep_layer, dep_module)
            if a != b:
                graph.setdefault(a, set()).add(b)
    # Cycles between modules (Tarjan's strongly connected components).
    index, low, stack, on, comps, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(comp)

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    for comp in comps:
        problems.append("include cycle: " + " -> ".join(sorted("%s/%s" % m for m in comp)))
    cycle = layer_cycle(edges)
    if cycle:
        problems.append("docs/ARCHITECTURE.md: the layers use each other in "
                        "a cycle: " + " -> ".join(cycle))
    build = opts.build
    live = os.path.join(TOP, build, "bantin-live.fcgi") if not os.path.isabs(build) \
        else os.path.join(build, "bantin-live.fcgi")
    if os.path.exists(live):
        handlers = set()
        for path in glob.glob(os.path.join(TOP, "cgi/pages/*.c")):
            handlers |= set(re.findall(r"^(page_[a-z_]+)\(struct request \*",
                                       open(path, encoding="utf-8").read(), re.M))
        syms = subprocess.run(["nm", live], capture_output=True, text=True).stdout
        linked = sorted(h for h in handlers if re.search(r" [Tt] %s$" % h, syms, re.M))
        if linked:
            problems.append("bantin-live.fcgi links page handlers: " + ", ".join(linked))
    else:
        problems.append("depcheck: %s not built" % live)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print("depcheck: %d layers, includes and links as docs/ARCHITECTURE.md draws them"
          % len(edges))
    return 0


if __name__ == "__main__":
    sys.exit(main())
