#!/bin/sh
# make bench: throughput of the pages behind nginx → FastCGI, with and
# without their live fragments (SSI), the counting pixel, and nginx serving
# the same bytes as static files.  Not part of `make test`.
#
#   make bench                      (or: BUILD=build sh bench/run.sh)
#   BENCH_UPDATE_DOC=1 make bench   also rewrite the figures between the
#                                   bench:begin/end markers of
#                                   docs/PERFORMANCE.md
#
# What it does, all on 127.0.0.1 and under one mktemp -d directory:
#   1. builds a database of schema.sql + db/sample.sql + bench/gen.sql
#      (10 000 synthetic articles);
#   2. starts what the integration tests start: spawn-fcgi + multiwatch
#      with 4 × bantin.fcgi on pages.sock and 4 × bantin-live.fcgi on
#      live.sock, and nginx with deploy/nginx/bantin.conf (templated for the
#      port and paths only: SSI on, nginx's 1 s page cache) on $BENCH_PORT,
#      plus three server blocks of our own: the shipped one again with
#      `ssi off` and without nginx's page cache on $BENCH_ALONE_PORT (the
#      page handler alone, behind its in-process page cache), a static
#      root on $BENCH_STATIC_PORT, and the shipped one with its page cache
#      but `ssi off` on $BENCH_CACHED_PORT (the microcached page as nginx
#      stores it, the live includes left unexpanded); all inside the
#      nginx.conf Debian installs (tests/integration/nginx-debian.sh), where
#      an operator's site runs;
#   3. saves the article page (article 1, the reference article; as the
#      page alone serves it) and the home page (as the shipped
#      configuration serves it) once with curl into that static root;
#   4. runs wrk (-t2 -c32, 2 s warm-up, then $BENCH_DURATION s measured) on
#      each, reading server CPU from /proc/<pid>/stat (nginx, page workers,
#      live workers) and worker memory from /proc/<pid>/status; the runs,
#      the bars and what they mean: docs/PERFORMANCE.md.  The counting
#      pixel run uses bench/hits.lua (a new visitor per request).
# Measured runs: nginx access_log off and BANTIN_ACCESS_LOG=0; one more run
# of the page alone with both logs on.  Exits 1 when a bar is missed, 2
# when the bench itself could not run.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac

PORT=${BENCH_PORT:-18280}		# the shipped configuration (SSI on)
ALONE_PORT=${BENCH_ALONE_PORT:-18281}	# the same, `ssi off`
STATIC_PORT=${BENCH_STATIC_PORT:-18282}	# the saved bytes, static
CACHED_PORT=${BENCH_CACHED_PORT:-18283}	# the shipped page cache, `ssi off`
DURATION=${BENCH_DURATION:-10}
WARMUP=2
CONNS=32
WRK="wrk -t2 -c$CONNS"
WORKERS=4
RATIO_MIN=0.2		# (a) page alone / static article, at least
RSS_MAX_KB=10240	# resident memory per bantin.fcgi, at most (10 MiB)
SSI_MIN=0.5		# (b) page + live fragments / (a) page alone, at least
CACHED_MIN=0.9		# (f) microcached page / (d) static article, at least
TAIL_MAX=5		# (b) article as shipped: p99 / p50, at most
PAIRS=5			# back-to-back (d), (f) runs the (f) bar is judged on
PAIR_SECONDS=3
HZ=$(getconf CLK_TCK)

for tool in wrk nginx spawn-fcgi multiwatch curl sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "bench: $tool is missing (sh tests/deps.sh bench installs it)" >&2
		exit 2
	}
done
for f in bantin.fcgi bantin-live.fcgi bantin-admin; do
	[ -x "$BUILD/$f" ] || { echo "bench: $BUILD/$f is missing (make)" >&2; exit 2; }
done
# Other programs on this machine may use ports: refuse rather than measure
# someone else's server.
for p in $PORT $ALONE_PORT $STATIC_PORT $CACHED_PORT; do
	rc=0
	curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$p/" || rc=$?
	[ $rc -eq 7 ] || {
		echo "bench: something already listens on 127.0.0.1:$p (set BENCH_PORT, BENCH_ALONE_PORT, BENCH_STATIC_PORT, BENCH_CACHED_PORT)" >&2
		exit 2
	}
done

T=$(mktemp -d /tmp/bantin-bench.XXXXXX)
# As in the integration tests: run as root, nginx's workers are www-data
# and must reach the static root and the sockets in here.
chmod 711 "$T"
# Other work on this machine may rebuild $BUILD or edit the templates
# (which the workers reload) meanwhile: run copies.
mkdir "$T/bin"
for f in bantin.fcgi bantin-live.fcgi bantin-admin; do
	cp "$BUILD/$f" "$T/bin/"
