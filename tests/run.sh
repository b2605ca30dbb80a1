#!/bin/bash
# Runs every test and ends with the ten slowest tests and "N passed, N
# failed" (exit 1 on failures).
#   tests/run.sh [FILTER...]   only tests whose path contains a FILTER
#   JOBS=N tests/run.sh        VM tests N at a time (default 1); a VM test
#                              with "# alone: <why>" in its first 10 lines
#                              runs with no other test beside it
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
# A test that cannot fail is a failure too: a script without its run bit
# (lib.sh files are sourced, not run), a unit test source without its
# binary, a test that exits 0 with no check and no SKIP line, a script
# that ran into bash's "command not found" (a helper that is gone).
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
JOBS=${JOBS:-1}
passed=0
failed=0
failures=()
skips=()
durations=()
declare -A running=()

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
	local name=$1 log=$2 status=$3 kind=$4 pass_re fail_re line passes fails=0
	if [ "$kind" = tap ]; then
		pass_re='^ok ' fail_re='^not ok '
	else
		pass_re='^PASS ' fail_re='^FAIL '
	fi
	passes=$(grep -Ec "$pass_re" "$log")
	passed=$((passed + passes))
	mapfile -t -O "${#skips[@]}" skips < <(grep -E '^SKIP ' "$log")
	while IFS= read -r line; do
		record_fail "$name: $line"
		fails=$((fails + 1))
	done < <(grep -E "$fail_re" "$log")
	# bash's own error in the test or a helper it sources: a check that
	# called a missing function went on with an empty answer
	while IFS= read -r line; do
		record_fail "$name: $line"
		fails=$((fails + 1))
	done < <(grep -E '^[^ ]+\.sh: line [0-9]+: .*: command not found$' "$log")
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		record_fail "$name: timed out"
	elif [ "$status" -ne 0 ] && [ $fails -eq 0 ]; then
		record_fail "$name: exited $status without a failing check"
	elif [ $((passes + fails)) -eq 0 ] && ! grep -Eq '^SKIP ' "$log"; then
		record_fail "$name: exited 0 after no check"
	fi
}

# time_limit SCRIPT DEFAULT: the script's own "# timeout: N", or DEFAULT.
time_limit() {
	local own
	own=$(sed -n '1,10s/^# timeout: \([0-9][0-9]*\)$/\1/p' "$1" | head -n 1)
	echo "${own:-$2}"
}

# slots SCRIPT: how many tests may run while SCRIPT does (itself included).
slots() {
	if sed -n '1,10p' "$1" | grep -q '^# alone: '; then echo 1; else echo "$JOBS"; fi
}

