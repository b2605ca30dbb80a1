# Shared by tests/ns/*.sh (sourced, not run): PASS/FAIL lines per the
# protocol in tests/run.sh, and init run as PID 1 of a new PID namespace.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INIT=${INIT:-$ROOT/build/init}
failures=0

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# check NAME WANT GOT
check() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "want $2, got $3"; fi
}

# in_ns ARGS...: init as PID 1 of a fresh PID namespace with its own /proc.
in_ns() {
	unshare --pid --fork --mount-proc "$INIT" "$@"
}

# pid_of_init UNSHARE_PID: the host pid of init (unshare's only child).
pid_of_init() {
	local i
	for i in $(seq 100); do
		if [ -r "/proc/$1/task/$1/children" ]; then
			read -r child _ <"/proc/$1/task/$1/children" || true
			[ -n "$child" ] && { echo "$child"; return 0; }
		fi
		sleep 0.05
	done
	return 1
}

finish() {
	[ "$failures" -eq 0 ]
}

require_init() {
	if [ ! -x "$INIT" ]; then
		echo "FAIL $1: $INIT not built"
		exit 1
	fi
}

# reclaim_scratch_setup: a scratch directory for `reclaim daemon` tests,
# in $SCRATCH (removed on exit), with the binary as $SCRATCH/reclaim and
# its socket there (EBB_RECLAIM_SOCKET).
reclaim_scratch_setup() {
	SCRATCH=$(mktemp -d)
	trap 'rm -rf "$SCRATCH"' EXIT
	chmod 755 "$SCRATCH"
	ln -s "$INIT" "$SCRATCH/reclaim"
	export SCRATCH EBB_RECLAIM_SOCKET=$SCRATCH/reclaim.sock
}

# reclaim_scratch_files: inside a private mount namespace, every kernel
# file reclaim writes becomes a scratch file in $SCRATCH, so the host's
# cgroup and vm knobs are never touched: an empty memory.reclaim on a
# tmpfs cgroup root, drop_caches, compact_memory, the per-CPU list
# fraction and, where the kernel has it, page_reporting_order (at 10).
reclaim_scratch_files() {
	local order=/sys/module/page_reporting/parameters/page_reporting_order f
	mount -t tmpfs none /sys/fs/cgroup &&
		: >/sys/fs/cgroup/memory.reclaim || return 1
	for f in drop_caches compact_memory percpu_pagelist_high_fraction; do
		: >"$SCRATCH/$f" && mount --bind "$SCRATCH/$f" "/proc/sys/vm/$f" || return 1
	done
	if [ -e "$order" ]; then
		echo 10 >"$SCRATCH/order" && mount --bind "$SCRATCH/order" "$order" || return 1
	fi
}