done
cp -R www "$T/www"
# What was copied: BENCH_REV names it when this is not a git checkout.
if [ -n "${BENCH_REV:-}" ]; then
	rev=$BENCH_REV
else
	rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
	dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | awk '{ print $2 }' | tr '\n' ' ' | sed 's/ $//')
	[ -z "$dirty" ] || rev="$rev with uncommitted changes ($dirty)"
fi
cp deploy/bots.txt "$T/bots.txt"
cp schema.sql db/sample.sql bench/gen.sql "$T/"
chmod -R a+rX "$T/www"
sock_group=
[ "$(id -u)" -ne 0 ] || sock_group="-G www-data"
pages_pid=
live_pid=
nginx_pid=

children() {
	cat "/proc/$1/task/$1/children" 2>/dev/null || ps -o pid= --ppid "$1" || true
}

# Stops one process we started (and, for multiwatch, its workers), by id.
stop_pid() {
	kids=$(children "$1")
	kill "$1" 2>/dev/null || return 0
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	for p in "$1" $kids; do kill -9 "$p" 2>/dev/null || true; done
	wait "$1" 2>/dev/null || true
}

cleanup() {
	[ -z "$pages_pid" ] || stop_pid "$pages_pid"
	[ -z "$live_pid" ] || stop_pid "$live_pid"
	[ -z "$nginx_pid" ] || stop_pid "$nginx_pid"
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "bench: $*" >&2
	for f in "$T"/*.log; do
		[ -s "$f" ] || continue
		echo "--- $f (last lines)" >&2
		tail -n 20 "$f" >&2
	done
	exit 2
}

# --- the machine --------------------------------------------------------
cpu_model=$(awk -F'\t*: *' '
	$1 == "model name" && !n { n = $2 } $1 == "cpu family" && !f { f = $2 }
	$1 == "model" && !m { m = $2 } $1 == "cpu MHz" && !z { z = $2 }
	$1 == "flags" && $2 ~ /(^| )hypervisor( |$)/ { vm = 1 }
	END { printf "%s, family %s model %s, %.0f MHz%s", n, f, m, z, vm ? ", virtual machine" : "" }' /proc/cpuinfo)
machine="$(nproc) CPUs ($cpu_model), Linux $(uname -r), Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
versions="$(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | awk 'NR == 1 { print "wrk " $2 }'), SQLite $(sqlite3 -version | awk '{ print $1 }')"
echo "bench: $machine"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: $versions; load average at start: $load_start"
echo "bench: bantin $rev"
t_start=$(date +%s)

# --- the database -------------------------------------------------------
t0=$(date +%s)
BANTIN_DB=$T/bench.db BANTIN_SCHEMA=$T/schema.sql \
    "$T/bin/bantin-admin" create "$T/sample.sql" "$T/gen.sql" >"$T/create.log" 2>&1 ||
	fail "creating the database failed"
articles=$(sqlite3 -readonly "$T/bench.db" "SELECT count(*) FROM articles")
[ "$articles" -ge 10000 ] || fail "the database has $articles articles, expected at least 10000"
echo "bench: database with $articles articles ($(du -k "$T/bench.db" | cut -f1) KiB) in $(($(date +%s) - t0)) s"

# Every visible article's canonical path, for the "random article" run.
sqlite3 -readonly "$T/bench.db" "SELECT '/' || c.slug || '/' || a.slug || '-' || a.id || '.htm'
    FROM articles a JOIN categories c ON c.id = a.category_id
    WHERE a.status = 'published' AND a.published_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    ORDER BY a.id" >"$T/paths.txt"

# --- the servers --------------------------------------------------------
mkdir -m 755 "$T/static"
shipped=deploy/nginx/bantin.conf
ssi_on=$(grep -c 'ssi on;' "$shipped" || true)
[ "$(grep -c '^server {' "$shipped")" -eq 1 ] && [ "$ssi_on" -ge 1 ] ||
	fail "$shipped changed shape (one server block with 'ssi on;' expected); adjust bench/run.sh"
paths_sed() {
	sed -e "s|/usr/local/share/bantin/www|$T/www|" \
	    -e "s|unix:/run/bantin/pages.sock|unix:$T/pages.sock|" \
	    -e "s|unix:/run/bantin/live.sock|unix:$T/live.sock|" \
	    -e "s|/var/cache/nginx/bantin|$T/cache|" "$@"
}
ofc=$(grep -m1 -o 'open_file_cache [^;]*;' "$shipped") ||
	fail "$shipped has no open_file_cache in its page cache location; adjust bench/run.sh"
{
	paths_sed -e "s|listen 80;|listen 127.0.0.1:$PORT;|" "$shipped"
	echo
	echo "# bench: the shipped server block again with SSI off and without nginx's"
	echo "# page cache: the page handler (and its own page cache) alone."
	awk '/^server \{/ { p = 1 } p' "$shipped" |
	    paths_sed -e "s|listen 80;|listen 127.0.0.1:$ALONE_PORT;|" -e "s|ssi on;|ssi off;|" \
	    -e '/fastcgi_cache/d' -e '/fastcgi_ignore_headers/d' -e '/add_header X-Cache/d' \
	    -e '/nginx keeps pages/d'
	cat <<EOF

# bench: the same page bytes as static files; under /open/ with the
# open_file_cache the shipped page cache location has.
server {
    listen 127.0.0.1:$STATIC_PORT;
    root $T/static;
    location / { }
    location /open/ {
        alias $T/static/;
        $ofc
    }
}
EOF
	echo
	echo "# bench: the shipped server block again with SSI off: pages from nginx's"
	echo "# 1 s cache as stored, the live includes unexpanded."
	awk '/^server \{/ { p = 1 } p' "$shipped" |
	    paths_sed -e "s|listen 80;|listen 127.0.0.1:$CACHED_PORT;|" -e "s|ssi on;|ssi off;|"
} >"$T/site.conf"
grep -q "listen 127.0.0.1:$PORT;" "$T/site.conf" && grep -q "listen 127.0.0.1:$ALONE_PORT;" "$T/site.conf" &&
    grep -q "unix:$T/pages.sock" "$T/site.conf" && grep -q "unix:$T/live.sock" "$T/site.conf" &&
    grep -q "listen 127.0.0.1:$CACHED_PORT;" "$T/site.conf" &&
    [ "$(grep -c 'ssi off;' "$T/site.conf")" -eq $((2 * ssi_on)) ] &&
    awk "/listen 127.0.0.1:$CACHED_PORT;/ { p = 1 } p" "$T/site.conf" | grep -q 'fastcgi_cache bantin_pages;' &&
    ! grep -v '^ *#' "$T/site.conf" | grep -q -e /run/bantin -e /var/cache &&
    ! awk "/listen 127.0.0.1:$ALONE_PORT;/ { p = 1 } /listen 127.0.0.1:$STATIC_PORT;/ { p = 0 } p" "$T/site.conf" |
	grep -q fastcgi_cache ||
	fail "$shipped changed shape; adjust the sed in bench/run.sh"
# The site inside the nginx.conf Debian installs (sendfile, tcp_nopush,
# gzip, …), as an operator runs it: paths, logs and pid changed only.
{ sh tests/integration/nginx-debian.sh "$T" "$T/nginx-access.log" &&
    mv "$T/nginx.conf" "$T/nginx-logging.conf" &&
    sh tests/integration/nginx-debian.sh "$T" off; } ||
	fail "could not make Debian's nginx.conf into the bench's"
nginx -t -q -e "$T/nginx-error.log" -c "$T/nginx.conf" -p "$T" 2>"$T/nginx-t.log" ||
	{ cat "$T/nginx-t.log" >&2; fail "nginx -t rejected the bench configuration"; }

nginx -e "$T/nginx-error.log" -c "$T/nginx.conf" -p "$T" &
nginx_pid=$!

status_of() {
	curl -s -o /dev/null -w '%{http_code}' "$1" || echo 000
}

# start_group pages|live VAR=value…: 4 workers of that program on its
# socket, with the bench database and the given settings.
start_group() {
	kind=$1
	shift
	case $kind in
	pages) bin=bantin.fcgi old=$pages_pid ;;
	live) bin=bantin-live.fcgi old=$live_pid ;;
	esac
	[ -z "$old" ] || stop_pid "$old"
	rm -f "$T/$kind.sock"
	env BANTIN_DB="$T/bench.db" BANTIN_WWW="$T/www" \
	    BANTIN_BOTS="$T/bots.txt" \
	    BANTIN_BASE_URL="http://127.0.0.1:$PORT" "$@" \
	    spawn-fcgi -n -s "$T/$kind.sock" -M 0660 $sock_group -- \
	    /usr/bin/multiwatch -f $WORKERS -- "$T/bin/$bin" 2>>"$T/$kind.log" &
	eval "${kind}_pid=\$!"
}

# Waits until all 8 workers run and both programs answer through nginx.
wait_ready() {
	i=0
	until [ "$(children "$pages_pid" | wc -w)" -eq $WORKERS ] &&
	    [ "$(children "$live_pid" | wc -w)" -eq $WORKERS ] &&
	    [ "$(status_of "http://127.0.0.1:$ALONE_PORT/")" = 200 ] &&
	    [ "$(status_of "http://127.0.0.1:$PORT/live/stats.json")" = 200 ]; do
		i=$((i + 1))
		kill -0 "$nginx_pid" 2>/dev/null || fail "nginx exited"
		kill -0 "$pages_pid" 2>/dev/null || fail "the page workers exited"
		kill -0 "$live_pid" 2>/dev/null || fail "the live workers exited"
		[ $i -le 100 ] || fail "the FastCGI workers did not start"
		sleep 0.1
	done
}

# Clock ticks (user + system) of the given processes.
ticks() {
	for p in "$@"; do
		# comm may hold spaces: count the fields after its ')'.
		sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null || true
	done | awk '{ s += $12 + $13 } END { print s + 0 }'
}

# Largest VmRSS (KiB) among the workers under one multiwatch.
rss_max_of() {
	for p in $(children "$1"); do
		awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true
	done | sort -n | tail -n 1
}
rss_all() {
	for p in $(children "$1"); do
		awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true
	done | sort -n | tr '\n' ' ' | sed 's/ $//'
}
# memory_of PID: "VmRSS list|largest RssAnon|largest Pss" of its workers, KiB.
memory_of() {
	anon=$(for p in $(children "$1"); do
		awk '/^RssAnon:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true
	done | sort -n | tail -n 1)
	pss=$(for p in $(children "$1"); do
		awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true
	done | sort -n | tail -n 1)
	echo "$(rss_all "$1")|$anon|$pss"
}

# CPU time of the whole machine (all CPUs, ticks), busy and elapsed.
cpu_busy() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}
uptime_ticks() {
	awk -v hz="$HZ" '{ printf "%d\n", $1 * hz }' /proc/uptime
}
# Ticks used by this shell's finished children (`times`, second line),
# i.e. by wrk when read around it.  Not in a subshell: it would read 0.
child_ticks_to() {
	times >"$1"
}
child_ticks_of() {
	awk -v hz="$HZ" 'NR == 2 {
		t = 0
		for (i = 1; i <= 2; i++) {
			v = $i; m = v; sub(/m.*/, "", m); sec = v; sub(/^[0-9]+m/, "", sec); sub(/s$/, "", sec)
			t += m * 60 + sec
		}
		printf "%d\n", t * hz }' "$1"
}

