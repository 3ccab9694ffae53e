#!/bin/sh
# Browser-level checks, run by tests/integration/run.sh against the live
# servers (DEV_URL = dev server, NGINX_URL = nginx → FastCGI; loopback only).
#
#  1. Nu Html Checker (vnu.jar from the npm package vnu-jar, pinned by
#     package.json/package-lock.json here, installed once into a cache outside
#     the repository) on the home page (both servers), a section, the
#     reference article, a tag page and the 404 page.  Any error fails.
#  2. Headless Chromium: screenshots of the reference article at 360x800 and
#     1280x900 (non-blank: size, dimensions, colour count), the rendered DOM
#     holds the article title, and — measured through the DevTools protocol
#     over --remote-debugging-pipe (measure.js, Node stdlib only) — the page
#     does not overflow horizontally at 360 px (nor at 1280 px).
#
# Prints "N passed, M failed" and exits non-zero on any failure.
# Environment: DEV_URL, NGINX_URL (required); T (work dir parent, optional);
# BANTIN_VNU_CACHE (where to install vnu-jar, optional); CHROMIUM.
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
CLOG=$W/chromium.log
: >"$CLOG"

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

# ----------------------------------------------------------- Nu Html Checker

lock=$here/package-lock.json
key=$(sha256sum "$lock" | cut -c1-12)
VNU_DIR=${BANTIN_VNU_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/bantin/vnu}/$key
VNU_JAR=$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar
vnu_version=$(sed -n 's/.*"vnu-jar": *"\([^"]*\)".*/\1/p' "$here/package.json")

if [ ! -f "$VNU_JAR" ]; then
	echo "installing vnu-jar@$vnu_version into $VNU_DIR"
	mkdir -p "$(dirname "$VNU_DIR")"
	tmp=$(mktemp -d "$VNU_DIR.tmp.XXXXXX")
	cp "$here/package.json" "$lock" "$tmp/"
	# --ignore-scripts: the package's postinstall would download a JDK from
	# outside the registry; the system's java is used instead.
	if timeout 300 npm ci --prefix "$tmp" --ignore-scripts --no-audit --no-fund \
	    >"$W/npm.log" 2>&1 && [ -f "$tmp/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
		# Another run may have won the race; either copy will do.
		mv -T "$tmp" "$VNU_DIR" 2>/dev/null || rm -rf "$tmp"
	else
		rm -rf "$tmp"
		echo "browser: could not install vnu-jar@$vnu_version with npm (is the npm registry reachable?); npm said:" >&2
		tail -20 "$W/npm.log" >&2
	fi
fi

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

# ------------------------------------------------------------------ Chromium

# Shows the browser's log once, on the first Chromium failure.
shown_log=
chromium_failed() {
	bad "$@"
	if [ -z "$shown_log" ]; then
		shown_log=1
		echo "      --- last lines of $CLOG ---"
		tail -40 "$CLOG" | sed 's/^/      /'
	fi
}

chromium() {
	profile=$(mktemp -d "$W/profile.XXXXXX")
	rc=0
	echo "=== chromium $*" >>"$CLOG"
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --hide-scrollbars \
	    --user-data-dir="$profile" "$@" 2>>"$CLOG" || rc=$?
	rm -rf "$profile"
	return $rc
}

shots=
if [ ! -x "$CHROMIUM" ]; then
	bad "Chromium not found at $CHROMIUM"
elif [ -z "$ARTICLE_URL" ]; then
	bad "Chromium: no article URL to load"
else
	for size in 360x800 1280x900; do
		w=${size%x*}
		h=${size#*x}
		png=$W/article-$size.png
		rm -f "$png"
		if ! chromium --window-size="$w,$h" --screenshot="$png" "$ARTICLE_URL"; then
			chromium_failed "screenshot $size: chromium failed"
			continue
		fi
		if [ ! -f "$png" ]; then
			chromium_failed "screenshot $size: no file written"
			continue
		fi
		shots="$shots $png"
		bytes=$(wc -c <"$png")
		info=$("$CONVERT" "$png" -format '%w %h %k' info: 2>&1) || info="? ? 0"
		# shellcheck disable=SC2086 # split "W H COLOURS" into $1 $2 $3
		set -- $info
		if [ "$bytes" -ge 5000 ] && [ "$1" = "$w" ] && [ "$2" = "$h" ] && [ "$3" -gt 50 ]; then
			ok "screenshot $size: ${1}x$2, $3 colours, $bytes bytes"
		else
			chromium_failed "screenshot $size looks blank or wrong: $bytes bytes, '$info' (want ${w}x$h, > 50 colours, ≥ 5000 bytes)"
		fi
	done

	if chromium --window-size=1280,900 --dump-dom "$ARTICLE_URL" >"$W/article-dom.html" &&
	    grep -q -F "$TITLE" "$W/article-dom.html"; then
		ok "rendered DOM holds the article title"
	else
		chromium_failed "rendered DOM of $ARTICLE_URL lacks the title '$TITLE'"
	fi

	# Layout: no horizontal overflow.  At 360 px with mobile emulation (so
	# the viewport meta is honoured, as on a phone) and at 1280 px.
	if ! command -v node >/dev/null 2>&1; then
		bad "overflow checks: node not found"
	else
		# measure URL LABEL WIDTH HEIGHT MOBILE
		measure() {
			profile=$(mktemp -d "$W/profile.XXXXXX")
			echo "=== measure $*" >>"$CLOG"
			# shellcheck disable=SC2094 # both only append to the log
			out=$(timeout 60 node "$here/measure.js" "$CHROMIUM" "$profile" \
			    "$1" "$3" "$4" "$5" "$CLOG" 2>>"$CLOG") || out=
			rm -rf "$profile"
			sw=$(printf '%s' "$out" | sed -n 's/.*"scrollWidth":\([0-9]*\).*/\1/p')
			if [ -z "$sw" ]; then
				chromium_failed "overflow $2 at $3 px: could not measure"
			elif [ "$sw" -le "$3" ]; then
				ok "no horizontal overflow: $2 at $3 px (scrollWidth $sw)"
			else
				bad "horizontal overflow: $2 at $3 px: scrollWidth $sw"
				echo "      $out"
			fi
		}
		measure "$ARTICLE_URL" article 360 800 1
		measure "$NGINX_URL/" home 360 800 1
		measure "$NGINX_URL/dang-nhap" login 360 800 1
		measure "$ARTICLE_URL" article 1280 900 0
	fi
fi

for p in $shots; do echo "screenshot: $p"; done
echo "browser checks took $(($(date +%s) - t0)) s; files in $W${T:+ (removed with \$T unless KEEP_TMP=1)}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
