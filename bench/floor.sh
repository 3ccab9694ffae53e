#!/bin/sh
# make bench-floor: what nginx + libfcgi can do at best on this machine,
# the ceiling of make bench's (a) page alone (issue 15, goal 4), beside
# nginx serving the same bytes as a static file.  Not part of `make test`;
# about 3 minutes.
#
#   make bench-floor                (or: BUILD=build sh bench/floor.sh)
#   BENCH_DURATION=10 BENCH_ROUNDS=3 make bench-floor
#
# In one mktemp -d directory, on 127.0.0.1 (BENCH_PORT, BENCH_ALONE_PORT,
# BENCH_STATIC_PORT, BENCH_CACHED_PORT, the ports of bench/run.sh):
#   1. the sample database (schema.sql + db/sample.sql) and article 1's
#      page as bantin.fcgi writes it under plain CGI, head and body;
#   2. nginx inside Debian's nginx.conf with the shipped site file
#      (deploy/nginx/bantin.conf) as bench/run.sh makes it: its server
#      block with SSI off and without nginx's page cache (the page alone,
#      (a)), the same with its page cache ((f), microcached), the shipped
#      server block itself ((b), SSI on, the live fragments from 4 ×
#      bantin-live.fcgi behind live.sock) and a static root holding the
#      page's body ((d));
#   3. behind pages.sock, one after the other (BENCH_ROWS, by default
#      "pages floor-1 cached floor-2 floor-4"), spawn-fcgi + multiwatch
#      with 4 processes of: bantin.fcgi, the page worker, from its page
#      cache (pages: (a)) or with it off (render: (a″), the sample's
#      article rendered every time); bench-floor (bench/floor.c: those
#      bytes from memory, no handler) in N threads each, FCGX_Accept_r in
#      each (floor-N); "cached" is (f) and "ssi" (b), nginx's cache in
#      front of whichever ran last;
#   4. BENCH_ROUNDS rounds (2) of: wrk -t2 -c32 on the static file, then
#      at once on the row (2 s warm-up each, BENCH_DURATION s measured,
#      5); each row's ratio to static is the median of its rounds'.  CPU
#      per request from /proc: nginx (master and workers), the 4 processes
#      behind pages.sock, wrk; "other load" as in bench/run.sh; requests
#      over wrk's 2 s timeout are counted, not errors.
# Exits 2 when the bench could not run; there is no bar: the figures go
# to docs/PERFORMANCE.md ("The floor under a page").
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac

PORT=${BENCH_PORT:-18280}
ALONE_PORT=${BENCH_ALONE_PORT:-18281}
STATIC_PORT=${BENCH_STATIC_PORT:-18282}
CACHED_PORT=${BENCH_CACHED_PORT:-18283}
KEEP_PORT=${BENCH_KEEP_PORT:-18284}
DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-2}
ROWS=${BENCH_ROWS:-pages floor-1 cached floor-2 floor-4}
WARMUP=2
WRK="wrk -t2 -c32"
WORKERS=4
HZ=$(getconf CLK_TCK)
me=floor
. bench/lib.sh

for tool in wrk nginx spawn-fcgi multiwatch curl sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "floor: $tool is missing (sh tests/deps.sh bench)" >&2
		exit 2
	}
done
for f in bantin.fcgi bantin-live.fcgi bantin-admin bench-floor; do
	[ -x "$BUILD/$f" ] ||
		{ echo "floor: $BUILD/$f is missing (make)" >&2; exit 2; }
done
for n in "$DURATION" "$ROUNDS"; do
	case $n in ''|*[!0-9]*|0)
		echo "floor: BENCH_DURATION and BENCH_ROUNDS are counts" >&2
		exit 2 ;;
	esac
done
# Other programs on this machine may use ports: refuse rather than measure
# someone else's server.
ports_free $PORT $ALONE_PORT $STATIC_PORT $CACHED_PORT $KEEP_PORT

