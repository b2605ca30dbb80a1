#!/bin/bash
# Booted from the ext4 image mounted read-only: init remounts / read-write;
# a file written without sync before `poweroff` is in the image afterwards
# and the file system is clean.
. "$(dirname "$0")/../lib.sh"
ROOTFS_EXT4=${ROOTFS_EXT4:-$ROOT/build/rootfs.ext4}

[ -r "$ROOTFS_EXT4" ] || { fail disk_image "$ROOTFS_EXT4 missing (make images)"; exit 1; }
disk=$VM_DIR/disk.ext4
cp --sparse=always "$ROOTFS_EXT4" "$disk"
token=persisted-$$-$RANDOM
# `ro` after lib's `rw`: the kernel mounts / read-only, init must fix it.
vm_boot --root-disk "$disk" --append "quiet ro"
vm_wait '[~/] ?# ' 90 || { fail disk_shell "no shell prompt"; exit 1; }
vm_run "echo $token >/root/data.txt && echo written"
check disk_root_remounted_rw written "$VM_OUT"
vm_send poweroff
if vm_wait_exit 60; then pass disk_poweroff; else fail disk_poweroff "QEMU still running"; fi
check disk_data_persisted "$token" "$(debugfs -R 'cat /root/data.txt' "$disk" 2>/dev/null)"
e2fsck_out=$(e2fsck -fn "$disk" 2>&1)
check disk_fsck_clean 0 "$?"
[ "$failures" -eq 0 ] || echo "# $e2fsck_out" | head -5
finish
