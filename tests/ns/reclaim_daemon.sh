#!/bin/bash
# `reclaim daemon` end to end on this host's real /proc, with every file
# it writes replaced by a scratch file in a private mount namespace (the
# host's cgroup and vm knobs are never touched): control socket, root
# check, `reclaim now` writing memory.reclaim, page_reporting_order and
# the per-CPU list size at start, the writer's child reaped by the daemon,
# no wakeups when off, clean exit on SIGTERM.
# Control socket hardening: mode 0600, nobody cannot connect, a flood of
# idle root connections does not starve `reclaim status`, a connection
# closed without a reply is an error, a second daemon refuses to start and
# leaves the first one's socket alone, `daemon --wait` takes over.
. "$(dirname "$0")/lib.sh"
require_init ns_reclaim_daemon

reclaim_scratch_setup

# idle.pl N PATH: opens N connections to PATH (SOCK_SEQPACKET) that never
# send; prints how many connects succeeded (and the last error), then,
# 0.5 s later, which connections (1..N) the loop closed; keeps them 2 s.
cat >"$SCRATCH/idle.pl" <<'PERL'
use strict; use Socket; use Errno;
my ($n, $path) = @ARGV;
my ($ok, $err, @held) = (0, "");
for my $i (1 .. $n) {
	socket(my $s, AF_UNIX, SOCK_SEQPACKET, 0) or die "socket: $!";
	if (connect($s, pack_sockaddr_un($path))) { $ok++; push @held, [$i, $s]; }
	else { $err = "$!"; }
	select(undef, undef, undef, 0.02);
}
$| = 1;
print "connected $ok", ($err ? ", $err" : ""), "\n";
select(undef, undef, undef, 0.5);
my @closed = grep { !defined recv($_->[1], my $b, 16, MSG_DONTWAIT) ? !$!{EAGAIN} : 1 } @held;
print "closed: @{[map { $_->[0] } @closed]}\n";
sleep 2;
PERL
# mute.pl PATH: a server that never replies: it reads the first
# connection's request and closes it (EOF), and closes the second unread
# (ECONNRESET).
cat >"$SCRATCH/mute.pl" <<'PERL'
use strict; use Socket;
socket(my $l, AF_UNIX, SOCK_SEQPACKET, 0) or die "socket: $!";
bind($l, pack_sockaddr_un($ARGV[0])) && listen($l, 8) or die "bind: $!";
accept(my $c, $l) or die "accept: $!";
recv($c, my $request, 256, 0);
close($c);
accept($c, $l) or die "accept: $!";
close($c);
PERL