T=$(mktemp -d /tmp/bantin-floor.XXXXXX)
chmod 711 "$T"
nginx_pid=
pages_pid=
live_pid=
cleanup() {
	[ -z "$pages_pid" ] || stop_pid "$pages_pid"
	[ -z "$live_pid" ] || stop_pid "$live_pid"
	[ -z "$nginx_pid" ] || stop_pid "$nginx_pid"
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir "$T/bin" "$T/cache"
mkdir -m 755 "$T/static"
for f in bantin.fcgi bantin-live.fcgi bantin-admin bench-floor; do
	cp "$BUILD/$f" "$T/bin/"
done
cp -R www "$T/www"
chmod -R a+rX "$T/www"
sock_group=
[ "$(id -u)" -ne 0 ] || sock_group="-G www-data"

# --- the page -----------------------------------------------------------
export BANTIN_DB="$T/bench.db" BANTIN_WWW="$T/www" BANTIN_ACCESS_LOG=0 \
    BANTIN_BASE_URL="http://127.0.0.1:$ALONE_PORT"
BANTIN_SCHEMA=schema.sql "$T/bin/bantin-admin" create db/sample.sql \
    >"$T/create.log" 2>&1 || fail "creating the database failed"
article=$(sqlite3 -readonly "$T/bench.db" "SELECT '/' || c.slug || '/' ||
    a.slug || '-' || a.id || '.htm' FROM articles a
    JOIN categories c ON c.id = a.category_id WHERE a.id = 1")
REQUEST_METHOD=GET REQUEST_URI=$article "$T/bin/bantin.fcgi" \
    >"$T/page.cgi" 2>"$T/cgi.log"
head -n 1 "$T/page.cgi" | grep -q '^Status: 200 ' ||
	fail "bantin.fcgi did not answer $article with 200 under CGI"

# --- nginx --------------------------------------------------------------
shipped=deploy/nginx/bantin.conf
{
	paths_sed -e "s|listen 80;|listen 127.0.0.1:$PORT;|" "$shipped"
	cached_servers "$shipped" "$CACHED_PORT"
	alone_server "$shipped" "$ALONE_PORT"
	printf 'server {\n    listen 127.0.0.1:%s;\n    root %s;\n}\n' \
	    "$STATIC_PORT" "$T/static"
	# The page alone again, over connections nginx keeps (floor-keep).
	printf 'upstream bantin_pages_kept {\n    server unix:%s;\n' \
	    "$T/pages.sock"
	printf '    keepalive 16;\n}\n'
	alone_server "$shipped" "$KEEP_PORT" | sed -e \
	    's|fastcgi_pass bantin_pages;|fastcgi_pass bantin_pages_kept; fastcgi_keep_conn on;|'
} >"$T/site.conf"
[ "$(grep -c "listen 127.0.0.1:" "$T/site.conf")" -eq 5 ] &&
    grep -q 'fastcgi_keep_conn on;' "$T/site.conf" &&
    [ "$(grep -c 'proxy_cache bantin_pages;' "$T/site.conf")" -ge 2 ] &&
    grep -q 'ssi on;' "$T/site.conf" ||
	fail "$shipped changed shape; adjust bench/floor.sh"
sh tests/integration/nginx-debian.sh "$T" off ||
	fail "could not make Debian's nginx.conf into the bench's"
nginx -t -q -e "$T/nginx-error.log" -c "$T/nginx.conf" -p "$T" \
    2>"$T/nginx-t.log" || fail "nginx -t rejected the configuration"
nginx -e "$T/nginx-error.log" -c "$T/nginx.conf" -p "$T" &
nginx_pid=$!

status_of() {
	curl -s -o /dev/null -w '%{http_code}' "$1" || echo 000
}

# start_pages PROGRAM ARG…: 4 processes of it behind pages.sock.
start_pages() {
	[ -z "$pages_pid" ] || stop_pid "$pages_pid"
	rm -f "$T/pages.sock"
	spawn-fcgi -n -s "$T/pages.sock" -M 0660 $sock_group -- \
	    /usr/bin/multiwatch -f $WORKERS -- "$@" 2>>"$T/pages.log" &
	pages_pid=$!
	i=0
	until [ "$(children "$pages_pid" | wc -w)" -eq $WORKERS ] &&
	    [ "$(status_of "http://127.0.0.1:$ALONE_PORT$article")" = 200 ]
	do
		i=$((i + 1))
		[ $i -le 100 ] || fail "$* did not start behind pages.sock"
		sleep 0.1
	done
}

# The live fragments of (b), from the sample database.
spawn-fcgi -n -s "$T/live.sock" -M 0660 $sock_group -- \
    /usr/bin/multiwatch -f $WORKERS -- "$T/bin/bantin-live.fcgi" \
    2>>"$T/live.log" &
live_pid=$!

# --- the runs -----------------------------------------------------------
# One run: "name|round|req/s|requests|p50|p99|nginx|pages|wrk ticks|other
# load %|timeouts"
run() {
	name=$1 url=$2
	$WRK -d${WARMUP}s "$url" >"$T/warmup.txt"
	npids="$nginx_pid $(children "$nginx_pid")"
	ppids=$(children "$pages_pid")
	n0=$(ticks $npids) p0=$(ticks $ppids) b0=$(cpu_busy) u0=$(uptime_ticks)
	child_ticks_to "$T/times0"
	$WRK -d${DURATION}s --latency "$url" >"$T/wrk.txt"
	child_ticks_to "$T/times1"
	b1=$(cpu_busy) u1=$(uptime_ticks) n1=$(ticks $npids) p1=$(ticks $ppids)
	# Requests over wrk's 2 s timeout are a result (the p99 says so);
	# any other error is not.
	! grep -q Non-2xx "$T/warmup.txt" "$T/wrk.txt" &&
	    ! grep -h 'Socket errors' "$T/warmup.txt" "$T/wrk.txt" |
	    grep -q -v 'connect 0, read 0, write 0,' ||
		{ cat "$T/warmup.txt" "$T/wrk.txt" >&2
		fail "$name: wrk saw errors"; }
	w=$(($(child_ticks_of "$T/times1") - $(child_ticks_of "$T/times0")))
	awk -v n="$name" -v r="$round" -v dn=$((n1 - n0)) -v dp=$((p1 - p0)) \
	    -v dw=$w -v b=$((b1 - b0)) -v e=$((u1 - u0)) -v c="$(nproc)" \
	    -v p50="$(ms "$(awk '$1 == "50%" { print $2 }' "$T/wrk.txt")")" \
	    -v p99="$(ms "$(awk '$1 == "99%" { print $2 }' "$T/wrk.txt")")" '
	    /^Requests\/sec:/ { rps = $2 } / requests in / { reqs = $1 }
	    /Socket errors/ { to = $NF + 0 }
	    END {
		o = (b - dn - dp - dw) / (e * c) * 100
		printf "%s|%s|%.0f|%d|%s|%s|%d|%d|%d|%.0f|%d\n", n, r, rps,
		    reqs, p50, p99, dn, dp, dw, o < 0 ? 0 : o, to }' "$T/wrk.txt" \
	    >>"$T/results"
	tail -n 1 "$T/results" | awk -F'|' '{ printf "floor: %s, round %s:" \
	    " %s req/s, p50 %s ms, p99 %s ms (%s timed out), other load" \
	    " %s %%\n", $1, $2, $3, $5, $6, $11, $10 }'
}

A=http://127.0.0.1:$ALONE_PORT$article
C=http://127.0.0.1:$CACHED_PORT$article
# The page alone, saved as the static file; every responder must answer
# the very bytes through the same location.
start_pages "$T/bin/bantin.fcgi"
curl -s -f -o "$T/static/article.html" "$A"
chmod 644 "$T/static/article.html"
: >"$T/results"
round=0
while [ $round -lt "$ROUNDS" ]; do
	round=$((round + 1))
	for row in $ROWS; do
		case $row in
		pages) start_pages "$T/bin/bantin.fcgi" ;;
		render) start_pages /usr/bin/env BANTIN_PAGE_CACHE_KB=0 \
		    "$T/bin/bantin.fcgi" ;;
		floor-*) start_pages "$T/bin/bench-floor" "$T/page.cgi" \
		    "${row#floor-}" ;;
		cached|ssi)	# Kept from its second request on.
			curl -s -f -o /dev/null "$C"
			curl -s -f -o /dev/null "$C"
			[ "$(curl -s -o /dev/null -w '%header{x-cache}' "$C")" = HIT ] ||
				fail "$C did not come from nginx's cache" ;;
		*) fail "BENCH_ROWS: no row $row" ;;
		esac
		page=$A
		[ "$row" != cached ] || page=$C
		[ "$row" != floor-keep ] ||
			page=http://127.0.0.1:$KEEP_PORT$article
		if [ "$row" = ssi ]; then
			page=http://127.0.0.1:$PORT$article
			# Its fragments expanded, without their error note.
			! curl -s -f "$page" |
			    grep -q -e '<!--#' -e 'tạm thời không khả dụng' ||
				fail "ssi: the live fragments did not expand"
		elif ! curl -s -f "$page" |
		    cmp -s - "$T/static/article.html"; then
			fail "$row: the page is not the page alone's"
		fi
		run "static-$row" "http://127.0.0.1:$STATIC_PORT/article.html"
		run "$row" "$page"
	done
