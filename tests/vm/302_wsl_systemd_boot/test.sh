#!/bin/bash
# PID 1 of a new PID namespace with /proc already mounted and no command,
# as WSL starts a distro's /sbin/init with boot.systemd=true: init boots
# that namespace (its inittab runs) and keeps running; it does not print
# usage and exit (which used to be the container-mode answer). A
# shutdown request ends that namespace only; the machine's PID 1 goes on,
# its file systems untouched. PID namespaces are in bzImage-wsl only.
KERNEL=${KERNEL_WSL:-$(cd "$(dirname "$0")/../../.." && pwd)/build/bzImage-wsl}
. "$(dirname "$0")/../lib.sh"

vm_boot --append "quiet"
vm_wait '[~/] ?# ' 90 || { fail pidns_shell "no shell prompt"; exit 1; }

# The nested init gets its own /etc (with an inittab) through a bind mount
# in its own mount namespace; /root is shared, so its services leave marks
# there.
vm_run "printf '%s\\n' '::sysinit:/bin/touch /root/nested.sysinit' '::respawn:/bin/sleep 1000' >/root/nested.tab; cat /root/nested.tab"
check pidns_inittab_written "::sysinit:/bin/touch /root/nested.sysinit
::respawn:/bin/sleep 1000" "$VM_OUT"
vm_run 'unshare --pid --fork --mount-proc --uts --mount /bin/sh -c \
	"cp -a /etc /root/nested.etc && cp /root/nested.tab /root/nested.etc/inittab &&
	mount --bind /root/nested.etc /etc && exec /sbin/init" </dev/null >/root/nested.out 2>&1 &
echo $!'
unshare_pid=$VM_OUT
vm_run 'sleep 5; ls /root/nested.sysinit; cat /root/nested.out' 30
check pidns_sysinit_ran /root/nested.sysinit "$(echo "$VM_OUT" | head -n 1)"
if echo "$VM_OUT" | grep -q usage; then fail pidns_no_usage "init printed usage: $VM_OUT"
else pass pidns_no_usage; fi

# Still there after the sysinit: init itself, PID 1 inside, with its respawn entry.
vm_run "nested=\$(ps -o pid,ppid | awk -v u=$unshare_pid '\$2 == u { print \$1 }');
	echo \$(tr '\\0' ' ' </proc/\$nested/cmdline) \$(awk '/^NSpid:/ { print \$3 }' /proc/\$nested/status)"
check pidns_init_running "/sbin/init 1" "$VM_OUT"
vm_run "pgrep -f 'sleep 1000' | wc -l"
check pidns_respawn_started 1 "$VM_OUT"

# poweroff inside the namespace: reboot(2) there ends the namespace only.
vm_run "nested=\$(ps -o pid,ppid | awk -v u=$unshare_pid '\$2 == u { print \$1 }'); kill -USR2 \$nested;
	for i in \$(seq 30); do kill -0 $unshare_pid 2>/dev/null || break; sleep 1; done;
	kill -0 $unshare_pid 2>/dev/null && echo running || echo ended" 60
check pidns_shutdown_ends_namespace ended "$VM_OUT"
vm_run 'dmesg | grep -c "in a container: file systems left to the machine"; touch /run/still-writable && echo writable'
check pidns_machine_goes_on "1
writable" "$VM_OUT"

vm_send poweroff
if vm_wait_exit 60; then pass pidns_poweroff; else fail pidns_poweroff "QEMU still running"; fi
finish
