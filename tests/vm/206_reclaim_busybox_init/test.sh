#!/bin/bash
# Issue 10, reclaim in a distro with its own init: BusyBox's init is PID 1
# (as WSL's own init would be), its inittab mounts what WSL's init mounts
# and starts `reclaim daemon` from a copied binary, on a kernel booted
# with psi=0 (WSL's kernels have no PSI). The guest reads a 400 MiB file
# and idles: QEMU's RSS must be back within 96 MiB of its idle baseline
# within 45 s, as with ebb as PID 1 (tests/vm/202), with one "no PSI"
# line in dmesg and `reclaim status` answering. A second boot with
# `reclaim daemon reclaim=off` is the control: there RSS stays up.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/tools/vmcase.sh"

# case_boot MODE DIR, for BusyBox's init: /init and /etc/inittab in the
# overlay replace ebb's; reclaim is a copy in /usr/local/bin.
case_boot() {
	mkdir -p "$2/etc" "$2/usr/local/bin"
	cp "$TOOLS_DIR/busybox-init" "$2/init"
	cp "$ROOT/build/init" "$2/usr/local/bin/reclaim"
	cat >"$2/t/mounts.sh" <<'GUEST'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o mode=0755 run /run
mount -t cgroup2 cgroup2 /sys/fs/cgroup
GUEST
	chmod 755 "$2/t/mounts.sh"
	cat >"$2/etc/inittab" <<GUEST
::sysinit:/t/mounts.sh
::once:/usr/local/bin/reclaim daemon reclaim=$1
::once:/bin/sh -c '/t/run.sh; poweroff'
GUEST
	vm_boot --overlay "$2" --append psi=0 \
		--qemu -drive --qemu "file=$DATA_DISK,format=raw,if=virtio,readonly=on"
}

work='echo "MARK facts pid1=$(grep -q BusyBox /proc/1/exe && echo busybox || echo other)" \
"pressure=$([ -e /proc/pressure ] && echo yes || echo no)" \
"nopsi=$(dmesg | grep -c "reclaim: no PSI (/proc/pressure/cpu: No such file or directory): idle detection from /proc/stat alone")" \
"status=$(/usr/local/bin/reclaim status | sed -n "s/^mode: *//p")"
fileread --mark workload-done /data/big400'

case_return_boot gradual "$work" 96 45 >"$VM_DIR/boot.out"
grep -E '^(PASS|FAIL) ' "$VM_DIR/boot.out"
figures=$(grep '^FIG ' "$VM_DIR/boot.out" | tail -n 1)
facts=$(tr -d '\r' <"$(vm_log)" | grep -a '^MARK facts' | tail -n 1)
fact() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$facts"; }
case_return_boot off "$work" 96 45 >"$VM_DIR/off.out"
grep -E '^(PASS|FAIL) ' "$VM_DIR/off.out"
off_figures=$(grep '^FIG ' "$VM_DIR/off.out" | tail -n 1)

check busybox_init_is_pid1 busybox "$(fact pid1)"
check busybox_init_no_psi_files no "$(fact pressure)"
check busybox_init_no_psi_logged_once 1 "$(fact nopsi)"
check busybox_init_reclaim_status_answers gradual "$(fact status)"
case_back_vs_off busybox_init_pagecache 96 45 "$figures" "$off_figures"
finish
