#!/bin/bash
# A signal sent to init with kill(2) is forwarded to the child: the
# child dies of it and init exits 128+signal. That holds for the fault
# signals (ILL, TRAP, ABRT, BUS, FPE, SEGV, SYS: only real faults of init
# itself are fatal to it) and for real-time signals, libc's 32-34 too.
. "$(dirname "$0")/lib.sh"
require_init ns_signals
ulimit -c 0 # the killed children must not leave core files

# status_of CMD...: how CMD ended, "exit N" or "signal N" (bash's $?
# cannot tell init exiting 128+n from init killed by signal n).
status_of() {
	exec perl -e 'exit 99 if system(@ARGV) == -1;
		printf "%s\n", $? & 127 ? "signal " . ($? & 127) : "exit " . ($? >> 8)' -- "$@"
}

# signal_case NAME NUMBER: run sleep under init, signal init, expect
# init to exit 128+NUMBER.
signal_case() {
	local name=$1 number=$2 wrapper unshare_pid init_pid sleeper
	local out=$SCRATCH/status_$name
	status_of unshare --pid --fork --mount-proc "$INIT" -- sleep 30 >"$out" &
	wrapper=$!
	# The wrapper's child is unshare, whose only child is init.
	if ! unshare_pid=$(pid_of_init "$wrapper") || ! init_pid=$(pid_of_init "$unshare_pid"); then
		fail "ns_forward_$name" "init did not start"
		kill "$wrapper"
		return
	fi
	# Wait until sleep runs, so the signal cannot arrive before the fork.
	for _ in $(seq 100); do
		sleeper=$(cat "/proc/$init_pid/task/$init_pid/children" 2>/dev/null)
		[ -n "$sleeper" ] && [ "$(readlink "/proc/${sleeper%% *}/exe")" != "$(readlink -f "$INIT")" ] && break
		sleep 0.05
	done
	kill -"$name" "$init_pid"
	wait "$wrapper"
	check "ns_forward_$name" "exit $((128 + number))" "$(cat "$out")"
}

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

signal_case TERM 15
signal_case INT 2
signal_case HUP 1
signal_case USR1 10
signal_case USR2 12
# A real-time signal too (its default action would kill an init that let it through).
signal_case RTMIN+3 $(($(kill -l RTMIN) + 3))
for name in ILL TRAP ABRT BUS FPE SEGV SYS; do
	signal_case "$name" "$(kill -l "$name")"
done
for number in 32 33 34; do
	signal_case "$number" "$number"
done
finish
