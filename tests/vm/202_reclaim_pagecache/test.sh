#!/bin/bash
# Issue 4, page cache: the guest reads a 400 MiB file from an ext4 disk,
# then idles. With ebb.reclaim=gradual the QEMU process's RSS must be back
# within 96 MiB of its idle baseline within 45 s; with ebb.reclaim=off it
# must still be more than 300 MiB above it after 45 s (two boots).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

if [ "${1:-}" = boot ]; then
	case_return_boot "$2" "fileread --mark workload-done /data/big400" 96 45
	finish; exit
fi

case_child "$0" boot gradual
if [ -z "$CASE_FIG" ]; then fail pagecache_gradual_back_in_45s "no figures from the gradual boot"
elif [ "$(fig took "$CASE_FIG")" != none ]; then pass pagecache_gradual_back_in_45s
else fail pagecache_gradual_back_in_45s "not within 96 MiB of the baseline after 45 s: $CASE_FIG"; fi
echo "# gradual: $CASE_FIG"

case_child "$0" boot off
if [ -z "$CASE_FIG" ]; then fail pagecache_off_keeps_cache "no figures from the off boot"
elif [ "$(fig end "$CASE_FIG")" -gt 300 ]; then pass pagecache_off_keeps_cache
else fail pagecache_off_keeps_cache "RSS not over baseline + 300 MiB after 45 s: $CASE_FIG"; fi
echo "# off: $CASE_FIG"
finish