ms() {	# wrk's "850.00us" / "1.23ms" / "1.02s" → milliseconds
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) x = v / 1000; else if (v ~ /ms$/) x = v + 0;
		else if (v ~ /m$/) x = v * 60000; else x = v * 1000;
		printf "%.2f", x }'
}

lines_of() { [ -f "$1" ] && wc -l <"$1" || echo 0; }

# Largest VmRSS seen after any run, over all runs.
rss_pages_max=0
rss_live_max=0

# measure NAME URL [SCRIPT]: warm-up, then the measured run; appends
# "name|req/s|p50|p99|nginx|pages|live|total µs/req|requests|bytes|
#  pages RSS KiB|live RSS KiB" to results.
measure() {
	name=$1 url=$2 script=${3:-}
	set --
	[ -z "$script" ] || set -- -s "$script"
	echo "bench: $name: $url"
	$WRK -d${WARMUP}s "$@" "$url" >"$T/warmup-$name.txt"
	npids="$nginx_pid $(children "$nginx_pid")"
	ppids=$(children "$pages_pid")
	lpids=$(children "$live_pid")
	log0=$(($(lines_of "$T/pages.log") + $(lines_of "$T/live.log")))
	err0=$(grep -c -E '\[(error|crit|alert|emerg)\]' "$T/nginx-error.log" || true)
	n0=$(ticks $npids) p0=$(ticks $ppids) l0=$(ticks $lpids)
	b0=$(cpu_busy) u0=$(uptime_ticks)
	child_ticks_to "$T/times0"
	$WRK -d${DURATION}s --latency "$@" "$url" >"$T/wrk-$name.txt"
	child_ticks_to "$T/times1"
	b1=$(cpu_busy) u1=$(uptime_ticks)
	n1=$(ticks $npids) p1=$(ticks $ppids) l1=$(ticks $lpids)
	w=$(($(child_ticks_of "$T/times1") - $(child_ticks_of "$T/times0")))
	# Everything else the machine did meanwhile, in % of all its CPUs.
	other=$(awk -v b=$((b1 - b0)) -v ours=$((n1 - n0 + p1 - p0 + l1 - l0 + w)) \
	    -v e=$((u1 - u0)) -v c="$(nproc)" 'BEGIN {
		x = (b - ours) / (e * c) * 100; if (x < 0) x = 0; printf "%.0f", x }')
	[ "$(echo $(children "$pages_pid") $(children "$live_pid"))" = "$(echo $ppids $lpids)" ] ||
		echo "bench: warning: a worker was restarted during $name" >&2
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$T/wrk-$name.txt")
	reqs=$(awk '/ requests in / { print $1 }' "$T/wrk-$name.txt")
	p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$T/wrk-$name.txt")")
	p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$T/wrk-$name.txt")")
	# Errors fail the bench; requests still unanswered after wrk's 2 s
	# timeout are a result, reported with the latency.
	if grep -q "Non-2xx" "$T/wrk-$name.txt" "$T/warmup-$name.txt" ||
	    grep -E "Socket errors" "$T/wrk-$name.txt" "$T/warmup-$name.txt" |
	    grep -q -v "connect 0, read 0, write 0,"; then
		cat "$T/warmup-$name.txt" "$T/wrk-$name.txt" >&2
		fail "$name: wrk saw errors"
	fi
	timeouts=$(awk '/Socket errors/ { print $NF + 0 }' "$T/wrk-$name.txt")
	timeouts=${timeouts:-0}
	[ "$timeouts" -eq 0 ] || echo "bench: $name: $timeouts requests timed out (wrk: 2 s)" >&2
	[ -n "$rps" ] && [ -n "$reqs" ] && [ "$reqs" -gt 0 ] || {
		cat "$T/wrk-$name.txt" >&2
		fail "$name: no requests/sec in wrk's output"
	}
	# With the logs off the workers write only on trouble (busy database,
	# errors); nginx logs failed subrequests.  Either fails the run.
	if [ "$name" != article-logs ]; then
		log1=$(($(lines_of "$T/pages.log") + $(lines_of "$T/live.log")))
		[ "$log1" -eq "$log0" ] || fail "$name: the workers logged $((log1 - log0)) lines during the run"
	fi
	err1=$(grep -c -E '\[(error|crit|alert|emerg)\]' "$T/nginx-error.log" || true)
	[ "$err1" -eq "$err0" ] || fail "$name: nginx logged $((err1 - err0)) errors during the run"
	rss_p=$(rss_max_of "$pages_pid") rss_l=$(rss_max_of "$live_pid")
	[ "$rss_p" -le "$rss_pages_max" ] || rss_pages_max=$rss_p
	[ "$rss_l" -le "$rss_live_max" ] || rss_live_max=$rss_l
	echo "$name|$(memory_of "$pages_pid")|$(memory_of "$live_pid")" >>"$T/rss"
	# (curl's User-Agent is on the bot list: this hit counts nothing.)
	bytes=$(curl -s -o /dev/null -w '%{size_download}' "$url")
	awk -v n="$name" -v rps="$rps" -v p50="$p50" -v p99="$p99" \
	    -v dn=$((n1 - n0)) -v dp=$((p1 - p0)) -v dl=$((l1 - l0)) \
	    -v reqs="$reqs" -v hz="$HZ" -v bytes="$bytes" \
	    -v rp="$rss_p" -v rl="$rss_l" -v dw=$w -v other="$other" -v to="$timeouts" 'BEGIN {
		u = 1e6 / hz / reqs
		if (to > 0) p99 = p99 " (" to " timed out)"
		printf "%s|%.0f|%s|%s|%.0f|%.0f|%.0f|%.0f|%d|%s|%.1f|%.1f|%.0f|%s\n", n, rps,
		    p50, p99, dn * u, dp * u, dl * u, (dn + dp + dl) * u, reqs,
		    bytes, rp / 1024, rl / 1024, dw * u, other }' >>"$T/results"
	tail -n 1 "$T/results" | awk -F'|' '{
		printf "bench:   %s req/s, p50 %s ms, p99 %s ms; CPU µs/req nginx %s, pages %s, live %s (total %s), wrk %s; max VmRSS pages %s MiB, live %s MiB; other load %s%%\n",
		    $2, $3, $4, $5, $6, $7, $8, $13, $11, $12, $14 }'
}

