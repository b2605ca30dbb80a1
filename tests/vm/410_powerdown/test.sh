#!/bin/bash
# Shutdown from the host: QEMU's system_powerdown (the ACPI power button,
# what libvirt and VM managers send) makes PID 1 power off cleanly, with a
# file written just before (no sync) kept and the file system clean.
# Clean means every service ended on SIGTERM (no "sending SIGKILL"), no
# step was left blocked, every file system was unmounted or made
# read-only without an error line, and QEMU ended well within the
# timeout. (Ctrl-Alt-Del: 104_reboot.)
. "$(dirname "$0")/../lib.sh"
ROOTFS_EXT4=${ROOTFS_EXT4:-$ROOT/build/rootfs.ext4}
# ebb.shutdown_timeout=T bounds any shutdown at 3T + 2 s (docs/init.md);
# a clean one takes a few seconds: within T, plus margin for a loaded
# TCG host. One that needs SIGKILL takes T at least.
TIMEOUT_S=5
CLEAN_S=$((TIMEOUT_S + 10))

[ -r "$ROOTFS_EXT4" ] || { fail powerdown_image "$ROOTFS_EXT4 missing (make images)"; exit 1; }
disk=$VM_DIR/disk.ext4
cp --sparse=always "$ROOTFS_EXT4" "$disk"
token=powerdown-$$-$RANDOM
# Not quiet: init's "ebb: powering off" must reach the console.
vm_boot --root-disk "$disk" --monitor --append "ebb.shutdown_timeout=$TIMEOUT_S"
vm_wait '[~/] ?# ' 90 || { fail powerdown_shell "no shell prompt"; exit 1; }
# PID 1 holds the button's evdev device open (its epoll loop watches it).
vm_run 'cat /sys/class/input/event*/device/name; ls -l /proc/1/fd | grep -c /dev/input/event'
check powerdown_button_watched "Power Button
1" "$VM_OUT"
vm_run "echo $token >/root/data.txt && echo written"
check powerdown_file_written written "$VM_OUT"
vm_monitor system_powerdown
start=$SECONDS
if vm_wait_exit $((3 * TIMEOUT_S + 2 + 30)); then
	pass powerdown_qemu_exits
	took=$((SECONDS - start))
	echo "# QEMU ended $took s after system_powerdown"
	if [ "$took" -le "$CLEAN_S" ]; then pass powerdown_within_timeout
	else fail powerdown_within_timeout "$took s, over $CLEAN_S s"; fi
else
	fail powerdown_qemu_exits "QEMU still running $((SECONDS - start)) s after system_powerdown"
	tail -n 20 "$(vm_log)" | sed 's/^/# /'
	exit 1
fi
if grep -q 'ebb: powering off' "$(vm_log)"; then pass powerdown_init_powered_off
else fail powerdown_init_powered_off "no 'ebb: powering off' on the console"; fi
unclean=$(tr -d '\r' <"$(vm_log)" | sed -n '/ebb: powering off/,$p' |
	grep -E 'sending SIGKILL|survive SIGKILL|still blocked|left unclean|ebb: (umount|remount) ')
check powerdown_clean "" "$unclean"
check powerdown_data_kept "$token" "$(debugfs -R 'cat /root/data.txt' "$disk" 2>/dev/null)"
e2fsck_out=$(e2fsck -fn "$disk" 2>&1)
check powerdown_fsck_clean 0 "$?"
[ "$failures" -eq 0 ] || echo "# $e2fsck_out" | head -5
finish
