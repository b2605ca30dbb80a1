#!/bin/bash
# bench/defaults-sweep.sh: the data behind two of reclaim's defaults
# (docs/reclaim.md), one VM at a time under TCG, printed as markdown.
#
#   floor               the Debian flavour (ext4 root, sshd) reads 400 MiB,
#                       then idles with ebb.reclaim.floor=F for F in FLOORS:
#                       guest cache left, host RSS above the idle baseline,
#                       cache read back while idle (daemons), and the time
#                       of a few everyday commands when the user comes back
#                       (cold) against the same commands again (warm)
#   compact_threshold   the BusyBox image: page cache read and reclaimed
#                       with compaction off (threshold 1 TiB): how much free
#                       memory is left outside reportable blocks, and what
#                       one compaction costs and merges
# Usage: bench/defaults-sweep.sh [floor|compact]...   (default: both)
set -uo pipefail
. "$(dirname "$0")/../tests/vm/lib.sh"
. "$ROOT/tests/tools/vmcase.sh"
. "$ROOT/tests/tools/debian.sh"

FLOORS=${FLOORS:-0 16 32 64 128}
REPS=${REPS:-2}

guest_common='
cache_mib() { awk '\''$1 == "Active(file):" || $1 == "Inactive(file):" { s += $2 } END { print int(s / 1024) }'\'' /proc/meminfo; }
ms() { date +%s%3N; }'

floor_boot() { # FLOOR: one Debian boot; appends one FIG line to $VM_DIR/floor.figs
	local floor=$1 base settled idle
	CASE_ROOT_IMAGE=$DEBIAN_EXT4
	case_overlay "$VM_DIR/overlay" "$guest_common
mount_data
echo MARK ready
sleep 20
fileread --mark read /data/big400
sleep 60
echo \"MARK settled cache=\$(cache_mib) refaults=\$(vmstat workingset_refault_file)\"
sleep 180
echo \"MARK idle cache=\$(cache_mib) refaults=\$(vmstat workingset_refault_file)\"
back() {
	t=\$(ms)
	ls -la /usr/bin /usr/lib/x86_64-linux-gnu >/dev/null
	apt-cache policy openssh-server >/dev/null 2>&1
	dpkg -l >/dev/null
	ip -d addr >/dev/null
	ssh -V 2>/dev/null
	echo \$((\$(ms) - t))
}
cold=\$(back)
echo \"MARK back cold_ms=\$cold refaults=\$(vmstat workingset_refault_file)\"
echo \"MARK warm warm_ms=\$(back)\""
	CASE_BOOT_ARGS=(--append "ebb.reclaim.floor=${floor}M")
	case_boot "" "$VM_DIR/overlay" >/dev/null
	local figs=$VM_DIR/floor.figs
	vm_wait '^MARK ready' 180 || { echo "FIG floor=$floor error=boot" >>"$figs"; vm_stop; return; }
	sleep 10
	base=$(rss_median 4)
	vm_wait '^MARK settled' 240 || { echo "FIG floor=$floor error=read" >>"$figs"; vm_stop; return; }
	settled=$(rss_mib)
	vm_wait '^MARK warm' 400 || { echo "FIG floor=$floor error=idle" >>"$figs"; vm_stop; return; }
	idle=$(tr -d '\r' <"$(vm_log)" | sed -n 's/^MARK idle cache=\([0-9]*\) refaults=\([0-9]*\)$/\1 \2/p')
	local s_refaults b_refaults cold warm
	s_refaults=$(tr -d '\r' <"$(vm_log)" | sed -n 's/^MARK settled cache=[0-9]* refaults=\([0-9]*\)$/\1/p')
	b_refaults=$(tr -d '\r' <"$(vm_log)" | sed -n 's/^MARK back cold_ms=[0-9]* refaults=\([0-9]*\)$/\1/p')
	cold=$(tr -d '\r' <"$(vm_log)" | sed -n 's/^MARK back cold_ms=\([0-9]*\) .*/\1/p')
	warm=$(tr -d '\r' <"$(vm_log)" | sed -n 's/^MARK warm warm_ms=\([0-9]*\)$/\1/p')
	echo "FIG floor=$floor cache=${idle% *} above=$((settled - base)) idle_refault_kib=$(((${idle#* } - s_refaults) * 4)) back_refault_kib=$(((b_refaults - ${idle#* }) * 4)) cold_ms=$cold warm_ms=$warm" >>"$figs"
	vm_stop
}

