#!/bin/sh
# Browser-level checks, run by tests/integration/run.sh against the live
# servers (DEV_URL = dev server, NGINX_URL = nginx → FastCGI; loopback only).
#
#  1. Nu Html Checker (vnu.jar from the npm package vnu-jar) on the home
#     page (both servers), a section, the reference article, a tag page,
#     search, the login page, a member's home page and the 404 page.  Any
#     error fails.
#  2. bars.mjs in Debian's Chromium (puppeteer-core, axe-core, Lighthouse
#     12), through nginx: home, the reference article, a section, a tag
#     page and search.  Screenshots of home and article at 360x800 and
#     1280x900 (checked here: not blank), no horizontal overflow, every
#     section reachable, focus rings unclipped, no story twice in the first
#     viewport, form fields and focus rings 3:1; axe-core with no violation
#     at 360 and 1280 px; Lighthouse mobile and desktop scores and required
#     audits (bars.mjs: SCORES, REQUIRED_AUDITS).
#
# The npm packages are pinned by package.json/package-lock.json here and
# installed once (npm ci) into a cache outside the repository, keyed by
# the lock file.
#
# Prints "N passed, M failed" and exits non-zero on any failure.
# Environment: DEV_URL, NGINX_URL (required); T (work dir parent, optional);
# BANTIN_NPM_CACHE (where to install the npm packages, optional); CHROMIUM;
# BARS ("screens axe lighthouse", the default, or a part of it).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CONVERT=/usr/bin/convert	# /usr/local/bin/convert may be a stand-in
TITLE='Bộ Quốc phòng duy trì hiệu quả quốc tế hợp tác an ninh mạng'
ARTICLE_PATH=/x/1.htm

: "${DEV_URL:?DEV_URL must be set (e.g. http://127.0.0.1:18080)}"
: "${NGINX_URL:?NGINX_URL must be set (e.g. http://127.0.0.1:18081)}"
for u in "$DEV_URL" "$NGINX_URL"; do
	case $u in
	http://127.*|http://localhost:*|http://localhost|http://\[::1\]*) ;;
	*) echo "browser: refusing non-loopback URL $u" >&2; exit 2 ;;
	esac
done

if [ -n "${T:-}" ]; then
	W=$T/browser
	mkdir -p "$W"
else
	W=$(mktemp -d /tmp/bantin-browser.XXXXXX)
fi

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok    $*"; }
bad() { failed=$((failed + 1)); echo "FAIL  $*"; }

t0=$(date +%s)

# ---------------------------------------------------------------- fetching

# fetch NAME URL EXPECTED_STATUS: the body into $W/NAME.html.
fetch() {
	code=$(curl -sS --max-time 10 --proto =http -o "$W/$1.html" -w '%{http_code}' "$2" 2>>"$W/curl.log") || code=000
	if [ "$code" = "$3" ] && [ -s "$W/$1.html" ]; then
		ok "GET $2 → $code"
		pages="$pages $W/$1.html"
	else
		bad "GET $2 → $code (expected $3 with a body)"
	fi
}

pages=
fetch dev-home "$DEV_URL/" 200
fetch nginx-home "$NGINX_URL/" 200
fetch nginx-section "$NGINX_URL/thoi-su/" 200
fetch nginx-tag "$NGINX_URL/tag/an-ninh-mang" 200
fetch nginx-404 "$NGINX_URL/khong-ton-tai/" 404
fetch nginx-login "$NGINX_URL/dang-nhap" 200
fetch nginx-search "$NGINX_URL/tim-kiem?q=quoc+phong" 200

# A member's page (the header greets them): log in as a member of
# tests/integration/fixtures.sql with curl's cookie jar.
jar=$W/cookies.txt
curl -sS --max-time 10 -c "$jar" -b "$jar" -A "Mozilla/5.0" -o "$W/login-form.html" \
    "$NGINX_URL/dang-nhap" 2>>"$W/curl.log" || true
