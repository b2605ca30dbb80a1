#!/bin/bash
# A signal sent to init is forwarded to the child; the child dies of it
# and init exits 128+signal.
. "$(dirname "$0")/lib.sh"
require_init ns_signals

# signal NAME NUMBER: run sleep under init, signal init, expect 128+NUMBER.
signal_case() {
	local name=$1 number=$2 unshare_pid init_pid sleeper status
	# unshare itself (not a subshell running in_ns) must be $!.
	unshare --pid --fork --mount-proc "$INIT" -- sleep 30 &
	unshare_pid=$!
	if ! init_pid=$(pid_of_init "$unshare_pid"); then
		fail "ns_forward_$name" "init did not start"
		kill "$unshare_pid"
		return
	fi
	# Wait until sleep runs, so the signal cannot arrive before the fork.
	for _ in $(seq 100); do
		sleeper=$(cat "/proc/$init_pid/task/$init_pid/children" 2>/dev/null)
		[ -n "$sleeper" ] && [ "$(readlink "/proc/${sleeper%% *}/exe")" != "$(readlink -f "$INIT")" ] && break
		sleep 0.05
	done
	kill -"$name" "$init_pid"
	wait "$unshare_pid"
	status=$?
	check "ns_forward_$name" $((128 + number)) "$status"
}

signal_case TERM 15
signal_case INT 2
signal_case HUP 1
signal_case USR1 10
signal_case USR2 12
# A real-time signal too (its default action would kill an init that let it through).
signal_case RTMIN+3 $(($(kill -l RTMIN) + 3))
finish
