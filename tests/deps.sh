#!/bin/sh
# Installs the Debian packages a task needs, and only those that are missing.
#   sh tests/deps.sh build|run|test|bench
#   sh tests/deps.sh list build|run|test|bench   prints them, one a line
set -eu

build="gcc make pkg-config libfcgi-dev libsqlite3-dev libmicrohttpd-dev libicu-dev libcmark-dev libsodium-dev libhiredis-dev libvips-dev libwebp-dev sqlite3"
test="$build libcmocka-dev clang-format redis-server libfcgi-bin spawn-fcgi multiwatch nginx apache2 curl clang libclang-rt-14-dev python3 python3-feedparser valgrind chromium imagemagick libvips-tools libimage-exiftool-perl git systemd wrk libfaketime logrotate rsync haproxy iproute2"
bench="$build libfcgi-bin spawn-fcgi multiwatch nginx curl wrk python3 valgrind redis-server haproxy iproute2"

list=
if [ "${1:-}" = list ]; then
	list=1
	shift
fi
case "${1:-build}" in
build|run) want=$build ;;
test) want=$test ;;
bench) want=$bench ;;
*) echo "usage: $0 [list] build|run|test|bench" >&2; exit 2 ;;
esac
if [ -n "$list" ]; then
	# shellcheck disable=SC2086
	printf '%s\n' $want
	exit 0
fi

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
# Tools some machines already have from elsewhere (a JDK, Node.js): only
# when the command itself is missing.
if [ "${1:-}" = test ]; then
	command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
[ -z "$missing" ] && exit 0

echo "installing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
