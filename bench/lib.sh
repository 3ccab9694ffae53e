# What bench/run.sh and bench/floor.sh share: processes, CPU ticks, wrk's
# figures and the bench's server blocks made from the shipped site file.
# Sourced from the top of the tree, with $me (the script's name for its
# messages), $HZ and, before any of these runs, $T (the bench's
# directory) set.

# fail MESSAGE…: says it, with the end of every log in $T, and exits 2.
fail() {
	echo "$me: $*" >&2
	for f in "$T"/*.log; do
		[ -s "$f" ] || continue
		echo "--- $f (last lines)" >&2
		tail -n 20 "$f" >&2
	done
	exit 2
}

# ports_free PORT…: exits 2 when something listens on one of them.
ports_free() {
	for p in "$@"; do
		rc=0
		curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$p/" ||
		    rc=$?
		[ $rc -eq 7 ] || {
			echo "$me: something already listens on 127.0.0.1:$p" \
			    "(set BENCH_PORT, BENCH_ALONE_PORT," \
			    "BENCH_STATIC_PORT, BENCH_CACHED_PORT)" >&2
			exit 2
		}
	done
}

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

# Clock ticks (user + system) of the given processes.
ticks() {
	for p in "$@"; do
		# comm may hold spaces: count the fields after its ')'.
		sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null || true
	done | awk '{ s += $12 + $13 } END { print s + 0 }'
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
			v = $i; m = v; sub(/m.*/, "", m)
			sec = v; sub(/^[0-9]+m/, "", sec); sub(/s$/, "", sec)
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

paths_sed() {
	sed -e "s|/usr/local/share/bantin/www|$T/www|" \
	    -e "s|unix:/run/bantin/pages.sock|unix:$T/pages.sock|" \
	    -e "s|unix:/run/bantin/live.sock|unix:$T/live.sock|" \
	    -e "s|/var/cache/nginx/bantin|$T/cache|" "$@"
}

# The shipped site's composing server listens here (before paths_sed).
compose_sock=/var/cache/nginx/bantin-compose/pages.sock

# site_server SITE N: the Nth server block of SITE, to its end.
site_server() {
	awk -v n="$2" '/^server \{/ { i++ } i == n' "$1"
}

# alone_server SITE PORT: SITE's composing server on PORT with SSI off
# and without nginx's caches: the page handler (and its own page cache)
# alone.
alone_server() {
	site_server "$1" 2 |
	    sed -e "s|listen unix:$compose_sock;|listen 127.0.0.1:$2;|" |
	    paths_sed -e "s|ssi on;|ssi off;|" -e '/fastcgi_cache/d' \
	    -e '/fastcgi_ignore_headers/d'
}

# cached_servers SITE PORT: SITE's server blocks again with SSI off, on
# a socket and under cache keys of their own: pages from nginx's 1 s
# cache as stored, the live includes unexpanded.
cached_servers() {
	awk '/^server \{/ { p = 1 } p' "$1" |
	    sed -e "s|$compose_sock|$T/cached.sock|" \
	    -e 's|proxy_cache_key |proxy_cache_key cached|' |
	    paths_sed -e "s|listen 80;|listen 127.0.0.1:$2;|" \
	    -e "s|ssi on;|ssi off;|"
}