token=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$W/login-form.html" | head -1)
code=$(curl -sS --max-time 10 -c "$jar" -b "$jar" -A "Mozilla/5.0" -o /dev/null \
    -w '%{http_code}' -H "Origin: $NGINX_URL" --data-urlencode username=lan \
    --data-urlencode password=mat-khau-lan --data-urlencode "token=$token" \
    "$NGINX_URL/dang-nhap" 2>>"$W/curl.log") || code=000
if [ "$code" = 303 ] && curl -sS --max-time 10 -b "$jar" -A "Mozilla/5.0" \
    -o "$W/nginx-member-home.html" "$NGINX_URL/" 2>>"$W/curl.log" &&
    grep -q "Xin chào, <strong>Trần Thị Lan</strong>" "$W/nginx-member-home.html"; then
	ok "a member's home page greets them"
	pages="$pages $W/nginx-member-home.html"
else
	bad "member login through nginx → $code, or no greeting on the home page"
fi

# The reference article: /x/1.htm redirects to its canonical URL, which must
# stay on the same (loopback) server.
ARTICLE_URL=
loc=$(curl -sS --max-time 10 --proto =http -o /dev/null -w '%{http_code} %{redirect_url}' \
    "$NGINX_URL$ARTICLE_PATH" 2>>"$W/curl.log") || loc=000
case $loc in
"301 $NGINX_URL/"*|"302 $NGINX_URL/"*|"308 $NGINX_URL/"*)
	ARTICLE_URL=${loc#* }
	ok "GET $NGINX_URL$ARTICLE_PATH → ${loc%% *} $ARTICLE_URL"
	fetch nginx-article "$ARTICLE_URL" 200
	;;
*)
	bad "GET $NGINX_URL$ARTICLE_PATH → '$loc' (expected a redirect within $NGINX_URL)"
	;;
esac

# ------------------------------------------------------------ npm packages

lock=$here/package-lock.json
key=$(sha256sum "$lock" | cut -c1-12)
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/bantin/npm
NPM_DIR=${BANTIN_NPM_CACHE:-$cache}/$key
VNU_JAR=$NPM_DIR/node_modules/vnu-jar/build/dist/vnu.jar
BARS_DEPS="puppeteer-core lighthouse axe-core"
# installed DIR: the packages are all there.
installed() {
	[ -f "$1/node_modules/vnu-jar/build/dist/vnu.jar" ] || return 1
	for m in $BARS_DEPS; do
		[ -f "$1/node_modules/$m/package.json" ] || return 1
	done
}

if ! installed "$NPM_DIR"; then
	echo "installing the npm packages of $here/package.json into $NPM_DIR"
	mkdir -p "$(dirname "$NPM_DIR")"
	tmp=$(mktemp -d "$NPM_DIR.tmp.XXXXXX")
	cp "$here/package.json" "$lock" "$tmp/"
	# --ignore-scripts: vnu-jar's postinstall would download a JDK from
	# outside the registry (the system's java is used instead), and
	# puppeteer-core uses Debian's Chromium.
	if timeout 600 npm ci --prefix "$tmp" --ignore-scripts --no-audit \
	    --no-fund >"$W/npm.log" 2>&1 && installed "$tmp"; then
		# Another run may have won the race; either copy will do.
		mv -T "$tmp" "$NPM_DIR" 2>/dev/null || rm -rf "$tmp"
	else
		rm -rf "$tmp"
		echo "browser: could not install the npm packages" \
		    "(is the npm registry reachable?); npm said:" >&2
		tail -20 "$W/npm.log" >&2
	fi
fi

# ----------------------------------------------------------- Nu Html Checker

vnu_version=$(sed -n 's/.*"vnu-jar": *"\([^"]*\)".*/\1/p' "$here/package.json")

if [ ! -f "$VNU_JAR" ]; then
	bad "Nu Html Checker: vnu-jar@$vnu_version not installed"
elif ! command -v java >/dev/null 2>&1; then
	bad "Nu Html Checker: java not found (Java 11+ is needed for vnu.jar)"
elif [ -z "$pages" ]; then
	bad "Nu Html Checker: no page to check"
