#!/bin/sh
# The shipped systemd units (deploy/systemd/): `systemd-analyze verify`
# accepts them with no message at all (it exits 0 even on unknown keys, so
# any output fails), the programs they start exist in the build under the
# names they are installed as, and `systemd-analyze security` rates every
# service at most 1.0 ("SAFE").  Run by `make test`; systemd need not be
# running.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
build=$(cd "$BUILD" && pwd)
T=$(mktemp -d /tmp/bantin-systemd.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
status=0

cp deploy/systemd/*.socket deploy/systemd/*.service deploy/systemd/*.timer "$T/"
# The units name the installed programs (make install PREFIX=/usr/local).
sed -i "s|/usr/local/bin/|$build/|g" "$T"/*.service
for prog in $(grep -ho "$build/[A-Za-z0-9._-]*" "$T"/*.service); do
	if [ ! -x "$prog" ]; then
		echo "FAIL: a unit starts $prog, which the build does not have" >&2
		status=1
	fi
done

if ! out=$(systemd-analyze verify "$T"/*.socket "$T"/*.service \
    "$T"/*.timer 2>&1) ||
    [ -n "$out" ]; then
	echo "FAIL: systemd-analyze verify:" >&2
	echo "$out" >&2
	status=1
fi

for unit in "$T"/*.service; do
	if ! systemd-analyze security --offline=yes --threshold=10 "$unit" \
	    >"$T/security.txt" 2>&1; then
		echo "FAIL: $(basename "$unit") is exposed more than 1.0:" >&2
		grep -E "✗|Overall" "$T/security.txt" >&2
		status=1
	fi
done

[ $status -eq 0 ] && echo "systemd units: verify and security OK"
exit $status
