#!/bin/bash
# Issues 10 and 20: the final WSL2 kernel .config (make kernel-wsl) has
# every option without which WSL's init powers the VM off or a distro never
# starts, the options a daily WSL user needs (kernel-config/wsl/), the
# speculation mitigations and KASLR, keeps virtio vsock and modules out,
# and bzImage-wsl stays within its size budget (docs/wsl2.md, Kernel).
. "$(dirname "$0")/lib.sh"
CONFIG=${WSL_KERNEL_CONFIG:-$ROOT/build/kernel-wsl/.config}
IMAGE=$ROOT/build/bzImage-wsl

# Blocking (microsoft/WSL src/linux/init/main.cpp): binfmt_misc and its
# interop handler, overlayfs, the namespaces of each distro's clone()
# (IPC, mount, PID, UTS: never network or user); then what the WSL target
# already relied on: hv_sock, cgroup2, the kernel log, inotify, TCP/IP,
# devtmpfs, tmpfs, ptys, ext4, storvsc, netvsc, hv_balloon with free page
# reporting, and 9p over an fd.
BLOCKING="BINFMT_MISC OVERLAY_FS NAMESPACES PID_NS UTS_NS IPC_NS SYSVIPC POSIX_MQUEUE
	VSOCKETS HYPERV_VSOCKETS CGROUPS MEMCG PRINTK INOTIFY_USER INET DEVTMPFS TMPFS UNIX98_PTYS
	EXT4_FS HYPERV HYPERV_STORAGE HYPERV_NET HYPERV_BALLOON PAGE_REPORTING NET_9P_FD 9P_FS"
# Expected by WSL users (kernel-config/wsl/): WSL's shutdown and localhost
# relay, swap, time sync, IPv6 and policy routing, systemd, snap, Docker
# and its namespaces, cluster networking, VPNs, tc, programs (32-bit, core
# dumps, AIO, io_uring, keyrings, CRIU), ACLs and file capabilities, the
# file systems of wsl --mount, USB/IP; and the mitigations of both kernels.
EXPECTED="PROC_CHILDREN INET_DIAG INET_TCP_DIAG INET_UDP_DIAG SWAP PTP_1588_CLOCK HYPERV_UTILS IPV6
	IP_ADVANCED_ROUTER IP_MULTIPLE_TABLES IPV6_MULTIPLE_TABLES FHANDLE AUTOFS_FS SECCOMP_FILTER
	TMPFS_XATTR TMPFS_POSIX_ACL BLK_DEV_LOOP SQUASHFS NET_NS USER_NS NETFILTER NF_TABLES NFT_NAT
	NFT_MASQ IP_NF_NAT IP_NF_TARGET_MASQUERADE BRIDGE BRIDGE_NETFILTER VETH CGROUP_BPF BPF_SYSCALL
	CGROUP_PIDS CGROUP_SCHED CPUSETS BLK_CGROUP VXLAN IPVLAN MACVLAN IP_SET IP_VS NETFILTER_XT_MARK
	NETFILTER_XT_MATCH_COMMENT NETFILTER_XT_MATCH_MULTIPORT IP_NF_TARGET_REJECT TUN WIREGUARD
	NET_SCHED IA32_EMULATION COREDUMP AIO IO_URING KEYS CROSS_MEMORY_ATTACH CHECKPOINT_RESTORE
	EXT4_FS_POSIX_ACL EXT4_FS_SECURITY VFAT_FS EXFAT_FS XFS_FS BTRFS_FS EFI_PARTITION USBIP_VHCI_HCD
	RETPOLINE RETHUNK PAGE_TABLE_ISOLATION RANDOMIZE_BASE"
# Built in or absent: WSL loads no modules, and virtio vsock would take
# the guest-to-host transport from hv_sock.
ABSENT="MODULES VIRTIO_VSOCKETS"

# missing_from CONFIG SYMBOL...: prints each SYMBOL that CONFIG lacks as =y.
missing_from() {
	local config=$1 sym out=
	shift
	for sym; do grep -qx "CONFIG_$sym=y" "$config" || out="$out $sym"; done
	echo "${out# }"
}
# present_in CONFIG SYMBOL...: prints each SYMBOL that CONFIG sets at all.
present_in() {
	local config=$1 sym out=
	shift
	for sym; do grep -q "^CONFIG_$sym=" "$config" && out="$out $sym"; done
	echo "${out# }"
}

if [ ! -r "$CONFIG" ]; then
	fail wsl_kernel_config "${CONFIG#"$ROOT"/} missing (make kernel-wsl)"
	exit 1
fi
# The checker itself: a .config without BINFMT_MISC is named as lacking it.
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
grep -v '^CONFIG_BINFMT_MISC=' "$CONFIG" >"$tmp"
got=$(missing_from "$tmp" $BLOCKING)
if [ "$got" = BINFMT_MISC ]; then pass wsl_kernel_check_names_missing
else fail wsl_kernel_check_names_missing "want 'BINFMT_MISC', got '$got'"; fi

got=$(missing_from "$CONFIG" $BLOCKING)
if [ -z "$got" ]; then pass wsl_kernel_blocking_options
else fail wsl_kernel_blocking_options "not built in: $got"; fi
got=$(missing_from "$CONFIG" $EXPECTED)
if [ -z "$got" ]; then pass wsl_kernel_expected_options
else fail wsl_kernel_expected_options "not built in: $got"; fi
got=$(present_in "$CONFIG" $ABSENT)
if [ -z "$got" ]; then pass wsl_kernel_no_modules_no_virtio_vsock
else fail wsl_kernel_no_modules_no_virtio_vsock "set: $got"; fi

# At least 512 CPUs: WSL gives its VM every logical processor of the machine.
cpus=$(sed -n 's/^CONFIG_NR_CPUS=//p' "$CONFIG")
if [ "${cpus:-0}" -ge 512 ]; then pass wsl_kernel_nr_cpus_512
else fail wsl_kernel_nr_cpus_512 "CONFIG_NR_CPUS=${cpus:-unset}"; fi

# The budget docs/wsl2.md states: 4,551,680 bytes with kernel-config/wsl/
# (2,884,608 before it), and room for a few more fragments.
BUDGET_MIB=5
if [ ! -s "$IMAGE" ]; then
	fail "wsl_kernel_at_most_${BUDGET_MIB}_mib" "build/bzImage-wsl missing (make kernel-wsl)"
elif [ "$(stat -c %s "$IMAGE")" -le $((BUDGET_MIB * 1024 * 1024)) ]; then
	pass "wsl_kernel_at_most_${BUDGET_MIB}_mib"
else
	fail "wsl_kernel_at_most_${BUDGET_MIB}_mib" "$(stat -c %s "$IMAGE") bytes > $BUDGET_MIB MiB"
fi
finish
