#!/bin/sh
# make mutants: plants known bugs one at a time in a scratch copy of the
# tree and fails unless the unit suite (cmocka, including the core_handle
# harness of tests/unit/test_routes.c) catches each.  A mutant whose text
# is no longer in its file fails too: the list must follow the code.
#
#   sh tests/mutants.sh            every mutant
#   MUTANTS="2 5" sh tests/mutants.sh   only those
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
T=$(mktemp -d /tmp/bantin-mutants.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM

# The tracked tree, with local changes: what is being tested.
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$T"
cd "$T"

# number@file@text to find@its replacement@what the bug is
mutants() {
	cat <<'EOF'
1@cgi/store/live_sqlite.c@FROM article_daily_views WHERE day >= :since "@FROM article_daily_views WHERE day >= :sincez "@a renamed bind: most read this week silently off
2@cgi/core/core.c@if ((len = strlen(uri)) > URI_MAX)@if ((len = strlen(uri)) > 4 * URI_MAX)@a removed bound: 414 past 8 KiB
3@cgi/store/articles.c@#define VISIBLE "a.status = 'published' AND a.published_at <= :now"@#define VISIBLE "a.published_at <= :now"@an inverted visibility test: drafts shown
4@cgi/html/escape.c@['<'] = "&lt;",@['<'] = NULL,@a skipped escape: '<' written raw
5@cgi/store/polls.c@"WHERE p.id = :poll AND " STARTED,@"WHERE p.id = :poll",@a scheduled poll readable before it starts
6@cgi/core/url.c@n < spec->min || n > spec->max)@n < spec->min)@a parameter's upper bound ignored
7@cgi/live/visitor.c@return sodium_memcmp(want, token, 32) == 0;@return true;@any CSRF token accepted
8@cgi/store/live_sqlite.c@"AND last_seen > :now - :gap)",@"AND last_seen > :now - :gap - :gap)",@a visit counted after an hour, not 30 minutes
9@cgi/front/fastcgi.c@kn > (size_t)(end - p) || vn > (size_t)(end - p) - kn)@false)@a FastCGI name-value pair trusted past its record
EOF
}

status=0
mutants | while IFS='@' read -r n file from to what; do
	case " ${MUTANTS:-$n} " in *" $n "*) ;; *) continue ;; esac
	cp "$file" "$file.orig"
	python3 - "$file" "$from" "$to" <<'EOF' || { echo "FAIL mutant $n: text not found in $file (update tests/mutants.sh)"; exit 1; }
import sys
path, old, new = sys.argv[1:4]
s = open(path, encoding="utf-8").read()
if s.count(old) != 1:
    sys.exit(1)
open(path, "w", encoding="utf-8").write(s.replace(old, new))
EOF
	if ! make -s BUILD=build-mutant all >"$T/build.log" 2>&1; then
		echo "caught mutant $n (build): $what"
	elif make -s BUILD=build-mutant unit >"$T/unit.log" 2>&1; then
		echo "FAIL mutant $n survived the unit suite: $what"
		exit 1
	else
		echo "caught mutant $n: $what"
	fi
	mv "$file.orig" "$file"
done || status=1
exit $status
