#!/bin/sh
# The cluster's throughput, for make bench: run by tests/cluster/run.sh
# --bench in the readers' namespace once the cluster is up.  wrk through
# the balancer (-t2 -c32, 1 s warm-up, then $BENCH_DURATION s measured;
# default 5) on the article page as shipped and on the counting pixel (a
# new visitor each, bench/hits.lua), with both web nodes, then with node
# b stopped.  The balancer puts wrk's own address in X-Forwarded-For, so
# past the first 30 new visitors the pixel's hits are answered but not
# counted (the per-address bound): that row is the pixel's path through
# the cluster, not the counting of bench/run.sh's (e′) row.  Every node
# runs on this one machine: two nodes share its
# CPUs, so the figures show what the balancer and the shared Redis cost,
# not what a second machine adds (docs/SCALING.md).  Prints a table;
# exits 1 when a run saw errors (a timeout is a result, not an error).
set -eu
cd "$(dirname "$0")/../.."
LB=http://10.99.0.2
DURATION=${BENCH_DURATION:-5}
WRK="wrk -t2 -c32"
R=$CLUSTER/bench
mkdir -p "$R"

# Article 1's canonical address (a non-canonical one answers 301 to it).
article=$(curl -s -o /dev/null -w '%{redirect_url}' "$LB/x-1.htm")
[ -n "$article" ] || {
	echo "bench: no article 1 through the balancer" >&2
	exit 1
}

status=0
# run NODES NAME URL [SCRIPT]: one line of the table.
run() {
	nodes=$1 name=$2 url=$3
	shift 3
	[ $# -eq 0 ] || set -- -s "$1"
	out=$R/$nodes-$(echo "$name" | tr -c 'a-z0-9\n' -).txt
	$WRK -d1s "$@" "$url" >/dev/null
	$WRK -d"${DURATION}s" --latency "$@" "$url" >"$out"
	# Errors fail the bench; requests unanswered after wrk's 2 s are a
	# result, shown with the latency (as bench/run.sh does).
	if grep -q "Non-2xx" "$out" || grep "Socket errors" "$out" |
	    grep -q -v "connect 0, read 0, write 0,"; then
		cat "$out" >&2
		status=1
	fi
	awk -v n="$nodes" -v name="$name" '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			return v * 1000
		}
		/^Requests\/sec:/ { rps = $2 }
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/Socket errors/ { to = $NF + 0 }
		END { printf "| %s | %s | %.0f | %.2f | %.2f%s |\n", n, name,
		    rps, p50, p99, to ? " (" to " timed out)" : "" }' "$out"
}

table() {	# table NODES
	run "$1" "article as shipped" "$article"
	run "$1" "/live/hit?article=1, new visitor each (Redis)" \
	    "$LB/live/hit?article=1" bench/hits.lua
}

echo "| web nodes | run | req/s | p50 ms | p99 ms |"
echo "|--:|---|--:|--:|--:|"
table 2
sh tests/cluster/node.sh web-kill b
# The balancer has taken b out once ten answers in a row come from a.
n=0 i=0
while [ $n -lt 10 ]; do
	node=$(curl -s -o /dev/null -w '%header{x-bantin-node}' "$LB/healthz")
	if [ "$node" = a ]; then n=$((n + 1)); else n=0; fi
	i=$((i + 1))
	[ $i -le 200 ] || { echo "bench: the balancer kept node b" >&2; exit 1; }
	sleep 0.1
done
table 1
exit $status
