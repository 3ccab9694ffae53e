#!/bin/sh
# The machines of the test cluster (tests/cluster/run.sh), each a network
# namespace of its own on one bridge, 10.99.0.0/16, nothing else reached:
#
#   lb      10.99.0.2    Debian's haproxy.cfg + docs/SCALING.md's balancer
#   redis   10.99.0.10   redis-server, appendonly everysec, requirepass
#   edit    10.99.0.20   the editorial node: bantin-admin, its own SQLite,
#                        nginx serving the snapshot (docs/SCALING.md)
#   a, b    10.99.0.31/32  web nodes: nginx with deploy/nginx/bantin.conf
#                        inside Debian's nginx.conf, both worker groups
#                        (deploy/spawn-fcgi), live_store = the Redis node
#   client  10.99.0.100 and 10.99.1.1-$CLIENTS: the readers; 10.99.64.0/20
#           on its lo, routed through 10.99.0.100: the loads' readers
#
#   CLUSTER=DIR sh tests/cluster/node.sh COMMAND [ARG…]
#
# Commands: net-up, net-down (every process of the namespaces stopped,
# the namespaces and their links deleted), redis-start, redis-stop,
# redis-cli ARG…, edit-start (its database and nginx), edit-stop,
# edit-nginx (its nginx stopped, started again), publish (the
# snapshot, as docs/SCALING.md says), pull NODE (deploy/systemd/
# bantin-snapshot-pull.service's command on that node), web-setup NODE,
# web-start NODE, web-kill NODE (kill -9 of all its processes), lb-start,
# in NODE CMD… (a command in that node, with its bantin.conf).
# DIR/env (written by run.sh) sets P (the namespaces' prefix), BUILD and
# PW (Redis's password).
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
C=${CLUSTER:?CLUSTER is not set}
# shellcheck disable=SC1091
. "$C/env"
# Each node reads its own bantin.conf: no setting from the caller's
# environment (make exports BANTIN_DB) may override it.
for v in $(env | sed -n 's/^\(BANTIN_[A-Z_]*\)=.*/\1/p'); do
	unset "$v"
done

NODES="lb redis edit a b client"
CLIENTS=120
LB=10.99.0.2
REDIS=10.99.0.10
EDIT=10.99.0.20
DOC=docs/SCALING.md

addr() {
	case $1 in
	lb) echo $LB ;;
	redis) echo $REDIS ;;
	edit) echo $EDIT ;;
	a) echo 10.99.0.31 ;;
	b) echo 10.99.0.32 ;;
	client) echo 10.99.0.100 ;;
	*) echo "node.sh: no node $1" >&2; exit 2 ;;
	esac
}

die() {
	echo "node.sh: $*" >&2
	exit 1
}

in_node() {
	n=$1
	shift
	ip netns exec "$P-$n" env BANTIN_CONFIG="$C/$n/bantin.conf" \
	    REDISCLI_AUTH="$PW" "$@"
}

# until_ok SECONDS WHAT CMD…: CMD retried every 0.1 s until it succeeds.
until_ok() {
	t=$(($1 * 10))
	what=$2
	shift 2
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -le "$t" ] || die "$what"
		sleep 0.1
	done
}

