#!/bin/bash
# 1000 orphans reparented to init are reaped: none is left a zombie.
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

# Not PID 1: init is a subreaper, so orphans come to it too.
out=$("$INIT" -- /bin/sh -c '( sleep 0.2 & ) ; echo started')
check subreaper_runs started "$out"
finish
