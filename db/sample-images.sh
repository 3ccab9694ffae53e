#!/bin/sh
# The sample site's pictures go through `bantin-admin image add`, as an
# editor's would: each of www/img/articles/*.jpg becomes its variants
# (360, 720 and 1200 px wide, WebP and JPEG) under IMAGES/<h>/.  The rows
# image add records are the INSERT INTO images of db/sample.sql, between
# its "images:begin" and "images:end" lines; --sql prints them again.
#
#   sh db/sample-images.sh ADMIN [--sql] [IMAGES]
#
# ADMIN is the bantin-admin to run, IMAGES the image folder (default
# www/img).  `make pictures` runs it; tests/integration/test_images.py
# checks that db/sample.sql holds what it prints.
set -eu
cd "$(dirname "$0")/.."
admin=$1
shift
sql=
if [ "${1:-}" = --sql ]; then
	sql=1
	shift
fi
images=${1:-www/img}
credit="Ảnh minh họa"

T=$(mktemp -d /tmp/bantin-pictures.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
BANTIN_DB=$T/sample.db BANTIN_SCHEMA=schema.sql "$admin" create >/dev/null
[ -z "$sql" ] ||
	printf 'INSERT INTO images (url, width, height, variants, credit) VALUES'
sep=
for f in www/img/articles/*.jpg; do
	BANTIN_DB=$T/sample.db BANTIN_IMAGES=$images \
	    "$admin" image add "$f" --credit "$credit" >"$T/out"
	[ -n "$sql" ] || continue
	url=$(tail -n 1 "$T/out")
	printf '%s\n  -- %s\n' "$sep" "${f#www/img/}"
	sqlite3 "$T/sample.db" "SELECT printf('  (%Q, %d, %d, %Q, %Q)', url,
	    width, height, variants, credit) FROM images WHERE url = '$url'" |
	    tr -d '\n'
	sep=,
done
[ -z "$sql" ] || printf ';\n'
