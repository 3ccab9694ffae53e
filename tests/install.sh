#!/bin/sh
# make install / make uninstall.  Run by `make test`; BUILD names the build.
#
#   1. make install DESTDIR=<tmp> (PREFIX=/usr/local): every file lands
#      under DESTDIR, nothing new appears in /usr, /etc, /var/lib or /opt,
#      and make uninstall leaves no file behind.
#   2. make install PREFIX=<tmp> with SYSCONFDIR and STATEDIR under it: run
#      from /, with no BANTIN_* variable, the installed bantin-admin creates
#      the database from the installed schema and the installed bantin-dev
#      serves pages from the installed www/, with the site name read from
#      the installed default bantin.conf and the operator's foot.html
#      (docs/CONFIG.md), which a second make install leaves alone;
#      /healthz answers.  Uninstalled.
# INSTALL_PORT (default 18090) is the loopback port bantin-dev uses.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
BUILD=${BUILD:-build}
PORT_=${INSTALL_PORT:-18090}
MAKE=${MAKE:-make}

T=$(mktemp -d /tmp/bantin-install.XXXXXX)
dev_pid=
cleanup() {
	[ -z "$dev_pid" ] || kill "$dev_pid" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

fails=0
n=0
ok() { n=$((n + 1)); }
fail() { n=$((n + 1)); fails=$((fails + 1)); echo "FAIL: $*" >&2; }

# --- 1. a staged install ------------------------------------------------
D=$T/stage
mkdir "$D"
touch "$T/stamp"
sleep 1	# file times have a one-second grain on some file systems
$MAKE --no-print-directory -C "$top" BUILD="$BUILD" DESTDIR="$D" PREFIX=/usr/local \
    install >"$T/install.log" 2>&1 || { cat "$T/install.log" >&2; fail "make install DESTDIR failed"; }
for f in bin/bantin.fcgi bin/bantin-live.fcgi bin/bantin-dev bin/bantin-admin \
    share/bantin/schema.sql share/bantin/www/templates/article.html \
    share/bantin/www/css share/bantin/db/sample.sql share/bantin/db/examples/add-article.sql \
    share/bantin/deploy/bots.txt share/bantin/deploy/nginx/bantin.conf \
    share/bantin/deploy/bantin.conf.example share/doc/bantin/CONFIG.md; do
	[ -e "$D/usr/local/$f" ] && ok || fail "make install did not install /usr/local/$f"
done
[ -x "$D/usr/local/bin/bantin-admin" ] && ok || fail "bantin-admin is not executable"
# Everything is under DESTDIR/usr/local.
outside=$(cd "$D" && find . -mindepth 1 ! -path ./usr ! -path ./usr/local ! -path './usr/local/*')
[ -z "$outside" ] && ok || fail "make install wrote outside DESTDIR/usr/local: $outside"
# Nothing new outside DESTDIR where an install could write.
new=$(find /usr /etc /var/lib /opt -xdev -newer "$T/stamp" \( -type f -o -type l \) 2>/dev/null |
    grep -v -e '^/var/lib/apt/' -e '^/var/lib/dpkg/' -e '^/var/lib/nginx/' || true)
[ -z "$new" ] && ok || fail "files appeared outside DESTDIR during make install: $new"
# The example configuration carries the installed defaults.
grep -qx '#db = /var/lib/bantin/bantin.db' "$D/usr/local/share/bantin/deploy/bantin.conf.example" &&
    grep -qx '#www = /usr/local/share/bantin/www' "$D/usr/local/share/bantin/deploy/bantin.conf.example" &&
    ok || fail "the installed bantin.conf.example does not show the installed paths"
"$D/usr/local/bin/bantin-dev" --help >"$T/help" 2>&1 && grep -q '/etc/bantin/bantin.conf' "$T/help" &&
    ok || fail "the installed bantin-dev --help does not name /etc/bantin/bantin.conf"
$MAKE --no-print-directory -C "$top" BUILD="$BUILD" DESTDIR="$D" PREFIX=/usr/local \
    uninstall >"$T/uninstall.log" 2>&1 || { cat "$T/uninstall.log" >&2; fail "make uninstall DESTDIR failed"; }
left=$(find "$D" ! -type d)
[ -z "$left" ] && ok || fail "make uninstall left: $left"

# --- 2. the installed programs find their files -------------------------
P=$T/prefix
$MAKE --no-print-directory -C "$top" BUILD="$BUILD" PREFIX="$P" SYSCONFDIR="$P/etc" \
    STATEDIR="$P/var" install >"$T/install2.log" 2>&1 ||
	{ cat "$T/install2.log" >&2; fail "make install PREFIX failed"; }
mkdir -p "$P/etc" "$P/var"
printf '# written by tests/install.sh\nsite_name = Bản tin cài đặt\n' >"$P/etc/bantin.conf"
# From /, with nothing but PATH and PORT: only the compiled-in paths can work.
run() { (cd / && env -i PATH="$PATH" "$@"); }
run "$P/bin/bantin-admin" create "$P/share/bantin/db/sample.sql" >"$T/create.log" 2>&1 &&
    [ -f "$P/var/bantin.db" ] && ok || { cat "$T/create.log" >&2; fail "the installed bantin-admin create failed"; }
run "$P/bin/bantin-admin" check-config >"$T/check.log" 2>&1 && ok ||
	{ cat "$T/check.log" >&2; fail "the installed check-config found problems"; }
grep -qF "site_name = Bản tin cài đặt	# $P/etc/bantin.conf:2" "$T/check.log" && ok ||
	fail "the installed programs did not read $P/etc/bantin.conf"
# docs/CONFIG.md "The operator's templates", in order ($P for /usr/local,
# $P/etc for /etc/bantin; sed for $EDITOR); then an upgrade keeps the copy.
own=$P/etc/templates/foot.html
install -d "$P/etc/templates"
cp "$P/share/bantin/www/templates/foot.html" "$P/etc/templates/"
sed -i 's|</footer>|<p class="own">Trang của đơn vị</p>\n</footer>|' "$own"
echo "templates = $P/etc/templates" >>"$P/etc/bantin.conf"
run "$P/bin/bantin-admin" check-config >"$T/check.log" 2>&1 && ok || {
	cat "$T/check.log" >&2
	fail "check-config with the operator's templates found problems"
}
cp "$own" "$T/own-foot.html"
$MAKE --no-print-directory -C "$top" BUILD="$BUILD" PREFIX="$P" \
    SYSCONFDIR="$P/etc" STATEDIR="$P/var" install >"$T/install3.log" 2>&1 ||
	{ cat "$T/install3.log" >&2; fail "a second make install failed"; }
cmp -s "$T/own-foot.html" "$own" && ok ||
	fail "make install changed the operator's template"
rc=0
diff -u "$P/share/bantin/www/templates/foot.html" "$own" >"$T/diff" || rc=$?
[ $rc -eq 1 ] && grep -q '^+.*Trang của đơn vị' "$T/diff" && ok ||
	fail "diff of the shipped and the operator's foot.html: $rc," \
	    "$(cat "$T/diff")"
(cd / && exec env -i PATH="$PATH" PORT="$PORT_" "$P/bin/bantin-dev" 2>"$T/dev.log") &
dev_pid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$PORT_/healthz"; do
	i=$((i + 1))
	[ $i -le 100 ] || { cat "$T/dev.log" >&2; fail "the installed bantin-dev did not start"; break; }
	sleep 0.1
done
body=$(curl -s "http://127.0.0.1:$PORT_/")
case $body in *"Bản tin cài đặt"*) ok ;; *) fail "the installed bantin-dev did not serve the home page with the configured name" ;; esac
case $body in *'/live/widgets'*|*'Người trực tuyến'*) ok ;; *) fail "the home page lacks the sidebar" ;; esac
case $body in
*'<p class="own">Trang của đơn vị</p>'*) ok ;;
*) fail "the home page lacks the operator's footer" ;;
esac
css=$(cd "$P/share/bantin/www" && ls css/*.css | head -n 1)
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT_/$css")" = 200 ] &&
    ok || fail "the installed bantin-dev did not serve the installed $css"
case $(curl -s "http://127.0.0.1:$PORT_/healthz") in
'{"status":"ok","schema":'*) ok ;; *) fail "the installed bantin-dev's /healthz is not ok" ;; esac
kill "$dev_pid"
wait "$dev_pid" 2>/dev/null || true
dev_pid=
rm -rf "$P/etc" "$P/var"
$MAKE --no-print-directory -C "$top" BUILD="$BUILD" PREFIX="$P" SYSCONFDIR="$P/etc" \
    STATEDIR="$P/var" uninstall >"$T/uninstall2.log" 2>&1 ||
	{ cat "$T/uninstall2.log" >&2; fail "make uninstall PREFIX failed"; }
left=$(find "$P" ! -type d)
[ -z "$left" ] && ok || fail "make uninstall left: $left"

echo "install: $((n - fails)) of $n checks passed"
[ $fails -eq 0 ]
