#!/bin/bash
# Issue 9, guest OOM: a program touches as much anonymous memory as the
# guest has (512 MiB, no swap). PID 1 runs at oom_score_adj -1000 and the
# shell it started at 0 (spawn resets it); the OOM killer kills the hog,
# never PID 1; the reclaim loop still answers `reclaim status`; and the
# memory comes back to the host: QEMU's RSS within 64 MiB of the idle
# baseline within 30 s of the kill (after rising at least 300 MiB above).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

ABOVE_MIB=64
WITHIN_S=30
case_prepare || { finish; exit; }
case_overlay "$VM_DIR/overlay" '
echo "OOMADJ pid1=$(cat /proc/1/oom_score_adj) shell=$(cat /proc/$$/oom_score_adj)"
total=$(awk '\''$1 == "MemTotal:" { print int($2 / 1024) }'\'' /proc/meminfo)
echo "MARK ready total=$total"
sleep 14
memhog "$total" --mark hog-done
echo "HOG exit=$?"
echo "MARK workload-done"
sleep 2
dmesg | grep -E "Killed process|invoked oom-killer" | sed "s/^/OOM /"
reclaim status | sed "s/^/STATUS /"
sleep 35'
vm_boot --mem 512M --overlay "$VM_DIR/overlay" --append "ebb.run=/t/run.sh"

if ! vm_wait '^MARK ready' 120; then
	fail oom_boot "no 'MARK ready' in 120 s: $(case_tail)"
	finish; exit
fi
log() { tr -d '\r' <"$(vm_log)"; }
check oom_pid1_score_adj_-1000 -1000 "$(log | sed -n 's/^OOMADJ pid1=\([-0-9]*\) .*/\1/p')"
check oom_shell_score_adj_0 0 "$(log | sed -n 's/^OOMADJ .* shell=\([-0-9]*\)$/\1/p')"
sleep 8
base=$(rss_median 4)
# The highest RSS while the hog runs: the guest really took the memory.
peak=$base
for ((i = 0; i < 480; i++)); do
	rss=$(rss_mib)
	[ "$rss" -gt "$peak" ] && peak=$rss
	grep -q '^MARK workload-done' "$(vm_log)" && break
	sleep 0.25
done
if ! vm_wait '^MARK workload-done' 1; then
	fail oom_hog_ended "no 'MARK workload-done' in 120 s: $(case_tail)"
	finish; exit
fi
rss_record "$WITHIN_S" "$VM_DIR/rss"
took=$(rss_came_back "$VM_DIR/rss" "$base" "$ABOVE_MIB")
vm_wait '^STATUS ' 30
check oom_hog_killed_by_sigkill "HOG exit=137" "$(log | grep -m1 '^HOG exit=')"
killed=$(log | sed -n 's/^OOM .*Killed process \([0-9]*\) (\([^)]*\)).*/\1 \2/p')
if [ -n "$killed" ] && [ "$(awk '{ print $2 }' <<<"$killed" | sort -u)" = memhog ]; then
	pass oom_killer_picked_memhog
else
	fail oom_killer_picked_memhog "killed: '${killed:-nothing}' $(log | grep '^OOM ' | head -n 3 | tr '\n' '|')"
fi
if log | grep -q '^STATUS mode:'; then pass oom_reclaim_status_answers
else fail oom_reclaim_status_answers "no status after the OOM kill: $(case_tail)"; fi
if [ $((peak - base)) -ge 300 ]; then pass oom_host_memory_taken
else fail oom_host_memory_taken "peak RSS only $((peak - base)) MiB above the baseline"; fi
if [ "$took" != none ]; then pass oom_memory_back_to_host
else fail oom_memory_back_to_host "RSS $(rss_mib) MiB, baseline $base, not within $ABOVE_MIB MiB in $WITHIN_S s"; fi
echo "# FIG base=${base}MiB peak=${peak}MiB took=${took}s killed='$killed'"
if vm_wait '^ebb.run: exit 0' 60 && vm_wait_exit 30; then pass oom_poweroff
else fail oom_poweroff "no clean end after the OOM: $(case_tail)"; fi
if log | grep -q 'Kernel panic'; then fail oom_no_panic "$(log | grep -m1 'Kernel panic')"; else pass oom_no_panic; fi
finish
