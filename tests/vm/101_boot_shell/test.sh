#!/bin/bash
# Boot to the console shell: early mounts, hostname, lo, init's environment,
# a controlling tty with job control (Ctrl-C, Ctrl-Z), init's logs in dmesg.
. "$(dirname "$0")/../lib.sh"

# quiet: kernel and init messages stay off the console the test reads.
# TERM=vt100 and ebbprobe=kernel: boot words the kernel hands to init as
# its environment (after HOME=/), which init must pass on.
vm_boot --append "quiet TERM=vt100 ebbprobe=kernel"
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
# ebb's kernel (no CONFIG_SWAP) creates the root cgroup's memory.* files
# hidden; init shows them (gradual reclaim writes memory.reclaim) and
# leaves the root's cgroup.subtree_control empty as the kernel made it.
vm_run 'ls /sys/fs/cgroup | grep -cxE "memory\.(reclaim|stat)"; echo "[$(cat /sys/fs/cgroup/cgroup.subtree_control)]"'
check boot_cgroup_root_memory_files "2
[]" "$VM_OUT"

vm_run 'hostname'
check boot_hostname ebb "$VM_OUT"
# IFF_UP is bit 0 of the flags.
vm_run 'echo $(( $(cat /sys/class/net/lo/flags) & 1 ))'
check boot_loopback_up 1 "$VM_OUT"
# What init sets, against what the kernel gave it: /proc/1/environ is the
# kernel's environment of init; the console shell's /proc/$$/environ is
# what init gave it (it runs it directly, before /etc/profile sets PATH).
vm_run 'tr "\0" "|" </proc/1/environ; echo'
check boot_environment_from_kernel "HOME=/|TERM=vt100|ebbprobe=kernel|" "$VM_OUT"
vm_run 'tr "\0" "|" </proc/$$/environ; echo'
check boot_environment \
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|HOME=/root|SHELL=/bin/sh|TERM=vt100|ebbprobe=kernel|" \
	"$VM_OUT"
# The kernel starts init in /; init moves to HOME.
vm_run 'readlink /proc/1/cwd'
check boot_cwd_home /root "$VM_OUT"
# The kernel's initial umask is 022 too: this only catches a wrong value.
vm_run 'sed -n "s/^Umask:[[:space:]]*//p" /proc/1/status'
check boot_umask 0022 "$VM_OUT"
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

# init logs to /dev/kmsg: its lines are in the kernel log at user.info
# (<14>: written by a process, not printk's <6>). At boot with this kernel,
# reclaim_start() logs the reporting pace and its settings.
vm_run 'dmesg -r | grep -cE "^<14>ebb: reclaim: (free page reporting every 200 ms|gradual, tick 1000ms)"'
check boot_logs_to_kmsg 2 "$VM_OUT"
finish
