#!/bin/bash
# BusyBox `reboot` (SIGTERM to init) restarts the machine: QEMU runs with
# -no-reboot, so it exits. Then Ctrl-Alt-Del (SIGINT to init) without a
# ctrlaltdel entry reboots too.
. "$(dirname "$0")/../lib.sh"

vm_boot --append quiet
vm_wait '[~/] ?# ' 90 || { fail reboot_shell "no shell prompt"; exit 1; }
vm_send reboot
if vm_wait_exit 30; then pass reboot_qemu_exits
else fail reboot_qemu_exits "QEMU still running 30 s after reboot"; fi
if grep -q 'reboot: Restarting system' "$(vm_log)"; then pass reboot_kernel_restarts
else fail reboot_kernel_restarts "no 'reboot: Restarting system' on the console"; fi

vm_stop
vm_boot --append quiet
vm_wait '[~/] ?# ' 90 || { fail ctrlaltdel_shell "no shell prompt"; exit 1; }
vm_send 'kill -INT 1'
if vm_wait_exit 30 && grep -q 'reboot: Restarting system' "$(vm_log)"; then
	pass ctrlaltdel_reboots
else
	fail ctrlaltdel_reboots "no reboot after SIGINT to init"
fi
finish