floor_part() {
	local floor rep
	debian_image_or_skip
	case_prepare || exit 1
	echo "#### floor: Debian flavour, 400 MiB read, then idle (median of $REPS boots)"
	echo
	echo "| floor (MiB) | cache left (MiB) | host RSS above idle baseline (MiB) | read back in 3 min idle (KiB) | read back on return (KiB) | everyday commands, cold (ms) | warm (ms) |"
	echo "|---|---|---|---|---|---|---|"
	for floor in $FLOORS; do
		for ((rep = 1; rep <= REPS; rep++)); do
			floor_boot "$floor"
			tail -n 1 "$VM_DIR/floor.figs" | sed 's/^/# /' >&2
		done
		awk -v f="$floor" '
			function field(k,   i, kv) { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
			field("floor") == f && field("error") == "" {
				n++; c[n] = field("cache"); a[n] = field("above"); r[n] = field("idle_refault_kib")
				b[n] = field("back_refault_kib"); k[n] = field("cold_ms"); w[n] = field("warm_ms") }
			function med(v,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t } return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
			END { if (n) printf "| %s | %s | %s | %s | %s | %s | %s |\n", f, med(c), med(a), med(r), med(b), med(k), med(w)
			      else printf "| %s | failed | | | | | |\n", f }' "$VM_DIR/floor.figs"
	done
	echo
}

compact_part() {
	local fig
	case_prepare || exit 1
	case_overlay "$VM_DIR/overlay" "$guest_common
mount_data
echo MARK ready
sleep 10
buddy() { reclaim status --json | sed 's/.*\"free_bytes\":\([0-9]*\),\"reportable_bytes\":\([0-9]*\).*/\1 \2/'; }
for round in 1 2 3; do
	fileread /data/big400 /data/hot/a >/dev/null
	memhog 256 --keep-every 512 & hog=\$!
	sleep 45
	set -- \$(buddy)
	t=\$(ms)
	echo 1 > /proc/sys/vm/compact_memory
	took=\$((\$(ms) - t))
	sleep 3
	set -- \$1 \$2 \$(buddy)
	echo \"MARK compact-\$round scattered_mib=\$(((\$1 - \$2) >> 20)) after_mib=\$(((\$3 - \$4) >> 20)) ms=\$took\"
	kill \$hog; wait \$hog 2>/dev/null
done"
	vm_boot --overlay "$VM_DIR/overlay" --append "ebb.reclaim.compact_threshold=1T ebb.run=/t/run.sh" \
		--qemu -drive --qemu "file=$DATA_DISK,format=raw,if=virtio,readonly=on" >/dev/null
	vm_wait '^MARK compact-3' 600 || { echo "compact: no result: $(case_tail)"; return; }
	echo "#### compact_threshold: BusyBox image, 400 MiB read and a 256 MiB hog keeping one page in 512 KiB, reclaimed with compaction off"
	echo
	echo "| round | free outside reportable blocks (MiB) | after one compaction (MiB) | compaction took (ms) |"
	echo "|---|---|---|---|"
	tr -d '\r' <"$(vm_log)" | sed -n 's/^MARK compact-\([0-9]\) scattered_mib=\([0-9]*\) after_mib=\([0-9]*\) ms=\([0-9]*\)$/| \1 | \2 | \3 | \4 |/p'
	echo
	vm_stop
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(floor compact)
for part in "${parts[@]}"; do
	case $part in
	floor) floor_part ;;
	compact) compact_part ;;
	*) echo "usage: $0 [floor|compact]..." >&2; exit 2 ;;
	esac
done
