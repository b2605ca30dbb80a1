#!/bin/bash
# /etc/inittab: sysinit entries in order, then wait, then once, respawn
# and askfirst (the console shell, after Enter); a respawn entry that dies at once is backed off (and logged);
# SIGHUP re-reads the file; shutdown entries run at poweroff.
. "$(dirname "$0")/../lib.sh"

overlay=$VM_DIR/overlay
mkdir -p "$overlay/etc"
cat >"$overlay/etc/inittab" <<'TAB'
# order is recorded in /run/order
::sysinit:echo sysinit1 >>/run/order
# field 7 of stat: the controlling terminal (0: none)
::sysinit:set -- $(cat /proc/$$/stat); echo $7 >/run/sysinit_tty
::sysinit:sleep 1; echo sysinit2 >>/run/order
::wait:echo wait >>/run/order
::once:echo once >>/run/order
::respawn:echo x >>/run/quick
::askfirst:-/bin/sh
::shutdown:echo shutdown entry ran
::restart:/init
TAB

# quiet: kernel and init messages stay off the console the test reads.
vm_boot --overlay "$overlay" --append "quiet ebb.shutdown_timeout=1"
if vm_wait 'Please press Enter to activate this console' 90; then
	pass inittab_askfirst_prompt
else
	fail inittab_askfirst_prompt "no askfirst prompt"
fi
# One Enter: it was sometimes lost when a sysinit or respawn entry that
# had made the console its controlling terminal exited (the kernel hangs
# the terminal up then, which flushes its input).
vm_send ''
if ! vm_wait '[~/] ?# ' 30; then
	fail inittab_shell "no shell prompt"
	exit 1
fi
pass inittab_shell
vm_run 'tr "\n" " " </run/order; echo'
check inittab_order "sysinit1 sysinit2 wait once " "$VM_OUT"
# Only what is interactive gets the console as its controlling terminal
# (ttyS0: 4 << 8 | 64): the askfirst shell, not a sysinit script.
vm_run 'cat /run/sysinit_tty; set -- $(cat /proc/$$/stat); echo $7'
check inittab_ctty_interactive_only "0
1088" "$VM_OUT"

# Back-off doubles from 1 s: about 4 starts in 8 s, never a tight loop.
vm_run 'a=$(wc -l </run/quick); sleep 8; b=$(wc -l </run/quick); echo $((b - a))' 20
if [ -n "$VM_OUT" ] && [ "$VM_OUT" -ge 1 ] && [ "$VM_OUT" -le 4 ]; then
	pass inittab_respawn_backoff
else
	fail inittab_respawn_backoff "starts in 8 s: '$VM_OUT' (want 1..4)"
fi
vm_run 'dmesg | grep -c "ebb: .echo x >>/run/quick. exited after .*respawn in"'
if [ -n "$VM_OUT" ] && [ "$VM_OUT" -ge 3 ]; then pass inittab_backoff_logged
else fail inittab_backoff_logged "back-off lines in dmesg: '$VM_OUT'"; fi

# SIGHUP: a new once entry is not run, a new respawn entry starts, and
# the removed quick respawn entry stops being restarted.
vm_run 'sed -i "s|^::respawn:echo x.*|::respawn:echo y >>/run/new; exec sleep 100|" /etc/inittab; kill -HUP 1; sleep 3; cat /run/new; ps | grep -c "[s]leep 100"' 20
check inittab_reload "y
1" "$VM_OUT"

# SIGQUIT: init stops everything and execs the restart entry, here init
# itself, which boots again (/run survives: order gets a second round).
# The interactive shell ignores SIGTERM: 1 s, then SIGKILL, then the new
# init asks again for Enter and starts a second shell.
vm_send 'kill -QUIT 1'
for _ in $(seq 60); do
	[ "$(grep -c 'Please press Enter' "$(vm_log)")" -ge 2 ] && break
	sleep 1
done
vm_send ''
for _ in $(seq 30); do
	[ "$(grep -c 'built-in shell' "$(vm_log)")" -ge 2 ] && break
	sleep 1
done
vm_run 'tr "\n" " " </run/order; echo' 30
check inittab_restart "sysinit1 sysinit2 wait once sysinit1 sysinit2 wait once " "$VM_OUT"

vm_send 'poweroff'
if vm_wait_exit 60; then pass inittab_poweroff; else fail inittab_poweroff "QEMU still running"; fi
if grep -q 'shutdown entry ran' "$(vm_log)"; then pass inittab_shutdown_entry
else fail inittab_shutdown_entry "no output of the shutdown entry"; fi
finish
