#!/bin/sh
# make bench, second part: search over 100 000 synthetic articles, timed
# in-process by bench/search.c.  Not part of `make test`.
#
#   make bench                          (or: make build/bench-search &&
#                                        BUILD=build sh bench/search.sh)
#   BENCH_UPDATE_DOC=1 make bench       also rewrite the figures between the
#                                       search-figures:begin/end markers of
#                                       docs/PERFORMANCE.md
#   BENCH_SEARCH_ARTICLES=N             N articles instead of 100 000, for a
#                                       quick try (never written to the doc)
#   BENCH_SEARCH_QUERIES=N              queries per class (default 300)
#   KEEP_TMP=1                          keep the mktemp -d directory
#
# What it does, under one mktemp -d directory removed on exit:
#   1. builds a database of schema.sql + db/sample.sql + bench/gen-search.sql
#      with bantin-admin create (the schema's triggers fold and index every
#      article as it is inserted): the time of that command is the index
#      build time;
#   2. reports the database size and the part of it that is the search
#      index (dbstat);
#   3. runs $BUILD/bench-search on it: p50/p99/max per query class.
# Exits 1 when a bar is missed (bench-search's: a p99 of 20 ms or more), 2
# when the bench itself could not run.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
ARTICLES=${BENCH_SEARCH_ARTICLES:-100000}
QUERIES=${BENCH_SEARCH_QUERIES:-300}

case $ARTICLES in ''|*[!0-9]*) echo "search bench: BENCH_SEARCH_ARTICLES must be a number" >&2; exit 2 ;; esac
case $QUERIES in ''|*[!0-9]*) echo "search bench: BENCH_SEARCH_QUERIES must be a number" >&2; exit 2 ;; esac
command -v sqlite3 >/dev/null 2>&1 || {
	echo "search bench: sqlite3 is missing (sh tests/deps.sh bench installs it)" >&2
	exit 2
}
for f in bantin-admin bench-search; do
	[ -x "$BUILD/$f" ] || {
		echo "search bench: $BUILD/$f is missing (make $BUILD/$f)" >&2
		exit 2
	}
done

T=$(mktemp -d /tmp/bantin-search.XXXXXX)
cleanup() {
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "search bench: $*" >&2
	[ ! -s "$T/create.log" ] || { echo "--- $T/create.log (last lines)" >&2; tail -n 20 "$T/create.log" >&2; }
	exit 2
}

# Other work on this machine may rebuild $BUILD or edit the sources
# meanwhile: run copies.
mkdir "$T/bin"
cp "$BUILD/bantin-admin" "$BUILD/bench-search" "$T/bin/"
cp schema.sql db/sample.sql "$T/"
cp -R www "$T/www"
knob='INSERT INTO bench_knobs (articles) VALUES (100000);'
grep -qxF "$knob" bench/gen-search.sql ||
	fail "bench/gen-search.sql has no line '$knob'; adjust bench/search.sh"
sed "s/^INSERT INTO bench_knobs (articles) VALUES (100000);\$/INSERT INTO bench_knobs (articles) VALUES ($ARTICLES);/" \
    bench/gen-search.sql >"$T/gen-search.sql"
if [ -n "${BENCH_REV:-}" ]; then
	rev=$BENCH_REV
else
	rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
	# The figures bench/run.sh has just written are not a change.
	dirty=$(git status --porcelain --untracked-files=no -- . \
	    ':!docs/PERFORMANCE.md' 2>/dev/null | wc -l)
	[ "$dirty" -eq 0 ] || rev="$rev plus uncommitted changes to $dirty files"
fi

# --- the machine --------------------------------------------------------
cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
machine="$(nproc) CPUs ($cpu_model), Linux $(uname -r), Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
versions="SQLite $(sqlite3 -version | awk '{ print $1 }'), ICU $(pkg-config --modversion icu-uc 2>/dev/null || echo '?')"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "search bench: $machine; $versions"
echo "search bench: bantin $rev; load average at start: $load_start"

# --- the database: the index build -------------------------------------
ms() { echo $(($(date +%s%N) / 1000000)); }
echo "search bench: building $ARTICLES articles (bench/gen-search.sql) …"
t0=$(ms)
BANTIN_DB=$T/search.db BANTIN_SCHEMA=$T/schema.sql \
    "$T/bin/bantin-admin" create "$T/sample.sql" "$T/gen-search.sql" >"$T/create.log" 2>&1 ||
	fail "creating the database failed"
