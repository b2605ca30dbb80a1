#!/bin/bash
# Issue 10: the final WSL2 kernel .config (make kernel-wsl) has every option
# without which WSL's init powers the VM off or a distro never starts, keeps
# virtio vsock and modules out, and bzImage-wsl stays within 4 MiB.
. "$(dirname "$0")/lib.sh"
CONFIG=${WSL_KERNEL_CONFIG:-$ROOT/build/kernel-wsl/.config}
IMAGE=$ROOT/build/bzImage-wsl

# Blocking (microsoft/WSL src/linux/init/main.cpp): binfmt_misc and its
# interop handler, overlayfs, the namespaces of each distro's clone(); then
# what the WSL target already relied on: hv_sock, cgroup2, the kernel log,
# inotify, TCP/IP, devtmpfs, tmpfs, ptys, ext4, storvsc, netvsc,
# hv_balloon with free page reporting, and 9p over an fd.
BLOCKING="BINFMT_MISC OVERLAY_FS NAMESPACES PID_NS UTS_NS IPC_NS SYSVIPC POSIX_MQUEUE NET_NS USER_NS
	VSOCKETS HYPERV_VSOCKETS CGROUPS MEMCG PRINTK INOTIFY_USER INET DEVTMPFS TMPFS UNIX98_PTYS
	EXT4_FS HYPERV HYPERV_STORAGE HYPERV_NET HYPERV_BALLOON PAGE_REPORTING NET_9P_FD 9P_FS"
# Expected by WSL users: swap, time sync, IPv6, systemd, snap, Docker.
EXPECTED="SWAP PTP_1588_CLOCK HYPERV_UTILS IPV6 FHANDLE AUTOFS_FS SECCOMP_FILTER TMPFS_XATTR
	TMPFS_POSIX_ACL BLK_DEV_LOOP SQUASHFS NETFILTER NF_TABLES NFT_NAT NFT_MASQ IP_NF_NAT
	IP_NF_TARGET_MASQUERADE BRIDGE BRIDGE_NETFILTER VETH CGROUP_BPF BPF_SYSCALL CGROUP_PIDS
	CGROUP_SCHED CPUSETS BLK_CGROUP"
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

if [ ! -s "$IMAGE" ]; then
	fail wsl_kernel_at_most_4_mib "build/bzImage-wsl missing (make kernel-wsl)"
elif [ "$(stat -c %s "$IMAGE")" -le $((4 * 1024 * 1024)) ]; then
	pass wsl_kernel_at_most_4_mib
else
	fail wsl_kernel_at_most_4_mib "$(stat -c %s "$IMAGE") bytes > 4 MiB"
fi
finish
