#!/bin/bash
# Issues 10 and 20: rootfs.tar.gz and ebb.wsl are one WSL distro: wsl.conf
# starts reclaim daemon as root with systemd off, wsl-distribution.conf
# (WSL >= 2.4.4) sets uid 0 and the name with no shortcut or terminal
# profile, os-release, shadow, the tty group, an fstab without QEMU's
# /dev/vda, /bin/sh and /bin/mount, reclaim, an /etc/profile that keeps the
# PATH WSL passes, an ldconfig that succeeds, /etc/ld.so.conf.d, and no
# /init (WSL bind-mounts its own there). Its
# /sbin/init, which WSL runs only with systemd=true, refuses at once.
. "$(dirname "$0")/lib.sh"
B=$ROOT/build
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ini_get FILE SECTION KEY: the value, spaces around '=' and the value trimmed.
ini_get() {
	awk -v want_section="$2" -v want_key="$3" '
		/^[[:space:]]*[#;]/ { next }
		/^[[:space:]]*\[/ { section = $0; gsub(/[][[:space:]]/, "", section); next }
		section == want_section && index($0, "=") {
			key = substr($0, 1, index($0, "=") - 1); value = substr($0, index($0, "=") + 1)
			gsub(/^[[:space:]]+|[[:space:]]+$/, "", key); gsub(/^[[:space:]]+|[[:space:]]+$/, "", value)
			if (key == want_key) print value
		}' "$1" 2>/dev/null
}

for f in rootfs.tar.gz ebb.wsl; do
	[ -s "$B/$f" ] || { echo "FAIL wsl_distro_built: build/$f missing (make images)"; exit 1; }
done
if cmp -s "$B/rootfs.tar.gz" "$B/ebb.wsl"; then pass wsl_distro_wsl_file_is_the_tarball
else fail wsl_distro_wsl_file_is_the_tarball "build/ebb.wsl differs from build/rootfs.tar.gz"; fi

for f in rootfs.tar.gz ebb.wsl; do
	tree=$tmp/$f
	mkdir -p "$tree"
	tar -xzf "$B/$f" -C "$tree" --no-same-owner
	listing=$(tar -tvzf "$B/$f" --numeric-owner)
	check "wsl_distro_boot_command $f" "/usr/bin/reclaim daemon" "$(ini_get "$tree/etc/wsl.conf" boot command)"
	check "wsl_distro_systemd_off $f" false "$(ini_get "$tree/etc/wsl.conf" boot systemd)"
	check "wsl_distro_default_user $f" root "$(ini_get "$tree/etc/wsl.conf" user default)"
	dist=$tree/etc/wsl-distribution.conf
	check "wsl_distro_conf $f" "0|ebb|false|false|" "$(ini_get "$dist" oobe defaultUid)|$(ini_get "$dist" oobe defaultName)|$(ini_get "$dist" shortcut enabled)|$(ini_get "$dist" windowsterminal enabled)|$(ini_get "$dist" shortcut icon)"
	check "wsl_distro_os_release $f" "NAME=ebb 1" "$(grep -x 'NAME=ebb' "$tree/etc/os-release") $(grep -Ec '^VERSION_ID="?[0-9][0-9.]*"?$' "$tree/etc/os-release")"
	check "wsl_distro_shadow $f" "root -rw-------" "$(cut -d: -f1 "$tree/etc/shadow" | head -n 1) $(awk '$NF == "./etc/shadow" { print $1 }' <<<"$listing")"
	check "wsl_distro_tty_group_5 $f" 5 "$(awk -F: '$1 == "tty" { print $3 }' "$tree/etc/group")"
	vda=$(grep -v '^[[:space:]]*#' "$tree/etc/fstab" | grep -c /dev/vda)
	check "wsl_distro_fstab_no_vda $f" 0 "$vda"
	# /bin/sh and /bin/mount are absolute links into the tree: resolve them there.
	for cmd in bin/sh bin/mount; do
		target=$(readlink "$tree/$cmd")
		if [ -n "$target" ] && [ -x "$tree$target" ]; then pass "wsl_distro_has_$cmd $f"
		else fail "wsl_distro_has_$cmd $f" "missing or dangling (-> '$target')"; fi
	done
	# reclaim is ebb's binary itself (/sbin/init is the systemd refusal).
	if [ -f "$tree/usr/bin/reclaim" ] && [ ! -L "$tree/usr/bin/reclaim" ] &&
		cmp -s "$tree/usr/bin/reclaim" "$B/init"; then pass "wsl_distro_reclaim_binary $f"
	else fail "wsl_distro_reclaim_binary $f" "usr/bin/reclaim is not build/init"; fi
	# The PATH WSL passes (Windows folders, /usr/lib/wsl/lib) stays first.
	check "wsl_distro_profile_keeps_path $f" "/mnt/c/Windows:/usr/lib/wsl/lib:/usr/sbin:/usr/bin:/sbin:/bin" \
		"$(env -i PATH=/mnt/c/Windows:/usr/lib/wsl/lib "$(command -v chroot)" "$tree" /bin/sh -c '. /etc/profile; echo "$PATH"')"
	# WSL runs ldconfig and writes /etc/ld.so.conf.d/ld.wsl.conf at each start.
	check "wsl_distro_ldconfig $f" "0 dir" "$(chroot "$tree" /sbin/ldconfig; echo "$?") $([ -d "$tree/etc/ld.so.conf.d" ] && echo dir)"
	if grep -Eq ' \./init$' <<<"$listing"; then fail "wsl_distro_no_init $f" "has ./init"
	else pass "wsl_distro_no_init $f"; fi
	# The dev VM's services (udhcpc on eth0, sshd on 22) stay out of WSL.
	if grep -Eq ' \./etc/init\.d/rcS$' <<<"$listing"; then fail "wsl_distro_no_rcS $f" "has ./etc/init.d/rcS"
	else pass "wsl_distro_no_rcS $f"; fi
done
# [boot] systemd=true: WSL runs /sbin/init as PID 1 of the distro's new
# IPC, mount, PID and UTS namespaces (as here, which also keeps any other
# init from touching this machine's); it must say why it refuses and end
# at once (no stall).
start=$(date +%s%N)
out=$(timeout -k 1 10 unshare --ipc --mount --pid --uts --fork chroot "$tmp/rootfs.tar.gz" /sbin/init 2>&1 </dev/null)
status=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$status" -eq 1 ] && grep -q 'systemd=true is not supported' <<<"$out" &&
	grep -q 'set systemd=false in /etc/wsl.conf' <<<"$out" && [ "$ms" -lt 2000 ]; then
	pass wsl_distro_systemd_refused
else
	fail wsl_distro_systemd_refused "status $status after $ms ms: $out"
fi
# WSL mounts Windows drives with "mount -i -t 9p ... trans=fd": BusyBox
# mount takes -i and goes on to the mount(2) call (which fails here).
out=$("$B/busybox" mount -i -t 9p ebb-test "$tmp/nowhere" 2>&1)
if grep -q "mounting ebb-test on" <<<"$out"; then pass wsl_distro_mount_takes_i
else fail wsl_distro_mount_takes_i "$out"; fi
finish