visitors() {
	sqlite3 -readonly "$T/bench.db" "SELECT count(*) FROM visitors"
}

start_group pages BANTIN_ACCESS_LOG=0
start_group live BANTIN_ACCESS_LOG=0
wait_ready
i=0
until [ "$(status_of "http://127.0.0.1:$STATIC_PORT/")" = 403 ] ||
    [ "$(status_of "http://127.0.0.1:$STATIC_PORT/")" = 404 ]; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "nginx did not start"
	sleep 0.1
done

# --- the pages, saved as static files -----------------------------------
S=http://127.0.0.1:$STATIC_PORT
A=http://127.0.0.1:$ALONE_PORT
D=http://127.0.0.1:$PORT
C=http://127.0.0.1:$CACHED_PORT
# Article 1 (the reference article, 4.9 KB of text); a non-canonical URL
# answers 301 to the canonical one.
article=$(curl -s -o /dev/null -w '%{redirect_url}' "$A/x-1.htm")
article=/${article#http://127.0.0.1:$PORT/}
[ "$(status_of "$A$article")" = 200 ] ||
	fail "the article page $article does not answer 200"
grep -qx "$article" "$T/paths.txt" ||
	fail "bench/run.sh builds article paths differently from bantin ($article)"
curl -s -f -o "$T/static/article.html" "$A$article"
curl -s -f -o "$T/static/home.html" "$D/"
curl -s -f -o "$T/article-ssi.html" "$D$article"
# The microcached page is the page alone's bytes, answered by nginx's cache
# once it holds them.
curl -s -f -o "$T/article-cached.html" "$C$article"
cmp -s "$T/article-cached.html" "$T/static/article.html" ||
	fail "the microcached article differs from the page alone"
curl -s -f "$S/open/article.html" | cmp -s - "$T/static/article.html" ||
	fail "$S/open/article.html is not the static article"
[ "$(curl -s -o /dev/null -w '%header{x-cache}' "$C$article")" = HIT ] ||
	fail "the second request for $C$article did not come from nginx's cache"
# The page alone carries the include directives; through the shipped
# configuration they are expanded, without the fragments' error note.
grep -q '<!--# *include virtual="/live/widgets' "$T/static/article.html" &&
    grep -q '<!--# *include virtual="/live/views?article=1"' "$T/static/article.html" ||
	fail "the article page no longer includes /live/widgets and /live/views through SSI"
! grep -q -e '<!--#' -e 'tạm thời không khả dụng' "$T/article-ssi.html" "$T/static/home.html" ||
	fail "the live fragments did not expand (see $T/article-ssi.html)"
# A few of the paths for the "random article" run, as a sanity check.
for p in $(awk 'NR % 997 == 1' "$T/paths.txt"); do
	[ "$(status_of "$A$p")" = 200 ] || fail "$p does not answer 200"
done
cat >"$T/many.lua" <<EOF
-- Each request asks for one of the $(wc -l <"$T/paths.txt") articles at random.
local paths = {}
for line in io.lines("$T/paths.txt") do paths[#paths + 1] = line end
function init(args)
	local f = assert(io.open("/dev/urandom", "rb"))
	local b = f:read(4)
	f:close()
	math.randomseed(b:byte(1) * 16777216 + b:byte(2) * 65536 + b:byte(3) * 256 + b:byte(4))
end
function request()
	return wrk.format("GET", paths[math.random(#paths)])
end
EOF
echo "bench: article $article: $(wc -c <"$T/static/article.html") bytes alone, $(wc -c <"$T/article-ssi.html") with its fragments; home: $(wc -c <"$T/static/home.html") bytes"

# --- the runs -----------------------------------------------------------
# Logs off (nginx access_log off, BANTIN_ACCESS_LOG=0), default page cache.
measure static-article "$S/article.html"
measure cached "$C$article"
measure alone "$A$article"
measure ssi "$D$article"
measure static-home "$S/home.html"
measure home "$D/"
measure many "$A/" "$T/many.lua"

# The counting pixel, a new visitor each time: one write transaction per
# request.  Checked: the visitors table grew by one row per answered hit.
hit_url="$D/live/hit?article=1"
v0=$(visitors)
measure hits "$hit_url" bench/hits.lua
v1=$(visitors)
hits_answered=$(($(awk '/ requests in / { print $1 }' "$T/warmup-hits.txt") +
    $(awk '/ requests in / { print $1 }' "$T/wrk-hits.txt")))
new_visitors=$((v1 - v0))
echo "bench:   $new_visitors new visitors for $hits_answered answered hits"
# wrk counts only the responses it read; up to $CONNS requests per run are
# still in flight when it stops.
[ "$new_visitors" -ge "$hits_answered" ] &&
    [ "$new_visitors" -le $((hits_answered + 2 * CONNS)) ] ||
	fail "hits: expected one new visitor per hit, got $new_visitors for $hits_answered hits"

# (b) again, now that every one of those visitors is "online": the sidebar
# counts them on each page.
measure ssi-online "$D$article"

# The in-process page cache off: every request renders the page.
start_group pages BANTIN_ACCESS_LOG=0 BANTIN_PAGE_CACHE_KB=0
wait_ready
measure alone-nocache "$A$article"

# Both access logs on, written to files (as a deployment would).
cp "$T/nginx-logging.conf" "$T/nginx.conf"
old=$(children "$nginx_pid")
kill -HUP "$nginx_pid"
# Reloaded when every old worker (and cache manager/loader) has gone and
# the new workers run.
old_left() {
	now=" $(echo $(children "$nginx_pid")) "
	for p in $old; do
		case $now in *" $p "*) return 0 ;; esac
	done
	return 1
}
i=0
nginx_workers() {
	n=0
	for p in $(children "$nginx_pid"); do
		! grep -q 'worker process' "/proc/$p/cmdline" 2>/dev/null || n=$((n + 1))
	done
	echo $n
}
while old_left || [ "$(nginx_workers)" -lt 2 ]; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "nginx did not reload"
	sleep 0.1
done
start_group pages BANTIN_ACCESS_LOG=1
wait_ready
measure article-logs "$A$article"
lines=$(grep -c '^bantin[^ ]*: access: ' "$T/pages.log" || true)
[ "$lines" -gt 0 ] || fail "the access-log run wrote no bantin log lines"
[ -s "$T/nginx-access.log" ] || fail "the access-log run wrote no nginx log"

# (f) against (d) again, as adjacent runs: a VM's speed drifts between two
# 10 s runs by more than the difference this bar judges (the static run
# alone moved 30 000-45 000 req/s from bench to bench), so the bar takes
# the median of PAIRS ratios of back-to-back short runs.  Each pair also
# times (d′), the static file with the shipped open_file_cache, for the
# report: what the cache costs over a static file served as well as nginx
# can.
: >"$T/pairs"
for i in $(seq $PAIRS); do
	$WRK -d${PAIR_SECONDS}s "$S/article.html" >"$T/pair-d.txt"
	$WRK -d${PAIR_SECONDS}s "$C$article" >"$T/pair-f.txt"
	$WRK -d${PAIR_SECONDS}s "$S/open/article.html" >"$T/pair-o.txt"
	! grep -q -e "Non-2xx" -e "Socket errors" "$T/pair-d.txt" "$T/pair-f.txt" "$T/pair-o.txt" ||
		fail "the paired (d)/(f)/(d′) runs saw errors"
	awk '/^Requests\/sec:/ { printf "%s ", $2 }' "$T/pair-d.txt" "$T/pair-f.txt" "$T/pair-o.txt" >>"$T/pairs"
	echo >>"$T/pairs"
done
median() {
	tr ' ' '\n' | sort -n |
	    awk '{ r[NR] = $1 } END { printf "%.2f", NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'
}
cached_pairs=$(awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $2 / $1 }' "$T/pairs")
cached_median=$(echo "$cached_pairs" | median)
open_pairs=$(awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $2 / $3 }' "$T/pairs")
open_median=$(echo "$open_pairs" | median)

# --- the report ---------------------------------------------------------
get() {	# get NAME FIELD
	awk -F'|' -v n="$1" -v f="$2" '$1 == n { print $f }' "$T/results"
}
ratio() {
	awk -v a="$(get "$1" 2)" -v b="$(get "$2" 2)" 'BEGIN { printf "%.2f", a / b }'
}
# The same ratio as the CPU per request (servers + wrk) predicts it on a
# machine that does nothing else: independent of the other load.
cpu_ratio() {
	awk -v a="$(get "$1" 8)" -v aw="$(get "$1" 13)" -v b="$(get "$2" 8)" -v bw="$(get "$2" 13)" \
	    'BEGIN { printf "%.2f", (b + bw) / (a + aw) }'
}
why() {	# why A B: the note after a ratio bar
	echo "by CPU per request, counting wrk: $(cpu_ratio "$1" "$2"); other load $(get "$1" 14) % during $1, $(get "$2" 14) % during $2"
}
label() {
	case $1 in
	static-article) echo "(d) article, static file" ;;
	static-home) echo "(d) home, static file" ;;
	alone) echo "(a) article, page alone (SSI off)" ;;
	cached) echo "(f) article microcached: nginx 1 s cache, SSI off" ;;
	ssi) echo "(b) article as shipped: nginx 1 s cache + SSI fragments" ;;
	home) echo "(c) home as shipped: nginx 1 s cache + SSI fragment" ;;
	many) echo "(a′) random article of $articles, page alone" ;;
	hits) echo "(e) /live/hit?article=1, new visitor each" ;;
	ssi-online) echo "(b′) = (b) with the $v1 visitors of (e) online" ;;
	alone-nocache) echo "(a″) = (a) with the page cache off" ;;
	article-logs) echo "(a‴) = (a) with both access logs on" ;;
	esac
}
base() {
	case $1 in
	static-*|hits) echo - ;;
	*home*) echo static-home ;;
	*) echo static-article ;;
	esac
}