build_ms=$(($(ms) - t0))
load_built=$(cut -d' ' -f1-3 /proc/loadavg)
articles=$(sqlite3 -readonly "$T/search.db" "SELECT count(*) FROM articles")
[ "$articles" -ge "$ARTICLES" ] ||
	fail "the database has $articles articles, expected at least $ARTICLES"
stats=$(sqlite3 -readonly -separator ' ' "$T/search.db" "
    SELECT (SELECT count(*) FROM articles),
           (SELECT avg(length(CAST(body AS BLOB))) FROM articles),
           (SELECT sum(pgsize) FROM dbstat('main', 1) WHERE name = 'search_index' OR name LIKE 'search\_index\_%' ESCAPE '\'),
           (SELECT sum(pgsize) FROM dbstat('main', 1) WHERE name = 'articles' OR name LIKE 'articles\_%' ESCAPE '\' OR name LIKE 'sqlite\_autoindex\_articles%' ESCAPE '\')") ||
	fail "reading the database statistics failed"
db_bytes=$(stat -c %s "$T/search.db")
set -- $stats
mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
body_bytes=$(awk -v b="$2" 'BEGIN { printf "%.0f", b }')
build_s=$(awk -v m="$build_ms" 'BEGIN { printf "%.1f", m / 1000 }')
per_article=$(awk -v m="$build_ms" -v n="$1" 'BEGIN { printf "%.2f", m / n }')
summary="$1 articles (bodies $body_bytes bytes on average) built and indexed in $build_s s ($per_article ms per article); database $(mib "$db_bytes") MiB, of which search_index $(mib "$3") MiB and articles $(mib "$4") MiB"
echo "search bench: $summary"

# --- the queries ----------------------------------------------------------
status=0
BANTIN_DB=$T/search.db BANTIN_ACCESS_LOG=0 BANTIN_WWW=$T/www \
    "$T/bin/bench-search" -n "$QUERIES" >"$T/search.txt" 2>"$T/search.err" || status=$?
cat "$T/search.txt"
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
	cat "$T/search.err" >&2
	fail "bench-search could not run (exit $status)"
fi
[ ! -s "$T/search.err" ] || { echo "--- bench-search wrote to stderr:" >&2; cat "$T/search.err" >&2; status=2; }
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "search bench: load average $load_start at start, $load_built after the build, $load_end at end"

if [ -n "${BENCH_UPDATE_DOC:-}" ]; then
	doc=docs/PERFORMANCE.md
	[ "$ARTICLES" -eq 100000 ] && [ "$QUERIES" -eq 300 ] ||
		fail "BENCH_UPDATE_DOC=1 needs the default 100 000 articles and 300 queries"
	[ "$status" -ne 2 ] || fail "not writing $doc: the run failed"
	grep -q '^<!-- search-figures:begin -->$' "$doc" && grep -q '^<!-- search-figures:end -->$' "$doc" ||
		fail "$doc has no <!-- search-figures:begin --> / <!-- search-figures:end --> markers"
	{
		echo "Measured $(date -u +%Y-%m-%d) with \`make bench\` on bantin $rev; $machine; $versions."
		echo "Load average $load_start at start, $load_built after the build, $load_end at end."
		echo
		echo "Index build: $summary."
		echo
		# The table and the verdict, blank runs squeezed, none at the ends.
		grep -v '^bench-search: ' "$T/search.txt" | cat -s |
		    sed -e 's/^\(PASS\|FAIL\): /    \1: /' |
		    awk 'NF { if (n++) for (; b > 0; b--) print ""; b = 0; print; next } { b++ }'
		echo
		grep '^bench-search: ' "$T/search.txt" | sed -e 's/^bench-search: /* /'
	} >"$T/block"
	awk -v block="$T/block" '
		/^<!-- search-figures:end -->$/ { skip = 0 }
		!skip { print }
		/^<!-- search-figures:begin -->$/ {
			while ((getline line < block) > 0) print line
			skip = 1
		}' "$doc" >"$T/doc" && cat "$T/doc" >"$doc"
	echo "search bench: figures written to $doc"
fi
exit $status
