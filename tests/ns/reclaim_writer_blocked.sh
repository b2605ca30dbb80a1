#!/bin/bash
# `reclaim daemon` while its writer is stuck in a write (memory.reclaim is
# a FIFO nobody reads, so the writer child blocks in open): the loop
# sleeps (its CPU time and wakeups stay those of its 1 s ticks), keeps
# answering, and SIGTERM ends it at once, the writer killed and reaped.
# A writer forked while a control connection was open would keep that
# connection in the epoll set after the loop closed it, and the loop would
# spin: the request here comes 0.3 s after the connection, as a slow
# client's. The writer holds none of the daemon's files (its lock, socket,
# epoll), and a daemon killed with SIGKILL takes its writer with it, so
# the next daemon gets the lock at once.
. "$(dirname "$0")/lib.sh"
require_init ns_reclaim_writer_blocked

reclaim_scratch_setup

# cpu_ticks PID: utime + stime of PID, in clock ticks.
# slow_now.pl PATH: connects, waits 0.3 s (so the loop has taken the
# connection into its epoll set), then asks "now" and prints the reply.
cat >"$SCRATCH/slow_now.pl" <<'PERL'
use strict; use Socket;
socket(my $s, AF_UNIX, SOCK_SEQPACKET, 0) or die "socket: $!";
connect($s, pack_sockaddr_un($ARGV[0])) or die "connect: $!";
select(undef, undef, undef, 0.3);
send($s, "now", 0) or die "send: $!";
recv($s, my $reply, 4096, 0);
print $reply;
PERL

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
voluntary() { awk '/^voluntary/ { print $2 }' "/proc/$1/status"; }

# blocked_writer DAEMON: asks for a job and prints the pid of the writer
# child it starts (stuck opening the FIFO), or nothing.
blocked_writer() {
	local writer="" _
	"$SCRATCH/reclaim" mode gradual >/dev/null
	perl "$SCRATCH/slow_now.pl" "$EBB_RECLAIM_SOCKET" >"$SCRATCH/now" 2>&1
	for _ in $(seq 50); do
		read -r writer _ <"/proc/$1/task/$1/children" # the file ends in a blank
		[ -n "$writer" ] && break
		sleep 0.1
	done
	echo "$writer"
}

# alive PID: a process that is not a zombie (a killed writer is one until
# whoever inherited it reaps it).
alive() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# daemon_files PID: the fds of PID that are the daemon's: sockets, epoll,
# the lock (its log's own /dev/kmsg and stdio are not).
daemon_files() {
	local fd
	for fd in /proc/"$1"/fd/*; do
		case $(readlink "$fd") in
		socket:* | anon_inode:* | *.lock) echo -n "${fd##*/} " ;;
		esac
	done
}

# kill_writer PID: a writer still there, and only that (never a reused pid).
kill_writer() {
	[ -n "$1" ] && alive "$1" && grep -q reclaim "/proc/$1/cmdline" && kill -KILL "$1"
}

# wait_answer: until the daemon answers "status" (5 s at most). A killed
# daemon's socket file stays until the next one binds its own, so its
# presence proves nothing; a daemon refused the lock never answers.
wait_answer() {
	local _
	for _ in $(seq 50); do
		"$SCRATCH/reclaim" status >/dev/null 2>&1 && break
		sleep 0.1
	done
}

# A daemon killed outright: its writer must go with it, and free the lock.
killed_daemon() {
	"$SCRATCH/reclaim" daemon >"$SCRATCH/daemon2.log" 2>&1 &
	local daemon=$! writer
	wait_answer
	writer=$(blocked_writer "$daemon")
	kill -KILL "$daemon"
	wait "$daemon" 2>/dev/null
	sleep 0.5
	if [ -z "$writer" ]; then
		echo "no writer" >"$SCRATCH/killed.writer"
	elif alive "$writer"; then
		echo alive >"$SCRATCH/killed.writer"
	fi
	: >>"$SCRATCH/killed.writer"
	"$SCRATCH/reclaim" daemon >"$SCRATCH/daemon3.log" 2>&1 &
	daemon=$!
	wait_answer
	"$SCRATCH/reclaim" status >"$SCRATCH/status3" 2>&1
	echo $? >"$SCRATCH/status3.rc"
	kill -TERM "$daemon" 2>/dev/null
	wait "$daemon" 2>/dev/null
	kill_writer "$writer" # left by a failing loop
}