# doc_block NAME: the block of docs/SCALING.md fenced ```LANG NAME.
doc_block() {
	awk -v n="$1" '$0 ~ "^```[a-z]+ " n "$" { p = 1; next }
	    p && /^```$/ { exit } p' "$DOC" >"$C/block"
	[ -s "$C/block" ] || die "$DOC has no block \`\`\`… $1"
	cat "$C/block"
}

pids_of() {
	ip netns pids "$P-$1" 2>/dev/null || true
}

# stop_node NODE SIGNAL: every process in it, waited for (SIGKILL after
# 5 s).
stop_node() {
	pids=$(pids_of "$1")
	[ -n "$pids" ] || return 0
	# shellcheck disable=SC2086
	kill "-$2" $pids 2>/dev/null || true
	i=0
	while [ -n "$(pids_of "$1")" ]; do
		i=$((i + 1))
		if [ $i -eq 50 ]; then
			# shellcheck disable=SC2046
			kill -9 $(pids_of "$1") 2>/dev/null || true
		fi
		[ $i -le 100 ] || die "processes of $1 did not stop"
		sleep 0.1
	done
}

net_up() {
	ip netns add "$P-lan"
	ip -n "$P-lan" link add br0 type bridge
	ip -n "$P-lan" link set br0 up
	for n in $NODES; do
		ip netns add "$P-$n"
		ip link add eth0 netns "$P-$n" type veth peer name "$n" \
		    netns "$P-lan"
		ip -n "$P-lan" link set dev "$n" master br0 up
		ip -n "$P-$n" link set lo up
		ip -n "$P-$n" addr add "$(addr "$n")/16" dev eth0
		ip -n "$P-$n" link set eth0 up
		mkdir -p "$C/$n"
	done
	i=1
	while [ $i -le $CLIENTS ]; do
		echo "addr add 10.99.1.$i/16 dev eth0"
		i=$((i + 1))
	done | ip -n "$P-client" -batch -
	# The loads' readers (a new visitor each, so thousands of addresses:
	# the live store counts 30 new visitors per address per ten minutes)
	# sit behind the client's own address, so that the balancer keeps
	# one neighbour entry for them all.
	ip -n "$P-client" addr add 10.99.64.1/20 dev lo
	ip -n "$P-lb" route add 10.99.64.0/20 via "$(addr client)"
}

net_down() {
	# SIGTERM first: the workers finish their request, Redis writes its
	# AOF, the sanitizers report.
	for n in client lb a b edit redis; do
		stop_node "$n" TERM
	done
	for n in $NODES lan; do
		ip netns del "$P-$n" 2>/dev/null || true
	done
	left=$(ip netns list | grep -c "^$P-" || true)
	[ "$left" -eq 0 ] || die "$left namespaces of $P are left"
}

redis_cli() {
	in_node redis redis-cli -h $REDIS "$@"
}

redis_start() {
	d=$C/redis
	# The settings docs/SCALING.md asks for: its own address, a password,
	# the append-only file synced every second, no eviction.
	cat >"$d/redis.conf" <<EOF
bind $REDIS
port 6379
protected-mode yes
requirepass $PW
appendonly yes
appendfsync everysec
save ""
maxmemory-policy noeviction
dir $d
daemonize no
logfile $d/redis.log
EOF
	ip netns exec "$P-redis" redis-server "$d/redis.conf" \
	    </dev/null >>"$d/redis.log" 2>&1 &
	until_ok 10 "Redis did not start (see $d/redis.log)" sh -c \
	    "REDISCLI_AUTH='$PW' ip netns exec '$P-redis' redis-cli -h $REDIS \
	    ping | grep -qx PONG"
}

# nginx in a node: Debian's nginx.conf around the node's site.conf.
nginx_start() {
	ip netns exec "$P-$1" nginx -e "$C/$1/nginx-error.log" \
	    -c "$C/$1/nginx.conf" -p "$C/$1" </dev/null >/dev/null 2>&1 &
}

# NODE's bantin.conf: docs/SCALING.md's, with this cluster's paths and
# Redis password, and a cap of 5 voters per address (cheap to reach).
node_conf() {
	d=$C/$1
	{ doc_block cluster-settings | sed -e "s|/var/lib/bantin/|$d/|" \
	    -e "s|https://tin.example.vn|http://$LB|" -e "s|PASSWORD|$PW|"
	    echo "www = $C/www"
	    echo "bots = $top/deploy/bots.txt"
	    echo "schema = $top/schema.sql"
	    echo "votes_per_address = 5"; } >"$d/bantin.conf"
	in_node "$1" "$BUILD/bantin-admin" check-config >"$d/check-config.log" \
	    2>&1 || { cat "$d/check-config.log" >&2; die "$1: check-config"; }
}

# The editorial node's database, made as README.md says, then its nginx.
edit_start() {
	d=$C/edit
	# Its picture folder, as docs/OPERATIONS.md makes it (root owns it
	# here): `image add` writes there, nginx reads.
	install -d -m 0755 "$d/img"
	node_conf edit
	in_node edit "$BUILD/bantin-admin" create db/sample.sql \
	    tests/integration/fixtures.sql tests/cluster/fixtures.sql \
	    >"$d/create.log"
	# The snapshot's folder as docs/SCALING.md makes it (root owns it
	# here): nginx's group reads what is made in it, nobody else.
	install -d -g www-data -m 2750 "$d/snapshot"
	doc_block cluster-editorial | sed -e "s|/var/lib/bantin/|$d/|" \
	    >"$d/site.conf"
	grep -q "alias $d/snapshot/" "$d/site.conf" ||
		die "$DOC's editorial nginx changed shape; adjust node.sh"
	sh tests/integration/nginx-debian.sh "$d" "$d/nginx-access.log"
	edit_nginx
}

edit_nginx() {
	nginx_start edit
	until_ok 10 "the editorial node's nginx did not start" \
	    sh -c "ip netns exec '$P-edit' curl -s -o /dev/null \
	    http://$EDIT/"
}

# The snapshot, made on the editorial node as docs/SCALING.md says, with
# the paths of this cluster.
publish() {
	doc_block cluster-publish | sed -e "s|/var/lib/bantin/|$C/edit/|g" \
	    -e "s|^bantin-admin snapshot|$BUILD/bantin-admin snapshot|" \
	    >"$C/edit/publish.sh"
	in_node edit sh -eu "$C/edit/publish.sh"
}

# The pull unit's command, on node $1, as systemd would run it: the
# unit's Environment= and then the drop-in of docs/SCALING.md, paths
# made this cluster's.
pull() {
	unit=deploy/systemd/bantin-snapshot-pull.service
	d=$C/$1
	sed -e ':a' -e '/\\$/N' -e 's/\\\n//' -e 'ta' "$unit" |
	    sed -n -e 's/%%/%/g' -e "s|/usr/local/bin/|$BUILD/|g" \
	    -e "s|/var/lib/bantin|$d|g" -e 's/^ExecStart=//p' >"$d/pull.cmd"
	[ "$(wc -l <"$d/pull.cmd")" -eq 1 ] ||
		die "$unit has not one ExecStart"
	{ sed -n 's/^Environment=/export /p' "$unit"
	    doc_block cluster-pull-url | sed -n 's/^Environment=/export /p'
	    cat "$d/pull.cmd"; } >"$d/pull.sh"
	in_node "$1" sh -eu "$d/pull.sh"
}

# A web node's configuration: its picture folder and bantin.conf, and
# nginx's: the shipped site templated only for its paths, its `location
# /img/` replaced by docs/SCALING.md's, after the balancer's real-address
# lines (where Debian includes conf.d), all inside Debian's nginx.conf.
web_setup() {
	d=$C/$1
	doc_block cluster-pictures-folder | sed -e "s|/var/lib/bantin/|$d/|" |
	    sh -eu
	node_conf "$1"
	doc_block cluster-pictures | sed -e "s|/var/lib/bantin|$d|" \
	    >"$d/pictures.conf"
	{ doc_block cluster-realip
	    sed -e "s|/usr/local/share/bantin/www|$C/www|" \
		-e "s|unix:/run/bantin/|unix:$d/run/|" \
		-e "s|/var/cache/nginx/bantin|$d/cache|" deploy/nginx/bantin.conf |
		awk -v f="$d/pictures.conf" '
		$0 == "    location /img/ {" {
			while ((getline l <f) > 0)
				print l
			skip = 1
			next
		}
		skip { skip = $0 != "    }"; next }
		{ print }'
	} >"$d/site.conf"
	! grep -v '^[[:space:]]*#' "$d/site.conf" |
	    grep -q -e /usr/local -e /run/bantin -e /var/cache ||
		die "deploy/nginx/bantin.conf changed shape; adjust node.sh"
	[ "$(grep -c -x -F -e '    location /img/ {' \
	    -e "        proxy_store $d\$uri;" "$d/site.conf")" -eq 2 ] ||
		die "no picture recipe in $d/site.conf; adjust node.sh"
	sh tests/integration/nginx-debian.sh "$d" "$d/nginx-access.log"
}

web_start() {
	d=$C/$1
	mkdir -p "$d/run"
	# A simple command in the background, so that no shell of ours waits
	# on it holding our caller's standard output.
	for w in pages live; do
		ip netns exec "$P-$1" env BANTIN_CONFIG="$d/bantin.conf" \
		    BANTIN_BIN_DIR="$BUILD" BANTIN_RUN_DIR="$d/run" BANTIN_USER= \
		    sh deploy/spawn-fcgi/bantin-spawn-fcgi $w \
		    </dev/null >>"$d/$w.log" 2>&1 &
	done
	# What systemd runs before nginx (deploy/nginx/nginx.service.d/):
	# the composing server's socket, left by a killed node (test_5).
	pre=$(sed -n 's/^ExecStartPre=//p' \
	    deploy/nginx/nginx.service.d/bantin.conf |
	    sed "s|/var/cache/nginx/bantin|$d/cache|")
	case $pre in *"$d/cache-compose/"*) ;; *)
		die "deploy/nginx/nginx.service.d/bantin.conf changed shape;" \
		    "adjust node.sh" ;; esac
	sh -ec "$pre"
	nginx_start "$1"
	until_ok 20 "web node $1 did not start (see $d/*.log)" sh -c \
	    "ip netns exec '$P-$1' curl -sf -o /dev/null \
	    http://$(addr "$1")/healthz &&
	    ip netns exec '$P-$1' curl -sf -o /dev/null \
	    http://$(addr "$1")/live/stats.json"
}

