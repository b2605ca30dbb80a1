#!/bin/bash
# Issue 4, fragmentation: the guest touches 512 MiB, then frees all but one
# 4 KiB page in every 2 MiB and keeps those. Free page reporting only
# returns whole 2 MiB blocks, so the host gets the memory back only after
# compaction: with ebb.reclaim=compact the QEMU process's RSS must be back
# within 96 MiB of its idle baseline within 45 s; with ebb.reclaim=off it
# must still be more than 300 MiB above it after 45 s (two boots).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

if [ "${1:-}" = boot ]; then
	case_return_boot "$2" "memhog 512 --keep-every 2048 --hold 120 --mark workload-done &" 96 45
	finish; exit
fi

case_child "$0" boot compact
if [ -z "$CASE_FIG" ]; then fail fragmented_compact_back_in_45s "no figures from the compact boot"
elif [ "$(fig took "$CASE_FIG")" != none ]; then pass fragmented_compact_back_in_45s
else fail fragmented_compact_back_in_45s "not within 96 MiB of the baseline after 45 s: $CASE_FIG"; fi
echo "# compact: $CASE_FIG"

case_child "$0" boot off
if [ -z "$CASE_FIG" ]; then fail fragmented_off_stays "no figures from the off boot"
elif [ "$(fig end "$CASE_FIG")" -gt 300 ]; then pass fragmented_off_stays
else fail fragmented_off_stays "RSS not over baseline + 300 MiB after 45 s: $CASE_FIG"; fi
echo "# off: $CASE_FIG"
finish
