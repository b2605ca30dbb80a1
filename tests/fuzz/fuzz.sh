#!/bin/bash
# Replays each fuzz target's corpus, then fuzzes it for FUZZ_SECONDS
# (default 10): one "PASS fuzz_<target>" / "FAIL fuzz_<target>: ..." line
# target, i.e. per tests/fuzz/<target>.c (built by fuzz.mk into build/fuzz/).
#   tests/fuzz/fuzz.sh [TARGET...]
# Seeds: tests/fuzz/corpus/<target>/ (read only). New inputs go to a
# scratch dir, or with FUZZ_KEEP=1 (make fuzz) to build/fuzz/corpus/<target>/,
# kept for the next run. A crash leaves its input in build/fuzz/crashes/;
# rerun it with build/fuzz/<target> FILE.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
CRASHES=build/fuzz/crashes
LOGS=build/fuzz/logs
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0

# run_target NAME: 0 when the target ran its time without a finding.
run_target() {
	local name=$1 bin=build/fuzz/$1 work=$scratch/$1 log=$LOGS/$1.log
	local status execs crash summary
	[ -n "${FUZZ_KEEP:-}" ] && work=build/fuzz/corpus/$name
	mkdir -p "$work"
	# -close_fd_mask=3: the parsers' log lines are noise; libFuzzer and
	# the sanitizers still report on their own copy of stderr.
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=1024 \
		-close_fd_mask=3 -print_final_stats=1 -dict=tests/fuzz/ebb.dict \
		-artifact_prefix="$CRASHES/$name-" "$work" "tests/fuzz/corpus/$name" \
		>"$log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$status" -eq 0 ]; then
		echo "fuzz_$name: ${execs:-?} inputs in $FUZZ_SECONDS s, $(ls "$work" | wc -l) in the work corpus"
		echo "PASS fuzz_$name"
		return
	fi
	crash=$(sed -n 's/.*Test unit written to //p' "$log" | head -n1)
	summary=$(grep -m1 -E '^SUMMARY|fuzz check failed|ERROR: libFuzzer' "$log")
	sed -n '/ERROR\|fuzz check failed/,$p' "$log" | head -n 60
	echo "FAIL fuzz_$name: ${summary:-exit $status}; input ${crash:-none} (log: $log)"
	failures=$((failures + 1))
}

main() {
	local src name
	mkdir -p "$CRASHES" "$LOGS"
	for src in tests/fuzz/*.c; do
		name=$(basename "$src" .c)
		[ $# -eq 0 ] || [[ " $* " == *" $name "* ]] || continue
		if [ ! -x "build/fuzz/$name" ] || [ ! -d "tests/fuzz/corpus/$name" ]; then
			echo "FAIL fuzz_$name: build/fuzz/$name (make fuzzers) or tests/fuzz/corpus/$name missing"
			failures=$((failures + 1))
			continue
		fi
		run_target "$name"
	done
	[ "$failures" -eq 0 ]
}

main "$@"
