#!/bin/bash
# BusyBox `halt` (SIGUSR1 to init): the kernel halts, QEMU stays up.
. "$(dirname "$0")/../lib.sh"

vm_boot --append quiet
vm_wait '[~/] ?# ' 90 || { fail halt_shell "no shell prompt"; exit 1; }
vm_send halt
if vm_wait 'reboot: System halted' 30; then pass halt_kernel_halted
else fail halt_kernel_halted "no 'reboot: System halted' on the console"; fi
sleep 3
if kill -0 "$(vm_pid)" 2>/dev/null; then pass halt_qemu_stays_up
else fail halt_qemu_stays_up "QEMU exited"; fi
finish
