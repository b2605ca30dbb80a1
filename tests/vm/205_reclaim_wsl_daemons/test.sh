#!/bin/bash
# Issue 10, one reclaim loop per WSL VM: a tmpfs on /mnt/wsl stands for
# the one WSL shares between the distros of its VM, and each `reclaim
# daemon` runs in a mount namespace of its own with its own /run, as in a
# distro. The first takes the lock in /mnt/wsl/ebb, a client in another
# namespace reaches it there, the second waits (the default there),
# `--no-wait` refuses, and when the first is killed (as WSL kills the
# processes of a distro it stops) the second takes over within seconds.
# ebb's own loop is off (ebb.reclaim=off): its lock is in /run.
. "$(dirname "$0")/../lib.sh"

vm_boot --append "ebb.reclaim=off quiet"
if ! vm_wait '[~/] ?# ' 120; then
	fail wsl_daemons_boot "no shell prompt: $(tail -n 5 "$(vm_log)" | tr '\n' '|')"
	finish; exit
fi

# distro NAME ARGS: `reclaim daemon ARGS` in a new mount namespace with
# its own /run; its pid in /tmp/NAME.pid, its output in /tmp/NAME.log.
vm_run 'distro() { n=$1; shift; unshare -m sh -c "mount -t tmpfs run /run && exec reclaim daemon $*" >/tmp/$n.log 2>&1 & echo $! >/tmp/$n.pid; }; mkdir -p /mnt/wsl && mount -t tmpfs -o mode=1777 wsl /mnt/wsl && echo ok'
check wsl_daemons_shared_tmpfs ok "$VM_OUT"

vm_run 'distro first; for i in $(seq 50); do [ -S /mnt/wsl/ebb/reclaim.sock ] && break; usleep 100000; done; reclaim status | head -n 1'
check wsl_daemons_first_answers_other_namespace "mode:              gradual" "$VM_OUT"
vm_run 'stat -c "%a %u" /mnt/wsl/ebb /mnt/wsl/ebb/reclaim.sock; ls /mnt/wsl/ebb'
check wsl_daemons_private_dir_and_socket "700 0|600 0|reclaim.sock|reclaim.sock.lock" "$(tr '\n' '|' <<<"$VM_OUT" | sed 's/|$//')"

vm_run 'distro second reclaim=compact; usleep 2500000; kill -0 $(cat /tmp/second.pid) && echo alive; cat /tmp/second.log'
check wsl_daemons_second_waits "alive|reclaim: another reclaim loop is running (/mnt/wsl/ebb/reclaim.sock.lock is locked: one loop serves every distro of this WSL VM); waiting for it to end" \
	"$(tr '\n' '|' <<<"$VM_OUT" | sed 's/|$//')"
vm_run 'unshare -m sh -c "mount -t tmpfs run /run && reclaim daemon --no-wait"; echo "exit $?"'
check wsl_daemons_no_wait_refuses "reclaim: another reclaim loop is running (/mnt/wsl/ebb/reclaim.sock.lock is locked: one loop serves every distro of this WSL VM); not starting|exit 1" \
	"$(tr '\n' '|' <<<"$VM_OUT" | sed 's/|$//')"
vm_run 'reclaim status | head -n 1'
check wsl_daemons_first_still_serves "mode:              gradual" "$VM_OUT"

# WSL stops the first one's distro: SIGKILL, no clean exit. The second
# tries the lock each second; status polled every 0.2 s, 50 times at most.
vm_run 'kill -9 $(cat /tmp/first.pid); n=0; until reclaim status 2>/dev/null | grep -q "^mode: *compact"; do n=$((n + 1)); [ $n -ge 50 ] && break; usleep 200000; done; echo $n' 40
polls=${VM_OUT:-50}
if [ "$polls" -lt 50 ] 2>/dev/null; then
	pass wsl_daemons_second_takes_over
	echo "# takeover after about $((polls * 2 / 10)).$((polls * 2 % 10)) s"
else
	fail wsl_daemons_second_takes_over "no 'mode: compact' from reclaim status 10 s after the first was killed: $VM_OUT"
fi
vm_run 'dmesg | grep -c "reclaim: the other reclaim loop ended (/mnt/wsl/ebb/reclaim.sock.lock is free); taking over"'
check wsl_daemons_takeover_logged 1 "$VM_OUT"

# /mnt/wsl is writable by every user: a directory there that is not
# root's own is refused, not used.
vm_run 'kill $(cat /tmp/second.pid); usleep 500000; rm -rf /mnt/wsl/ebb; mkdir -m 700 /mnt/wsl/ebb; chown 65534 /mnt/wsl/ebb; unshare -m sh -c "mount -t tmpfs run /run && reclaim daemon --no-wait"; echo "exit $?"; ls /mnt/wsl/ebb | wc -l'
check wsl_daemons_foreign_dir_refused "ebb: reclaim: /mnt/wsl/ebb is not a directory of ours that only we can write (uid 65534, mode 700); not using it|exit 1|0" \
	"$(tr '\n' '|' <<<"$VM_OUT" | sed 's/|$//')"
vm_send poweroff
vm_wait_exit 60 || fail wsl_daemons_poweroff "QEMU still running 60 s after poweroff"
finish