else
	rc=0
	# shellcheck disable=SC2086 # $pages: paths without spaces, one word each
	timeout 180 java -jar "$VNU_JAR" --errors-only --format gnu $pages \
	    >"$W/vnu.out" 2>&1 || rc=$?
	for f in $pages; do
		name=$(basename "$f")
		if grep -F "$f\"" "$W/vnu.out" >"$W/vnu.one"; then
			bad "Nu Html Checker: $name"
			# Each message, then the line of the page it points at.
			while IFS= read -r msg; do
				echo "      $msg"
				n=$(printf '%s\n' "$msg" | sed -n 's/^"[^"]*":\([0-9]*\)\..*/\1/p')
				[ -n "$n" ] && sed -n "${n}p" "$f"| sed 's/^/      | /'
			done <"$W/vnu.one"
		elif [ "$rc" -ne 0 ] && [ ! -s "$W/vnu.out" ]; then
			bad "Nu Html Checker: $name (vnu exited $rc without a message)"
		else
			ok "Nu Html Checker: $name"
		fi
	done
	# Anything vnu said that is about none of the pages (a crash, a bad flag).
	if [ "$rc" -ne 0 ] && grep -v -F "$W/" "$W/vnu.out" >"$W/vnu.other"; then
		bad "Nu Html Checker exited $rc:"
		sed 's/^/      /' "$W/vnu.other"
	fi
fi

# ---------------------------------------- Chromium: screens, axe, Lighthouse

shots=
if [ ! -x "$CHROMIUM" ]; then
	bad "Chromium not found at $CHROMIUM"
elif [ -z "$ARTICLE_URL" ]; then
	bad "Chromium: no article URL to load"
elif ! command -v node >/dev/null 2>&1; then
	bad "browser bars: node not found"
elif ! installed "$NPM_DIR"; then
	bad "browser bars: the npm packages ($BARS_DEPS) are not installed"
else
	# An ES module finds its packages beside itself: run a copy there.
	cp "$here/bars.mjs" "$W/bars.mjs"
	ln -sfn "$NPM_DIR/node_modules" "$W/node_modules"
	rc=0
	# shellcheck disable=SC2086 # BARS: the parts, one word each
	timeout 900 env CHROMIUM="$CHROMIUM" ARTICLE_TITLE="$TITLE" \
	    node "$W/bars.mjs" "$W" "$NGINX_URL" "${ARTICLE_URL#"$NGINX_URL"}" \
	    ${BARS:-screens axe lighthouse} >"$W/bars.out" 2>&1 || rc=$?
	grep -v '^screenshot: ' "$W/bars.out" | grep -v '^bars: '
	passed=$((passed + $(grep -c '^ok ' "$W/bars.out" || true)))
	nfail=$(grep -c '^FAIL ' "$W/bars.out" || true)
	failed=$((failed + nfail))
	if [ "$rc" -ne 0 ] && [ "$nfail" -eq 0 ]; then
		bad "bars.mjs exited $rc (timeout 900 s?); see $W/bars.out"
	fi
	shots=$(sed -n 's/^screenshot: //p' "$W/bars.out")
fi

# The screenshots bars.mjs took: the size asked, not blank.
for png in $shots; do
	size=$(basename "$png" .png)
	size=${size##*-}
	w=${size%x*}
	h=${size#*x}
	bytes=$(wc -c <"$png")
	info=$("$CONVERT" "$png" -format '%w %h %k' info: 2>&1) || info="? ? 0"
	# shellcheck disable=SC2086 # split "W H COLOURS" into $1 $2 $3
	set -- $info
	if [ "$bytes" -ge 5000 ] && [ "$1" = "$w" ] && [ "$2" = "$h" ] && [ "$3" -gt 50 ]; then
		ok "screenshot $(basename "$png"): ${1}x$2, $3 colours, $bytes bytes"
	else
		bad "screenshot $png looks blank or wrong: $bytes bytes, '$info' (want ${w}x$h, > 50 colours, ≥ 5000 bytes)"
	fi
done

for p in $shots; do echo "screenshot: $p"; done
echo "browser checks took $(($(date +%s) - t0)) s; files in $W${T:+ (removed with \$T unless KEEP_TMP=1)}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
