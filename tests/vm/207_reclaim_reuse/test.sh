#!/bin/bash
# timeout: 720
# Issue 18, work that comes back: the same 200 MiB hot set is read in three
# turns, with 40 s, 60 s and 240 s of idleness after them, under the
# default settings. Turn 1's set is reclaimed in the first idle period, so
# turn 2 reads it back (refaults); 40 s after idle began is within the
# reuse window, so it is held, and turn 3 (after 60 s) reads nothing back.
# After turn 3 the guest stays idle: the hold must end with idleness, and
# the QEMU process's RSS must come back within 64 MiB of its idle baseline
# and stay there to the end of the 240 s (the bench's "came back").
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

LAST_IDLE_S=240
case_prepare || { finish; exit; }
case_overlay "$VM_DIR/overlay" "
mount_data
echo MARK ready
sleep 14
turn() {
	before=\$(vmstat workingset_refault_file)
	fileread --rounds 2 --mark read-\$1 /data/hot/a /data/hot/b
	echo \"MARK turn-\$1 refault_pages=\$((\$(vmstat workingset_refault_file) - before))\"
}
turn 1
sleep 40
turn 2
sleep 60
turn 3
sleep $((LAST_IDLE_S + 5))
echo \"STATUS \$(reclaim status --json)\""
case_boot "" "$VM_DIR/overlay"

if ! vm_wait '^MARK ready' 120; then
	fail reuse_boot "no 'MARK ready' in 120 s: $(case_tail)"
	finish; exit
fi
if ! rss_return '^MARK turn-3 ' 300 "$LAST_IDLE_S" 64; then
	fail reuse_turns "no 'MARK turn-3' in 300 s: $(case_tail)"
	finish; exit
fi
base=$RSS_BASE peak=$RSS_PEAK took=$RSS_TOOK
log=$(tr -d '\r' <"$(vm_log)")
refault_mib() {
	local pages
	pages=$(sed -n "s/^MARK turn-$1 refault_pages=\([0-9]*\)$/\1/p" <<<"$log")
	echo $((${pages:-0} * 4 / 1024))
}
echo "# base=${base} MiB, peak after turn 3 +$((peak - base)) MiB, back in ${took} s;" \
	"refaults: turn 2 $(refault_mib 2) MiB, turn 3 $(refault_mib 3) MiB"
# turn 2 read back what the first idle period reclaimed
if [ "$(refault_mib 2)" -ge 100 ]; then pass reuse_first_idle_reclaimed
else fail reuse_first_idle_reclaimed "turn 2 read back only $(refault_mib 2) MiB"; fi
if grep -q 'read back [0-9]*s into idle, reuse window [0-9]*s: held$' <<<"$log"; then
	pass reuse_quick_reuse_held
else
	fail reuse_quick_reuse_held "no 'reuse window ...: held' line: $(grep 'reclaim:' <<<"$log" | tail -n 3 | tr '\n' '|')"
fi
if [ "$(refault_mib 3)" -lt 16 ]; then pass reuse_held_set_stays_cached
else fail reuse_held_set_stays_cached "turn 3 read back $(refault_mib 3) MiB"; fi
if [ $((peak - base)) -ge 150 ]; then pass reuse_host_memory_taken
else fail reuse_host_memory_taken "RSS only $((peak - base)) MiB above the baseline after turn 3"; fi
if grep -q 'reclaim: [0-9]* MiB held for reuse let go' <<<"$log"; then
	pass reuse_hold_ends_with_idleness
else
	fail reuse_hold_ends_with_idleness "no 'let go' line: $(grep 'reclaim:' <<<"$log" | tail -n 3 | tr '\n' '|')"
fi
if [ "$took" != none ]; then pass reuse_memory_back_after_third_turn
else fail reuse_memory_back_after_third_turn "RSS $(rss_mib) MiB, baseline $base: not back within 64 MiB to the end of $LAST_IDLE_S s"; fi
vm_wait '^STATUS ' 30 || fail reuse_status "no status: $(case_tail)"
vm_wait '^ebb.run: exit 0' 30 || fail reuse_guest_script_ok "no 'ebb.run: exit 0': $(case_tail)"
vm_wait_exit 30 || fail reuse_poweroff "QEMU still running 30 s after the run"
finish
