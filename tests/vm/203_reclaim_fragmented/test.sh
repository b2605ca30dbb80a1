#!/bin/bash
# Issue 4, fragmentation: the guest touches 512 MiB, then frees all but one
# 4 KiB page in every 2 MiB and keeps those. Free page reporting only
# returns whole 2 MiB blocks, so the host gets the memory back only after
# compaction: with ebb.reclaim=compact the QEMU process's RSS must be back
# within 96 MiB of its idle baseline within 45 s; with ebb.reclaim=off it
# must still be more than 300 MiB above it after 45 s (two boots).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

case_return_vs_off "${1:-}" "${2:-}" compact "memhog 512 --keep-every 2048 --hold 120 --mark workload-done &" 96 45 \
	fragmented_compact_back_in_45s fragmented_off_stays
finish