lb_start() {
	d=$C/lb
	src=/etc/haproxy/haproxy.cfg
	want=$(dpkg-query -W -f='${Conffiles}\n' haproxy |
	    awk -v f="$src" '$1 == f { print $2 }')
	[ "$want" = "$(md5sum <"$src" | cut -d' ' -f1)" ] ||
		die "$src is not the file the haproxy package installed"
	# Debian's file, its admin socket moved here, its syslog lines
	# dropped (no syslog runs here); then the balancer of
	# docs/SCALING.md.
	{ sed -e "s|/run/haproxy/admin.sock|$d/admin.sock|" \
	    -e '/^[[:space:]]*log \/dev\/log/d' "$src"
	    echo
	    doc_block cluster-balancer; } >"$d/haproxy.cfg"
	grep -q "$d/admin.sock" "$d/haproxy.cfg" ||
		die "$src changed shape; adjust node.sh"
	haproxy -c -q -f "$d/haproxy.cfg"
	ip netns exec "$P-lb" haproxy -db -f "$d/haproxy.cfg" \
	    </dev/null >>"$d/haproxy.log" 2>&1 &
	until_ok 10 "the balancer did not start" sh -c \
	    "ip netns exec '$P-client' curl -sf -o /dev/null http://$LB/healthz"
}

cmd=${1:-}
[ $# -eq 0 ] || shift
case $cmd in
net-up) net_up ;;
net-down) net_down ;;
redis-start) redis_start ;;
redis-stop) stop_node redis TERM ;;
redis-cli) redis_cli "$@" ;;
edit-start) edit_start ;;
edit-stop) stop_node edit TERM ;;
edit-nginx) edit_nginx ;;
publish) publish ;;
pull) pull "$1" ;;
web-setup) web_setup "$1" ;;
web-start) web_start "$1" ;;
web-kill) stop_node "$1" KILL ;;
lb-start) lb_start ;;
in) in_node "$@" ;;
*) die "usage: node.sh COMMAND [ARG…] (see its first lines)" ;;
esac
