#!/bin/bash
# make run SHARE=dir: QEMU's -virtfs share tagged "host" is mounted on
# /mnt/host at boot, from the initramfs and from the ext4 image, and a
# host file is readable there; without a share the VM boots the same,
# with nothing mounted there and nothing said.
. "$(dirname "$0")/../lib.sh"
ROOTFS_EXT4=${ROOTFS_EXT4:-$ROOT/build/rootfs.ext4}

share=$VM_DIR/share
mkdir -p "$share"
token=from-host-$$-$RANDOM
echo "$token" >"$share/hello.txt"
virtfs=(--qemu -virtfs --qemu "local,path=$share,mount_tag=host,security_model=none")

# share_checks NAME: the share is mounted as 9p and the host file reads back.
share_checks() {
	vm_run "awk '\$2 == \"/mnt/host\" { print \$1, \$3 }' /proc/mounts"
	check "share_${1}_mounted" "host 9p" "$VM_OUT"
	vm_run 'cat /mnt/host/hello.txt'
	check "share_${1}_file_readable" "$token" "$VM_OUT"
}

vm_boot --append quiet "${virtfs[@]}"
vm_wait '[~/] ?# ' 90 || { fail share_initramfs_shell "no shell prompt"; exit 1; }
share_checks initramfs

[ -r "$ROOTFS_EXT4" ] || { fail share_image "$ROOTFS_EXT4 missing (make images)"; exit 1; }
disk=$VM_DIR/disk.ext4
cp --sparse=always "$ROOTFS_EXT4" "$disk"
vm_boot --root-disk "$disk" --append quiet "${virtfs[@]}"
vm_wait '[~/] ?# ' 90 || { fail share_disk_shell "no shell prompt"; exit 1; }
share_checks disk

vm_boot --append quiet
vm_wait '[~/] ?# ' 90 || { fail share_none_shell "no shell prompt"; exit 1; }
vm_run "grep -c /mnt/host /proc/mounts; dmesg | grep -c -e 'ebb: .*9p' -e 'ebb: .*host share' -e 'no channels'"
check share_none_nothing_mounted_or_said "0
0" "$VM_OUT"
finish
