#!/bin/bash
# Issue 9, reclaim under write: on a fresh ext4 disk the guest writes
# 400 MiB of checksummed files (tests/tools/filewrite.c: 8 MiB each, every
# other one fsync'ed, the rest only closed) while a loop switches the
# reclaim mode between dropcache and gradual and runs `reclaim now` every
# 2 s. The loop must really act during the writes (`reclaim status
# --json` counts drops and gradual steps: at least 3 of each), so the
# idle rule is out of the way: idle_threshold=100% (the writer pauses
# 100 ms per file), a 1 h idle window (only `reclaim now` acts) and an
# 8 MiB floor (gradual finds cache to take 2 s after a drop). Then
# the run ends and init powers off; on the host, e2fsck -fn is clean and
# every file the writer reported, synced or not, has its size and POSIX
# cksum: nothing lost.
# timeout: 600
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

TOTAL_MIB=400
FILE_MIB=8
case_prepare || { finish; exit; }
disk=$VM_DIR/write.ext4
mke2fs -q -F -t ext4 -L write "$disk" 1G >/dev/null 2>&1 || { fail write_mkfs "mke2fs failed"; finish; exit; }
case_overlay "$VM_DIR/overlay" "
mkdir -p /w
mount -t ext4 /dev/vda /w || { echo 'MARK error mount'; exit 1; }
(
	while [ ! -e /run/written ]; do
		for mode in dropcache gradual; do
			reclaim mode \$mode >/dev/null && reclaim now >/dev/null && echo \"ACT \$mode\"
			sleep 2
		done
	done
) &
echo \"STATUS before \$(reclaim status --json)\"
filewrite /w $TOTAL_MIB $FILE_MIB 100
touch /run/written
wait
echo \"STATUS after \$(reclaim status --json)\""
vm_boot --overlay "$VM_DIR/overlay" --disk "$disk" --append "quiet ebb.run=/t/run.sh \
ebb.reclaim=dropcache ebb.reclaim.idle_threshold=100% ebb.reclaim.idle_window=3600s ebb.reclaim.floor=8M"

if ! vm_wait '^MARK written' 480; then
	fail write_finished "no 'MARK written' in 480 s: $(case_tail)"
	finish; exit
fi
if vm_wait '^ebb.run: exit 0' 60 && vm_wait_exit 60; then pass write_poweroff
else fail write_poweroff "no clean end after the writes: $(case_tail)"; fi
log=$(tr -d '\r' <"$(vm_log)")
json_field() { sed -n "s/^STATUS $1 .*\"$2\":\([0-9]*\).*/\1/p" <<<"$log"; }
for field in drops steps; do
	acted=$(($(json_field after "$field") - $(json_field before "$field")))
	if [ "$acted" -ge 3 ]; then pass "write_reclaim_acted_$field"
	else fail "write_reclaim_acted_$field" "$acted $field during the writes: $(grep '^STATUS' <<<"$log" | tr '\n' '|')"; fi
	eval "acted_$field=$acted"
done
fsck_out=$(e2fsck -fn "$disk" 2>&1)
fsck_status=$?
check write_fsck_clean 0 "$fsck_status"
[ "$fsck_status" -eq 0 ] || echo "# $(head -n 5 <<<"$fsck_out" | tr '\n' '|')"
files=0 synced=0 bad=0 mib=0
while read -r _ name bytes crc how; do
	got=$(debugfs -R "cat /$name" "$disk" 2>/dev/null | cksum)
	if [ "$got" = "$crc $bytes" ]; then
		files=$((files + 1))
		mib=$((mib + bytes / 1048576))
		[ "$how" = synced ] && synced=$((synced + 1))
	else
		bad=$((bad + 1))
		[ "$bad" -le 3 ] && echo "# $name ($how): want '$crc $bytes', got '$got'"
	fi
done < <(grep -E '^FILE f[0-9]+ [0-9]+ [0-9]+ (synced|unsynced)$' <<<"$log")
want=$((TOTAL_MIB / FILE_MIB))
if [ "$bad" -eq 0 ] && [ "$files" -eq "$want" ]; then pass write_every_file_intact
else fail write_every_file_intact "$files of $want reported files intact, $bad damaged or lost"; fi
echo "# FIG files=$files synced=$synced unsynced=$((files - synced)) mib_verified=$mib lost=$bad drops=$acted_drops steps=$acted_steps $(grep -o 'MARK written.*' <<<"$log")"
finish
