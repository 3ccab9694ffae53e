#!/bin/sh
# What the documents state that the code decides.  Run by `make test`.
#   README.md names the schema version schema.sql sets.
set -eu
cd "$(dirname "$0")/.."
v=$(sed -n 's/^PRAGMA user_version = \([0-9]*\);$/\1/p' schema.sql)
if [ -z "$v" ]; then
	echo "FAIL: schema.sql sets no PRAGMA user_version" >&2
	exit 1
fi
if ! grep -qF "\`PRAGMA user_version\` is the schema version ($v)." README.md
then
	echo "FAIL: README.md does not give the schema version, $v" >&2
	exit 1
fi
echo "docs: README.md gives schema.sql's version, $v"
