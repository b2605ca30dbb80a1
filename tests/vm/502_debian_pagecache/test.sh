#!/bin/bash
# Issue 12, the Debian flavour: page cache goes back to the host as in
# tests/vm/202 (same workload and thresholds) with build/debian.ext4 as the
# root disk, ebb's init and reclaim its PID 1: with ebb.reclaim=gradual the
# QEMU process's RSS is back within 96 MiB of its idle baseline within 45 s
# of reading a 400 MiB file; with ebb.reclaim=off it is still more than
# 300 MiB above it after 45 s (two boots).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"
. "$ROOT/tests/tools/debian.sh"

debian_image_or_skip
CASE_ROOT_IMAGE=$DEBIAN_EXT4
case_return_vs_off "${1:-}" "${2:-}" gradual "fileread --mark workload-done /data/big400" 96 45 \
	debian_pagecache_gradual_back_in_45s debian_pagecache_off_keeps_cache
finish
