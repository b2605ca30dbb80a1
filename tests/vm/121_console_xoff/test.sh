#!/bin/bash
# A serial console stopped by Ctrl-S (XOFF) while services flood it: PID 1
# still reaps orphans and powers off, both when the ebb.run program ends
# (init then writes its `ebb.run: exit N` line to the stopped console)
# and on `poweroff` from a service. Reports go through /dev/kmsg: the
# kernel's console output does not stop on XOFF, the tty's does.
. "$(dirname "$0")/../lib.sh"

overlay=$VM_DIR/overlay
mkdir -p "$overlay/etc" "$overlay/bin"
cat >"$overlay/etc/inittab" <<'TAB'
::once:/bin/flood one
::once:/bin/flood two
::once:/bin/flood three
::once:/bin/flood four
::once:/bin/flood five
::once:/bin/flood six
::once:/bin/xoff-check poweroff
TAB
# Writes to the console (its own open of it) without end, once told to.
cat >"$overlay/bin/flood" <<'SH'
#!/bin/sh
while [ ! -e /run/go ]; do sleep 1; done
n=0
while :; do
	n=$((n + 1))
	echo $n >/run/flood.$1
	echo "flood $1 $n ................................................................"
done
SH
# Waits for the host's Ctrl-S, starts the flood, checks that the console
# is stopped, makes 100 orphans for PID 1, counts zombies, then exits 7
# (as ebb.run) or runs poweroff (as an inittab entry, argument poweroff).
cat >"$overlay/bin/xoff-check" <<'SH'
#!/bin/sh
if [ "$1" = poweroff ] && [ -e /etc/ebb-run-mode ]; then exit 0; fi
exec >/dev/null 2>&1 # nothing of its own may wait on the stopped console
echo "xoff: ready" >/dev/kmsg
sleep 4
touch /run/go
sleep 3
a=$(cat /run/flood.one); sleep 2; b=$(cat /run/flood.one)
echo "xoff: flood $a $b" >/dev/kmsg
i=0
while [ $i -lt 100 ]; do (sleep 1 &); i=$((i + 1)); done
sleep 3
z=$(grep -l '^State:.*Z' /proc/[0-9]*/status 2>/dev/null | wc -l)
echo "xoff: zombies $z" >/dev/kmsg
[ "$1" = poweroff ] && exec poweroff
exit 7
SH
chmod +x "$overlay/bin/flood" "$overlay/bin/xoff-check"

# case NAME APPEND: boot, stop the console, check the reports and poweroff.
xoff_case() {
	local name=$1 console flood
	vm_boot --overlay "$overlay" --append "ebb.shutdown_timeout=2 $2"
	vm_wait 'xoff: ready' 120 || { fail "${name}_ready" "no 'xoff: ready'"; return; }
	printf '\023' >&"$VM_INPUT" # Ctrl-S
	vm_wait 'xoff: zombies' 90 || { fail "${name}_reaped" "no 'xoff: zombies' line"; return; }
	console=$(tr -d '\r' <"$(vm_log)")
	flood=$(sed -n 's/^xoff: flood //p' <<<"$console")
	if [ -n "$flood" ] && [ "${flood% *}" = "${flood#* }" ] && [ "${flood% *}" -gt 0 ]; then
		pass "${name}_console_stopped"
	else fail "${name}_console_stopped" "flood counts '$flood': want the same count twice"; fi
	check "${name}_no_zombies" 0 "$(sed -n 's/^xoff: zombies //p' <<<"$console")"
	if vm_wait 'reboot: Power down' 40 && vm_wait_exit 30; then pass "${name}_powered_off"
	else fail "${name}_powered_off" "no power down 40 s after the check"; fi
}

# The check as ebb.run: the inittab entry steps aside.
: >"$overlay/etc/ebb-run-mode"
xoff_case xoff_run "ebb.run=/bin/xoff-check"
# Dropped, not written half: the line is counted in the kernel log.
if tr -d '\r' <"$(vm_log)" | grep -q '^ebb: console still stopped; dropped lines: 1$'; then
	pass xoff_run_drop_counted
else fail xoff_run_drop_counted "no 'console still stopped; dropped lines: 1'"; fi
rm "$overlay/etc/ebb-run-mode"
xoff_case xoff_poweroff ""
finish
