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
