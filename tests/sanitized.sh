#!/bin/bash
# Runs one test against the ASan + UBSan host build (tests/fuzz/fuzz.mk):
# a unit test from build/asan/unit/, or a tests/ns/ script with
# INIT=build/asan/init (container mode and `reclaim daemon`).
#   tests/sanitized.sh tap|lines COMMAND...
# Reports go to files, not to the test's output (a script may discard
# init's stderr); each one becomes a failing check of the given kind
# ("not ok" or FAIL), with the report itself in the log.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
kind=$1
shift
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
# Processes that drop root (setpriv in ns/reclaim_daemon.sh) write here too.
chmod 1777 "$reports"

export INIT=$ROOT/build/asan/init
# Stop at the first report, with _exit(99) rather than abort(): the PID 1
# of a namespace ignores its own SIGABRT. No test expects 99.
common="log_path=$reports/report:halt_on_error=1:abort_on_error=0:exitcode=99"
export ASAN_OPTIONS="$common:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="$common:print_stacktrace=1"

"$@"
status=$?
for report in "$reports"/report.*; do
	[ -e "$report" ] || continue
	cat "$report"
	summary=$(grep -m1 '^SUMMARY' "$report" || head -n1 "$report")
	if [ "$kind" = tap ]; then
		echo "not ok - sanitizer report: $summary"
	else
		echo "FAIL sanitizer_report: $summary"
	fi
done
exit "$status"
