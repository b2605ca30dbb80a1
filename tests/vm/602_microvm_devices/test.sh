#!/bin/bash
# timeout: 600
# QEMU's microvm machine with what make run gives a dev VM, all on
# virtio-mmio: two vCPUs, the root disk, user networking with the SSH
# forward (a login with ebb.ssh_key=), the 9p share on /mnt/host, the
# entropy device; then QEMU's system_powerdown (microvm's ACPI power
# button, a GED event) makes PID 1 power off cleanly and QEMU end.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/devvm.sh"
VM_MACHINE=microvm

devvm_key
disk=$VM_DIR/disk.ext4
cp --sparse=always "$ROOT/build/rootfs.ext4" "$disk"
share=$VM_DIR/share
mkdir -p "$share"
token=microvm-$$-$RANDOM
echo "$token" >"$share/hello.txt"

devvm_boot --root-disk "$disk" --share "$share" --smp 2 --monitor \
	--append "ebb.shutdown_timeout=5 ebb.ssh_key=\"$(cat "$DEVVM_KEY.pub")\""
if devvm_wait_ssh root 240; then pass microvm_ssh_login
else fail microvm_ssh_login "no ssh login in 240 s: $(tail -n 5 "$(vm_log)" | tr -d '\r' | tr '\n' '|')"; finish; exit; fi
check microvm_no_pci_two_cpus "pci=0 cpus=2" \
	"$(devvm_ssh -- 'echo "pci=$(ls /sys/bus/pci/devices 2>/dev/null | wc -l) cpus=$(nproc)"')"
# / is vda, a virtio disk on a virtio-mmio device (ACPI LNRO0005).
root=$(devvm_ssh -- 'readlink -f /sys/dev/block/$(awk "\$5 == \"/\" { print \$3 }" /proc/self/mountinfo)
awk "\$2 == \"/\" { split(\$4, o, \",\"); print \$3, o[1] }" /proc/mounts' | paste -sd' ')
case $root in
*/LNRO0005:*/block/vda" ext4 rw") pass microvm_root_disk ;;
*) fail microvm_root_disk "want vda on virtio-mmio, ext4 rw; got '$root'" ;;
esac
check microvm_share "host 9p $token" \
	"$(devvm_ssh -- "awk '\$2 == \"/mnt/host\" { printf \"%s %s \", \$1, \$3 }' /proc/mounts; cat /mnt/host/hello.txt")"
check microvm_entropy virtio_rng.0 "$(devvm_ssh -- cat /sys/class/misc/hw_random/rng_current)"
devvm_ssh -- "echo $token >/root/data.txt"
vm_monitor system_powerdown
start=$SECONDS
if vm_wait_exit 60; then
	pass microvm_power_button_ends_qemu
	echo "# QEMU ended $((SECONDS - start)) s after system_powerdown"
else
	fail microvm_power_button_ends_qemu "QEMU still running $((SECONDS - start)) s after system_powerdown"
fi
if grep -q 'ebb: powering off' "$(vm_log)"; then pass microvm_init_powered_off
else fail microvm_init_powered_off "no 'ebb: powering off' on the console"; fi
check microvm_data_kept "$token" "$(debugfs -R 'cat /root/data.txt' "$disk" 2>/dev/null)"
finish