inside() {
	reclaim_scratch_files || exit 1
	rm /sys/fs/cgroup/memory.reclaim && mkfifo /sys/fs/cgroup/memory.reclaim || exit 1
	"$SCRATCH/reclaim" daemon >"$SCRATCH/daemon.log" 2>&1 &
	local daemon=$! writer
	wait_answer
	writer=$(blocked_writer "$daemon")
	echo "${writer:-none}" >"$SCRATCH/writer"
	if [ -n "$writer" ]; then daemon_files "$writer"; else echo "no writer"; fi >"$SCRATCH/writer.fds"
	daemon_files "$daemon" >"$SCRATCH/daemon.fds"
	sleep 0.5
	local cpu0 wake0
	cpu0=$(cpu_ticks "$daemon") wake0=$(voluntary "$daemon")
	"$SCRATCH/reclaim" status >/dev/null 2>&1
	sleep 3
	echo "$(($(cpu_ticks "$daemon") - cpu0)) $(($(voluntary "$daemon") - wake0))" >"$SCRATCH/busy"
	"$SCRATCH/reclaim" status --json 2>&1 | grep -o '"state":"[a-z]*"' >"$SCRATCH/state"
	local start=$(date +%s%N)
	kill -TERM "$daemon"
	wait "$daemon"
	echo "$? $((($(date +%s%N) - start) / 1000000))" >"$SCRATCH/exit"
	[ -n "$writer" ] && alive "$writer" && echo alive >"$SCRATCH/writer.after"
	: >>"$SCRATCH/writer.after"
	kill_writer "$writer" # left by a failing loop
	killed_daemon
}
export -f inside cpu_ticks voluntary reclaim_scratch_files blocked_writer wait_answer killed_daemon \
	alive daemon_files kill_writer
export SCRATCH
unshare -m --propagation private bash -c inside

check writer_blocked_now_answers "reclaiming now (gradual)" "$(cat "$SCRATCH/now")"
writer=$(cat "$SCRATCH/writer")
if [ "$writer" != none ]; then pass writer_blocked_child_started; else
	fail writer_blocked_child_started "no writer child of the daemon"; fi
echo "# the daemon's own fds: $(cat "$SCRATCH/daemon.fds")"
check writer_blocked_writer_holds_no_fds "" "$(cat "$SCRATCH/writer.fds" 2>/dev/null)"
check writer_blocked_status_working '"state":"working"' "$(cat "$SCRATCH/state")"
read -r ticks wakeups <"$SCRATCH/busy"
echo "# daemon over 3 s: $ticks CPU ticks, $wakeups voluntary wakeups"
# 3 s of 1 s ticks and one status request: a few wakeups, no CPU to speak of
if [ "$ticks" -le 10 ] && [ "$wakeups" -le 12 ]; then pass writer_blocked_loop_sleeps; else
	fail writer_blocked_loop_sleeps "$ticks ticks of CPU and $wakeups wakeups in 3 s"; fi
read -r rc ms <"$SCRATCH/exit"
check writer_blocked_sigterm_exit 0 "$rc"
if [ "$ms" -lt 1000 ]; then pass writer_blocked_sigterm_fast; else
	fail writer_blocked_sigterm_fast "took $ms ms"; fi
check writer_blocked_writer_gone "" "$(cat "$SCRATCH/writer.after")"
check writer_blocked_killed_daemon_takes_writer "" "$(cat "$SCRATCH/killed.writer")"
check writer_blocked_next_daemon_answers "0 mode: gradual" \
	"$(cat "$SCRATCH/status3.rc") $(grep -m1 '^mode' "$SCRATCH/status3" | tr -s ' ')"
finish
