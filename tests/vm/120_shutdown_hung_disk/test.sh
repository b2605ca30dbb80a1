#!/bin/bash
# A disk that stops answering (QEMU throttles its writes to 1 byte/s once
# a 1 MiB burst is spent) holds dirty data at poweroff: sync and its
# unmount block for ever in the guest. init must still power off within
# ebb.shutdown_timeout + a few seconds, say what it left unclean, and
# still unmount a healthy disk mounted before it (data there, fsck clean).
# QEMU lifts throttling when the guest resets the device in reboot(2), so
# the kernel's own power-off path does not hang on it.
. "$(dirname "$0")/../lib.sh"

good=$VM_DIR/good.ext4 hung=$VM_DIR/hung.ext4
for img in "$good" "$hung"; do
	truncate -s 64M "$img" && mke2fs -q -t ext4 -F "$img" || { fail hung_disk_images "mke2fs"; exit 1; }
done
token=kept-$$-$RANDOM
vm_boot --append "ebb.shutdown_timeout=3" --disk "$good" \
	--qemu -drive --qemu "file=$hung,format=raw,if=virtio,throttling.bps-write=1,throttling.bps-write-max=1048576,throttling.bps-write-max-length=1"
vm_wait '[~/] ?# ' 90 || { fail hung_disk_shell "no shell prompt"; exit 1; }
# The healthy disk is mounted first, so the blocked one is unmounted first
# and must not keep the healthy one from being unmounted.
vm_run "mkdir -p /mnt/good /mnt/hung && mount /dev/vda /mnt/good && mount /dev/vdb /mnt/hung && echo $token >/mnt/good/data && dd if=/dev/zero of=/mnt/hung/blob bs=1M count=8 2>/dev/null && echo written" 60
check hung_disk_written written "$VM_OUT"
start=$SECONDS
# What BusyBox `poweroff` sends, without its own sync(2) first, which
# would block the shell on that disk before init hears of it.
vm_send "kill -USR2 1"
# Budget: 3 s timeout for sync and unmounts, 1 s for the blocked unmount
# past it, 1 s for its detach, plus TCG on a shared machine.
if vm_wait 'reboot: Power down' 40; then
	elapsed=$((SECONDS - start))
	if [ "$elapsed" -le 25 ]; then pass hung_disk_poweroff_bounded
	else fail hung_disk_poweroff_bounded "took $elapsed s, want <= 25 (timeout 3 s)"; fi
else
	fail hung_disk_poweroff_bounded "no 'reboot: Power down' 40 s after poweroff"
	tail -5 "$(vm_log)" | sed 's/^/# /'
fi
console=$(tr -d '\r' <"$(vm_log)")
if grep -Eq '^ebb: sync: still blocked after [0-9]+ ms' <<<"$console"; then pass hung_disk_sync_reported
else fail hung_disk_sync_reported "no 'sync: still blocked' line"; fi
# Only the blocked disk is left: the healthy one and the rest unmounted.
if grep -Eq '^ebb: left unclean \(unmount blocked; detached where possible\): /mnt/hung$' <<<"$console"
then pass hung_disk_left_reported
else fail hung_disk_left_reported "no 'left unclean: /mnt/hung' line"; fi
vm_wait_exit 30 || fail hung_disk_qemu_exits "QEMU still running after power down"
vm_stop
check hung_disk_healthy_data "$token" "$(debugfs -R 'cat /data' "$good" 2>/dev/null)"
e2fsck -fn "$good" >/dev/null 2>&1
check hung_disk_healthy_fsck_clean 0 "$?"
# Unmounted or remounted read-only: its journal was closed.
if dumpe2fs -h "$good" 2>/dev/null | grep -q needs_recovery; then
	fail hung_disk_healthy_unmounted "journal still needs recovery: not unmounted"
else pass hung_disk_healthy_unmounted; fi
finish
