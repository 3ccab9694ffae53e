#!/bin/bash
# The operator's path, as the documents say it.  Run by `make test` as
# root.  Every block marked ```sh operator in docs/OPERATIONS.md,
# deploy/systemd/README.md and deploy/apache/README.md is run, in the
# order of each document, on a scratch root: private mount, PID and
# network namespaces (unshare) in which /etc, /var and /usr/local are
# overlays over the machine's (so useradd, make install, nginx's sites
# and the database all land in a scratch directory), /run is empty, and
# port 80 is free.  No systemd runs there: tests/operator/systemctl
# stands in for it, from the unit files the documents install.
#
#   1. docs/OPERATIONS.md: the install (packages, make install, the user,
#      the configuration, the database, the systemd units, nginx), then
#      backup, a dry run with its preview, restore, migrate, the nightly
#      backup timer, a snapshot, Redis (Debian's redis-server@.service
#      with deploy/redis/bantin.conf) and the live figures moved there and
#      back.  Checked: nginx serves bantin's pages (also for another Host:
#      Debian's default site is gone) and live parts, with base_url and
#      site_name from the configuration; the preview holds the example's
#      article, which the site does not; the backups, the snapshot and the
#      live exports exist, 0600, the user's; Redis has no TCP port and its
#      append-only file, and holds the figures it was given, which SQLite
#      holds again.
#   2. deploy/systemd/README.md: the systemd units stopped, the
#      spawn-fcgi recipe with its log files: nginx serves again; the log
#      lines carry the time; logrotate rotates them (copytruncate) and
#      the workers go on writing into the emptied file.
#   3. deploy/apache/README.md, FastCGI: nginx stopped, Apache on port
#      80 in front of the same workers.  Then plain CGI: the workers
#      stopped, Apache runs the programs itself.
#
# A block of a document that is not run fails the test, so none can be
# added without being run.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
DOCS="docs/OPERATIONS.md deploy/systemd/README.md deploy/apache/README.md"

if [ "${1:-}" != --inside ]; then
	S=$(mktemp -d /tmp/bantin-operator.XXXXXX)
	trap 'rm -rf "$S"' EXIT INT TERM
	# Each block of each document becomes $S/blocks/<doc>.<n>.sh.
	mkdir "$S/blocks"
	for doc in $DOCS; do
		awk -v out="$S/blocks/$(echo "$doc" | tr / _)" -v doc="$doc" '
		/^```sh operator$/ {
			n++; f = out "." sprintf("%02d", n) ".sh"
			printf "# %s:%d\n", doc, NR + 1 >f
			next
		}
		f != "" && /^```$/ { close(f); f = ""; next }
		f != "" { print >f }' "$doc"
	done
	unshare --mount --propagation private --pid --fork --mount-proc \
	    --net bash "$0" --inside "$S"
	echo "operator: the documented install works"
	exit 0
fi

# --- inside the namespaces -----------------------------------------------
S=$2
ip link set lo up
for d in etc var usr/local; do
	n=$(echo "$d" | tr / _)
	mkdir -p "$S/$n.up" "$S/$n.work"
	mount -t overlay overlay \
	    -o "lowerdir=/$d,upperdir=$S/$n.up,workdir=$S/$n.work" "/$d"
done
mount -t tmpfs tmpfs /run
mkdir -m 1777 /run/lock		# as at boot (systemd-tmpfiles)
# An operator's environment: root's PATH, nothing of make test's.
unset BUILD SAN PORT BANTIN_DB MAKEFLAGS MAKELEVEL MFLAGS
PATH=$top/tests/operator:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin
export PATH=$PATH:/sbin:/bin
export SHIM_STATE=/run/systemctl-shim LANG=C.UTF-8

