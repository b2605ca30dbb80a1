#!/bin/bash
# 1000 orphans reparented to init are reaped: none is left a zombie; and
# init as a subreaper (not PID 1) adopts and reaps its command's orphans.
. "$(dirname "$0")/lib.sh"
require_init ns_orphans

# The child makes 1000 orphans (their parent subshell exits at once), lets
# them die, then counts zombies in the namespace (its /proc is the ns's).
out=$(in_ns -- /bin/sh -c '
	i=0
	while [ $i -lt 1000 ]; do
		( /bin/true & ) 
		i=$((i + 1))
	done
	sleep 1
	zombies=0
	for stat in /proc/[0-9]*/stat; do
		read -r pid comm state rest <"$stat" 2>/dev/null || continue
		[ "$state" = Z ] && zombies=$((zombies + 1))
	done
	echo "zombies=$zombies"
	exit 0')
status=$?
check ns_orphans_exit 0 "$status"
check ns_orphans_reaped "zombies=0" "$out"

# Not PID 1: init sets PR_SET_CHILD_SUBREAPER, so an orphan of the command
# is re-parented to init (not to the host's PID 1 or another subreaper) and
# init reaps it: once the orphan has exited, nothing is left of it, while
# init is still running. The command's $PPID is init.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$("$INIT" -- /bin/sh -c '
	( sleep 0.5 & echo $! >"$1/orphan" )
	orphan=$(cat "$1/orphan")
	ppid=$(awk "/^PPid:/ { print \$2 }" "/proc/$orphan/status")
	[ "$ppid" = "$PPID" ] && echo parent=init || echo "parent=$ppid, not init ($PPID)"
	i=0
	while [ -e "/proc/$orphan" ] && [ $i -lt 100 ]; do
		state=$(awk "/^State:/ { print \$2 }" "/proc/$orphan/status" 2>/dev/null)
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "/proc/$orphan" ] && echo "left=${state:-?}" || echo left=none' sh "$tmp")
status=$?
check subreaper_exit 0 "$status"
check subreaper_orphan_reparented_to_init parent=init "$(grep '^parent=' <<<"$out")"
check subreaper_orphan_reaped left=none "$(grep '^left=' <<<"$out")"
finish
