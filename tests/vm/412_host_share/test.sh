#!/bin/bash
# make run SHARE=dir: QEMU's -virtfs share tagged "host" is mounted on
# /mnt/host at boot, from the initramfs and from the ext4 image, and a
# host file is readable there; init restarted by its restart entry (mounts
# kept) leaves it mounted as it is, without an error; without a share the VM boots the same,
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

overlay=$VM_DIR/overlay
mkdir -p "$overlay/etc"
printf '%s\n' '::sysinit:echo booted' '::respawn:-/bin/sh' '::restart:/init' >"$overlay/etc/inittab"
vm_boot --overlay "$overlay" --append "quiet ebb.shutdown_timeout=1" "${virtfs[@]}"
vm_wait '[~/] ?# ' 90 || { fail share_initramfs_shell "no shell prompt"; exit 1; }
share_checks initramfs
vm_send 'kill -QUIT 1'
for _ in $(seq 30); do
	[ "$(grep -c '^booted' "$(vm_log)")" -ge 2 ] && break
	sleep 1
done
check share_restart_booted_again 2 "$(grep -c '^booted' "$(vm_log)")"
# The new shell may take a moment to answer.
for _ in $(seq 10); do
	vm_run "grep -c ' /mnt/host ' /proc/mounts; dmesg | grep -c 'ebb: mount 9p'" 5 &&
		[ -n "$VM_OUT" ] && break
done
check share_restart_mounted_once_no_error "1
0" "$VM_OUT"

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
