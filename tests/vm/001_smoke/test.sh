#!/bin/bash
# Boots the default images (initramfs, no extra arguments) to the console
# shell, runs a command there, reads its output, and powers off; then boots
# a copy of rootfs.ext4 as the root disk, without initramfs, with bzImage.
. "$(dirname "$0")/../lib.sh"

vm_boot
if vm_wait 'Run /init as init process' 60; then pass smoke_kernel_runs_init
else fail smoke_kernel_runs_init "no 'Run /init' in 60 s: $(tail -n 3 "$(vm_log)" | tr -d '\r' | tr '\n' '|')"; fi

if grep -q 'Free page reporting enabled' "$(vm_log)"; then pass smoke_free_page_reporting
else fail smoke_free_page_reporting "boot log lacks 'Free page reporting enabled'"; fi

# The shell may not have the console yet: characters typed before it opens
# the tty are dropped, so ask again until it answers.
answered=
for _ in $(seq 12); do
	if vm_run 'echo $((6*7))' 5; then answered=yes; break; fi
done
if [ -n "$answered" ]; then check smoke_shell_computes 42 "$VM_OUT"
else fail smoke_shell_computes "no shell answered on the console within 60 s"; fi

if [ -n "$answered" ]; then
	vm_run 'uname -r' 20
	case $VM_OUT in
	*-ebb) pass smoke_kernel_is_ebbs ;;
	*) fail smoke_kernel_is_ebbs "uname -r is '$VM_OUT'" ;;
	esac
	vm_run 'readlink /usr/bin/reclaim' 20
	check smoke_reclaim_link /sbin/init "$VM_OUT"
fi

start=$SECONDS
vm_send poweroff
if vm_wait_exit 30; then
	check smoke_poweroff_exits_qemu 0 "$VM_STATUS"
	echo "# poweroff to QEMU exit: $((SECONDS - start)) s"
else
	fail smoke_poweroff_exits_qemu "QEMU still running 30 s after poweroff"
fi

# The ext4 image alone: root=/dev/vda rw, ebb.run reports and powers off.
# This boot takes the compressed bzImage (what libvirt users boot), the
# others build/vmlinux: the same kernel.
cp --sparse=always "$ROOT/build/rootfs.ext4" "$VM_DIR/disk.ext4"
KERNEL=$ROOT/build/bzImage vm_boot --root-disk "$VM_DIR/disk.ext4" \
	--append "ebb.run=\"grep -q ' / ext4 rw,' /proc/mounts && echo root-is-ext4\""
if vm_wait '^ebb.run: exit' 60; then
	check disk_boot_run_exit 'ebb.run: exit 0' "$(grep -a '^ebb.run: exit' "$(vm_log)" | tr -d '\r')"
	if grep -q '^root-is-ext4' "$(vm_log)"; then pass disk_boot_root_is_ext4_rw
	else fail disk_boot_root_is_ext4_rw "/proc/mounts has no '/ ext4 rw,'"; fi
else
	fail disk_boot_run_exit "no 'ebb.run: exit' line in 60 s: $(tail -n 3 "$(vm_log)" | tr -d '\r' | tr '\n' '|')"
fi
if vm_wait_exit 30; then check disk_boot_poweroff 0 "$VM_STATUS"
else fail disk_boot_poweroff "QEMU still running 30 s after ebb.run ended"; fi
finish