runs="static-article cached alone ssi static-home home many hits ssi-online alone-nocache article-logs"
table="$T/table.md"
{
	echo "| run | bytes | req/s | p50 ms | p99 ms | CPU µs/req nginx | pages | live | total | max VmRSS MiB page worker | live worker | × static | other load |"
	echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
	for n in $runs; do
		b=$(base "$n")
		if [ "$b" = - ]; then r=–; else r=$(ratio "$n" "$b"); fi
		awk -F'|' -v n="$n" -v l="$(label "$n")" -v r="$r" '$1 == n {
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s %% |\n",
			    l, $10, $2, $3, $4, $5, $6, $7, $8, $11, $12, r, $14 }' "$T/results"
	done
} >"$table"

rss_table="$T/rss.md"
{
	echo "| after | 4 × bantin.fcgi VmRSS, KiB | max RssAnon | max Pss | 4 × bantin-live.fcgi VmRSS, KiB | max RssAnon | max Pss |"
	echo "|---|---|--:|--:|---|--:|--:|"
	while IFS='|' read -r n rest; do
		echo "$(label "$n")|$rest"
	done <"$T/rss" |
	    awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }'
} >"$rss_table"

alone_ratio=$(ratio alone static-article)
cached_ratio=$(ratio cached static-article)
ssi_static_ratio=$(ratio ssi static-article)
ssi_ratio=$(ratio ssi alone)
today=$(date -u +%Y-%m-%d)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(($(date +%s) - t_start))
echo
echo "bantin bench, $today: $machine"
echo "$versions; wrk -t2 -c$CONNS, ${WARMUP} s warm-up + ${DURATION} s per run, 127.0.0.1"
echo
cat "$table"
echo
cat "$rss_table"
echo

