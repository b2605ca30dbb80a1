#!/bin/bash
# timeout: 600
# QEMU's microvm machine (virtio-mmio, no PCI): tests/vm/202's page-cache
# return check with its thresholds. The guest reads a 400 MiB file from the
# data disk, then idles: with ebb.reclaim=gradual QEMU's RSS must be back
# within 96 MiB of its idle baseline within 45 s; with ebb.reclaim=off it
# must still be more than 300 MiB above it after 45 s. Each boot says that
# it has no PCI bus and that the balloon reporting free pages sits on
# virtio-mmio, and powers off (microvm's ACPI sleep state).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"
VM_MACHINE=microvm
# The balloon is virtio device 5; its path names the virtio-mmio device
# (ACPI LNRO0005) it sits on.
WORK='echo "MARK machine pci=$(ls /sys/bus/pci/devices 2>/dev/null | wc -l)" \
"balloon=$(for d in /sys/bus/virtio/devices/*; do [ "$(cat $d/device)" = 0x0005 ] && readlink -f $d; done | grep -c /LNRO0005:)" \
"reporting=$(dmesg | grep -c "Free page reporting enabled")"
fileread --mark workload-done /data/big400'

if [ "${1:-}" = boot ]; then
	case_return_boot "$2" "$WORK" 96 45
	check "microvm_${2}_no_pci_balloon_on_mmio" "MARK machine pci=0 balloon=1 reporting=1" \
		"$(grep -m 1 '^MARK machine' "$(vm_log)" | tr -d '\r')"
	finish
	exit
fi
case_return_vs_off "" "" gradual "$WORK" 96 45 \
	microvm_pagecache_gradual_back_in_45s microvm_pagecache_off_keeps_cache
finish
