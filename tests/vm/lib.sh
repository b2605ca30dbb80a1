# Shared by tests/vm/*/test.sh (sourced, not run): boot ebb's images in
# QEMU, watch and drive the serial console, report PASS/FAIL lines.
#
#   . "$(dirname "$0")/../lib.sh"
#   vm_boot [--append ARGS] [--overlay DIR] [--disk IMG[,OPTS]]... [--root-disk IMG]
#           [--initrd CPIO] [--mem SIZE] [--smp N] [--net PORT] [--share DIR]
#           [--machine pc|microvm] [--monitor] [--qemu ARG]...
#   (--disk: a virtio disk, OPTS more -drive options such as readonly=on;
#   --net: user networking, host 127.0.0.1:PORT to the guest's port 22;
#   vm_free_port picks a PORT; --share: DIR as 9p, tag host, on /mnt/host;
#   --machine: VM_MACHINE's default, pc; the devices above are virtio-pci
#   on pc and virtio-mmio on microvm, which has no PCI, IDE or -cdrom)
#   (--initrd: this initramfs instead of ebb's; vm_overlay makes one;
#   --monitor: a QEMU monitor for vm_monitor instead of none)
#   vm_disk_add IMG DIR        DIR's files into an ext4 image (--root-disk)
#   vm_wait REGEX [SECONDS]    console output matches (extended regex)
#   vm_send TEXT               type TEXT and Enter on the serial console
#   vm_run CMD [SECONDS]       run CMD in the console shell; its output in $VM_OUT
#   vm_monitor CMD             a QEMU monitor command (system_powerdown); needs --monitor
#   vm_wait_exit [SECONDS]     QEMU ended; its status in $VM_STATUS
#   vm_pid, vm_log             QEMU's pid, the console log file
#   vm_stop                    kill QEMU now (vm_boot again for a second boot)
#   pass NAME / fail NAME WHY / check NAME WANT GOT / finish
# QEMU is always killed when the test exits.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# build/vmlinux: ebb's QEMU kernel, uncompressed (PVH entry); bzImage is
# the same kernel compressed.
KERNEL=${KERNEL:-$ROOT/build/vmlinux}
INITRAMFS=${INITRAMFS:-$ROOT/build/initramfs.cpio.gz}
VM_MEM=${VM_MEM:-1G}
VM_SMP=${VM_SMP:-1}
# tb-size: TCG's translation buffer, as make run sets it (Makefile TB_SIZE)
VM_ACCEL=${VM_ACCEL:-tcg,tb-size=256}
VM_MACHINE=${VM_MACHINE:-pc}
VM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ebb-vm.XXXXXX")
VM_BOOTS=0
VM_RUN=$VM_DIR/boot0
VM_PID=
VM_STATUS=
VM_OUT=
failures=0

pass() { echo "PASS $1"; }
fail() {
	echo "FAIL $1: $2"
	failures=$((failures + 1))
}
check() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "want '$2', got '$3'"; fi
}
# The test's exit status: non-zero when anything failed.
finish() { [ "$failures" -eq 0 ]; }

vm_log() { echo "$VM_RUN/console.log"; }
vm_pid() { echo "$VM_PID"; }

vm_stop() {
	if [ -n "$VM_PID" ] && kill -0 "$VM_PID" 2>/dev/null; then
		kill "$VM_PID" 2>/dev/null
		sleep 0.2
		kill -9 "$VM_PID" 2>/dev/null
		wait "$VM_PID" 2>/dev/null
	fi
	if [ -n "${VM_READER:-}" ]; then
		kill "$VM_READER" 2>/dev/null
		wait "$VM_READER" 2>/dev/null
	fi
	if [ -n "${VM_MONITOR_READER:-}" ]; then
		kill "$VM_MONITOR_READER" 2>/dev/null
		wait "$VM_MONITOR_READER" 2>/dev/null
	fi
	[ -z "${VM_INPUT:-}" ] || exec {VM_INPUT}>&-
	[ -z "${VM_MONITOR:-}" ] || exec {VM_MONITOR}>&-
	VM_PID= VM_READER= VM_INPUT= VM_MONITOR= VM_MONITOR_READER=
}

vm_cleanup() {
	vm_stop
	if [ -n "${KEEP_VM_DIR:-}" ]; then
		echo "# console logs kept in $VM_DIR" >&2
	else
		rm -rf "$VM_DIR"
	fi
}
trap vm_cleanup EXIT
trap 'exit 143' TERM INT HUP