status=0
bars="$T/bars"
: >"$bars"
bar() {	# bar OK TEXT…
	if [ "$1" = 1 ]; then v=PASS; else v=FAIL; status=1; fi
	shift
	echo "$v: $*" | tee -a "$bars"
}
bar "$(awk -v r="$alone_ratio" -v m=$RATIO_MIN 'BEGIN { print (r >= m) }')" \
    "(a) page alone / (d) static article = ${alone_ratio}, at least ${RATIO_MIN} ($(why alone static-article))"
bar "$([ "$rss_pages_max" -le $RSS_MAX_KB ] && echo 1 || echo 0)" \
    "largest bantin.fcgi VmRSS after any run = $(awk -v k="$rss_pages_max" 'BEGIN { printf "%.1f", k / 1024 }') MiB, at most $((RSS_MAX_KB / 1024)) MiB"
bar "$(awk -v r="$ssi_ratio" -v m=$SSI_MIN 'BEGIN { print (r >= m) }')" \
    "(b) page + live fragments / (a) page alone = ${ssi_ratio}, at least ${SSI_MIN} ($(why ssi alone))"
tail_of() {	# tail_of RUN: its p99 / p50
	awk -v a="$(get "$1" 4)" -v b="$(get "$1" 3)" \
	    'BEGIN { printf "%.1f", a / b }'
}
ssi_p50=$(get ssi 3)
ssi_p99=$(get ssi 4)
ssi_tail_ok=$(awk -v a="$ssi_p99" -v b="$ssi_p50" -v m=$TAIL_MAX \
    'BEGIN { print (a !~ /timed out/ && a + 0 <= m * b) }')
