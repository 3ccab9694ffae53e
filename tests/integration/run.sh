#!/bin/sh
# Integration tests: the real binaries behind real servers on loopback.
#
#   the dev server (libmicrohttpd)            http://127.0.0.1:$DEV_PORT
#   nginx → spawn-fcgi + multiwatch (4 × bantin.fcgi) on a Unix socket
#                                             http://127.0.0.1:$NGINX_PORT
#   Apache → mod_proxy_fcgi → its own spawn-fcgi + multiwatch workers
#                                             http://127.0.0.1:$APACHE_PORT
#   Apache → mod_cgid, one process per request (plain CGI)
#                                             http://127.0.0.1:$CGI_PORT
#
# Each gets its own database built from schema.sql + db/sample.sql +
# tests/integration/fixtures.sql.  The Python suites run against each
# (bantin_http.run()), then the browser checks run.  Any sanitizer report
# in a server log fails the run.
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
export BUILD

T=$(mktemp -d /tmp/bantin-it.XXXXXX)
# nginx's and Apache's workers run as www-data and must reach the sockets
# in here.
chmod 711 "$T"
export T
DEV_PORT=${DEV_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
# By default the two ports after the others (18082, 18083), so that a
# run given only DEV_PORT and NGINX_PORT stays in their range.
top_port=$((DEV_PORT > NGINX_PORT ? DEV_PORT : NGINX_PORT))
APACHE_PORT=${APACHE_PORT:-$((top_port + 1))}
CGI_PORT=${CGI_PORT:-$((top_port + 2))}
pids=

cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	# multiwatch forwards the signal; give workers a moment to exit and
	# LeakSanitizer to report.
	sleep 1
	for p in $pids; do kill -9 "$p" 2>/dev/null || true; done
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM

# allocator_may_return_null: an impossible malloc returns NULL, as glibc's
# does, so that bantin's out-of-memory paths run as in production rather
# than being an AddressSanitizer report.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# The sample's pictures, which db/sample.sql names (made into www/img
# before www/ is copied).
${MAKE:-make} --no-print-directory -s BUILD="$BUILD" pictures
# A copy of www/, so that tests may plant files in it (test_server.py).
cp -R "$top/www" "$T/www"
export BANTIN_WWW="$T/www"
export BANTIN_BOTS="$top/deploy/bots.txt"

# One database per server, so tests that write through one do not race.
# Under plain CGI the live program runs as www-data and writes its
# database and the WAL files beside it: they live in a directory of its
# own, $T/cgi.db pointing there for the tests.
mkdir -m 700 "$T/cgi-data" "$T/apache"
chmod 711 "$T/apache"
chown www-data "$T/cgi-data"
for name in dev nginx apache cgi-data/bantin; do
	BANTIN_DB=$T/$name.db BANTIN_SCHEMA=$top/schema.sql \
	    "$BUILD/bantin-admin" create db/sample.sql tests/integration/fixtures.sql >/dev/null
done
chown www-data "$T/cgi-data/bantin.db"
ln -s cgi-data/bantin.db "$T/cgi.db"

wait_port() {
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$1/"; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "server on port $1 did not start; its log:" >&2
			cat "$2" >&2
			exit 1
		fi
		sleep 0.1
	done
}

PORT=$DEV_PORT BANTIN_DB=$T/dev.db BANTIN_BASE_URL=http://127.0.0.1:$DEV_PORT \
    "$BUILD/bantin-dev" 2>"$T/dev.log" &
pids="$pids $!"

# The FastCGI workers as shipped: deploy/spawn-fcgi/bantin-spawn-fcgi
# (spawn-fcgi + multiwatch, 4 workers) on $2/pages.sock or $2/live.sock.
#   workers pages|live DIR DB URL LOG
workers() {
	BANTIN_BIN_DIR=$BUILD BANTIN_RUN_DIR=$2 BANTIN_USER= BANTIN_DB=$3 \
	    BANTIN_BASE_URL=$4 sh deploy/spawn-fcgi/bantin-spawn-fcgi "$1" \
	    2>"$5" &
	pids="$pids $!"
}
workers pages "$T" "$T/nginx.db" "http://127.0.0.1:$NGINX_PORT" "$T/fcgi.log"
workers live "$T" "$T/nginx.db" "http://127.0.0.1:$NGINX_PORT" "$T/live.log"

# The shipped configuration, templated only for the port and the paths.
sed -e "s|listen 80;|listen 127.0.0.1:$NGINX_PORT;|" \
    -e "s|/usr/local/share/bantin/www|$T/www|" \
    -e "s|unix:/run/bantin/pages.sock|unix:$T/pages.sock|" \
    -e "s|unix:/run/bantin/live.sock|unix:$T/live.sock|" \
    -e "s|/var/cache/nginx/bantin|$T/cache|" \
    deploy/nginx/bantin.conf >"$T/site.conf"
# Inside the nginx.conf Debian installs, as an operator runs it.
sh tests/integration/nginx-debian.sh "$T" off
nginx -e "$T/nginx-error.log" -c "$T/nginx.conf" -p "$T" &
pids="$pids $!"

# Apache: the shipped configurations, templated only for the ports and the
# directories, each in a private instance (tests/integration/apache-main.conf).
for w in pages live; do
	workers $w "$T/apache" "$T/apache.db" "http://127.0.0.1:$APACHE_PORT" \
	    "$T/apache-$w.log"
done
apache_site() {
	# Apache would fail to bind and wait_port find another server there.
	if curl -s -o /dev/null "http://127.0.0.1:$2/"; then
		echo "port $2 is in use: set APACHE_PORT and CGI_PORT" >&2
		exit 1
	fi
	sed -e "s|<VirtualHost \*:80>|<VirtualHost 127.0.0.1:$2>|" \
	    -e "s|http://localhost|http://127.0.0.1:$2|" \
	    -e "s|/usr/local/share/bantin/www|$T/www|g" \
	    -e "s|/usr/local/share/bantin|$top|g" \
	    -e "s|/usr/local/bin|$BUILD|g" \
	    -e "s|/run/bantin/|$T/apache/|g" \
	    -e "s|/var/lib/bantin/|$T/cgi-data/|" \
	    "deploy/apache/$3" >"$T/$1-site.conf"
	sed -e "s|@T@|$T|g" -e "s|@NAME@|$1|g" -e "s|@PORT@|$2|g" \
	    tests/integration/apache-main.conf >"$T/$1.conf"
	mkdir "$T/$1-run"
	apache2 -f "$T/$1.conf" -DFOREGROUND &
	pids="$pids $!"
}
sed -e "s|/usr/local/share/bantin/www|$T/www|g" \
    -e "s|/usr/local/share/bantin|$top|g" deploy/apache/bantin-common.conf \
    >"$T/bantin-common.conf"
apache_site apache "$APACHE_PORT" bantin.conf
apache_site cgi "$CGI_PORT" bantin-cgi.conf

wait_port "$DEV_PORT" "$T/dev.log"
wait_port "$NGINX_PORT" "$T/nginx-error.log"
wait_port "$APACHE_PORT" "$T/apache-error.log"
wait_port "$CGI_PORT" "$T/cgi-error.log"

status=0
# Each suite runs its tests in an order drawn from this seed (every test
# passes alone and in any order); the seed replays it, "reverse" runs them
# in the reverse of unittest's own order.  BANTIN_TEST_ONLY="pattern ..."
# runs only the tests whose names match (unittest's -k).
: "${BANTIN_TEST_SEED:=$(od -An -N3 -tu4 /dev/urandom | tr -d ' ')}"
export BANTIN_TEST_SEED
echo "integration tests: BANTIN_TEST_SEED=$BANTIN_TEST_SEED"
# bantin_http.run() runs each suite against every target set here.
export DEV_URL=http://127.0.0.1:$DEV_PORT NGINX_URL=http://127.0.0.1:$NGINX_PORT
export APACHE_URL=http://127.0.0.1:$APACHE_PORT CGI_URL=http://127.0.0.1:$CGI_PORT
# SUITES="members live" runs only those (while working on them).
for suite in ${SUITES:-pages front static images polls feeds search live members admin preview health ops server restart redis tail compose}; do
	python3 "tests/integration/test_$suite.py" || status=1
done

if [ -x tests/browser/run.sh ] && [ -z "${SKIP_BROWSER:-}" ]; then
	sh tests/browser/run.sh || status=1
fi

# The WAL must be back under its bound once writes resume after the load
# above (without the maintenance worker's checkpoints it passed 300 MB).
# A long reader (the backups of test_ops) holds it while it lasts, and the
# worker holding the maintenance lock checkpoints at the end of a request:
# hits give it the chance, though nginx may hand a few in a row to the
# others (so up to 40, until the WAL is back).  test_live samples it
# during the load.
for i in $(seq 40); do
	curl -s -o /dev/null -A "Mozilla/5.0 (wal)" \
	    -H "Cookie: bantin_vid=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" \
	    "http://127.0.0.1:$NGINX_PORT/live/hit" || true
	sleep 0.3
	wal=$(stat -c %s "$T/nginx.db-wal" 2>/dev/null || echo 0)
	[ "$wal" -gt $((48 * 1024 * 1024)) ] || break
done
if [ "$wal" -gt $((48 * 1024 * 1024)) ]; then
	echo "FAIL: the WAL grew to $wal bytes" >&2
	status=1
fi

for p in $pids; do kill "$p" 2>/dev/null || true; done
sleep 1
pids=
if grep -l -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$T"/*.log 2>/dev/null; then
	echo "sanitizer reports in the server logs above:" >&2
	grep -h -A30 -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$T"/*.log >&2
	status=1
fi
[ $status -eq 0 ] ||
	echo "to replay this order: BANTIN_TEST_SEED=$BANTIN_TEST_SEED" >&2
exit $status
