#!/bin/bash
# Dev VM services and free page reporting: with the default services up
# (Dropbear, udhcpc on user networking, ntpd), the page cache case of
# tests/vm/202 must still give the memory back: QEMU's RSS within 96 MiB
# of its idle baseline within 45 s of reading a 400 MiB file, where a boot
# with ebb.reclaim=off, the control, keeps it up.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

CASE_BOOT_ARGS=(--net "$(vm_free_port)")
# The services are checked in the guest right before the workload.
work='if pidof dropbear >/dev/null && pidof ntpd >/dev/null && pidof udhcpc >/dev/null; then
	echo "MARK services-up"; else echo "MARK services-missing: $(ps | grep -v "\[")"; fi
fileread --mark workload-done /data/big400'
case_return_boot gradual "$work" 96 45 >"$VM_DIR/case.out"
grep -E '^(PASS|FAIL) ' "$VM_DIR/case.out"
grep -q '^FAIL ' "$VM_DIR/case.out" && failures=$((failures + 1))
if grep -q '^MARK services-up' "$(vm_log)"; then pass services_up_during_workload
else fail services_up_during_workload "$(grep -a '^MARK services' "$(vm_log)" | tr '\n' ' ')"; fi
figures=$(grep '^FIG ' "$VM_DIR/case.out" | tail -n 1)
case_return_boot off "$work" 96 45 >"$VM_DIR/off.out"
grep -E '^(PASS|FAIL) ' "$VM_DIR/off.out"
grep -q '^FAIL ' "$VM_DIR/off.out" && failures=$((failures + 1))
off_figures=$(grep '^FIG ' "$VM_DIR/off.out" | tail -n 1)
case_back_vs_off pagecache_with_services 96 45 "$figures" "$off_figures"
finish
