#!/bin/bash
# Boot to the console shell: early mounts, hostname, lo, environment,
# a controlling tty with job control (Ctrl-C, Ctrl-Z), init's logs.
. "$(dirname "$0")/../lib.sh"

# quiet: kernel and init messages stay off the console the test reads.
vm_boot --append quiet
if ! vm_wait '[~/] ?# ' 90; then
	fail boot_shell_prompt "no shell prompt on the console"
	exit 1
fi
pass boot_shell_prompt

vm_run 'cat /proc/1/cmdline | tr "\0" " "; echo; awk "{print \$2, \$3}" /proc/mounts | sort'
for mount in "/proc proc" "/sys sysfs" "/dev devtmpfs" "/dev/pts devpts" "/dev/shm tmpfs" \
	"/run tmpfs" "/sys/fs/cgroup cgroup2"; do
	if grep -qx "$mount" <<<"$VM_OUT"; then pass "boot_mount ${mount%% *}"
	else fail "boot_mount ${mount%% *}" "not in /proc/mounts: $(tr '\n' ',' <<<"$VM_OUT")"; fi
done

vm_run 'hostname'
check boot_hostname ebb "$VM_OUT"
# IFF_UP is bit 0 of the flags.
vm_run 'echo $(( $(cat /sys/class/net/lo/flags) & 1 ))'
check boot_loopback_up 1 "$VM_OUT"
vm_run 'echo "$PATH|$HOME|$TERM|$(umask)"'
check boot_environment "/usr/sbin:/usr/bin:/sbin:/bin|/root|linux|0022" "$VM_OUT"
# The shell is a session leader whose terminal's foreground group is its own.
vm_run 'set -- $(cat /proc/$$/stat); [ "$6" = $$ ] && [ "$8" = $$ ] && echo leader_and_foreground'
check boot_console_controlling_tty leader_and_foreground "$VM_OUT"

# Ctrl-C interrupts a foreground sleep: the shell answers long before
# the sleep would have ended.
vm_send 'sleep 30'
sleep 2
printf '\003' >&"$VM_INPUT"
if vm_run 'echo alive' 10; then check boot_ctrl_c alive "$VM_OUT"
else fail boot_ctrl_c "shell still busy 10 s after Ctrl-C"; fi

# Ctrl-Z stops it; `jobs` lists it stopped; kill it.
vm_send 'sleep 31'
sleep 2
printf '\032' >&"$VM_INPUT"
vm_run 'jobs' 10
if grep -q 'Stopped.*sleep 31' <<<"$VM_OUT"; then pass boot_ctrl_z
else fail boot_ctrl_z "jobs said: $VM_OUT"; fi
vm_run 'kill -9 %1; wait' 10

# init logs with its prefix to the kernel log.
vm_run 'dmesg | grep -c "ebb: "'
if [ "${VM_OUT:-0}" -ge 0 ] 2>/dev/null && vm_run 'dmesg | grep -q "ebb:" && echo logged'; then
	check boot_logs_to_kmsg logged "$VM_OUT"
else
	fail boot_logs_to_kmsg "dmesg has no ebb: line"
fi
finish
