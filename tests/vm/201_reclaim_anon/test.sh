#!/bin/bash
# Issue 4, anonymous memory: the guest touches then frees 512 MiB. Free
# page reporting alone (ebb.reclaim=off) gives that back in its own time:
# its first pass waits 2 s and each pass takes 1/16 of the free lists
# (3.8 s under TCG to within 64 MiB). ebb sets 200 ms and whole lists
# (report_delay): with its default mode the QEMU process's RSS must be back
# within 64 MiB of the idle baseline within 2 s of the free (measured
# 0.0 s), and with off it must not (two boots, each in a fresh child).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

WORK="memhog 512 --mark workload-done"
ABOVE_MIB=64
WITHIN_S=2

if [ "${1:-}" = boot ]; then
	case_return_boot "$2" "$WORK" "$ABOVE_MIB" 20
	finish; exit
fi

# back_within FIG: 0 when the FIG line's took is at most WITHIN_S seconds.
back_within() {
	local took
	took=$(fig took "$1")
	[ -n "$took" ] && [ "$took" != none ] &&
		awk -v t="$took" -v limit="$WITHIN_S" 'BEGIN { exit !(t <= limit) }'
}

case_child "$0" boot gradual
if [ -z "$CASE_FIG" ]; then fail anon_gradual_back_in_2s "no figures from the gradual boot"
elif back_within "$CASE_FIG"; then pass anon_gradual_back_in_2s
else fail anon_gradual_back_in_2s "not within $ABOVE_MIB MiB of the baseline $WITHIN_S s after the free: $CASE_FIG"; fi
echo "# gradual: $CASE_FIG"
case_child "$0" boot off
if [ -z "$CASE_FIG" ]; then fail anon_off_slower_than_2s "no figures from the off boot"
elif ! back_within "$CASE_FIG"; then pass anon_off_slower_than_2s
else fail anon_off_slower_than_2s "the kernel alone was back within $WITHIN_S s: ebb's pace is not what made the difference: $CASE_FIG"; fi
echo "# off: $CASE_FIG"
finish
