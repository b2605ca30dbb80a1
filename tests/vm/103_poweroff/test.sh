#!/bin/bash
# BusyBox `poweroff` (SIGUSR2 to init) ends QEMU within a bound, after
# init stopped everything: a process ignoring SIGTERM and SIGHUP is SIGKILLed after
# ebb.shutdown_timeout.
. "$(dirname "$0")/../lib.sh"

vm_boot --append "quiet ebb.shutdown_timeout=2"
vm_wait '[~/] ?# ' 90 || { fail poweroff_shell "no shell prompt"; exit 1; }
vm_run "sh -c 'trap \"\" TERM HUP; exec sleep 1000' </dev/null >/dev/null 2>&1 & echo started"
check poweroff_stubborn_process started "$VM_OUT"
start=$SECONDS
vm_send poweroff
if vm_wait_exit 30; then
	pass poweroff_qemu_exits
	check poweroff_status 0 "$VM_STATUS"
	# The stubborn process costs the 2 s timeout, then SIGKILL: well
	# under 15 s even under TCG.
	elapsed=$((SECONDS - start))
	if [ "$elapsed" -ge 2 ] && [ "$elapsed" -le 15 ]; then pass poweroff_within_bound
	else fail poweroff_within_bound "took $elapsed s, want 2..15"; fi
else
	fail poweroff_qemu_exits "QEMU still running 30 s after poweroff"
fi
if grep -q 'reboot: Power down' "$(vm_log)"; then pass poweroff_kernel_powered_down
else fail poweroff_kernel_powered_down "no 'reboot: Power down' on the console"; fi
finish