bar "$ssi_tail_ok" \
    "(b) article as shipped: p99 ${ssi_p99} ms, at most ${TAIL_MAX} ×" \
    "its p50 ${ssi_p50} ms (× $(tail_of ssi), the same ${DURATION} s run" \
    "as its throughput; other load $(get ssi 14) %; (d) static article:" \
    "× $(tail_of static-article), other load $(get static-article 14) %)"
bar "$(awk -v r="$cached_median" -v m=$CACHED_MIN 'BEGIN { print (r >= m) }')" \
    "(f) microcached article / (d) static article = ${cached_median}, at least ${CACHED_MIN} (median of $PAIRS back-to-back ${PAIR_SECONDS} s pairs: ${cached_pairs}; the 10 s runs above: ${cached_ratio}, $(why cached static-article)); with its live fragments expanded, (b) / (d) = ${ssi_static_ratio}"
echo "info: (f) microcached article / (d′) static article with open_file_cache = ${open_median} (median of the same pairs: ${open_pairs})" | tee -a "$bars"
echo "bench: whole run ${elapsed} s; load average $load_start at start, $load_end at end"

if [ -n "${BENCH_UPDATE_DOC:-}" ]; then
	doc=docs/PERFORMANCE.md
	grep -q '^<!-- bench:begin -->$' "$doc" && grep -q '^<!-- bench:end -->$' "$doc" ||
		fail "$doc has no <!-- bench:begin --> / <!-- bench:end --> markers"
	{
		echo "Measured $today by \`bench/run.sh\` (\`make bench\`) on bantin $rev;"
		echo "$machine;"
		echo "$versions; \`wrk -t2 -c$CONNS -d${DURATION}s --latency\` after a ${WARMUP} s warm-up."
		echo "Load average $load_start at start, $load_end at end; the whole bench took ${elapsed} s."
		echo
		cat "$table"
		echo
		cat "$rss_table"
		echo
		sed 's/^/    /' "$bars"
	} >"$T/block"
	awk -v block="$T/block" '
		/^<!-- bench:end -->$/ { skip = 0 }
		!skip { print }
		/^<!-- bench:begin -->$/ {
			while ((getline line < block) > 0) print line
			skip = 1
		}' "$doc" >"$T/doc" && cat "$T/doc" >"$doc"
	echo "bench: figures written to $doc"
fi
exit $status
