#!/bin/bash
# ebb.run: the command's status on exactly one console line, then
# poweroff; bad ebb.* options are reported once on the console; SIGHUP
# meanwhile starts no respawn entry.
. "$(dirname "$0")/../lib.sh"

count() { grep -c -- "$1" "$(vm_log)"; }

# With quiet: the bad option's line must still reach the console.
vm_boot --append 'quiet ebb.bogus=1 ebb.run="[ -t 0 ] && [ $(cat /proc/1/cmdline) = /init ] && exit 3"'
if vm_wait_exit 60; then pass run_powers_off; else fail run_powers_off "QEMU still running"; fi
check run_exit_line 1 "$(count '^ebb.run: exit 3.$')"
check run_bad_option_quiet 1 "$(count 'unknown boot option ebb.bogus ignored')"

vm_stop
# Without quiet: kmsg shows it; still exactly one line. A signal death
# is 128+signal.
vm_boot --append 'ebb.bogus=2 ebb.shutdown_timeout=soon ebb.run="kill -TERM $$"'
if vm_wait_exit 60; then pass run_signal_powers_off; else fail run_signal_powers_off "QEMU still running"; fi
check run_signal_exit_line 1 "$(count '^ebb.run: exit 143.$')"
check run_bad_option_loud 1 "$(count 'unknown boot option ebb.bogus ignored')"
check run_bad_value_reported 1 "$(count 'ebb.shutdown_timeout=soon: want whole seconds')"

vm_stop
# SIGHUP re-reads inittab, but while the ebb.run program runs no respawn
# entry starts (the program exits with how many did; 99: no reload).
overlay=$VM_DIR/overlay
mkdir -p "$overlay/etc"
echo '::respawn:echo started >>/run/respawned; exec sleep 100' >"$overlay/etc/inittab"
vm_boot --overlay "$overlay" --append 'quiet ebb.run="kill -HUP 1; sleep 3; dmesg | grep -q inittab.reloaded || exit 99; exit $(cat /run/respawned 2>/dev/null | wc -l)"'
if vm_wait_exit 60; then pass run_reload_powers_off; else fail run_reload_powers_off "QEMU still running"; fi
check run_reload_starts_no_respawn "ebb.run: exit 0" "$(grep -a '^ebb.run: exit' "$(vm_log)" | tr -d '\r')"
finish
