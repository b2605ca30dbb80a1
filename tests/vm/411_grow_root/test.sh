#!/bin/bash
# The root ext4 grows online to fill its device at boot: rootfs.ext4
# shrunk to 64 MiB (resize2fs, offline), on a 1 GiB disk, is about 1 GiB
# in the guest's df, init says so in one line, and the file system is
# clean after poweroff. A second boot leaves it as it is.
. "$(dirname "$0")/../lib.sh"
ROOTFS_EXT4=${ROOTFS_EXT4:-$ROOT/build/rootfs.ext4}

[ -r "$ROOTFS_EXT4" ] || { fail grow_image "$ROOTFS_EXT4 missing (make images)"; exit 1; }
disk=$VM_DIR/disk.ext4
cp --sparse=always "$ROOTFS_EXT4" "$disk"
if ! out=$(e2fsck -fy "$disk" 2>&1 && resize2fs "$disk" 64M 2>&1); then
	fail grow_shrink_image "resize2fs to 64M: $out"
	exit 1
fi
truncate -s 1G "$disk"
blocks_before=$(dumpe2fs -h "$disk" 2>/dev/null | awk -F: '/^Block count/ { print $2 + 0 }')
check grow_image_64m 65536 "$blocks_before"

# df's size column (1 KiB blocks) once init's child has grown /.
root_size_kib() {
	vm_run "df -k / | awk 'NR == 2 { print \$2 }'"
	echo "$VM_OUT"
}
vm_boot --root-disk "$disk" --append "quiet"
vm_wait '[~/] ?# ' 90 || { fail grow_shell "no shell prompt"; exit 1; }
# The resize runs beside the shell: wait for its line (dmesg).
for _ in $(seq 60); do
	vm_run 'dmesg | grep "ebb: grew /"'
	[ -z "$VM_OUT" ] || break
	sleep 1
done
echo "# $VM_OUT"
if [[ $VM_OUT =~ grew\ /\ \(/dev/vda\)\ from\ 64\ MiB\ to\ 1024\ MiB ]]; then pass grow_logged
else fail grow_logged "want 'grew / (/dev/vda) from 64 MiB to 1024 MiB', got '$VM_OUT'"; fi
size=$(root_size_kib)
# df leaves out ext4's metadata: with rootfs.ext4's 1 KiB blocks and
# 4 KiB per inode, inode tables and bitmaps take about 7 % (949 MiB shown).
if [ -n "$size" ] && [ "$size" -gt $((900 * 1024)) ] && [ "$size" -le $((1024 * 1024)) ]; then
	pass grow_df_about_1g
else
	fail grow_df_about_1g "df / is '$size' KiB, want 900..1024 MiB"
fi
vm_send poweroff
vm_wait_exit 60 || fail grow_poweroff "QEMU still running"
blocks_after=$(dumpe2fs -h "$disk" 2>/dev/null | awk -F: '/^Block count/ { print $2 + 0 }')
check grow_blocks_fill_disk $((1024 * 1024)) "$blocks_after"
e2fsck_out=$(e2fsck -fn "$disk" 2>&1)
check grow_fsck_clean 0 "$?"
[ "$failures" -eq 0 ] || echo "# $e2fsck_out" | head -5

# Already full: no resize, no line (the kernel would log one for a no-op).
vm_boot --root-disk "$disk"
vm_wait '[~/] ?# ' 90 || { fail grow_second_shell "no shell prompt"; exit 1; }
vm_run 'dmesg | grep -c -e "ebb: grew" -e "resizing filesystem"'
check grow_second_boot_untouched 0 "$VM_OUT"
finish