# vm_overlay DIR OUT: DIR's files as a gzip cpio owned by root, to be
# appended to the initramfs (the kernel unpacks concatenated archives in
# order, so later files replace earlier ones).
vm_overlay() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -n >"$2"
}

# vm_disk_add IMG DIR: DIR's files into the ext4 image IMG (a copy), owned
# by root with DIR's modes, without root or a mount (debugfs); what
# --overlay does for the initramfs. DIR's directories get their modes too.
vm_disk_add() {
	local path
	(cd "$2" && find . -mindepth 1 | LC_ALL=C sort) | while read -r path; do
		path=${path#.}
		if [ -d "$2$path" ]; then
			echo "mkdir $path"
		else
			echo "rm $path"
			echo "write $2$path $path"
		fi
		echo "sif $path mode 0x$(stat -c %f "$2$path")"
		echo "sif $path uid 0"
		echo "sif $path gid 0"
	done | debugfs -w -f - "$1" >/dev/null 2>&1
}

# vm_qemu_args: QEMU's machine and its devices for vm_boot's machine,
# disks, net and share (its locals), in the array qemu_args: the same
# virtio devices on either machine, on PCI or on virtio-mmio. ebb's own
# QEMU kernel also gets the machine's kernel words (in append); others
# (bzImage-wsl) boot with QEMU's defaults.
vm_qemu_args() {
	local bus k=0 disk
	if ! bus=$("$ROOT/machine.sh" "$machine" bus); then
		fail vm_boot "no machine $machine (pc or microvm)"
		return 1
	fi
	mapfile -t qemu_args < <("$ROOT/machine.sh" "$machine" qemu)
	case $KERNEL in
	"$ROOT/build/vmlinux" | "$ROOT/build/bzImage") append="$("$ROOT/machine.sh" "$machine" append) $append" ;;
	esac
	qemu_args+=(-device "virtio-balloon-$bus,free-page-reporting=on" -device "virtio-rng-$bus")
	for disk in "${disks[@]}"; do
		k=$((k + 1))
		qemu_args+=(-drive "file=$disk,format=raw,if=none,id=disk$k" -device "virtio-blk-$bus,drive=disk$k")
	done
	if [ -n "$net" ]; then
		qemu_args+=(-netdev "user,id=net0,hostfwd=tcp:127.0.0.1:$net-:22" -device "virtio-net-$bus,netdev=net0")
	else
		qemu_args+=(-nic none)
	fi
	[ -z "$share" ] || qemu_args+=(-fsdev "local,id=share0,path=$share,security_model=none"
		-device "virtio-9p-$bus,fsdev=share0,mount_tag=host")
}

