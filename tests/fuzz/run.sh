#!/bin/sh
# Runs each libFuzzer harness named for FUZZ_SECONDS (default 60) from its
# seed corpus (tests/fuzz/corpus/NAME/) and dictionary (tests/fuzz/NAME.dict),
# from the top of the source tree.  New inputs go to $BUILD/corpus/NAME/,
# which later runs start from.  Fails at the first harness that reports a
# crash, a leak, a timeout or a sanitizer error, with its log and the
# command that replays the input.
#   BUILD=build-fuzz sh tests/fuzz/run.sh build-fuzz/fuzz/url …
set -eu
: "${BUILD:=build-fuzz}" "${FUZZ_SECONDS:=60}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# fuzz NAME BINARY
fuzz() {
	mkdir -p "$BUILD/corpus/$1" "$BUILD/crash"
	dict=
	[ -f "tests/fuzz/$1.dict" ] && dict=-dict=tests/fuzz/$1.dict
	log=$BUILD/fuzz-$1.log
	printf '== fuzz %s (%ss): ' "$1" "$FUZZ_SECONDS"
	# shellcheck disable=SC2086
	if ! "$2" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$BUILD/crash/$1-" $dict \
	    "$BUILD/corpus/$1" "tests/fuzz/corpus/$1" >"$log" 2>&1; then
		echo FAILED
		tail -n 60 "$log"
		echo "replay: $2 $BUILD/crash/$1-*  (whole log: $log)"
		exit 1
	fi
	sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/\1 runs, /p' \
	    "$log" | tr -d '\n'
	sed -n 's/^#[0-9]*.*DONE *cov: \([0-9]*\) .*corp: \([0-9]*\).*/'\
'coverage \1, corpus \2/p' "$log"
}

for bin; do
	fuzz "$(basename "$bin")" "$bin"
done