# start_one NAME KIND TIMEOUT COMMAND...: the test in the background, its
# status and times in LOG.status when it ends; report_one reports it.
start_one() {
	local name=$1 kind=$2 limit=$3 log
	shift 3
	log=$LOGS/${name//\//_}.log
	rm -f "$log.status"
	(
		start=$EPOCHREALTIME
		CMOCKA_MESSAGE_OUTPUT=TAP timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1 </dev/null &
		echo $! >"$log.pid"
		wait $!
		echo "$? $start $EPOCHREALTIME" >"$log.status"
	) &
	running[$!]="$kind $log $name"
}

# report_one PID: the totals and a line for the test that PID ran.
report_one() {
	local kind log name status start end seconds before=$failed
	read -r kind log name <<<"${running[$1]}"
	unset "running[$1]"
	read -r status start end <"$log.status" 2>/dev/null || status=1 start=0 end=0
	rm -f "$log.status" "$log.pid"
	seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
	durations+=("$seconds $name")
	count_output "$name" "$log" "$status" "$kind"
	if [ $failed -eq $before ]; then
		echo "$name ... ok ($seconds s)"
		grep -E '^SKIP ' "$log" | sed 's/^/    /'
	else
		echo "$name ... FAILED ($seconds s; log: ${log#"$ROOT"/})"
		grep -E '^(not ok|FAIL) ' "$log" | sed 's/^/    /'
	fi
}

# wait_below N: reports ended tests until fewer than N run.
wait_below() {
	local pid
	while [ ${#running[@]} -ge "$1" ]; do
		if ! wait -n -p pid && [ -z "$pid" ]; then
			# no child left to wait for: each test has ended and said how
			for pid in "${!running[@]}"; do report_one "$pid"; done
		elif [ -n "${running[$pid]:-}" ]; then
			report_one "$pid"
		fi
	done
}

# run_one NAME KIND TIMEOUT SLOTS COMMAND...: starts the test once fewer
# than SLOTS run (1: alone, and nothing starts beside it).
run_one() {
	local slots=$4
	wait_below "$slots"
	start_one "$1" "$2" "$3" "${@:5}"
	[ "$slots" -gt 1 ] || wait_below 1
}

# runnable NAME PATH: 0 for a test that can run; a failure otherwise.
runnable() {
	[ -x "$2" ] && return 0
	if [ -e "$2" ]; then
		record_fail "$1: ${2#"$ROOT"/} has no run bit (chmod +x)"
	else
		record_fail "$1: ${2#"$ROOT"/} is not built (make unit-tests asan)"
	fi
	echo "$1 ... FAILED (cannot run)"
	return 1
}

# Stops the tests still running (timeout passes SIGTERM on to each).
stop_running() {
	local pid kind log
	for pid in "${!running[@]}"; do
		read -r kind log _ <<<"${running[$pid]}"
		kill "$(cat "$log.pid" 2>/dev/null)" 2>/dev/null
	done
}
trap 'stop_running; exit 130' INT TERM

slowest() {
	[ ${#durations[@]} -gt 0 ] || return 0
	echo "Slowest tests (seconds; all ${#durations[@]} tests took $(
		printf '%s\n' "${durations[@]}" | awk '{ s += $1 } END { printf "%d min %d s", s / 60, s % 60 }')):"
	printf '%s\n' "${durations[@]}" | sort -rn | head -n 10 | awk '{ printf "  %7.1f  %s\n", $1, $2 }'
}

main() {
	local t name src
	mkdir -p "$LOGS"
	for src in tests/unit/test_*.c; do
		name=unit/$(basename "$src" .c) t=build/$name
		selected "$name" "$@" && runnable "$name" "$t" && run_one "$name" tap "$TEST_TIMEOUT" 1 "$t"
	done
	for t in tests/build/*.sh tests/ns/*.sh tests/bench/*.sh; do
		[ "${t##*/}" != lib.sh ] || continue
		name=${t#tests/}
		selected "$t" "$@" && runnable "$name" "$t" &&
			run_one "$name" lines "$(time_limit "$t" "$TEST_TIMEOUT")" 1 "$t"
	done
	for src in tests/unit/test_*.c; do
		name=asan/unit/$(basename "$src" .c) t=build/$name
		selected "$name" "$@" && runnable "$name" "$t" &&
			run_one "$name" tap "$TEST_TIMEOUT" 1 tests/sanitized.sh tap "$t"
	done
	for t in tests/ns/*.sh; do
		[ "${t##*/}" != lib.sh ] || continue
		name=asan/${t#tests/}
		selected "$name" "$@" && runnable "$name" "$t" &&
			run_one "$name" lines "$TEST_TIMEOUT" 1 tests/sanitized.sh lines "$t"
	done
	for t in tests/fuzz/*.sh; do
		name=${t#tests/}
		selected "$t" "$@" && runnable "$name" "$t" && run_one "$name" lines "$FUZZ_TEST_TIMEOUT" 1 "$t"
	done
	for t in tests/vm/*/test.sh; do
		name=${t#tests/}
		selected "$t" "$@" && runnable "$name" "$t" &&
			run_one "$name" lines "$(time_limit "$t" "$VM_TEST_TIMEOUT")" "$(slots "$t")" "$t"
	done
	wait_below 1
	echo
	if [ ${#skips[@]} -gt 0 ]; then
		echo "Skipped:"
		printf '  %s\n' "${skips[@]}"
	fi
	if [ $failed -gt 0 ]; then
		echo "Failures:"
		printf '  %s\n' "${failures[@]}"
	fi
	slowest
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
}

main "$@"
