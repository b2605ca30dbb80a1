# Helpers of the reclaim VM tests (tests/vm/2NN_*/test.sh), sourced after
# tests/vm/lib.sh. The guest side lives in an overlay: the workload
# programs and common.sh under /t, the case's script as /t/run.sh, booted
# with ebb.run=/t/run.sh; it prints "MARK <name>" lines the host waits for.
TOOLS_DIR=$ROOT/build/tools
DATA_DISK=$TOOLS_DIR/data.ext4

# case_prepare: builds the workload programs and the data disk if needed.
case_prepare() {
	if ! make -s -C "$ROOT" tools >/dev/null; then
		fail case_prepare "make tools failed"
		return 1
	fi
}

# case_overlay DIR GUEST_SCRIPT_TEXT: fills DIR for vm_boot --overlay.
case_overlay() {
	mkdir -p "$1/t"
	cp "$TOOLS_DIR/memhog" "$TOOLS_DIR/fileread" "$TOOLS_DIR/orphans" \
		"$TOOLS_DIR/filewrite" "$TOOLS_DIR/latency" "$1/t/"
	cat >"$1/t/common.sh" <<'GUEST'
PATH=/t:$PATH
# The data disk (read-only) on /data: the virtio disk that holds big400.
mount_data() {
	mkdir -p /data
	for disk in /dev/vda /dev/vdb /dev/vdc; do
		mount -t ext4 -o ro "$disk" /data 2>/dev/null || continue
		[ -f /data/big400 ] && return 0
		umount /data
	done
	echo "MARK error no-data-disk"
	exit 1
}
vmstat() { awk -v key="$1" '$1 == key { print $2 }' /proc/vmstat; }
GUEST
	printf '#!/bin/sh\n. /t/common.sh\n%s\n' "$2" >"$1/t/run.sh"
	chmod 755 "$1/t/run.sh"
}

# case_boot MODE DIR: boots with the overlay, the data disk (read-only, so
# the shared image stays pristine) and ebb.reclaim=MODE ("" = default);
# the array CASE_BOOT_ARGS adds vm_boot options (--net PORT). With
# CASE_ROOT_IMAGE (an ext4 image), a copy of it with DIR's files added is
# the root disk instead of the initramfs.
CASE_BOOT_ARGS=()
case_boot() {
	local -a root=(--overlay "$2")
	if [ -n "${CASE_ROOT_IMAGE:-}" ]; then
		cp --sparse=always "$CASE_ROOT_IMAGE" "$VM_DIR/root.ext4"
		vm_disk_add "$VM_DIR/root.ext4" "$2"
		root=(--root-disk "$VM_DIR/root.ext4")
	fi
	vm_boot "${root[@]}" --append "${1:+ebb.reclaim=$1} ebb.run=/t/run.sh" \
		--disk "$DATA_DISK,readonly=on" \
		"${CASE_BOOT_ARGS[@]}"
}

rss_mib() { echo $(($(vm_rss_kib) / 1024)); }
now_ms() { date +%s%3N; }

