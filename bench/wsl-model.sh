#!/bin/sh
# wsl-model.sh gradual|dropcache
#
# A MODEL of WSL's 2026 memory reclaim (microsoft/WSL, src/linux/init/util.cpp),
# written for the benchmark from its published description, not from its code:
# - every 10 s, read /proc/stat; busy = user+nice+system+irq+softirq+steal;
# - idle when busy <= 0.5 % over the last 12 samples (2 min) and in the
#   current sample;
# - gradual: each idle tick, cache = Active(file)+Inactive(file)+SReclaimable;
#   above a 128 MiB floor, write "<bytes> swappiness=0" (step RAM/32 clamped
#   to 256 MiB..1 GiB) to /sys/fs/cgroup/memory.reclaim, without swappiness
#   on EINVAL, EAGAIN counted as success; drop_caches when that file is absent;
# - dropcache (WSL's default): write 3 to drop_caches once per idle period;
# - compact_memory when first idle and after each reclaim.
# Runs under busybox sh; the benchmark starts it at SCHED_IDLE.
# WSL_MODEL_ROOT prefixes /proc and /sys (tests/bench runs it on a fake tree).
set -u
mode=${1:-gradual}
R=${WSL_MODEL_ROOT:-}
TICK_SECONDS=10
WINDOW=12
IDLE_PERMILLE=5
FLOOR_BYTES=$((128 << 20))
RECLAIM=$R/sys/fs/cgroup/memory.reclaim

log() { echo "wsl-model: $*"; }

meminfo_kib() { # name...: sum of those /proc/meminfo fields, in KiB
	total=0
	while read -r key value _; do
		for want in "$@"; do
			[ "$key" = "$want:" ] && total=$((total + value))
		done
	done < "$R/proc/meminfo"
	echo "$total"
}

cpu_sample() { # sets busy and all from /proc/stat's first line
	read -r _ user nice system idle iowait irq softirq steal _ < "$R/proc/stat"
	busy=$((user + nice + system + irq + softirq + steal))
	all=$((busy + idle + iowait))
}

compact() {
	echo 1 > "$R/proc/sys/vm/compact_memory" || log "compact_memory failed"
}

reclaim_gradual() {
	cache=$(($(meminfo_kib 'Active(file)' 'Inactive(file)' SReclaimable) * 1024))
	[ "$cache" -gt "$FLOOR_BYTES" ] || return 0
	bytes=$((cache - FLOOR_BYTES))
	[ "$bytes" -gt "$step" ] && bytes=$step
	if [ ! -w "$RECLAIM" ]; then
		echo 3 > "$R/proc/sys/vm/drop_caches"
	else
		err=$( (echo "$bytes swappiness=0" > "$RECLAIM") 2>&1 )
		case $err in *"nvalid argument"*)
			err=$( (echo "$bytes" > "$RECLAIM") 2>&1 ) ;;
		esac
		case $err in ""|*"emporarily unavailable"*) ;;
		*) log "memory.reclaim: $err" ;;
		esac
	fi
	log "reclaim $((bytes >> 20)) MiB of $((cache >> 20)) MiB cache"
	compact
}

ram=$(($(meminfo_kib MemTotal) * 1024))
step=$((ram / 32))
[ "$step" -lt $((256 << 20)) ] && step=$((256 << 20))
[ "$step" -gt $((1 << 30)) ] && step=$((1 << 30))

# The window is a ring of per-sample deltas: b0..b11 busy, a0..a11 all.
i=0
while [ "$i" -lt "$WINDOW" ]; do eval "b$i=0 a$i=0"; i=$((i + 1)); done
samples=0 was_idle=0 dropped=0
cpu_sample
last_busy=$busy last_all=$all
log "mode $mode, step $((step >> 20)) MiB"
while :; do
	sleep "$TICK_SECONDS"
	cpu_sample
	d_busy=$((busy - last_busy)) d_all=$((all - last_all))
	last_busy=$busy last_all=$all
	slot=$((samples % WINDOW)) samples=$((samples + 1))
	eval "b$slot=$d_busy a$slot=$d_all"
	sum_busy=0 sum_all=0 i=0
	while [ "$i" -lt "$WINDOW" ]; do
		eval "sum_busy=\$((sum_busy + b$i)) sum_all=\$((sum_all + a$i))"
		i=$((i + 1))
	done
	if [ "$samples" -lt "$WINDOW" ] ||
	   [ $((sum_busy * 1000)) -gt $((sum_all * IDLE_PERMILLE)) ] ||
	   [ $((d_busy * 1000)) -gt $((d_all * IDLE_PERMILLE)) ]; then
		was_idle=0 dropped=0
		continue
	fi
	if [ "$was_idle" = 0 ]; then
		log "idle"
		compact
		was_idle=1
	fi
	if [ "$mode" = dropcache ]; then
		[ "$dropped" = 1 ] && continue
		echo 3 > "$R/proc/sys/vm/drop_caches"
		log "drop_caches"
		dropped=1
		compact
	else
		reclaim_gradual
	fi
done