done

# --- the report ---------------------------------------------------------
label() {
	case $1 in
	pages) echo "(a) page alone: $WORKERS × bantin.fcgi, from its page cache" ;;
	render) echo "(a″) the same, page cache off: rendered every time" ;;
	floor-1) echo "floor: $WORKERS × bench-floor, one thread each" ;;
	floor-keep) echo "floor: $WORKERS × bench-floor keep, connections kept (fastcgi_keep_conn on, keepalive 16)" ;;
	floor-*) echo "floor: $WORKERS × bench-floor, ${1#floor-} threads each" ;;
	cached) echo "(f) microcached: nginx's 1 s cache, SSI off" ;;
	ssi) echo "(b) as shipped: nginx's 1 s cache + SSI fragments" ;;
	esac
}
bytes=$(wc -c <"$T/static/article.html")
echo
rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
echo "bench-floor, $(date -u +%Y-%m-%d), bantin $rev:" \
    "article 1 of db/sample.sql, $bytes bytes;" \
    "$ROUNDS rounds of $WRK, ${DURATION} s (after ${WARMUP} s)," \
    "each row right after (d) the static file; load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg) at end"
echo
echo "| row | req/s | × static (per round) | p99 ms | CPU µs/req nginx" \
    "| behind pages.sock | wrk | (d) static: req/s, nginx µs/req" \
    "| other load | timeouts |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
for name in $ROWS; do
	awk -F'|' -v n="$name" -v l="$(label "$name")" -v hz="$HZ" '
	function med(v, k,   i, j, t) {
		for (i = 1; i <= k; i++)
			for (j = i + 1; j <= k; j++)
				if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
	}
	$1 == "static-" n { s[$2] = $3; sn += $7; sq += $4; srps[++ks] = $3 }
	$1 == n {
		k++; rps[k] = $3; r[k] = $3 / s[$2]; p99[k] = $6
		rs = rs (k > 1 ? " " : "") sprintf("%.2f", r[k])
		dn += $7; dp += $8; dw += $9; q += $4
		o = o (k > 1 ? ", " : "") $10
		to += $11
	}
	END {
		u = 1e6 / hz
		printf "| %s | %.0f | %.2f (%s) | %.2f | %.1f | %.1f | %.1f " \
		    "| %.0f, %.1f | %s %% | %d |\n",
		    l, med(rps, k), med(r, k), rs, med(p99, k), dn * u / q,
		    dp * u / q, dw * u / q, med(srps, ks), sn * u / sq, o, to
	}' "$T/results"
done
