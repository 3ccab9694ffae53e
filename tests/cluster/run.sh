#!/bin/sh
# make test-cluster: two web nodes sharing one Redis behind a balancer,
# each machine a network namespace of its own (tests/cluster/node.sh
# draws them), then tests/cluster/checks.py from the readers' namespace
# with real HTTP clients (docs/SCALING.md, "The test that proves it").
#
#   sh tests/cluster/run.sh            the checks (make test-cluster)
#   sh tests/cluster/run.sh --bench    wrk through the balancer with one
#                                      web node, then two (make bench)
#
# Every process, namespace and link it made is gone when it exits,
# whatever failed (KEEP_TMP=1 keeps the logs in the directory it names).
# Needs root (ip netns), the build (make all) and tests/deps.sh test.
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
mode=${1:-check}
case $mode in
check|--bench) ;;
*) echo "usage: $0 [--bench]" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
	echo "test-cluster: needs root (ip netns)" >&2
	exit 2
fi
for tool in ip redis-server redis-cli haproxy nginx spawn-fcgi multiwatch \
    curl wrk python3; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "test-cluster: $tool is missing (sh tests/deps.sh test)" >&2
		exit 2
	}
done
for f in bantin.fcgi bantin-live.fcgi bantin-admin; do
	[ -x "$BUILD/$f" ] || {
		echo "test-cluster: $BUILD/$f is missing (make)" >&2
		exit 2
	}
done

C=$(mktemp -d /tmp/bantin-cluster.XXXXXX)
# nginx's workers (www-data) reach the sockets, the pages and the
# snapshot in here.
chmod 711 "$C"
export CLUSTER="$C"
# Namespace names are the machine's: one prefix per run.
P=bc$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
{
	echo "P=$P"
	echo "BUILD=$BUILD"
	echo "PW=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
} >"$C/env"
# As tests/integration/run.sh (a SAN=1 build).
asan="detect_leaks=1:abort_on_error=0:exitcode=23"
export ASAN_OPTIONS="$asan:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
node() {
	sh tests/cluster/node.sh "$@"
}

t0=$(date +%s)
steps=
running=
step() {	# step NAME CMD…: runs it, timed, into the summary
	s=$(date +%s)
	echo "== $1"
	running=$1
	shift
	"$@"
	steps="$steps
  $(printf '%-44s %3d s' "$running" $(($(date +%s) - s)))"
	running=
}

status=1
cleanup() {
	trap - EXIT INT TERM
	node net-down || status=1
	if grep -l -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" \
	    "$C"/*/*.log 2>/dev/null; then
		echo "test-cluster: sanitizer reports in the logs above" >&2
		status=1
	fi
	if [ $status -ne 0 ]; then
		for f in "$C"/*/*.log; do
			case $f in */check-config.log) continue ;; esac
			[ -s "$f" ] || continue
			echo "--- $f (last lines)" >&2
			tail -n 15 "$f" >&2
		done
	fi
	if [ -n "${KEEP_TMP:-}" ]; then
		echo "test-cluster: logs kept in $C"
	else
		rm -rf "$C"
	fi
	echo
	[ -z "$running" ] || steps="$steps
  $running: FAILED"
	echo "test-cluster summary ($(($(date +%s) - t0)) s):$steps"
	if [ $status -eq 0 ]; then
		echo "test-cluster: PASS"
	else
		echo "test-cluster: FAIL"
	fi
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir "$C/www"
cp -R www/. "$C/www/"
chmod -R a+rX "$C/www"

step "namespaces, bridge and veth pairs" node net-up
step "Redis node" node redis-start
step "editorial node: database, nginx, snapshot" sh -c \
    'sh tests/cluster/node.sh edit-start && sh tests/cluster/node.sh publish'
for n in a b; do
	step "web node $n: first pull, workers, nginx" sh -c \
	    "sh tests/cluster/node.sh web-setup $n &&
	    sh tests/cluster/node.sh pull $n &&
	    sh tests/cluster/node.sh web-start $n"
done
step "balancer" node lb-start

if [ "$mode" = --bench ]; then
	step "bench" node in client sh tests/cluster/bench.sh
else
	step "checks (tests/cluster/checks.py)" node in client python3 \
	    tests/cluster/checks.py
fi
status=0
