#!/bin/bash
# `reclaim daemon` end to end on this host's real /proc, with every file
# it writes replaced by a scratch file in a private mount namespace (the
# host's cgroup and vm knobs are never touched): control socket, root
# check, `reclaim now` writing memory.reclaim, page_reporting_order and
# the per-CPU list size at start, no wakeups when off, clean exit on SIGTERM.
. "$(dirname "$0")/lib.sh"
require_init ns_reclaim_daemon

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
chmod 755 "$SCRATCH"
ln -s "$INIT" "$SCRATCH/reclaim"
export EBB_RECLAIM_SOCKET=$SCRATCH/reclaim.sock

inside() {
	set -e
	local order=/sys/module/page_reporting/parameters/page_reporting_order
	mount -t tmpfs none /sys/fs/cgroup
	: >/sys/fs/cgroup/memory.reclaim
	for f in drop_caches compact_memory percpu_pagelist_high_fraction; do
		: >"$SCRATCH/$f"
		mount --bind "$SCRATCH/$f" "/proc/sys/vm/$f"
	done
	if [ -e "$order" ]; then
		echo 10 >"$SCRATCH/order"
		mount --bind "$SCRATCH/order" "$order"
	fi
	set +e
	"$SCRATCH/reclaim" daemon reclaim.floor=0 >"$SCRATCH/daemon.log" 2>&1 &
	local daemon=$!
	for _ in $(seq 50); do [ -S "$EBB_RECLAIM_SOCKET" ] && break; sleep 0.1; done
	"$SCRATCH/reclaim" status >"$SCRATCH/status" 2>&1
	"$SCRATCH/reclaim" status --json >"$SCRATCH/json" 2>&1
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SCRATCH/reclaim" status >"$SCRATCH/nonroot" 2>&1
	echo "$?" >"$SCRATCH/nonroot.rc"
	"$SCRATCH/reclaim" mode bogus >"$SCRATCH/bogus" 2>&1
	echo "$?" >"$SCRATCH/bogus.rc"
	"$SCRATCH/reclaim" now >"$SCRATCH/now" 2>&1
	sleep 0.5
	cp /sys/fs/cgroup/memory.reclaim "$SCRATCH/memory.reclaim"
	"$SCRATCH/reclaim" mode off >/dev/null
	local before after
	before=$(awk '/^voluntary/ {print $2}' "/proc/$daemon/status")
	sleep 2.5
	after=$(awk '/^voluntary/ {print $2}' "/proc/$daemon/status")
	echo $((after - before)) >"$SCRATCH/wakeups"
	local start=$(date +%s%N)
	kill -TERM "$daemon"
	wait "$daemon"
	echo "$? $((($(date +%s%N) - start) / 1000000))" >"$SCRATCH/exit"
}
export -f inside
export SCRATCH
unshare -m --propagation private bash -c inside

check reclaim_status_mode "mode:              gradual" "$(head -1 "$SCRATCH/status")"
check reclaim_status_json 1 "$(grep -c '^{"mode":"gradual","state":"[a-z]*",.*}$' "$SCRATCH/json")"
check reclaim_nonroot_refused "1 reclaim: permission denied: only root may use reclaim" \
	"$(cat "$SCRATCH/nonroot.rc") $(cat "$SCRATCH/nonroot")"
check reclaim_bad_mode_refused 1 "$(cat "$SCRATCH/bogus.rc")"
check reclaim_now_answers "reclaiming now (gradual)" "$(cat "$SCRATCH/now")"
if grep -qE '^[0-9]+ swappiness=0' "$SCRATCH/memory.reclaim"; then
	pass reclaim_now_writes_memory_reclaim
else
	fail reclaim_now_writes_memory_reclaim "memory.reclaim got '$(cat "$SCRATCH/memory.reclaim")'"
fi
check reclaim_pcp_lists_limited 1000 "$(cat "$SCRATCH/percpu_pagelist_high_fraction")"
if [ -e "$SCRATCH/order" ]; then
	check reclaim_reporting_order_set 9 "$(head -c1 "$SCRATCH/order")"
fi
wakeups=$(cat "$SCRATCH/wakeups")
if [ "$wakeups" -le 1 ]; then pass reclaim_off_no_wakeups; else
	fail reclaim_off_no_wakeups "$wakeups wakeups in 2.5 s"; fi
read -r rc ms <"$SCRATCH/exit"
check reclaim_daemon_sigterm_exit 0 "$rc"
if [ "$ms" -lt 1000 ]; then pass reclaim_daemon_sigterm_fast; else
	fail reclaim_daemon_sigterm_fast "took $ms ms"; fi
finish
