#!/bin/sh
# Guest side of one benchmark run (bench/bench.py boots it as ebb.run).
# /bench/env sets WORK and RERUN (shell commands that print
# "MARK work-end ms=.." / "MARK rerun-end ms=.."), MODEL (empty, gradual or
# dropcache: the WSL model to run) and NEEDS_DISK. The host starts each
# phase by sending a line on the console, so that only one VM at a time
# runs a workload while the others idle. With TURN set instead (the density
# scenario), each "go" line runs TURN once as turn $n, until a "stop" line.
. /bench/env
PATH=/bench/bin:$PATH

ticks() { # pid [with-children]: CPU clock ticks used by a process
	read -r line < "/proc/$1/stat" || { echo 0; return; }
	set -- "$2" ${line##*) }
	if [ "$1" = with-children ]; then
		echo $((${13} + ${14} + ${15} + ${16}))
	else
		echo $((${13} + ${14}))
	fi
}

mount_data() { # the data disk is the virtio disk holding big400
	mkdir -p /data
	for disk in /dev/vda /dev/vdb /dev/vdc; do
		mount -t ext4 -o ro "$disk" /data 2>/dev/null || continue
		[ -f /data/big400 ] && return 0
		umount /data
	done
	echo "MARK error what=no-data-disk"
	return 1
}

[ "$NEEDS_DISK" = 1 ] && { mount_data || exit 1; }
model_pid=
if [ -n "$MODEL" ]; then
	# WSL runs its reclaim thread at SCHED_IDLE
	schedidle /bench/wsl-model.sh "$MODEL" &
	model_pid=$!
fi
model_ticks() { [ -n "$model_pid" ] && ticks "$model_pid" with-children || echo 0; }
kdamond_ticks() { # the kernel's DAMON_RECLAIM thread, when it runs
	for stat in /proc/[0-9]*/stat; do
		read -r line < "$stat" 2>/dev/null || continue
		case $line in *"(kdamond."*)
			pid=${stat#/proc/}
			ticks "${pid%/stat}"
			return ;;
		esac
	done
	echo 0
}
cpu_fields() { echo "pid1=$(ticks 1 with-children) model=$(model_ticks) kdamond=$(kdamond_ticks)"; }
refault_pages() { awk '$1 == "workingset_refault_file" { print $2 }' /proc/vmstat; }
take_turns() { # TURN prints "MARK turn-end-$n ms=..": one mark per turn
	n=0
	while read -r line; do
		case $line in *stop*) break ;; esac
		n=$((n + 1))
		before=$(refault_pages)
		echo "MARK turn-start-$n"
		eval "$TURN"
		echo "MARK turn-after-$n refault_pages=$(($(refault_pages) - before)) $(cpu_fields)"
	done
}

# ebb's writes run in PID 1's short-lived children, which it reaps: their
# CPU is in its cutime/cstime. The workloads are this script's children,
# not PID 1's (this script is reaped only when it ends).
echo "MARK ready $(cpu_fields)"
if [ -n "${TURN:-}" ]; then
	take_turns
else
	read -r _
	echo "MARK work-start"
	eval "$WORK"
	read -r _
	echo "MARK rerun-start"
	eval "$RERUN"
fi
echo "MARK cpu $(cpu_fields)"