vm_boot() {
	local append="" overlay="" mem=$VM_MEM smp=$VM_SMP root_disk="" initrd=$INITRAMFS
	local machine=$VM_MACHINE monitor=none net="" share=""
	local -a disks=() extra=()
	while [ $# -gt 0 ]; do
		case $1 in
		--append) append="$append $2"; shift ;;
		--overlay) overlay=$2; shift ;;
		--disk) disks+=("$2"); shift ;;
		--root-disk) root_disk=$2; shift ;;
		--initrd) initrd=$2; shift ;;
		--mem) mem=$2; shift ;;
		--smp) smp=$2; shift ;;
		--net) net=$2; shift ;;
		--share) share=$2; shift ;;
		--machine) machine=$2; shift ;;
		--monitor) monitor=pipe ;;
		--qemu) extra+=("$2"); shift ;;
		*) echo "vm_boot: unknown option $1" >&2; return 2 ;;
		esac
		shift
	done
	[ -r "$KERNEL" ] || { fail vm_boot "$KERNEL missing (make images)"; return 1; }
	if [ -n "$root_disk" ]; then
		initrd=""
		append="root=/dev/vda rw $append"
		disks=("$root_disk" "${disks[@]}")
	elif [ -n "$overlay" ]; then
		vm_overlay "$overlay" "$VM_DIR/overlay.cpio.gz"
		cat "$INITRAMFS" "$VM_DIR/overlay.cpio.gz" >"$VM_DIR/initrd.cpio.gz"
		initrd=$VM_DIR/initrd.cpio.gz
	fi
	local -a qemu_args
	vm_qemu_args || return 1
	vm_stop
	VM_BOOTS=$((VM_BOOTS + 1))
	VM_RUN=$VM_DIR/boot$VM_BOOTS
	mkdir -p "$VM_RUN"
	# The serial port is a pair of fifos: serial.in is the guest's keyboard,
	# serial.out is copied to console.log by a reader.
	mkfifo "$VM_RUN/serial.in" "$VM_RUN/serial.out"
	: >"$VM_RUN/console.log"
	cat "$VM_RUN/serial.out" >>"$VM_RUN/console.log" &
	VM_READER=$!
	exec {VM_INPUT}<>"$VM_RUN/serial.in"
	if [ "$monitor" = pipe ]; then
		# The monitor the same way: monitor.in takes commands, monitor.out
		# (its prompts and replies) goes to monitor.log.
		mkfifo "$VM_RUN/monitor.in" "$VM_RUN/monitor.out"
		cat "$VM_RUN/monitor.out" >"$VM_RUN/monitor.log" &
		VM_MONITOR_READER=$!
		exec {VM_MONITOR}<>"$VM_RUN/monitor.in"
		monitor=pipe:$VM_RUN/monitor
	fi
	qemu-system-x86_64 "${qemu_args[@]}" -accel "$VM_ACCEL" -m "$mem" -smp "$smp" -display none -no-reboot \
		-monitor "$monitor" -serial "pipe:$VM_RUN/serial" -kernel "$KERNEL" \
		${initrd:+-initrd "$initrd"} -append "console=ttyS0 $append" \
		"${extra[@]}" </dev/null >"$VM_RUN/qemu.out" 2>&1 &
	VM_PID=$!
}

# vm_wait REGEX [SECONDS]: 0 when the console shows REGEX in time; 1 on
# timeout or when QEMU ended without showing it.
vm_wait() {
	local regex=$1 deadline=$((SECONDS + ${2:-60}))
	while [ $SECONDS -lt "$deadline" ]; do
		grep -Eq -- "$regex" "$VM_RUN/console.log" && return 0
		if ! kill -0 "$VM_PID" 2>/dev/null; then
			sleep 0.2
			grep -Eq -- "$regex" "$VM_RUN/console.log"
			return
		fi
		sleep 0.2
	done
	return 1
}

vm_send() { printf '%s\n' "$1" >&"$VM_INPUT"; }

vm_monitor() {
	[ -n "${VM_MONITOR:-}" ] || { fail vm_monitor "vm_boot without --monitor"; return 1; }
	printf '%s\n' "$1" >&"$VM_MONITOR"
}

# vm_run CMD [SECONDS]: runs CMD in the console shell and puts what it
# printed (without the echoed command line) in VM_OUT. Needs a shell prompt.
vm_run() {
	local tag="ebbrun$RANDOM$RANDOM" start
	start=$(wc -l <"$VM_RUN/console.log")
	# The end marker is computed by the guest so that the echo of the typed
	# command line cannot match it. CMD runs in the shell itself (jobs, $$
	# and cd keep working); its output comes back with a tag on each line,
	# so kernel messages printed on the console meanwhile are left out.
	vm_send "echo ${tag}_begin; { $1; } >/run/$tag 2>&1; sed 's/^/$tag: /' /run/$tag; rm -f /run/$tag; echo ${tag}_end\$((1+1))"
	if ! vm_wait "^${tag}_end2" "${2:-30}"; then
		VM_OUT=
		return 1
	fi
	VM_OUT=$(tail -n +"$((start + 1))" "$VM_RUN/console.log" | tr -d '\r' |
		sed -n "/^${tag}_begin\$/,/^${tag}_end2\$/s/^$tag: //p")
}

# vm_wait_exit [SECONDS]: 0 when QEMU ended in time (status in VM_STATUS).
vm_wait_exit() {
	local deadline=$((SECONDS + ${1:-60}))
	while kill -0 "$VM_PID" 2>/dev/null; do
		[ $SECONDS -lt "$deadline" ] || return 1
		sleep 0.2
	done
	wait "$VM_PID"
	VM_STATUS=$?
	return 0
}

# vm_free_port: a TCP port free on 127.0.0.1 now (tests run side by side).
vm_free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# vm_rss_kib: QEMU's resident memory (VmRSS) in KiB.
vm_rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$VM_PID/status"; }
