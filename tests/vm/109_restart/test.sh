#!/bin/bash
# SIGQUIT with a restart entry that cannot run (missing program, shell
# syntax) is logged and ignored: nothing stops, the shell keeps running
# (init used to stop everything and exec `/bin/sh -c /nonexistent`, which
# exited as PID 1: kernel panic). A valid entry is exec'd directly with
# its arguments, and that init boots again.
. "$(dirname "$0")/../lib.sh"

overlay=$VM_DIR/overlay
mkdir -p "$overlay/etc"
cat >"$overlay/etc/inittab" <<'TAB'
::sysinit:echo "sysinit as $(tr '\0' ' ' </proc/1/cmdline)"
::respawn:-/bin/sh
::restart:/nonexistent
TAB

vm_boot --overlay "$overlay" --append "quiet ebb.shutdown_timeout=1"
vm_wait '[~/] ?# ' 90 || { fail restart_shell "no shell prompt"; exit 1; }
vm_run 'echo $$'
shell=$VM_OUT

# quit_ignored NAME: SIGQUIT; the same shell answers, init logged why.
quit_ignored() {
	vm_run 'kill -QUIT 1; sleep 2; echo $$; dmesg | grep -c "restart entry .* cannot run"' 20
	check "$1" "$shell
$2" "$VM_OUT"
}
quit_ignored restart_missing_ignored 1
vm_run 'sed -i "s|^::restart:.*|::restart:/init; echo shell|" /etc/inittab; kill -HUP 1; sleep 1'
quit_ignored restart_shell_syntax_ignored 2

# A valid entry with an argument: the new init boots (sysinit again).
vm_run 'sed -i "s|^::restart:.*|::restart:/init single|" /etc/inittab; kill -HUP 1; sleep 1'
vm_send 'kill -QUIT 1'
if vm_wait '^sysinit as /init single' 60; then pass restart_exec_direct
else fail restart_exec_direct "no second boot as '/init single'"; fi
for _ in $(seq 10); do
	vm_run 'echo $$' 5 && [ -n "$VM_OUT" ] && [ "$VM_OUT" != "$shell" ] && break
done
if [ -n "$VM_OUT" ] && [ "$VM_OUT" != "$shell" ]; then pass restart_new_shell
else fail restart_new_shell "shell pid '$VM_OUT' (was $shell)"; fi

# A booting PID 1 reads and ignores fault and libc real-time signals
# sent with kill (it blocks them all now).
vm_run 'for s in ILL TRAP ABRT BUS FPE SEGV SYS 32 33 34; do kill -$s 1; done; sleep 1; echo alive' 20
check restart_pid1_survives_fault_signals alive "$VM_OUT"

vm_send poweroff
if vm_wait_exit 60; then pass restart_poweroff; else fail restart_poweroff "QEMU still running"; fi
finish
