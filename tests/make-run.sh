#!/bin/bash
# `make run` on a machine that has only the packages it installs itself
# (tests/deps.sh run), as README's first command promises.  Run by .ci/run
# as root; the CI machine has the test packages too, so they are hidden:
#
#   1. a clean clone of this repository's HEAD into a scratch directory;
#   2. in private mount, PID and network namespaces (unshare), every file
#      that a package of `tests/deps.sh test` but not of `run` puts under
#      /usr (cmocka's header and library, clang, nginx, python3, curl, …)
#      is hidden by an overlay of /usr with a whiteout for each;
#   3. there, `make run` in the clone: it must build what running needs
#      and no cmocka test, create the database, and serve / (200), read
#      with bash's /dev/tcp since curl is hidden; then it is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
port=8080	# in a network namespace of its own

S=$(mktemp -d /tmp/bantin-make-run.XXXXXX)
trap 'rm -rf "$S"' EXIT INT TERM
git clone -q "$top" "$S/clone"

# What the tests need and running does not, and the files they own.
sh tests/deps.sh list run | sort -u >"$S/run.list"
sh tests/deps.sh list test | sort -u | comm -23 - "$S/run.list" >"$S/only"
mkdir -p "$S/upper" "$S/work"
hidden=0
while read -r pkg; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
	    grep -q 'ok installed' || continue
	while read -r f; do
		[ -f "$f" ] || [ -L "$f" ] || continue
		# Merged /usr: /bin/x, /lib/x are /usr/bin/x, /usr/lib/x.
		real=$(readlink -f "$(dirname "$f")")/$(basename "$f")
		case $real in /usr/*) ;; *) continue ;; esac
		mkdir -p "$S/upper$(dirname "${real#/usr}")"
		mknod "$S/upper${real#/usr}" c 0 0 2>/dev/null || true
		hidden=$((hidden + 1))
	done < <(dpkg -L "$pkg")
done <"$S/only"
echo "make run: hiding $hidden files of: $(tr '\n' ' ' <"$S/only")"

unshare --mount --propagation private --pid --fork --mount-proc --net \
    bash -euo pipefail -c '
S=$1 port=$2
ip link set lo up
mount -t overlay overlay \
    -o "lowerdir=/usr,upperdir=$S/upper,workdir=$S/work" /usr
# The hiding works: no cmocka header, no curl.
if echo "#include <cmocka.h>" | cc -E - >/dev/null 2>&1; then
	echo "FAIL: cmocka.h is still visible" >&2; exit 1
fi
if command -v curl >/dev/null; then
	echo "FAIL: curl is still visible" >&2; exit 1
fi
cd "$S/clone"
PORT=$port make run >"$S/run.log" 2>&1 &
for i in $(seq 600); do
	if exec 3<>"/dev/tcp/127.0.0.1/$port"; then break; fi 2>/dev/null
	if ! kill -0 $! 2>/dev/null; then
		echo "FAIL: make run ended:" >&2; tail -20 "$S/run.log" >&2
		exit 1
	fi
	sleep 0.5
done
printf "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
status=$(head -n 1 <&3 | tr -d "\r")
exec 3<&-
echo "make run: GET / -> $status"
case $status in "HTTP/1."?" 200 OK") ;; *)
	echo "FAIL: make run did not serve the home page:" >&2
	tail -20 "$S/run.log" >&2; exit 1 ;;
esac
[ -f var/bantin.db ] || { echo "FAIL: no var/bantin.db" >&2; exit 1; }
if [ -e build/tests ]; then
	echo "FAIL: make run built the unit tests: $(ls build/tests)" >&2
	exit 1
fi
' make-run "$S" "$port"
echo "make run: OK with only the run packages"