# rss_median SECONDS: median QEMU RSS (MiB) sampled every 0.25 s.
rss_median() {
	local i
	for ((i = 0; i < $1 * 4; i++)); do
		rss_mib
		sleep 0.25
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# rss_record SECONDS FILE: QEMU RSS (MiB) every 0.25 s for SECONDS, a
# "t mib" line each, t in seconds since the call.
rss_record() {
	local start end now
	start=$(now_ms)
	end=$((start + $1 * 1000))
	: >"$2"
	while now=$(now_ms) && [ "$now" -le "$end" ]; do
		echo "$(awk -v ms=$((now - start)) 'BEGIN { printf "%.2f", ms / 1000 }') $(rss_mib)" >>"$2"
		sleep 0.25
	done
}

# rss_came_back FILE BASE ABOVE_MIB: "memory came back" as the bench
# defines it (bench/benchlib.py time_to_return): the seconds from the
# first sample until RSS is within ABOVE_MIB of BASE and stays there to
# the last; "none" when the last sample is not.
rss_came_back() {
	python3 "$ROOT/bench/benchlib.py" time-to-return "$1" 0 \
		"$(tail -n 1 "$1" | cut -d' ' -f1)" "$2" "$3"
}

# case_tail: the console's last lines on one line, for FAIL messages.
case_tail() { tail -n "${1:-5}" "$(vm_log)" | tr -d '\r' | tr '\n' '|'; }

# rss_return MARK WAIT_S RECORD_S ABOVE_MIB: the idle baseline (the
# median of 4 s, 8 s on), then, once the console shows MARK (within
# WAIT_S), the peak and how long RSS took to come back within ABOVE_MIB of
# the baseline and stay there over RECORD_S (rss_came_back). Sets RSS_BASE,
# RSS_PEAK, RSS_TOOK (MiB, MiB, s or "none"); 1 when MARK never came.
rss_return() {
	sleep 8
	RSS_BASE=$(rss_median 4)
	vm_wait "$1" "$2" || return 1
	RSS_PEAK=$(rss_mib)
	rss_record "$3" "$VM_DIR/rss-$VM_BOOTS"
	RSS_TOOK=$(rss_came_back "$VM_DIR/rss-$VM_BOOTS" "$RSS_BASE" "$4")
}

# case_return_boot MODE GUEST_WORK ABOVE_MIB SECONDS: one boot with
# ebb.reclaim=MODE; the guest idles, runs GUEST_WORK (which prints
# "MARK workload-done") and idles again. Prints
#   FIG base=<MiB> peak=<MiB> took=<s|none> end=<MiB above base at SECONDS>
# where took is the time from the workload's end until RSS is within
# ABOVE_MIB of base and stays there to SECONDS (rss_came_back).
case_return_boot() {
	local mode=$1 work=$2 above=$3 seconds=$4
	case_prepare || return 1
	case_overlay "$VM_DIR/overlay" "
mount_data
echo \"MARK ready\"
sleep 14
$work
sleep $((seconds + 10))"
	case_boot "$mode" "$VM_DIR/overlay"
	if ! vm_wait '^MARK ready' 120; then
		fail "boot_$mode" "no 'MARK ready' in 120 s: $(case_tail)"
		return 1
	fi
	if ! rss_return '^MARK workload-done' 180 "$seconds" "$above"; then
		fail "workload_$mode" "no 'MARK workload-done': $(case_tail)"
		return 1
	fi
	echo "FIG base=$RSS_BASE peak=$((RSS_PEAK - RSS_BASE)) took=$RSS_TOOK end=$(($(rss_mib) - RSS_BASE))"
	vm_wait_exit $((seconds + 60)) || fail "poweroff_$mode" "QEMU still running"
}

# fig KEY LINE: the value of KEY in a FIG line.
fig() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${2#FIG }"; }

# case_back_vs_off PREFIX ABOVE_MIB SECONDS FIG_MODE FIG_OFF: the checks of
# a page cache case and its off control. In both boots the workload raised
# QEMU's RSS by RISE_MIB (300) at least, so that coming back means
# something; with reclaim RSS came back within ABOVE_MIB of the baseline
# within SECONDS; without (off) it was still over baseline + RISE_MIB then.
case_back_vs_off() {
	local prefix=$1 above=$2 seconds=$3 with=$4 off=$5 rise=300 name figure peak
	for name in rose off_rose; do
		figure=$with
		[ "$name" = off_rose ] && figure=$off
		peak=$(fig peak "$figure")
		if [ -n "$peak" ] && [ "$peak" -ge "$rise" ]; then pass "${prefix}_$name"
		else fail "${prefix}_$name" "peak ${peak:-none} MiB above the baseline, under $rise: ${figure:-no figures}"; fi
	done
	if [ -z "$with" ]; then fail "${prefix}_back_in_${seconds}s" "no figures"
	elif [ "$(fig took "$with")" != none ]; then pass "${prefix}_back_in_${seconds}s"
	else fail "${prefix}_back_in_${seconds}s" "not within $above MiB of the baseline after $seconds s: $with"; fi
	if [ -n "$off" ] && [ "$(fig end "$off")" -gt "$rise" ]; then pass "${prefix}_off_stays"
	else fail "${prefix}_off_stays" "off: RSS not over baseline + $rise MiB after $seconds s: ${off:-no figures}"; fi
	echo "# with reclaim: $with"
	echo "# off: $off"
}

# case_child SCRIPT MODE...: runs "SCRIPT boot MODE ..." (a fresh VM per
# call), passes its PASS/FAIL lines through, prints nothing else; the FIG
# line goes to $CASE_FIG.
case_child() {
	local out
	out=$("$@")
	grep -E '^(PASS|FAIL) ' <<<"$out"
	grep -q '^FAIL ' <<<"$out" && failures=$((failures + 1))
	CASE_FIG=$(grep '^FIG ' <<<"$out" | tail -n 1)
}

# case_return_vs_off ARGS MODE WORK ABOVE_MIB SECONDS BACK_CHECK OFF_CHECK:
# a whole two-boot test, called with the script's own arguments first.
# With ebb.reclaim=MODE the QEMU RSS must come back within ABOVE_MIB of the
# idle baseline within SECONDS of WORK's end (BACK_CHECK); with off it must
# still be over baseline + 300 MiB then (OFF_CHECK). Each boot runs in a
# fresh child process: "SCRIPT boot MODE".
case_return_vs_off() {
	local arg=$1 boot_mode=$2 mode=$3 work=$4 above=$5 seconds=$6 back=$7 stays=$8
	if [ "$arg" = boot ]; then
		case_return_boot "$boot_mode" "$work" "$above" "$seconds"
		finish; exit
	fi
	case_child "$0" boot "$mode"
	if [ -z "$CASE_FIG" ]; then fail "$back" "no figures from the $mode boot"
	elif [ "$(fig took "$CASE_FIG")" != none ]; then pass "$back"
	else fail "$back" "not within $above MiB of the baseline after $seconds s: $CASE_FIG"; fi
	echo "# $mode: $CASE_FIG"
	case_child "$0" boot off
	if [ -z "$CASE_FIG" ]; then fail "$stays" "no figures from the off boot"
	elif [ "$(fig end "$CASE_FIG")" -gt 300 ]; then pass "$stays"
	else fail "$stays" "RSS not over baseline + 300 MiB after $seconds s: $CASE_FIG"; fi
	echo "# off: $CASE_FIG"
}
