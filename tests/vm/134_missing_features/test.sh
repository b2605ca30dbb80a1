#!/bin/bash
# Issue 9, missing kernel features: the reclaim loop degrades with one
# dmesg line per missing feature, keeps working and never loops on the
# error, over 5 idle periods (`reclaim now` after reading 100 MiB into the
# page cache each time; gradual mode, compaction threshold 1 MiB so that
# every period tries to compact). Two boots:
# 1. psi=0 (no /proc/pressure), cgroup_disable=memory (cgroup2 without
#    memory.reclaim) and no compaction: /proc/sys/vm becomes a tmpfs
#    holding bind mounts of every vm sysctl but compact_memory, as on a
#    kernel without CONFIG_COMPACTION. Lines: "no PSI", "no
#    .../memory.reclaim", "no .../compact_memory", once each; caches are
#    dropped instead of stepped (drops counted).
# 2. read-only /sys (sysfs and the cgroup2 under it remounted ro, the root
#    cgroup's memory.reclaim present), then a restart entry re-execs init
#    so that the loop starts on it: one line for the reporting pace and
#    one for memory.reclaim (EROFS), then drops instead.
# Either way: no other reclaim error line, `reclaim status` answers.
# timeout: 600
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

ROUNDS=5
case_prepare || { finish; exit; }
overlay_for() {
	rm -rf "$VM_DIR/overlay"
	case_overlay "$VM_DIR/overlay" "$1
mount_data
for round in \$(seq $ROUNDS); do
	fileread /data/hot/a >/dev/null
	sleep 3 # a tick at full CPU would end the idle period before the drop
	reclaim now >/dev/null
	for _ in \$(seq 100); do
		reclaim status --json | grep -q '\"state\":\"working\"' || break
		usleep 200000
	done
	sleep 2
done
echo \"STATUS \$(reclaim status --json)\"
dmesg | grep -E 'ebb: (reclaim|idle|restarting)' | sed 's/^/DMESG /'
echo MARK done"
	mkdir -p "$VM_DIR/overlay/etc"
	printf '::restart:/init\n' >"$VM_DIR/overlay/etc/inittab"
}
APPEND="quiet ebb.run=/t/run.sh ebb.reclaim=gradual ebb.reclaim.compact_threshold=1M \
ebb.reclaim.idle_threshold=100% ebb.reclaim.idle_window=3600s ebb.shutdown_timeout=1"

# boot_case NAME EXTRA_APPEND GUEST_SETUP: one boot; its dmesg lines (after
# the last "restarting") in $LINES, its drop count in $DROPS.
boot_case() {
	overlay_for "$3"
	vm_boot --overlay "$VM_DIR/overlay" --append "$APPEND $2" \
		--qemu -drive --qemu "file=$DATA_DISK,format=raw,if=virtio,readonly=on"
	LINES= DROPS=
	if ! vm_wait '^MARK done' 300; then
		fail "${1}_ran" "no 'MARK done' in 300 s: $(case_tail)"
		return 1
	fi
	local log
	log=$(tr -d '\r' <"$(vm_log)")
	LINES=$(sed -n 's/^DMESG //p' <<<"$log" | sed -n '/restarting as/{h;d};H;${x;p}' | sed '/^$/d')
	[ -n "$LINES" ] || LINES=$(sed -n 's/^DMESG //p' <<<"$log")
	DROPS=$(sed -n 's/^STATUS .*"drops":\([0-9]*\).*/\1/p' <<<"$log")
	if vm_wait '^ebb.run: exit 0' 30 && vm_wait_exit 60; then pass "${1}_poweroff"
	else fail "${1}_poweroff" "no clean end: $(case_tail)"; fi
}
# once NAME REGEX: exactly one dmesg line matches.
once() {
	local n
	n=$(grep -cE -- "$2" <<<"$LINES")
	if [ "$n" -eq 1 ]; then pass "$1"
	else fail "$1" "$n lines match '$2': $(grep -E 'reclaim' <<<"$LINES" | tail -n 4 | tr '\n' '|')"; fi
}
# no_other_errors NAME ALLOWED_REGEX: no other reclaim line names an error
# (a strerror text at its end or in parentheses, "cannot", "failed", "no").
no_other_errors() {
	local others
	others=$(grep -E 'reclaim: .*(: [A-Z][-A-Za-z ]+$|\([A-Z][-A-Za-z ]+\)|cannot|failed|no )' <<<"$LINES" |
		grep -vE -- "$2")
	if [ -z "$others" ]; then pass "$1"; else fail "$1" "$(head -n 3 <<<"$others" | tr '\n' '|')"; fi
}
dropped_each_round() {
	if [ -n "$DROPS" ] && [ "$DROPS" -ge "$ROUNDS" ]; then pass "$1"
	else fail "$1" "drops=${DROPS:-none} after $ROUNDS idle periods"; fi
}

boot_case missing1 "psi=0 cgroup_disable=memory" '
mkdir -p /run/vm
mount -t tmpfs vm /run/vm
for f in /proc/sys/vm/*; do
	name=${f##*/}
	[ "$name" = compact_memory ] && continue
	touch "/run/vm/$name" && mount -o bind "$f" "/run/vm/$name"
done
mount -o rbind /run/vm /proc/sys/vm
[ -e /proc/sys/vm/compact_memory ] && echo "MARK error compact_memory still there"
[ -e /proc/sys/vm/drop_caches ] || echo "MARK error drop_caches gone"'
# Every check runs, lines or none: a boot that logged nothing fails them.
once missing_psi_one_line 'reclaim: no PSI'
once missing_memory_reclaim_one_line 'reclaim: no /sys/fs/cgroup/memory.reclaim'
once missing_compaction_one_line 'reclaim: no /proc/sys/vm/compact_memory'
no_other_errors missing1_no_error_loop 'no PSI|no /sys/fs/cgroup/memory.reclaim|no /proc/sys/vm/compact_memory|kernel without ebb'
dropped_each_round missing1_drops_instead
echo "# boot 1: drops=$DROPS; $(grep -E 'no PSI|memory.reclaim|compact_memory' <<<"$LINES" | tr '\n' '|')"
grep '^MARK error' "$(vm_log)" && fail missing1_setup "$(grep '^MARK error' "$(vm_log)" | tr '\n' ' ')"

boot_case readonly_sys "" '
if [ ! -e /run/ro-sys ]; then
	mount -o remount,ro /sys/fs/cgroup && mount -o remount,ro /sys || echo "MARK error remount"
	touch /run/ro-sys
	kill -QUIT 1
	sleep 60
	exit 1
fi
grep -E " /sys(/fs/cgroup)? " /proc/mounts | sed "s/^/MOUNT /"'
once readonly_sys_pace_one_line 'reporting pace: Read-only file system'
once readonly_sys_memory_reclaim_one_line 'cannot write /sys/fs/cgroup/memory.reclaim \(Read-only file system\)'
no_other_errors readonly_sys_no_error_loop 'reporting pace: Read-only|memory.reclaim \(Read-only'
dropped_each_round readonly_sys_drops_instead
echo "# boot 2: drops=$DROPS; $(grep -E 'Read-only' <<<"$LINES" | tr '\n' '|')"
check readonly_sys_both_ro 2 "$(grep -c '^MOUNT .* ro[,]' "$(vm_log)")"
finish
