#!/bin/bash
# Issue 4, busy guest: a loop re-reads a 200 MiB hot set with 3 s pauses
# for 60 s under ebb.reclaim=gradual. The pauses are not idle periods:
# reclaim must not touch the hot set, so the guest's refaults
# (workingset_refault_file in /proc/vmstat) stay near zero (< 1 MiB of
# pages) and `reclaim status --json` shows no reclaim step or drop.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

case_prepare || { finish; exit; }
case_overlay "$VM_DIR/overlay" '
mount_data
fileread --mark warm /data/hot/a /data/hot/b
before=$(vmstat workingset_refault_file)
echo "STATUS before $(reclaim status --json)"
fileread --for 60 --pause 3 --mark busy-done /data/hot/a /data/hot/b
after=$(vmstat workingset_refault_file)
echo "STATUS after $(reclaim status --json)"
echo "MARK refaults before=$before after=$after"'
case_boot gradual "$VM_DIR/overlay"

if ! vm_wait '^MARK refaults ' 240; then
	fail busy_loop_ran "no 'MARK refaults' in 240 s: $(case_tail)"
	finish; exit
fi
log=$(tr -d '\r' <"$(vm_log)")
refaults=$(sed -n 's/^MARK refaults before=\([0-9]*\) after=\([0-9]*\)$/\2 - \1/p' <<<"$log")
if [ -z "$refaults" ]; then
	fail busy_refaults_near_zero "no refault counts: $(grep '^MARK refaults' <<<"$log")"
elif [ $((refaults)) -lt 256 ]; then
	pass busy_refaults_near_zero
else
	fail busy_refaults_near_zero "$((refaults)) pages of the hot set refaulted"
fi
json_field() { sed -n "s/^STATUS $1 .*\"$2\":\([0-9]*\).*/\1/p" <<<"$log"; }
for field in steps drops; do
	b=$(json_field before "$field") a=$(json_field after "$field")
	if [ -z "$b" ] || [ -z "$a" ]; then
		fail "busy_no_reclaim_$field" "no '$field' in reclaim status --json: $(grep '^STATUS' <<<"$log" | head -n 2 | tr '\n' '|')"
	else
		check "busy_no_reclaim_$field" "$b" "$a"
	fi
done
echo "# refaults: $((refaults)) pages; $(grep -o 'MARK busy-done.*' <<<"$log")"
vm_wait '^ebb.run: exit 0' 30 || fail busy_guest_script_ok "no 'ebb.run: exit 0': $(case_tail)"
vm_wait_exit 30 || fail busy_poweroff "QEMU still running 30 s after the run"
finish
