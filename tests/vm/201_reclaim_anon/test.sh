#!/bin/bash
# Issue 4, anonymous memory: the guest touches then frees 512 MiB; the
# QEMU process's RSS must be back within 10 % of its idle baseline within
# 10 s of the free (free page reporting, ebb's default reclaim mode).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

case_prepare || { finish; exit; }
case_overlay "$VM_DIR/overlay" '
echo "MARK ready"
sleep 14
memhog 512 --mark workload-done
sleep 45'
case_boot "" "$VM_DIR/overlay"

if ! vm_wait '^MARK ready' 120; then
	fail anon_boot "no 'MARK ready' in 120 s: $(case_tail)"
	finish; exit
fi
# boot-time memory goes back first: measure the baseline just before the work
sleep 8
base=$(rss_median 4)
if ! vm_wait '^MARK workload-done' 60; then
	fail anon_workload "no 'MARK workload-done': $(case_tail)"
	finish; exit
fi
peak=$(rss_mib)
limit=$((base * 110 / 100))
if took=$(rss_wait_at_most "$limit" 10); then
	pass anon_rss_back_within_10s
	echo "# baseline $base MiB, $peak MiB after the free, <= $limit MiB after $took s"
else
	fail anon_rss_back_within_10s "baseline $base MiB, $peak MiB after the free, still $(rss_mib) MiB after 10 s (limit $limit)"
	# for whoever tunes reclaim: when it did come back, if at all
	if later=$(rss_wait_at_most "$limit" 30); then echo "# <= $limit MiB $later s later"
	else echo "# still $(rss_mib) MiB 40 s after the free"; fi
fi
if vm_wait '^ebb.run: exit 0' 60; then pass anon_guest_script_ok
else fail anon_guest_script_ok "no 'ebb.run: exit 0': $(case_tail)"; fi
vm_wait_exit 30 || fail anon_poweroff "QEMU still running 30 s after the run"
finish