inside() {
	reclaim_scratch_files || exit 1
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
	stat -c %a "$EBB_RECLAIM_SOCKET" >"$SCRATCH/sock.mode"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		perl "$SCRATCH/idle.pl" 20 "$EBB_RECLAIM_SOCKET" >"$SCRATCH/nobody.idle" 2>&1
	# 10 idle connections for 8 slots: the two oldest go
	perl "$SCRATCH/idle.pl" 10 "$EBB_RECLAIM_SOCKET" >"$SCRATCH/root.idle" 2>&1 &
	local idle=$! answered=0
	for _ in $(seq 50); do grep -q closed "$SCRATCH/root.idle" && break; sleep 0.1; done
	for _ in 1 2 3; do
		"$SCRATCH/reclaim" status 2>>"$SCRATCH/idle.err" | grep -q "^mode:" &&
			answered=$((answered + 1))
	done
	echo "$answered" >"$SCRATCH/idle.answered"
	wait "$idle"
	# a second daemon on the same socket
	stat -c %i "$EBB_RECLAIM_SOCKET" >"$SCRATCH/inode.before"
	timeout 5 "$SCRATCH/reclaim" daemon >"$SCRATCH/second" 2>&1
	echo "$?" >"$SCRATCH/second.rc"
	stat -c %i "$EBB_RECLAIM_SOCKET" >"$SCRATCH/inode.after"
	"$SCRATCH/reclaim" status 2>&1 | head -1 >"$SCRATCH/status.after"
	# a server that closes without a reply
	perl "$SCRATCH/mute.pl" "$SCRATCH/mute.sock" &
	local mute=$!
	for _ in $(seq 50); do [ -S "$SCRATCH/mute.sock" ] && break; sleep 0.1; done
	for i in 1 2; do
		EBB_RECLAIM_SOCKET=$SCRATCH/mute.sock "$SCRATCH/reclaim" status >"$SCRATCH/mute$i" 2>&1
		echo "$?" >"$SCRATCH/mute$i.rc"
	done
	wait "$mute"
	"$SCRATCH/reclaim" now >"$SCRATCH/now" 2>&1
	sleep 0.5
	cp /sys/fs/cgroup/memory.reclaim "$SCRATCH/memory.reclaim"
	# the write ran in a child of the daemon, which reaped it
	local p
	for p in /proc/[0-9]*; do
		[ "$(awk '/^PPid:/ {print $2}' "$p/status" 2>/dev/null)" = "$daemon" ] &&
			echo "${p#/proc/} $(awk '/^State:/ {print $2}' "$p/status")"
	done >"$SCRATCH/children"
	grep -c '^ebb: reclaim: SCHED_IDLE\|worker' "$SCRATCH/daemon.log" >"$SCRATCH/worker.errors"
	"$SCRATCH/reclaim" mode off >/dev/null
	local before after
	before=$(awk '/^voluntary/ {print $2}' "/proc/$daemon/status")
	sleep 2.5
	after=$(awk '/^voluntary/ {print $2}' "/proc/$daemon/status")
	echo $((after - before)) >"$SCRATCH/wakeups"
	"$SCRATCH/reclaim" daemon --wait reclaim=off >"$SCRATCH/waiter.log" 2>&1 &
	local waiter=$!
	sleep 1.5
	kill -0 "$waiter" 2>/dev/null && echo waiting >"$SCRATCH/waiter.state"
	local start=$(date +%s%N)
	kill -TERM "$daemon"
	wait "$daemon"
	echo "$? $((($(date +%s%N) - start) / 1000000))" >"$SCRATCH/exit"
	for _ in $(seq 30); do
		"$SCRATCH/reclaim" status >"$SCRATCH/waiter.status" 2>&1 && break
		sleep 0.2
	done
	kill -TERM "$waiter"
	wait "$waiter"
	echo "$?" >"$SCRATCH/waiter.rc"
}
export -f inside reclaim_scratch_files
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
check reclaim_writer_child_reaped "" "$(cat "$SCRATCH/children")"
check reclaim_writer_no_errors 0 "$(cat "$SCRATCH/worker.errors")"
check reclaim_pcp_lists_limited 1000 "$(cat "$SCRATCH/percpu_pagelist_high_fraction")"
if [ -e "$SCRATCH/order" ]; then
	check reclaim_reporting_order_set 9 "$(head -c1 "$SCRATCH/order")"
fi
wakeups=$(cat "$SCRATCH/wakeups")
if [ "$wakeups" -le 1 ]; then pass reclaim_off_no_wakeups; else
	fail reclaim_off_no_wakeups "$wakeups wakeups in 2.5 s"; fi
check reclaim_socket_mode_0600 600 "$(cat "$SCRATCH/sock.mode")"
check reclaim_nobody_cannot_connect "connected 0, Permission denied|closed: " \
	"$(tr '\n' '|' <"$SCRATCH/nobody.idle" | sed 's/|$//')"
check reclaim_idle_oldest_evicted "connected 10|closed: 1 2" \
	"$(tr '\n' '|' <"$SCRATCH/root.idle" | sed 's/|$//')"
check reclaim_idle_cannot_starve_status 3 "$(cat "$SCRATCH/idle.answered")$(cat "$SCRATCH/idle.err")"
check reclaim_second_daemon_refused "1 reclaim: another reclaim loop is running ($EBB_RECLAIM_SOCKET.lock is locked); not starting" \
	"$(cat "$SCRATCH/second.rc") $(cat "$SCRATCH/second")"
check reclaim_second_daemon_keeps_socket "$(cat "$SCRATCH/inode.before")" "$(cat "$SCRATCH/inode.after")"
check reclaim_first_daemon_still_answers "mode:              gradual" "$(cat "$SCRATCH/status.after")"
for i in 1 2; do
	check reclaim_no_reply_is_error_$i "1 reclaim: $SCRATCH/mute.sock: the reclaim loop closed the connection without a reply" \
		"$(cat "$SCRATCH/mute$i.rc") $(cat "$SCRATCH/mute$i")"
done
check reclaim_waiter_waits "waiting reclaim: another reclaim loop is running ($EBB_RECLAIM_SOCKET.lock is locked); waiting for it to end" \
	"$(cat "$SCRATCH/waiter.state" 2>/dev/null) $(head -1 "$SCRATCH/waiter.log")"
check reclaim_waiter_takes_over "mode:              off" "$(head -1 "$SCRATCH/waiter.status")"
check reclaim_waiter_sigterm_exit 0 "$(cat "$SCRATCH/waiter.rc")"
read -r rc ms <"$SCRATCH/exit"
check reclaim_daemon_sigterm_exit 0 "$rc"
if [ "$ms" -lt 1000 ]; then pass reclaim_daemon_sigterm_fast; else
	fail reclaim_daemon_sigterm_fast "took $ms ms"; fi
finish
