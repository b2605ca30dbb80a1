#!/bin/bash
# Boots the default images (initramfs, no extra arguments) to the console
# shell, runs a command there, reads its output, and powers off.
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
finish
