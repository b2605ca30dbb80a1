#!/bin/bash
# Runs every test and ends with "N passed, N failed" (exit 1 on failures).
#   tests/run.sh [FILTER...]   only tests whose path contains a FILTER
# Protocol:
#   unit   build/unit/test_* (cmocka, TAP output): each "ok"/"not ok" line
#   build  tests/build/*.sh  }  each "PASS <name>" / "FAIL <name>: <why>"
#   ns     tests/ns/*.sh     }  line is one check; a script that exits
#   bench  tests/bench/*.sh  }
#   fuzz   tests/fuzz/*.sh   }  non-zero without a FAIL line is one failure
#   vm     tests/vm/*/test.sh}
#          A "SKIP <name>: <why>" line (a test that cannot run here) is
#          shown under the test and listed at the end; it is no check.
#   asan/  the unit and ns tests again against the ASan + UBSan build
#          (tests/sanitized.sh): a sanitizer report is a failing check
# Each test runs under a timeout (TEST_TIMEOUT, VM_TEST_TIMEOUT seconds);
# a script whose first 10 lines hold "# timeout: N" gets N seconds instead.
# Full output goes to build/test-logs/.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LOGS=$ROOT/build/test-logs
TEST_TIMEOUT=${TEST_TIMEOUT:-120}
VM_TEST_TIMEOUT=${VM_TEST_TIMEOUT:-600}
FUZZ_TEST_TIMEOUT=${FUZZ_TEST_TIMEOUT:-600}
passed=0
failed=0
failures=()
skips=()

selected() {
	local filter
	[ $# -gt 1 ] || return 0
	for filter in "${@:2}"; do
		[[ $1 == *"$filter"* ]] && return 0
	done
	return 1
}

record_fail() {
	failed=$((failed + 1))
	failures+=("$1")
}

# count_output NAME LOG STATUS KIND: adds the test's checks to the totals.
count_output() {
	local name=$1 log=$2 status=$3 kind=$4 pass_re fail_re line fails=0
	if [ "$kind" = tap ]; then
		pass_re='^ok ' fail_re='^not ok '
	else
		pass_re='^PASS ' fail_re='^FAIL '
	fi
	passed=$((passed + $(grep -Ec "$pass_re" "$log")))
	mapfile -t -O "${#skips[@]}" skips < <(grep -E '^SKIP ' "$log")
	while IFS= read -r line; do
		record_fail "$name: $line"
		fails=$((fails + 1))
	done < <(grep -E "$fail_re" "$log")
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		record_fail "$name: timed out"
	elif [ "$status" -ne 0 ] && [ $fails -eq 0 ]; then
		record_fail "$name: exited $status without a failing check"
	fi
}

# time_limit SCRIPT DEFAULT: the script's own "# timeout: N", or DEFAULT.
time_limit() {
	local own
	own=$(sed -n '1,10s/^# timeout: \([0-9][0-9]*\)$/\1/p' "$1" | head -n 1)
	echo "${own:-$2}"
}

# run_one NAME KIND TIMEOUT COMMAND...
run_one() {
	local name=$1 kind=$2 limit=$3 log status
	shift 3
	log=$LOGS/${name//\//_}.log
	printf '%s ... ' "$name"
	CMOCKA_MESSAGE_OUTPUT=TAP timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1 </dev/null
	status=$?
	local before=$failed
	count_output "$name" "$log" "$status" "$kind"
	if [ $failed -eq $before ]; then
		echo ok
		grep -E '^SKIP ' "$log" | sed 's/^/    /'
	else
		echo "FAILED (log: ${log#"$ROOT"/})"
		grep -E '^(not ok|FAIL) ' "$log" | sed 's/^/    /'
	fi
}

main() {
	local t
	mkdir -p "$LOGS"
	for t in build/unit/test_*; do
		[ -x "$t" ] && selected "unit/${t##*/}" "$@" && run_one "unit/${t##*/}" tap "$TEST_TIMEOUT" "$t"
	done
	for t in tests/build/*.sh tests/ns/*.sh tests/bench/*.sh; do
		[ -x "$t" ] && selected "$t" "$@" && run_one "${t#tests/}" lines "$(time_limit "$t" "$TEST_TIMEOUT")" "$t"
	done
	for t in build/asan/unit/test_*; do
		[ -x "$t" ] && selected "asan/unit/${t##*/}" "$@" &&
			run_one "asan/unit/${t##*/}" tap "$TEST_TIMEOUT" tests/sanitized.sh tap "$t"
	done
	for t in tests/ns/*.sh; do
		[ -x "$t" ] && selected "asan/${t#tests/}" "$@" &&
			run_one "asan/${t#tests/}" lines "$TEST_TIMEOUT" tests/sanitized.sh lines "$t"
	done
	for t in tests/fuzz/*.sh; do
		[ -x "$t" ] && selected "$t" "$@" && run_one "${t#tests/}" lines "$FUZZ_TEST_TIMEOUT" "$t"
	done
	for t in tests/vm/*/test.sh; do
		[ -x "$t" ] && selected "$t" "$@" && run_one "${t#tests/}" lines "$(time_limit "$t" "$VM_TEST_TIMEOUT")" "$t"
	done
	echo
	if [ ${#skips[@]} -gt 0 ]; then
		echo "Skipped:"
		printf '  %s\n' "${skips[@]}"
	fi
	if [ $failed -gt 0 ]; then
		echo "Failures:"
		printf '  %s\n' "${failures[@]}"
	fi
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
}

main "$@"
