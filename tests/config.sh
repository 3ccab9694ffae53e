#!/bin/sh
# The configuration: file, environment and options of every program, and
# `bantin-admin check-config`.  Run by `make test`; BUILD names the build.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
A=$BUILD/bantin-admin

T=$(mktemp -d /tmp/bantin-config.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
# Only what each test sets: the Makefile exports BANTIN_DB and PORT.
unset BANTIN_DB BANTIN_WWW BANTIN_IMAGES BANTIN_BASE_URL BANTIN_SITE_NAME PORT \
    BANTIN_PAGE_CACHE_KB BANTIN_ACCESS_LOG BANTIN_SCHEMA BANTIN_ONLINE_WINDOW \
    BANTIN_BOTS BANTIN_TRUSTED_PROXIES BANTIN_VOTES_PER_ADDRESS \
    BANTIN_SESSION_IDLE BANTIN_SESSION_LIFETIME BANTIN_CONFIG BANTIN_LIVE_STORE

fails=0
n=0
ok() { n=$((n + 1)); }
fail() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL: $*" >&2; }
# expect FILE TEXT: FILE has a line containing TEXT (fixed string).
expect() {
	if grep -qF -- "$2" "$1"; then ok; else
		fail "expected in $1: $2"; sed 's/^/    /' "$1" >&2
	fi
}

# --- a good file, and the environment over it -------------------------
cat >"$T/good.conf" <<EOF
# comment

   # indented comment
db = $T/file.db
www=$top/www
bots	=	$top/deploy/bots.txt
schema = $top/schema.sql
site_name = Tin C#, một
online_window = 600
trusted_proxies =
base_url = https://tin.example.vn
EOF
if "$A" --config "$T/good.conf" create >"$T/out" 2>&1 && [ -f "$T/file.db" ]; then ok; else
	fail "create with --config: $(cat "$T/out")"
fi
if "$A" check-config --config "$T/good.conf" >"$T/out" 2>"$T/err"; then ok; else
	fail "check-config on a good file exits non-zero: $(cat "$T/err")"
fi
[ ! -s "$T/err" ] && ok || fail "check-config on a good file wrote: $(cat "$T/err")"
expect "$T/out" "db = $T/file.db	# $T/good.conf:4"
expect "$T/out" "online_window = 600	# $T/good.conf:9"
expect "$T/out" "site_name = Tin C#, một	# $T/good.conf:8"
expect "$T/out" "session_idle = 1800	# default"
# The image folder follows www unless set.
expect "$T/out" "images = $top/www/img	# default"
expect "$T/out" "# $T/good.conf: ok"
# BANTIN_CONFIG names the file as --config does; the environment wins.
BANTIN_CONFIG=$T/good.conf BANTIN_ONLINE_WINDOW=120 BANTIN_DB=$T/env.db \
    "$A" create >/dev/null 2>&1 && [ -f "$T/env.db" ] && ok ||
	fail "BANTIN_DB did not override the file's db"
BANTIN_CONFIG=$T/good.conf BANTIN_ONLINE_WINDOW=120 \
    "$A" check-config >"$T/out" 2>&1 || fail "check-config with BANTIN_CONFIG"
expect "$T/out" "online_window = 120	# environment BANTIN_ONLINE_WINDOW"
# --config beats BANTIN_CONFIG.
BANTIN_CONFIG=$T/missing.conf "$A" check-config --config "$T/good.conf" >/dev/null 2>&1 && ok ||
	fail "--config did not override BANTIN_CONFIG"

# --- every problem of a broken file, each with its line ---------------
long=$(head -c 200 /dev/zero | tr '\0' x)
cat >"$T/bad.conf" <<EOF
db = $T/nowhere.db
bse_url = http://x
online_window = 5
online_window = 900
no equals sign here
site_name = $long
www = $top/www # the web root
votes_per_address = 12abc
base_url = ftp://tin.example.vn
page_cache_kb = -1
port = 99999999999999999999
EOF
rc=0
"$A" check-config --config "$T/bad.conf" >"$T/out" 2>"$T/err" || rc=$?
[ $rc -eq 1 ] && ok || fail "check-config on a broken file exits $rc, not 1"
B=$T/bad.conf
# A database not created yet is a note, not a problem (the install
# checks its configuration first); its folder must exist.
expect "$T/err" "$B:1: note: db $T/nowhere.db does not exist yet; \`bantin-admin \
create\` makes it"
expect "$T/err" "$B:2: unknown setting \"bse_url\" (did you mean \"base_url\"?)"
expect "$T/err" "$B:3: online_window \"5\" is not a whole number from 60 to 86400"
expect "$T/err" "$B:4: online_window is set twice (first on line 3)"
expect "$T/err" "$B:5: expected \"setting = value\", found no '='"
expect "$T/err" "$B:6: site_name is longer than 127 bytes"
expect "$T/err" "$B:7: www: a comment must be on a line of its own"
expect "$T/err" "$B:8: votes_per_address \"12abc\" is not a whole number from 1 to 1000000"
expect "$T/err" "$B:9: base_url \"ftp://tin.example.vn\" must start with http:// or https://"
expect "$T/err" "$B:10: page_cache_kb \"-1\" is not a whole number from 0 to 1048576"
expect "$T/err" "$B:11: port \"99999999999999999999\" is not a whole number from 1 to 65535"
# A missing www/, image folder and bot list, named by where they were set.
printf 'www = %s/no-www\nbots = %s/no-bots.txt\nimages = %s/no-img\n' \
    "$T" "$T" "$T" >"$T/paths.conf"
"$A" check-config --config "$T/paths.conf" >/dev/null 2>"$T/err" && fail "missing www and bots passed" || ok
expect "$T/err" "$T/paths.conf:1: www $T/no-www/templates: No such file or directory"
expect "$T/err" "$T/paths.conf:2: bots $T/no-bots.txt: No such file or directory"
expect "$T/err" "$T/paths.conf:3: images $T/no-img: No such file or directory"
C=$T/nodir.conf
printf 'db = %s\nbase_url = https://tin.example.vn\n' "$T/no-dir/bantin.db" >"$C"
"$A" check-config --config "$C" >/dev/null 2>"$T/err" &&
    fail "a db in a missing folder passed" || ok
expect "$T/err" "$C:1: db $T/no-dir/bantin.db: its folder $T/no-dir does not exist"
# The database missing, base_url left out: exit 0, a note and a warning.
C=$T/install.conf
printf 'db = %s\nwww = %s\nbots = %s\n' "$T/later.db" "$top/www" \
    "$top/deploy/bots.txt" >"$C"
if "$A" check-config --config "$C" >"$T/out" 2>"$T/err"; then ok; else
	fail "check-config before create exits non-zero: $(cat "$T/err")"
fi
expect "$T/err" "$C:1: note: db $T/later.db does not exist yet"
expect "$T/err" "default: warning: base_url is http://127.0.0.1:8080, the \
development server's address"
expect "$T/err" "Behind nginx or Apache, set base_url to the site's public"
# An over-long line, a NUL byte.
{ printf 'site_name = '; head -c 5000 /dev/zero | tr '\0' y; printf '\ndb = a\0b\n'; } >"$T/odd.conf"
"$A" check-config --config "$T/odd.conf" >/dev/null 2>"$T/err" && fail "odd file passed" || ok
expect "$T/err" "$T/odd.conf:1: line longer than 4096 bytes"
expect "$T/err" "$T/odd.conf:2: NUL byte in the line"

# --- the programs refuse a bad configuration, naming the line ---------
for p in bantin.fcgi bantin-live.fcgi bantin-dev; do
	rc=0
	"$BUILD/$p" --config "$T/bad.conf" </dev/null >/dev/null 2>"$T/err" || rc=$?
	[ $rc -eq 1 ] && ok || fail "$p with a broken file exits $rc, not 1"
	expect "$T/err" "$B:3: online_window \"5\" is not a whole number from 60 to 86400"
	rc=0
	"$BUILD/$p" --config "$T/missing.conf" </dev/null >/dev/null 2>"$T/err" || rc=$?
	[ $rc -eq 1 ] && ok || fail "$p with a missing --config file exits $rc, not 1"
	expect "$T/err" "$T/missing.conf: No such file or directory"
	rc=0
	BANTIN_SESSION_IDLE=59 "$BUILD/$p" </dev/null >/dev/null 2>"$T/err" || rc=$?
	[ $rc -eq 1 ] && ok || fail "$p with BANTIN_SESSION_IDLE=59 exits $rc, not 1"
	expect "$T/err" "BANTIN_SESSION_IDLE \"59\" is not a whole number from 60 to 2592000"
done
rc=0
BANTIN_CONFIG=$T/missing.conf "$A" check-config >/dev/null 2>"$T/err" || rc=$?
[ $rc -eq 1 ] && ok || fail "a missing BANTIN_CONFIG file passed ($rc)"
expect "$T/err" "$T/missing.conf: No such file or directory"

# --- --help, --version and bad options of every program ---------------
for p in bantin.fcgi bantin-live.fcgi bantin-dev bantin-admin; do
	"$BUILD/$p" --help >"$T/out" 2>&1 && ok || fail "$p --help exits non-zero"
	expect "$T/out" "usage: $p "
	expect "$T/out" "--config PATH"
	"$BUILD/$p" --version >"$T/out" 2>&1 && ok || fail "$p --version exits non-zero"
	expect "$T/out" "$p "
	rc=0
	"$BUILD/$p" --no-such-option </dev/null >/dev/null 2>"$T/err" || rc=$?
	[ $rc -eq 2 ] && ok || fail "$p --no-such-option exits $rc, not 2"
	expect "$T/err" "unexpected argument \"--no-such-option\""
done

# --- a Redis password never reaches a log --------------------------------
# A malformed live_store is refused without showing the password it holds.
for v in 'redis://:s3cret-pw@127.0.0.1:99999' \
    'redis:///run/redis.sock?password=s3cret-pw&db=99'; do
	rc=0
	BANTIN_LIVE_STORE=$v "$A" check-config >/dev/null 2>"$T/err" || rc=$?
	[ $rc -ne 0 ] && ok || fail "live_store $v accepted"
	expect "$T/err" "BANTIN_LIVE_STORE"
	if grep -q s3cret "$T/err"; then
		fail "the password of a refused live_store is shown: $(cat "$T/err")"
	else ok; fi
done

# --- the documentation is made from the table -------------------------
"$A" check-config --example >"$T/example"
if cmp -s "$T/example" deploy/bantin.conf.example; then ok; else
	fail "deploy/bantin.conf.example differs from \`bantin-admin check-config --example\`:"
	diff "$T/example" deploy/bantin.conf.example >&2 || true
fi
"$A" check-config --reference >"$T/reference"
sed -n '/^<!-- config:begin -->$/,/^<!-- config:end -->$/p' docs/CONFIG.md | sed '1d;$d' >"$T/doc"
if cmp -s "$T/reference" "$T/doc"; then ok; else
	fail "docs/CONFIG.md's table differs from \`bantin-admin check-config --reference\`:"
	diff "$T/reference" "$T/doc" >&2 || true
fi
# The shipped example, uncommented, is a valid configuration.
sed -n 's/^#\([a-z_]* = .*\)/\1/p' deploy/bantin.conf.example >"$T/uncommented.conf"
[ "$(wc -l <"$T/uncommented.conf")" -ge 12 ] && ok || fail "the example lost settings"
(cd "$top" && BANTIN_DB=$T/file.db "$A" check-config --config "$T/uncommented.conf" >/dev/null 2>"$T/err") && ok ||
	fail "the uncommented example does not pass check-config: $(cat "$T/err")"

echo "config: $((n - fails)) of $n checks passed"
[ $fails -eq 0 ]
