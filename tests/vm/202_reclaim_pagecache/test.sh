#!/bin/bash
# Issue 4, page cache: the guest reads a 400 MiB file from an ext4 disk,
# then idles. With ebb.reclaim=gradual the QEMU process's RSS must be back
# within 96 MiB of its idle baseline within 45 s; with ebb.reclaim=off it
# must still be more than 300 MiB above it after 45 s (two boots).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

case_return_vs_off "${1:-}" "${2:-}" gradual "fileread --mark workload-done /data/big400" 96 45 \
	pagecache_gradual_back_in_45s pagecache_off_keeps_cache
finish
