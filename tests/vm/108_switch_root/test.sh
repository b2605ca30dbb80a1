#!/bin/bash
# Booted through an initramfs of our own that mounts /proc, /sys and /dev,
# mounts the ext4 root disk, moves them there and `switch_root`s to ebb's
# /sbin/init, passing the kernel's stray words on, as initramfs-tools and
# dracut do. init finds /proc mounted and must boot the machine anyway,
# with no words, `single` or `1` (it used to take container mode: usage
# or "exec single: not found", exit, kernel panic).
. "$(dirname "$0")/../lib.sh"
ROOTFS_EXT4=${ROOTFS_EXT4:-$ROOT/build/rootfs.ext4}

[ -r "$ROOTFS_EXT4" ] || { fail switch_root_image "$ROOTFS_EXT4 missing (make images)"; exit 1; }
[ -x "$ROOT/build/busybox" ] || { fail switch_root_busybox "$ROOT/build/busybox missing"; exit 1; }
ramfs=$VM_DIR/ramfs
mkdir -p "$ramfs/bin" "$ramfs/proc" "$ramfs/sys" "$ramfs/dev" "$ramfs/newroot"
cp "$ROOT/build/busybox" "$ramfs/bin/busybox"
cat >"$ramfs/init" <<'SCRIPT'
#!/bin/busybox sh
bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
$bb mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
$bb mount -t ext4 /dev/vda /newroot || { echo "initramfs: no root disk"; $bb poweroff -f; }
for fs in proc sys dev; do $bb mount --move /$fs /newroot/$fs; done
echo "initramfs: switch_root with arguments '$*'"
exec $bb switch_root /newroot /sbin/init "$@"
SCRIPT
chmod 755 "$ramfs/init"
vm_overlay "$ramfs" "$VM_DIR/switch_root.cpio.gz"

# switch_root_case NAME [KERNEL WORDS]: boot, reach a shell on the disk,
# check that init booted it, power off, check the disk is clean.
switch_root_case() {
	local name=$1 words=${2:-} disk=$VM_DIR/disk.ext4
	cp --sparse=always "$ROOTFS_EXT4" "$disk"
	vm_boot --initrd "$VM_DIR/switch_root.cpio.gz" --disk "$disk" --append "quiet $words"
	if ! vm_wait '[~/] ?# |Kernel panic' 90 || grep -q 'Kernel panic' "$(vm_log)"; then
		fail "${name}_shell" "no shell prompt: $(grep -m1 -E 'Kernel panic|usage|exec' "$(vm_log)")"
		vm_stop
		return
	fi
	pass "${name}_shell"
	check "${name}_via_initramfs" 1 "$(grep -c "switch_root with arguments '$words'" "$(vm_log)")"
	# Only a booting init sets the hostname, and /proc stays mounted once.
	vm_run 'echo "$(tr "\0" " " </proc/1/cmdline)|$(hostname)|$(grep -c "^proc /proc " /proc/mounts)"'
	check "${name}_booted" "/sbin/init ${words:+$words }|ebb|1" "$VM_OUT"
	vm_send poweroff
	if vm_wait_exit 60; then pass "${name}_poweroff"; else fail "${name}_poweroff" "QEMU still running"; fi
	e2fsck -fn "$disk" >/dev/null 2>&1
	check "${name}_fsck_clean" 0 "$?"
	vm_stop
}

switch_root_case switch_root
switch_root_case switch_root_single single
switch_root_case switch_root_1 1
finish
