#!/bin/bash
# The built images hold what the issue asks for: BusyBox without its own
# init, /init and /dev/console in the initramfs, root-owned files, the
# reclaim link, a tarball without /init for wsl --import, a qcow2 twin of
# the ext4 image, and the size aims.
. "$(dirname "$0")/lib.sh"
B=$ROOT/build

for f in bzImage initramfs.cpio.gz rootfs.ext4 rootfs.tar.gz init busybox; do
	[ -s "$B/$f" ] || { echo "FAIL images_built: build/$f missing (make images)"; exit 1; }
done

applets=$("$B/busybox" --list)
missing=
for a in sh ash vi ls cp mount umount ps top free dmesg kill pidof ip ifconfig udhcpc poweroff \
	reboot halt sync grep sed awk find xargs tar gzip less wget sleep timeout dd; do
	grep -qx "$a" <<<"$applets" || missing="$missing $a"
done
if [ -z "$missing" ]; then pass images_busybox_applets
else fail images_busybox_applets "missing:$missing"; fi
if grep -qx 'init\|linuxrc' <<<"$applets"; then
	fail images_busybox_has_no_init "BusyBox has its own init or linuxrc"
else
	pass images_busybox_has_no_init
fi
if [ "$(od -An -c -N4 "$B/busybox" | tr -d ' ')" = '177ELF' ] &&
	! LC_ALL=C readelf -l "$B/busybox" | grep -q INTERP; then
	pass images_busybox_static
else
	fail images_busybox_static "not a static ELF"
fi

listing=$(zcat "$B/initramfs.cpio.gz" | cpio -itv --quiet 2>/dev/null)
check_entry() { # NAME REGEX: one line of the initramfs listing matches
	if grep -Eq "$2" <<<"$listing"; then pass "$1"; else fail "$1" "no entry matching /$2/"; fi
}
check_entry images_initramfs_init '^-rwxr-xr-x +1 root +root .* init$'
check_entry images_initramfs_console '^crw------- +1 root +root +5, +1 .* dev/console$'
check_entry images_initramfs_sbin_init '^-rwxr-xr-x +1 root +root .* sbin/init$'
check_entry images_initramfs_reclaim_link '^lrwxrwxrwx .* usr/bin/reclaim -> /sbin/init$'
check_entry images_initramfs_hostname ' etc/hostname$'
not_root=$(awk '$3 != "root" || $4 != "root"' <<<"$listing")
if [ -z "$not_root" ]; then pass images_initramfs_root_owned
else fail images_initramfs_root_owned "$(head -n 3 <<<"$not_root")"; fi

tarlist=$(tar -tvzf "$B/rootfs.tar.gz" --numeric-owner)
if grep -Eq ' \./init$' <<<"$tarlist"; then fail images_tarball_no_init "tarball has ./init (WSL brings its own)"
else pass images_tarball_no_init; fi
if awk '$2 != "0/0"' <<<"$tarlist" | grep -q .; then fail images_tarball_root_owned "$(awk '$2 != "0/0"' <<<"$tarlist" | head -n 2)"
else pass images_tarball_root_owned; fi

ext4_ls=$(debugfs -R 'ls -l /sbin' "$B/rootfs.ext4" 2>/dev/null)
if grep -Eq '100755 \(1\) +0 +0 .* init *$' <<<"$ext4_ls"; then pass images_ext4_sbin_init
else fail images_ext4_sbin_init "no root-owned 0755 /sbin/init in rootfs.ext4"; fi
if debugfs -R 'stat /dev/console' "$B/rootfs.ext4" 2>/dev/null | grep -q 'Type: character special'; then
	pass images_ext4_console
else
	fail images_ext4_console "no /dev/console character device in rootfs.ext4"
fi

# rootfs.qcow2 (libvirt, virt-manager) holds rootfs.ext4's very bytes.
if [ ! -s "$B/rootfs.qcow2" ]; then
	fail images_qcow2_same_as_ext4 "build/rootfs.qcow2 missing (make images)"
elif out=$(qemu-img compare -f raw -F qcow2 "$B/rootfs.ext4" "$B/rootfs.qcow2" 2>&1); then
	pass images_qcow2_same_as_ext4
else
	fail images_qcow2_same_as_ext4 "$out"
fi

# build/vmlinux (what make run and the VM tests boot) is bzImage's kernel
# uncompressed, with the PVH entry note (ELF note type 0x12, "Xen") that
# lets QEMU boot it directly; without that note QEMU refuses the ELF.
if [ ! -s "$B/vmlinux" ]; then
	fail images_vmlinux_pvh_entry "build/vmlinux missing (make images)"
elif LC_ALL=C readelf -n "$B/vmlinux" | grep -Eq '^[[:space:]]+Xen[[:space:]]+0x[0-9a-f]+[[:space:]]+(Unknown note type: \(0x00000012\)|XEN_ELFNOTE_PHYS32_ENTRY)'; then
	pass images_vmlinux_pvh_entry
else
	fail images_vmlinux_pvh_entry "build/vmlinux has no PVH entry note (CONFIG_PVH)"
fi

size_at_most() { # NAME FILE MAX_BYTES
	local size
	size=$(stat -c %s "$2")
	if [ "$size" -le "$3" ]; then pass "$1"; else fail "$1" "$size bytes > $3"; fi
}
# 2.75 MiB: the speculation mitigations and KASLR (kernel-config/mitigations.config)
# took the ZSTD kernel from 2,462,720 to 2,696,192 bytes (docs/wsl2.md).
size_at_most images_bzimage_at_most_2_75_mib "$B/bzImage" $((11 * 1024 * 1024 / 4))
size_at_most images_initramfs_at_most_1_5_mib "$B/initramfs.cpio.gz" $((3 * 1024 * 1024 / 2))
finish