ran=0
# The end of every log there is, for a failure's message.
fail() {
	echo "FAIL: $*" >&2
	for f in /var/log/nginx/error.log /var/log/apache2/error.log \
	    /var/log/bantin/*.log "$SHIM_STATE"/*.log; do
		[ -s "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }
	done
	exit 1
}
# block DOC N: runs the Nth block of DOC from the source tree, as bash -e.
block() {
	f=$S/blocks/$(echo "$1" | tr / _).$(printf %02d "$2").sh
	[ -f "$f" ] || fail "$1 has no block $2"
	echo "== $(head -n 1 "$f" | cut -c3-)"
	(cd "$top" && bash -ex "$f") || fail "$(head -n 1 "$f" | cut -c3-)"
	ran=$((ran + 1))
}
blocks() {
	for f in "$S/blocks/$(echo "$1" | tr / _)".*.sh; do
		n=${f%.sh}
		block "$1" "$((10#${n##*.}))"
	done
}
# get URL [CURL OPTIONS]: the body; fails unless the status is 2xx.
get() { curl -fsS --max-time 20 "$@"; }
wait_for() {
	for _ in $(seq 200); do
		if eval "$1" >/dev/null 2>&1; then return 0; fi
		sleep 0.1
	done
	fail "timed out: $1"
}
site_checks() {
	home=$(get "http://127.0.0.1/") || fail "$1: / is not 2xx"
	case $home in *"Tin tức Ví Dụ"*) ;; *)
		fail "$1: / lacks the configured site_name" ;; esac
	case $home in *'rel="canonical" href="https://tin.example.vn/"'*) ;; *)
		fail "$1: the canonical link is not base_url" ;; esac
	other=$(get -H "Host: another.example" "http://127.0.0.1/") ||
	    fail "$1: / for another Host is not 2xx"
	case $other in *"Tin tức Ví Dụ"*) ;; *)
		fail "$1: another Host gets a default site, not bantin" ;; esac
	case $(get "http://127.0.0.1/live/stats.json") in
	'{"guests":'*) ;; *) fail "$1: /live/stats.json" ;; esac
	get -o /dev/null "http://127.0.0.1/thoi-su/" || fail "$1: a section"
	echo "== $1: pages, live parts, base_url and site_name: ok"
}

# --- 1. docs/OPERATIONS.md: install and maintenance, systemd + nginx -----
blocks docs/OPERATIONS.md
site_checks "systemd + nginx"
[ "$(stat -c %U /var/lib/bantin/bantin.db)" = bantin ] ||
    fail "the database is not the bantin user's"
[ -d /var/cache/nginx/bantin ] || fail "nginx made no page cache"
# The composing server's socket is in a folder of nginx's user alone.  A
# killed nginx leaves it, cannot bind it again, and starts once the
# drop-in's ExecStartPre (what systemd runs first) has removed it.
[ "$(stat -c '%U %a' /var/cache/nginx/bantin-compose)" = "www-data 700" ] ||
    fail "the composing server's folder is not nginx's alone"
master=$(cat /run/nginx.pid)
kill -KILL "$master" $(pgrep -P "$master")
wait_for "! pidof nginx"
[ -S /var/cache/nginx/bantin-compose/pages.sock ] ||
    fail "a killed nginx left no socket: nothing to check"
nginx 2>/dev/null && fail "nginx started over the socket a kill left"
sed -n 's/^ExecStartPre=//p' /etc/systemd/system/nginx.service.d/bantin.conf |
    sh -ex
systemctl start nginx
site_checks "nginx started again after a kill"
# The dry run of db/examples/add-article.sql rendered its article, which
# the site never showed.
[ -s /var/tmp/preview/index.html ] || fail "the dry run wrote no preview"
ls /var/tmp/preview/_thoi-su_ha-noi-khai-truong-tuyen-xe-buyt-dien-*.htm.html \
    >/dev/null || fail "the preview lacks the example's article"
get "http://127.0.0.1/thoi-su/" | grep -q 'xe buýt điện nối sân bay' &&
    fail "the dry run's article reached the site"
nightly=$(ls /var/backups/bantin/bantin-2*-*.db 2>/dev/null | head -n 1)
[ -n "$nightly" ] || fail "the backup timer's service wrote no backup"
for f in /var/backups/bantin/bantin-20261126.db "$nightly" \
    /var/lib/bantin/snapshot/bantin.db /var/lib/bantin/live-from-sqlite.db \
    /var/lib/bantin/live-from-redis.db; do
	[ "$(stat -c '%U %a' "$f")" = "bantin 600" ] ||
	    fail "$f is $(stat -c '%U %a' "$f"), not bantin 600"
done
[ "$(stat -c '%U %G %a' /var/lib/bantin/snapshot)" = "bantin www-data 2750" ] ||
    fail "the snapshot folder is not as SCALING.md's publish needs it"
# nginx (www-data) serves the pictures and the published snapshots from
# folders inside /var/lib/bantin: it must be able to enter them.
for d in /var/lib/bantin/snapshot /var/lib/bantin/img; do
	runuser -u www-data -- test -x "$d" ||
	    fail "nginx (www-data) cannot enter $d"
done
redis() { redis-cli -s /run/redis-bantin/redis-server.sock "$@"; }
[ "$(redis CONFIG GET port | tail -n 1)" = 0 ] ||
    fail "bantin's Redis listens on a TCP port"
[ "$(redis CONFIG GET appendonly | tail -n 1)" = yes ] ||
    fail "bantin's Redis keeps no append-only file"
redis INFO persistence | grep -q '^aof_last_write_status:ok' ||
    fail "bantin's Redis cannot write its append-only file"
views="SELECT sum(view_count) FROM articles"
sum_views() { awk 'NR % 2 == 0 { s += $1 } END { print s }'; }
[ "$(redis GET bantin:total_visits)" = 88619428 ] &&
    [ "$(redis ZRANGE bantin:views 0 -1 WITHSCORES | sum_views)" = \
    "$(sqlite3 /var/lib/bantin/bantin.db "$views")" ] ||
    fail "Redis does not hold the figures moved there"
case $(get "http://127.0.0.1/live/stats.json") in
*'"total_visits":88619428,'*) ;;
*) fail "back on SQLite, the total visits are not 88619428" ;; esac
echo "== snapshot, Redis, the live figures there and back: ok"

# --- 2. deploy/systemd/README.md: spawn-fcgi, log files, logrotate -------
systemctl stop bantin-pages.socket bantin-pages.service \
    bantin-live.socket bantin-live.service
blocks deploy/systemd/README.md
wait_for "[ -S /run/bantin/pages.sock ] && [ -S /run/bantin/live.sock ]"
wait_for "get -o /dev/null http://127.0.0.1/live/stats.json"
site_checks "spawn-fcgi + nginx"
# nginx may answer all of those from its page cache: a path never asked
# before reaches the workers, whose every answer is logged.
curl -s -o /dev/null --max-time 20 "http://127.0.0.1/operator-$$-$(date +%s)"
stamp='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z '
grep -Eq "${stamp}bantin\.fcgi: access: " /var/log/bantin/pages.log ||
    fail "pages.log has no time-stamped access line"
grep 'bantin\.fcgi: ' /var/log/bantin/pages.log | grep -Evq "$stamp" &&
    fail "pages.log has a line of bantin.fcgi without the time"
logrotate -f /etc/logrotate.d/bantin
[ -s /var/log/bantin/pages.log.1 ] || fail "logrotate did not rotate"
get -o /dev/null "http://127.0.0.1/tim-kiem?q=sau+logrotate"
wait_for "grep -q 'GET \"/tim-kiem?q=\*\"' /var/log/bantin/pages.log"
[ "$(tr -dc '\000' </var/log/bantin/pages.log | wc -c)" -eq 0 ] ||
    fail "pages.log holds NUL bytes after copytruncate"
echo "== logs: time-stamped, rotated, written on: ok"

# --- 3. deploy/apache/README.md: Apache, FastCGI then plain CGI ---------
nginx -s quit
wait_for "! pidof nginx"
block deploy/apache/README.md 1
site_checks "Apache + FastCGI"
# shellcheck disable=SC2046
kill $(pidof multiwatch)
wait_for "! pidof bantin.fcgi bantin-live.fcgi"
block deploy/apache/README.md 2
site_checks "Apache + plain CGI"

want=$(ls "$S/blocks" | wc -l)
[ "$ran" -eq "$want" ] || fail "$ran of the documents' $want blocks ran"
echo "== all $ran blocks of $DOCS ran"
