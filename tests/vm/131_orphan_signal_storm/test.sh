#!/bin/bash
# Issue 9, orphans and a signal storm: from the console shell, 10,000
# orphans (10 waves of 1,000 that exit at once, tests/tools/orphans.c)
# while a shell loop sends every catchable signal but the shutdown
# requests (INT, TERM, USR1, USR2, PWR) to PID 1 for 10 s: the fault
# signals, HUP (reload), QUIT (no restart entry: ignored), job control,
# CHLD and the real-time ones, 32-34 included. PID 1 survives (same
# start time, no panic), every orphan was re-parented to it and reaped
# (no zombie left), the console answers during the storm and after it,
# and poweroff still works. The storm runs at nice -10, so the orphans
# (1,000 runnable at once) do not slow it down much.
# timeout: 600
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

STORM_S=10
# The storm lasted STORM_S and sent at least this many rounds of every
# kind: a storm, not one round (790 rounds were seen on a loaded host).
MIN_ROUNDS=100
WAVES=10
PER_WAVE=1000
case_prepare || { finish; exit; }
case_overlay "$VM_DIR/overlay" 'true'
cat >"$VM_DIR/overlay/t/storm.sh" <<'GUEST'
#!/bin/sh
# storm.sh SECONDS: signals to PID 1 in a tight loop; prints the count.
duration=$1
sigs="1 3 4 5 6 7 8 11 13 14 16 17 18 20 21 22 23 24 25 26 27 28 29 31 $(seq -s ' ' 32 64)"
set -- $sigs
kinds=$#
# Seconds since boot: the wall clock may be stepped (ntpd) meanwhile.
uptime_s() { read -r up _ </proc/uptime; echo "${up%.*}"; }
rounds=0
start=$(uptime_s)
end=$((start + duration))
while [ "$(uptime_s)" -lt "$end" ]; do
	for s in $sigs; do kill -$s 1; done
	rounds=$((rounds + 1))
done
echo "STORM rounds=$rounds kinds=$kinds signals=$((rounds * kinds)) seconds=$(($(uptime_s) - start))"
GUEST
chmod 755 "$VM_DIR/overlay/t/storm.sh"
vm_boot --overlay "$VM_DIR/overlay" --append "quiet"
vm_wait '[~/] ?# ' 90 || { fail storm_shell "no shell prompt"; finish; exit; }

pid1_start() { vm_run "sed 's/.*) //' /proc/1/stat | cut -d' ' -f20" && echo "$VM_OUT"; }
before=$(pid1_start)
vm_run "nice -n -10 /t/storm.sh $STORM_S >/run/storm.out 2>&1 & /t/orphans $WAVES $PER_WAVE >/run/orphans.out 2>&1 & sleep 2"
t0=$(now_ms)
if vm_run 'echo answering' 30 && [ "$VM_OUT" = answering ]; then
	answer_ms=$(($(now_ms) - t0))
	pass storm_console_answers_during
else
	answer_ms=none
	fail storm_console_answers_during "no answer in 30 s: $(case_tail)"
fi
vm_run 'wait; cat /run/storm.out /run/orphans.out' 400
storm=$(grep '^STORM ' <<<"$VM_OUT")
orphans=$(grep '^orphans ' <<<"$VM_OUT")
rounds=$(sed -n 's/.* rounds=\([0-9]*\) .*/\1/p' <<<"$storm")
seconds=$(sed -n 's/.* seconds=\([0-9]*\)$/\1/p' <<<"$storm")
if [ -n "$rounds" ] && [ "$rounds" -ge "$MIN_ROUNDS" ] && [ "${seconds:-0}" -ge "$STORM_S" ]; then
	pass storm_signals_sent
else
	fail storm_signals_sent "not $MIN_ROUNDS rounds over $STORM_S s: '$storm' $(case_tail)"
fi
check storm_orphans_reparented "orphans made=$((WAVES * PER_WAVE)) reparented=$((WAVES * PER_WAVE)) fork_failed=0" "$orphans"
# Zombies: a state Z in any /proc/<pid>/stat, after 2 s.
vm_run "sleep 2; cat /proc/[0-9]*/stat 2>/dev/null | sed 's/.*) //' | cut -d' ' -f1 | grep -c Z" 30
check storm_no_zombie_left 0 "$VM_OUT"
check storm_pid1_same_start_time "$before" "$(pid1_start)"
vm_run 'echo alive' 30
check storm_console_answers_after alive "$VM_OUT"
echo "# FIG $storm $orphans console_answer_during_storm_ms=$answer_ms"
vm_send poweroff
if vm_wait_exit 60; then pass storm_poweroff; else fail storm_poweroff "QEMU still running"; fi
if grep -q 'Kernel panic' "$(vm_log)"; then fail storm_no_panic "$(grep -m1 'Kernel panic' "$(vm_log)")"; else pass storm_no_panic; fi
finish
