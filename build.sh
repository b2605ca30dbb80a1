#!/bin/bash
# ebb build steps. Each step can run alone and does nothing when its inputs
# have not changed:  ./build.sh [deps|sources|kernel|headers|busybox|dropbear|init|rootfs|sizes|test-busybox|debian|debian-archive|all]...
# ./build.sh packages lists the Debian packages it needs, each with its probe.
# ./build.sh debian: the Debian flavour (debian.ext4, debian.qcow2).
# Variables: TARGET=qemu|wsl, KERNEL_SRC=<dir or tarball>, SOURCE_DATE_EPOCH,
# EBB_BUILD=<absolute dir> (default: build/ here), DEBIAN_SUITE, DEBIAN_MIRROR,
# DEBIAN_SECURITY_MIRROR, DEBIAN_EXT4_SIZE.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
B=${EBB_BUILD:-$ROOT/build}
[[ $B == /* ]] || { echo "build.sh: EBB_BUILD=$B is not an absolute path" >&2; exit 2; }
TARGET=${TARGET:-qemu}
KERNEL_SRC=${KERNEL_SRC:-/usr/src/linux-source-6.1.tar.xz}
# Fixed time stamps make the images byte-for-byte reproducible.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
export SOURCE_DATE_EPOCH
# The root disk image is sparse: unused space costs nothing on the host.
ROOTFS_EXT4_SIZE=${ROOTFS_EXT4_SIZE:-256M}
# The Debian flavour: Debian's archive (the only network the build uses).
DEBIAN_SUITE=${DEBIAN_SUITE:-bookworm}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
DEBIAN_EXT4_SIZE=${DEBIAN_EXT4_SIZE:-2G}
# On top of minbase (which has apt): busybox for udhcpc and for the
# poweroff/reboot/halt that signal ebb's init; sudo for the seed's
# users[].sudo (cloud-init's /etc/sudoers.d rules, checked by its visudo).
DEBIAN_INCLUDE=openssh-server,iproute2,ca-certificates,busybox,sudo
# Files of rootfs/skeleton the Debian image takes as they are.
DEBIAN_SHARED_FILES="etc/fstab etc/hostname etc/hosts etc/resolv.conf etc/ebb/reclaim.conf usr/share/udhcpc/default.script usr/libexec/ebb/seed-final"
JOBS=$(nproc)
STEP=build

# Every program the build and the tests run by name comes from one of these
# or from Debian's Essential/required packages (tests/build/strict_path.sh):
# binutils for as and ld (which gcc runs), ar and readelf; bzip2 for
# BusyBox's compressed usage texts; python3-minimal ships the python3
# command, python3 its standard library; qemu-utils for qemu-img
# (rootfs.qcow2); zstd compresses the kernel image (CONFIG_KERNEL_ZSTD).
DEBIAN_PACKAGES=(musl-tools qemu-system-x86 linux-source-6.1 flex bison bc libelf-dev libssl-dev
	cpio e2fsprogs xz-utils gzip gnuplot-nox libcmocka-dev dpkg-dev python3 python3-minimal make
	gcc binutils tar coreutils patch rsync bzip2 qemu-utils zstd)
# A program each package provides, to see what is missing without dpkg.
declare -A PROVIDES=([musl-tools]=musl-gcc [qemu-system-x86]=qemu-system-x86_64
	[linux-source-6.1]=/usr/src/linux-source-6.1.tar.xz [flex]=flex [bison]=bison [bc]=bc
	[libelf-dev]=/usr/include/libelf.h [libssl-dev]=/usr/include/openssl/ssl.h [cpio]=cpio
	[e2fsprogs]=mke2fs [xz-utils]=xz [gzip]=gzip [gnuplot-nox]=gnuplot
	[libcmocka-dev]=/usr/include/cmocka.h [dpkg-dev]=dpkg-source [python3]=pydoc3
	[python3-minimal]=python3 [make]=make [gcc]=gcc [binutils]=ld [tar]=tar
	[coreutils]=sha256sum [patch]=patch [rsync]=rsync [bzip2]=bzip2 [qemu-utils]=qemu-img [zstd]=zstd)
# The dev VM (make ssh, tests/vm/4NN): ssh and ssh-keygen; NoCloud seed
# images, ISO9660 with xorriso (as genisoimage), VFAT with mkfs.vfat and
# mcopy.
DEBIAN_PACKAGES+=(openssh-client xorriso dosfstools mtools)
PROVIDES+=([openssh-client]=ssh-keygen [xorriso]=xorriso [dosfstools]=mkfs.vfat [mtools]=mcopy)
# Fuzzing and sanitizer builds (tests/fuzz/fuzz.mk): clang, its libFuzzer
# and sanitizer runtimes, and llvm-symbolizer for file:line in reports;
# zlib for the reference the seed's inflater is fuzzed against.
DEBIAN_PACKAGES+=(clang libclang-rt-14-dev llvm zlib1g-dev)
PROVIDES+=([clang]=clang [llvm]=llvm-symbolizer [zlib1g-dev]=/usr/include/zlib.h
	[libclang-rt-14-dev]=/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a)
# The Debian flavour (./build.sh debian): mmdebstrap, its unshare mode's
# newuidmap/newgidmap for a user without root (qemu-img for debian.qcow2
# comes with qemu-utils, the tests' ssh client with openssh-client above).
DEBIAN_PACKAGES+=(mmdebstrap uidmap)
PROVIDES+=([mmdebstrap]=mmdebstrap [uidmap]=newuidmap)

say() { echo "==> $STEP: $*"; }
die() { echo "build.sh: $STEP: error: $*" >&2; exit 1; }

# Runs a noisy command with its output in build/logs/<step>.log; on failure
# shows the end of the log.
logged() {
	local log=$B/logs/$STEP.log
	mkdir -p "$B/logs"
	if ! "$@" >>"$log" 2>&1; then
		tail -n 40 "$log" >&2
		die "'$*' failed (full log: ${log#"$ROOT"/})"
	fi
}

# The kernel and BusyBox are their own make projects: keep our make's
# flags and variables (TARGET=, -j) out of them.
sub_make() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u MAKEOVERRIDES make "$@"; }

# Cache: a step is skipped when the hash of its inputs matches its stamp and
# all its outputs exist.
inputs_hash() { sha256sum | cut -d' ' -f1; }
up_to_date() {
	local name=$1 hash=$2 out
	shift 2
	[ "$(cat "$B/stamps/$name" 2>/dev/null)" = "$hash" ] || return 1
	for out; do [ -e "$out" ] || return 1; done
}
mark_done() { mkdir -p "$B/stamps" && echo "$2" >"$B/stamps/$1"; }
# Contents and modes of files, for input hashes.
files_identity() {
	local f
	for f; do
		printf '%s %s\n' "${f#"$ROOT"/}" "$(stat -c %a "$f")"
		cat "$f"
	done
}

# One line per package: its name and its probe (tests/build/strict_path.sh).
step_packages() {
	local pkg
	for pkg in "${DEBIAN_PACKAGES[@]}"; do
		echo "$pkg ${PROVIDES[$pkg]}"
	done
}

step_deps() {
	STEP=deps
	local pkg missing=()
	for pkg in "${DEBIAN_PACKAGES[@]}"; do
		local probe=${PROVIDES[$pkg]}
		if [[ $probe == /* ]]; then [ -e "$probe" ] && continue
		else command -v "$probe" >/dev/null && continue; fi
		missing+=("$pkg")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		say "all packages present"
		return
	fi
	if [ "$(id -u)" -ne 0 ]; then
		die "missing packages; run: sudo apt-get install -y ${missing[*]}"
	fi
	say "installing ${missing[*]}"
	# Update the package lists only when apt cannot find a candidate.
	if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
		apt-get update
		apt-get install -y --no-install-recommends "${missing[@]}"
	fi
}

# kernel-patches/ tune the kernel for ebb (e.g. free page reporting's pace).
# They are applied to the trees build.sh unpacks itself; a KERNEL_SRC
# directory is the user's and is never modified, only checked.
apply_kernel_patches() {
	local p
	for p in "$ROOT"/kernel-patches/*.patch; do
		say "applying ${p#"$ROOT"/}"
		patch -d "$KSRC" -p1 --forward --quiet <"$p" ||
			die "${p#"$ROOT"/} does not apply to $KERNEL_SRC"
	done
}

check_kernel_patches() {
	local p
	for p in "$ROOT"/kernel-patches/*.patch; do
		patch -d "$KSRC" -p1 -R --dry-run --quiet <"$p" >/dev/null 2>&1 ||
			say "warning: $KSRC lacks ${p#"$ROOT"/}; it builds, but without that change (apply it with: patch -p1 <$p)"
	done
}

# Sets KSRC (an unpacked kernel tree) and KSRC_ID (its identity for hashes).
kernel_source() {
	local src=$KERNEL_SRC
	[ -e "$src" ] || die "KERNEL_SRC=$src does not exist"
	src=$(realpath "$src")
	if [ -d "$src" ]; then
		KSRC=$src
		KSRC_ID="dir $src $(git -C "$src" rev-parse HEAD 2>/dev/null || true)"
		check_kernel_patches
	else
		KSRC=$B/src/linux
		KSRC_ID="tarball $src $(stat -c '%s %Y' "$src") $(cat "$ROOT"/kernel-patches/*.patch | sha256sum)"
		if [ "$(cat "$B/src/linux.id" 2>/dev/null)" != "$KSRC_ID" ] || [ ! -f "$KSRC/Makefile" ]; then
			say "unpacking $src into ${KSRC#"$ROOT"/}"
			rm -rf "$KSRC" "$B/src/linux.id"
			mkdir -p "$KSRC"
			tar -xf "$src" -C "$KSRC" --strip-components=1
			apply_kernel_patches
			echo "$KSRC_ID" >"$B/src/linux.id"
		fi
	fi
	[ -f "$KSRC/Makefile" ] && [ -f "$KSRC/scripts/kconfig/merge_config.sh" ] ||
		die "$KSRC is not a kernel source tree"
	local version patchlevel
	version=$(sed -n 's/^VERSION = //p' "$KSRC/Makefile")
	patchlevel=$(sed -n 's/^PATCHLEVEL = //p' "$KSRC/Makefile")
	if [ "$version" -lt 5 ] || { [ "$version" -eq 5 ] && [ "$patchlevel" -lt 7 ]; } ||
		[ ! -f "$KSRC/mm/page_reporting.c" ]; then
		die "kernel $version.$patchlevel in $KSRC has no free page reporting (mm/page_reporting.c, Linux >= 5.7): ebb needs it"
	fi
	KSRC_ID="$KSRC_ID $version.$patchlevel"
}

# A private apt configuration under build/apt: deb-src twins of the
# machine's own sources; the machine's apt setup is never touched.
apt_private() {
	apt-get -o Dir::Etc::SourceList="$B/apt/sources.list" \
		-o Dir::Etc::SourceParts="$B/apt/sources.list.d" \
		-o Dir::State::Lists="$B/apt/lists" \
		-o Dir::Cache="$B/apt/cache" \
		-o Debug::NoLocking=true "$@"
}

write_private_sources() {
	mkdir -p "$B/apt/sources.list.d" "$B/apt/lists/partial" "$B/apt/cache/archives/partial"
	# One-line format: every "deb" line becomes a "deb-src" line.
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' >"$B/apt/sources.list" || true
	# deb822 format: every enabled stanza of type deb becomes type deb-src.
	cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
		function flush() { if (stanza != "" && deb && !disabled) printf "%s\n", stanza; stanza = ""; deb = 0; disabled = 0 }
		/^[[:space:]]*$/ { flush(); next }
		/^#/ { next }
		/^Types:/ { deb = ($0 ~ /[[:space:]]deb([[:space:]]|$)/); $0 = "Types: deb-src" }
		/^Enabled:[[:space:]]*no/ { disabled = 1 }
		{ stanza = stanza $0 "\n" }
		END { flush() }' >"$B/apt/sources.list.d/ebb.sources"
	[ -s "$B/apt/sources.list" ] || [ -s "$B/apt/sources.list.d/ebb.sources" ] ||
		die "no deb entries in /etc/apt/sources.list(.d) to derive deb-src entries from"
}

# debian_source NAME: prints the unpacked tree of Debian's source package
# NAME, fetched once into build/src/NAME-dl (its path kept in
# build/src/NAME.dir).
debian_source() {
	local name=$1 dir
	dir=$(cat "$B/src/$name.dir" 2>/dev/null || true)
	if [ -n "$dir" ] && [ -f "$dir/debian/changelog" ]; then
		echo "$dir"
		return
	fi
	say "fetching Debian's $name source package (private apt lists in build/apt)" >&2
	write_private_sources
	logged apt_private update
	rm -rf "$B/src/$name-dl"
	mkdir -p "$B/src/$name-dl"
	(cd "$B/src/$name-dl" && logged apt_private source "$name")
	dir=$(find "$B/src/$name-dl" -mindepth 1 -maxdepth 1 -type d -name "$name-*" | head -n 1)
	[ -n "$dir" ] && [ -f "$dir/debian/changelog" ] || die "apt-get source $name gave no source tree"
	echo "$dir" >"$B/src/$name.dir"
	say "$name source: ${dir#"$ROOT"/} ($(dpkg-parsechangelog -l "$dir/debian/changelog" -S Version))" >&2
	echo "$dir"
}

# Sets BBSRC, the unpacked BusyBox source from Debian's source package.
busybox_source() {
	BBSRC=$(debian_source busybox)
	[ -f "$BBSRC/Makefile" ] || die "$BBSRC has no Makefile"
}

step_sources() {
	STEP=sources
	kernel_source
	say "kernel source: ${KSRC#"$ROOT"/} ($(sub_make -s -C "$KSRC" kernelversion))"
	busybox_source
	debian_source dropbear >/dev/null
}

kernel_fragments() {
	[ -f "$ROOT/kernel-config/$TARGET.config" ] ||
		die "TARGET=$TARGET: no kernel-config/$TARGET.config (targets: qemu, wsl)"
	# A target's own features, one fragment each, in kernel-config/TARGET/.
	echo "$ROOT/kernel-config/base.config" "$ROOT/kernel-config/memory.config" \
		"$ROOT/kernel-config/damon.config" "$ROOT/kernel-config/mitigations.config" \
		"$ROOT/kernel-config/$TARGET.config" \
		$(LC_ALL=C ls "$ROOT/kernel-config/$TARGET"/*.config 2>/dev/null)
}

# tinyconfig is allnoconfig + tiny-base.config + tiny.config; merging our
# fragments into that same allnoconfig run keeps its meaning: every symbol
# nobody asked for is off, even one that only became visible through ours.
kernel_configure() {
	local out=$1
	shift
	say "configuring: tinyconfig + ${*##*/}"
	(cd "$KSRC" && logged env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u MAKEOVERRIDES \
		scripts/kconfig/merge_config.sh -n -O "$out" kernel/configs/tiny-base.config \
		kernel/configs/tiny.config arch/x86/configs/tiny.config "$@")
	STEP=kconfig "$ROOT/kernel-config/check.sh" "$out/.config" "$@" ||
		die "the final .config lacks requested symbols (see above)"
}

step_kernel() {
	STEP=kernel
	kernel_source
	local out=$B/kernel-$TARGET image=$B/bzImage hash fragments
	# QEMU's targets boot build/vmlinux too (PVH: no decompression).
	local -a direct=("$B/vmlinux")
	[ "$TARGET" = qemu ] || image=$B/bzImage-$TARGET direct=()
	read -r -a fragments <<<"$(kernel_fragments)"
	hash=$({ echo "$KSRC_ID"; files_identity "${fragments[@]}" "$ROOT/kernel-config/check.sh"
		declare -f step_kernel kernel_configure; } | inputs_hash)
	if up_to_date "kernel-$TARGET" "$hash" "$image" "${direct[@]}"; then
		say "${image#"$ROOT"/} up to date"
		return
	fi
	# Objects from another source tree must not leak into this build.
	if [ "$(cat "$out/.ebb-source" 2>/dev/null)" != "$KSRC_ID" ]; then
		rm -rf "$out"
	fi
	mkdir -p "$out"
	echo "$KSRC_ID" >"$out/.ebb-source"
	kernel_configure "$out" "${fragments[@]}"
	say "compiling bzImage with -j$JOBS (log: build/logs/kernel.log)"
	# uname -v and /proc/version name these instead of this machine and now.
	KBUILD_BUILD_TIMESTAMP=$(date -u -d "@$SOURCE_DATE_EPOCH") KBUILD_BUILD_USER=ebb KBUILD_BUILD_VERSION=1 \
		KBUILD_BUILD_HOST=ebb logged sub_make -C "$KSRC" O="$out" -j"$JOBS" bzImage
	cp "$out/arch/x86/boot/bzImage" "$image"
	[ ${#direct[@]} -eq 0 ] || logged objcopy --strip-all "$out/vmlinux" "${direct[0]}"
	mark_done "kernel-$TARGET" "$hash"
	say "${image#"$ROOT"/}: $(stat -c %s "$image") bytes"
}

# Kernel UAPI headers for building BusyBox with musl-gcc (it has none).
step_headers() {
	STEP=headers
	kernel_source
	local hash
	hash=$({ echo "$KSRC_ID"; declare -f step_headers; } | inputs_hash)
	if up_to_date headers "$hash" "$B/headers/include/linux/version.h"; then
		say "build/headers up to date"
		return
	fi
	say "installing UAPI headers into build/headers"
	rm -rf "$B/headers"
	logged sub_make -C "$KSRC" O="$B/kernel-headers" ARCH=x86 INSTALL_HDR_PATH="$B/headers" headers_install
	mark_done headers "$hash"
}

# BusyBox's kconfig ignores KCONFIG_ALLCONFIG on allnoconfig, so
# "allnoconfig + our list" is built by hand: every symbol of every Config.in
# is "not set" unless the fragment (rootfs/busybox.config by default) sets
# it, then oldconfig fills in the ints and strings with their defaults.
busybox_configure() {
	local out=$1 fragment=${2:-$ROOT/rootfs/busybox.config} all wanted
	logged sub_make -C "$BBSRC" O="$out" allnoconfig
	all=$(find "$out" "$BBSRC" -name 'Config.in' -print0 | xargs -0 grep -hoE \
		'^[[:space:]]*(menu)?config[[:space:]]+[A-Za-z0-9_]+' | awk '{ print $2 }' | sort -u)
	wanted=$(sed -n 's/^CONFIG_\([A-Za-z0-9_]*\)=.*/\1/p' "$fragment" | sort -u)
	{
		comm -23 <(echo "$all") <(echo "$wanted") | sed 's/.*/# CONFIG_& is not set/'
		grep '^CONFIG_' "$fragment"
	} >"$out/.config"
	logged sub_make -C "$BBSRC" O="$out" oldconfig < <(yes '')
	STEP=busybox-config "$ROOT/kernel-config/check.sh" "$out/.config" "$fragment" ||
		die "${fragment#"$ROOT"/} asks for symbols BusyBox did not take (see above)"
}

# Static with musl-gcc, which has no kernel headers of its own: it gets
# the UAPI headers.
busybox_compile() {
	logged sub_make -C "$1" -j"$JOBS" CC=musl-gcc HOSTCC=gcc \
		CONFIG_EXTRA_CFLAGS="-isystem $B/headers/include" busybox
}

step_busybox() {
	step_headers
	STEP=busybox
	busybox_source
	local out=$B/busybox-obj hash version
	version=$(dpkg-parsechangelog -l "$BBSRC/debian/changelog" -S Version)
	hash=$({ echo "$version"; cat "$B/stamps/headers" 2>/dev/null
		files_identity "$ROOT/rootfs/busybox.config" "$ROOT/kernel-config/check.sh"
		declare -f step_busybox busybox_configure busybox_compile; } | inputs_hash)
	if up_to_date busybox "$hash" "$B/busybox"; then
		say "build/busybox up to date"
		return
	fi
	say "configuring BusyBox $version from rootfs/busybox.config"
	rm -rf "$out"
	mkdir -p "$out"
	busybox_configure "$out"
	say "compiling with musl-gcc -static (log: build/logs/busybox.log)"
	busybox_compile "$out"
	cp "$out/busybox" "$B/busybox"
	mark_done busybox "$hash"
	say "build/busybox: $(stat -c %s "$B/busybox") bytes, $("$B/busybox" --list | wc -l) applets"
}

# Dropbear, the dev VM's SSH server: Debian's source package, static with
# musl, one multi-call binary (dropbear, dropbearkey), with
# rootfs/dropbear/localoptions.h (key-only login, small). Built out of a
# copy of the source tree: Dropbear builds in place.
dropbear_configure() {
	local out=$1
	cp "$ROOT/rootfs/dropbear/localoptions.h" "$out/localoptions.h"
	(cd "$out" && logged env CC=musl-gcc \
		CFLAGS="-Os -ffunction-sections -fdata-sections -isystem $B/headers/include" \
		LDFLAGS="-Wl,--gc-sections -s" ./configure --enable-static --enable-bundled-libtom \
		--disable-zlib --disable-pam --disable-syslog --disable-lastlog --disable-utmp \
		--disable-utmpx --disable-wtmp --disable-wtmpx --disable-loginfunc \
		--disable-pututline --disable-pututxline)
}

step_dropbear() {
	step_headers
	STEP=dropbear
	local src out=$B/dropbear-obj hash version
	src=$(debian_source dropbear)
	[ -f "$src/configure" ] || die "$src has no configure script"
	version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
	hash=$({ echo "$version"; cat "$B/stamps/headers" 2>/dev/null
		files_identity "$ROOT/rootfs/dropbear/localoptions.h"
		declare -f step_dropbear dropbear_configure; } | inputs_hash)
	if up_to_date dropbear "$hash" "$B/dropbear"; then
		say "build/dropbear up to date"
		return
	fi
	say "configuring Dropbear $version with rootfs/dropbear/localoptions.h"
	rm -rf "$out"
	cp -a "$src" "$out"
	dropbear_configure "$out"
	say "compiling with musl-gcc -static (log: build/logs/dropbear.log)"
	logged sub_make -C "$out" -j"$JOBS" PROGRAMS="dropbear dropbearkey" MULTI=1 STATIC=1
	cp "$out/dropbearmulti" "$B/dropbear"
	mark_done dropbear "$hash"
	say "build/dropbear: $(stat -c %s "$B/dropbear") bytes"
}

# Tests only, never in an image: BusyBox's init, to run as PID 1 the way
# WSL runs its own init (tests/vm/206), from tests/tools/busybox-init.config.
step_test_busybox() {
	step_headers
	STEP=test-busybox
	busybox_source
	local out=$B/tools/busybox-obj fragment=$ROOT/tests/tools/busybox-init.config hash
	hash=$({ dpkg-parsechangelog -l "$BBSRC/debian/changelog" -S Version
		cat "$B/stamps/headers" 2>/dev/null
		files_identity "$fragment" "$ROOT/kernel-config/check.sh"
		declare -f step_test_busybox busybox_configure busybox_compile; } | inputs_hash)
	if up_to_date test-busybox "$hash" "$B/tools/busybox-init"; then
		say "build/tools/busybox-init up to date"
		return
	fi
	say "BusyBox init for tests (log: build/logs/test-busybox.log)"
	rm -rf "$out"
	mkdir -p "$out"
	busybox_configure "$out" "$fragment"
	busybox_compile "$out"
	cp "$out/busybox" "$B/tools/busybox-init"
	mark_done test-busybox "$hash"
}

step_init() {
	STEP=init
	say "make build/init build/ebb-seed"
	make -C "$ROOT" --no-print-directory "${EBB_BUILD:-build}/init" "${EBB_BUILD:-build}/ebb-seed"
}

# The kernel's cpio writer: builds the initramfs from a list with fixed
# owners and times, no root privileges needed.
gen_init_cpio_tool() {
	local tool=$B/hosttools/gen_init_cpio
	if [ ! -x "$tool" ] || [ "$KSRC/usr/gen_init_cpio.c" -nt "$tool" ]; then
		mkdir -p "$B/hosttools"
		gcc -O2 -o "$tool" "$KSRC/usr/gen_init_cpio.c" || die "cannot compile gen_init_cpio"
	fi
	echo "$tool"
}

# The tree shared by all three images, with normalised modes and times.
stage_rootfs() {
	local stage=$1 path
	rm -rf "$stage"
	mkdir -p "$stage"
	cp -R "$ROOT/rootfs/skeleton/." "$stage/"
	(cd "$stage" && mkdir -p bin sbin usr/bin usr/sbin dev proc sys run tmp root home mnt var/log var/tmp etc/ebb)
	install -m 0755 "$B/busybox" "$stage/bin/busybox"
	"$B/busybox" --list-full | grep / >/dev/null || die "build/busybox cannot list its applets' paths (FEATURE_INSTALLER)"
	for path in $("$B/busybox" --list-full); do
		[ -e "$stage/$path" ] || ln -s /bin/busybox "$stage/$path"
	done
	install -m 0755 "$B/init" "$stage/sbin/init"
	ln -sf /sbin/init "$stage/usr/bin/reclaim"
	install -m 0755 "$B/ebb-seed" "$stage/sbin/ebb-seed"
	install -m 0755 "$B/dropbear" "$stage/usr/sbin/dropbear"
	ln -sf dropbear "$stage/usr/sbin/dropbearkey"
	# Only the executable bit comes from git; everything else is fixed here.
	find "$stage" -type d -exec chmod 0755 {} +
	find "$stage" -type f -perm /111 -exec chmod 0755 {} +
	find "$stage" -type f ! -perm /111 -exec chmod 0644 {} +
	chmod 0700 "$stage/root"
	chmod 0600 "$stage/etc/shadow"
	chmod 1777 "$stage/tmp" "$stage/var/tmp"
	find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

# The tarball is a WSL distro: the shared tree plus rootfs/wsl (wsl.conf,
# wsl-distribution.conf, an fstab without QEMU's /dev/vda), and never /init
# (WSL bind-mounts its own init there).
stage_wsl() {
	local stage=$1 wsl=$2 path mode
	rm -rf "$wsl"
	cp -a "$stage" "$wsl"
	# The dev VM's boot services are QEMU's: in WSL every distro shares
	# the VM's network, which WSL configures (no udhcpc, no sshd on 22).
	rm "$wsl/etc/init.d/rcS"
	# WSL runs /sbin/init only with [boot] systemd=true, which ebb's distro
	# refuses (rootfs/wsl/sbin/init): the binary is reclaim here.
	rm "$wsl/usr/bin/reclaim"
	mv "$wsl/sbin/init" "$wsl/usr/bin/reclaim"
	# WSL writes its loader path (ld.wsl.conf) here at every start.
	mkdir -p "$wsl/etc/ld.so.conf.d"
	(cd "$ROOT/rootfs/wsl" && find . -type f | LC_ALL=C sort) | while read -r path; do
		if [ -x "$ROOT/rootfs/wsl/$path" ]; then mode=0755; else mode=0644; fi
		install -D -m "$mode" "$ROOT/rootfs/wsl/$path" "$wsl/$path"
	done
	find "$wsl" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

# gen_init_cpio list: the staged tree plus /init and /dev/console (a device
# node, which only the list format lets a non-root user create).
cpio_list() {
	local stage=$1 path mode
	# gen_init_cpio takes a file's mtime from the file: use the staged copy.
	echo "file /init $stage/sbin/init 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort) | while read -r path; do
		path=${path#.}
		mode=$(stat -c %a "$stage$path")
		if [ -L "$stage$path" ]; then
			echo "slink $path $(readlink "$stage$path") 0777 0 0"
		elif [ -d "$stage$path" ]; then
			echo "dir $path $mode 0 0"
		else
			echo "file $path $stage$path $mode 0 0"
		fi
	done
}

# debugfs script: root owns every inode, every time stamp is
# SOURCE_DATE_EPOCH (mke2fs -d copies the staging tree's ctimes), and
# /dev/console exists without mknod privileges.
ext4_fixups() {
	local stage=$1 path field
	printf '%s\n' "cd /dev" "mknod console c 5 1" "cd /"
	echo "sif /dev/console mode 020600"
	{ echo /; echo /lost+found; echo /dev/console
		(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cut -c2-); } | while read -r path; do
		echo "sif $path uid 0"
		echo "sif $path gid 0"
		for field in atime mtime ctime crtime; do
			echo "sif $path $field @$SOURCE_DATE_EPOCH"
		done
	done
}

step_rootfs() {
	STEP=rootfs
	kernel_source
	local stage=$B/rootfs hash cpio_tool uuid=3eb0eb00-0000-4000-8000-00000000ebb0
	cpio_tool=$(gen_init_cpio_tool)
	[ -x "$B/busybox" ] || die "build/busybox is missing: run ./build.sh busybox"
	[ -x "$B/init" ] && [ -x "$B/ebb-seed" ] || die "build/init or build/ebb-seed is missing: run ./build.sh init"
	[ -x "$B/dropbear" ] || die "build/dropbear is missing: run ./build.sh dropbear"
	hash=$({ echo "$SOURCE_DATE_EPOCH $ROOTFS_EXT4_SIZE"
		for tree in skeleton wsl; do
			(cd "$ROOT/rootfs/$tree" && find . | LC_ALL=C sort | while read -r p; do
				if [ -f "$p" ]; then files_identity "$p"; else echo "$p $(readlink "$p" || true)"; fi
			done)
		done
		sha256sum "$B/busybox" "$B/init" "$B/ebb-seed" "$B/dropbear" "$cpio_tool"
		declare -f step_rootfs stage_rootfs stage_wsl cpio_list ext4_fixups; } | inputs_hash)
	if up_to_date rootfs "$hash" "$B/initramfs.cpio.gz" "$B/rootfs.ext4" "$B/rootfs.qcow2" \
		"$B/rootfs.tar.gz" "$B/ebb.wsl"; then
		say "images up to date"
		return
	fi
	say "staging build/rootfs (skeleton + busybox + init)"
	stage_rootfs "$stage"
	say "initramfs.cpio.gz (gen_init_cpio, gzip -n)"
	cpio_list "$stage" >"$B/initramfs.list"
	"$cpio_tool" -t "$SOURCE_DATE_EPOCH" "$B/initramfs.list" | gzip -n -9 >"$B/initramfs.cpio.gz.tmp"
	mv "$B/initramfs.cpio.gz.tmp" "$B/initramfs.cpio.gz"
	say "rootfs.ext4 ($ROOTFS_EXT4_SIZE, mke2fs -d, fixed UUID and times)"
	rm -f "$B/rootfs.ext4"
	E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH logged mke2fs -q -F -t ext4 -L ebb -m 1 -U "$uuid" \
		-E "root_owner=0:0,hash_seed=$uuid" -d "$stage" "$B/rootfs.ext4" "$ROOTFS_EXT4_SIZE"
	ext4_fixups "$stage" >"$B/rootfs.debugfs"
	E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH logged debugfs -w -f "$B/rootfs.debugfs" "$B/rootfs.ext4"
	E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH logged e2fsck -fn "$B/rootfs.ext4"
	# Compressed (zlib) clusters: 0.7 MiB instead of 1.9; QEMU reads them
	# as they are and writes new clusters uncompressed. Reproducible: a
	# qcow2 header holds no time stamp.
	say "rootfs.qcow2 (qemu-img convert -c, for libvirt and virt-manager)"
	logged qemu-img convert -f raw -O qcow2 -c "$B/rootfs.ext4" "$B/rootfs.qcow2.tmp"
	mv "$B/rootfs.qcow2.tmp" "$B/rootfs.qcow2"
	say "rootfs.tar.gz and ebb.wsl (wsl --import, wsl --install --from-file)"
	stage_wsl "$stage" "$B/rootfs-wsl"
	tar --numeric-owner --owner=0 --group=0 --mtime="@$SOURCE_DATE_EPOCH" --sort=name \
		--format=gnu -C "$B/rootfs-wsl" -cf - . | gzip -n -9 >"$B/rootfs.tar.gz.tmp"
	mv "$B/rootfs.tar.gz.tmp" "$B/rootfs.tar.gz"
	cp "$B/rootfs.tar.gz" "$B/ebb.wsl"
	mark_done rootfs "$hash"
}

# The Debian flavour's apt sources: the suite, its updates and security.
debian_sources() {
	echo "deb $DEBIAN_MIRROR $DEBIAN_SUITE main"
	echo "deb $DEBIAN_MIRROR $DEBIAN_SUITE-updates main"
	echo "deb $DEBIAN_SECURITY_MIRROR $DEBIAN_SUITE-security main"
}

# Each suite's InRelease must answer within 10 s; otherwise one line and
# exit status 3 (make test skips the Debian tests then), never apt's retries.
step_debian_archive() {
	STEP=debian
	local url suite err
	while read -r _ url suite _; do
		err=$(python3 -c 'import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=10).close()
except Exception as e:
    sys.exit(str(getattr(e, "reason", e)))' "$url/dists/$suite/InRelease" 2>&1) && continue
		echo "build.sh: debian: error: Debian's archive is unreachable ($url/dists/$suite/InRelease: $err; 10 s timeout); the Debian flavour is built from it" >&2
		exit 3
	done < <(debian_sources)
	say "archive reachable: $DEBIAN_MIRROR, $DEBIAN_SECURITY_MIRROR"
}

# What ebb adds to Debian: rootfs/debian (inittab, sshd options), the
# BusyBox image's fstab, hostname, hosts, resolv.conf (mmdebstrap leaves
# the build machine's), reclaim.conf, udhcpc script and runcmd starter,
# init as /sbin/init and ebb-seed. Only under usr/ and etc/: bin, sbin and
# lib are Debian's symlinks into usr/, which a tar directory entry would
# replace.
stage_debian_overlay() {
	local overlay=$1 path
	rm -rf "$overlay"
	mkdir -p "$overlay/usr/sbin" "$overlay/usr/bin"
	cp -R "$ROOT/rootfs/debian/." "$overlay/"
	for path in $DEBIAN_SHARED_FILES; do
		install -D -m "$(stat -c %a "$ROOT/rootfs/skeleton/$path")" "$ROOT/rootfs/skeleton/$path" "$overlay/$path"
	done
	install -m 0755 "$B/init" "$overlay/usr/sbin/init"
	install -m 0755 "$B/ebb-seed" "$overlay/usr/sbin/ebb-seed"
	ln -s /sbin/init "$overlay/usr/bin/reclaim"
	# Debian's busybox poweroff, reboot and halt signal PID 1 as ebb's init expects.
	for path in poweroff reboot halt; do ln -s /bin/busybox "$overlay/usr/sbin/$path"; done
	find "$overlay" -type d -exec chmod 0755 {} +
	find "$overlay" -type f -perm /111 -exec chmod 0755 {} +
	find "$overlay" -type f ! -perm /111 -exec chmod 0644 {} +
}

# mmdebstrap in unshare mode: no root needed (a user's /etc/subuid range
# through newuidmap; run as root it only unshares mounts and pids). Every
# .deb it downloads is kept in build/debian-cache for the next build. What
# sync-in copies keeps the outside owner (a user's uid, not root): the
# overlay, its "." (the image's /) included, and the cache's directory
# are given to root.
debian_mmdebstrap() {
	local tar=$1 overlay=$2 cache=$B/debian-cache sources
	mapfile -t sources < <(debian_sources)
	mkdir -p "$cache"
	# shellcheck disable=SC2016 # $1 is the hooks' own argument (the chroot)
	logged mmdebstrap --mode=unshare --variant=minbase --include="$DEBIAN_INCLUDE" \
		--aptopt='Acquire::Retries "2"' --aptopt='Acquire::http::Timeout "30"' \
		--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--skip=essential/unlink --skip=cleanup/apt/lists \
		--setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
		--setup-hook="sync-in $cache /var/cache/apt/archives/" \
		--customize-hook="sync-out /var/cache/apt/archives $cache" \
		--customize-hook="sync-in $overlay /" \
		--customize-hook="cd \"\$1\" && (cd $overlay && find .) | xargs -d '\\n' chown -h 0:0" \
		--customize-hook='chown -R 0:0 "$1"/var/cache/apt/archives' \
		--customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
		"$DEBIAN_SUITE" "$tar" "${sources[@]}"
}

# build/debian.manifest: what the image holds, and the archive's state then
# (each suite's Release date, from the package lists apt used).
debian_manifest() {
	local tar=$1 root=$2
	echo "# build/debian.ext4: Debian $DEBIAN_SUITE minbase + $DEBIAN_INCLUDE; ebb's init as PID 1"
	echo "SOURCE_DATE_EPOCH $SOURCE_DATE_EPOCH"
	debian_sources | sed 's/^/source /'
	tar -xOf "$tar" --wildcards './var/lib/apt/lists/*_InRelease' |
		awk '/^Suite:/ { suite = $2 } /^Date:/ { sub(/^Date: /, ""); print "release " suite " " $0 }'
	echo "init-sha256 $(sha256sum <"$B/init" | cut -d' ' -f1)"
	echo "ebb-seed-sha256 $(sha256sum <"$B/ebb-seed" | cut -d' ' -f1)"
	echo "# package version architecture"
	dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Package} ${Version} ${Architecture}\n' |
		LC_ALL=C sort
}

step_debian() {
	STEP=debian
	[ -x "$B/init" ] && [ -x "$B/ebb-seed" ] || die "build/init or build/ebb-seed is missing: run ./build.sh init"
	local tar=$B/debian.tar root=$B/debian-root overlay=$B/debian-overlay hash start=$SECONDS
	local uuid=3eb0eb00-0000-4000-8000-00000000deb1
	hash=$({ echo "$SOURCE_DATE_EPOCH $DEBIAN_EXT4_SIZE $DEBIAN_INCLUDE"; debian_sources
		(cd "$ROOT/rootfs/debian" && find . -type f | LC_ALL=C sort | while read -r p; do files_identity "$p"; done)
		files_identity "$ROOT/rootfs/tar-debugfs.py"
		(cd "$ROOT/rootfs/skeleton" && files_identity $DEBIAN_SHARED_FILES)
		sha256sum "$B/init" "$B/ebb-seed"
		declare -f step_debian stage_debian_overlay debian_mmdebstrap debian_manifest; } | inputs_hash)
	if up_to_date debian "$hash" "$B/debian.ext4" "$B/debian.qcow2" "$B/debian.manifest"; then
		say "debian images up to date"
		return
	fi
	step_debian_archive
	say "staging build/debian-overlay (rootfs/debian, shared skeleton files, init)"
	stage_debian_overlay "$overlay"
	say "mmdebstrap: $DEBIAN_SUITE minbase + $DEBIAN_INCLUDE (unshare mode; .debs cached in build/debian-cache; log: build/logs/debian.log)"
	rm -f "$tar"
	debian_mmdebstrap "$tar" "$overlay"
	say "debian.ext4 ($DEBIAN_EXT4_SIZE sparse; mke2fs -d, then owners, modes and times from the tarball)"
	rm -rf "$root" "$B/debian.ext4"
	mkdir -p "$root"
	logged tar -xpf "$tar" -C "$root" --numeric-owner --exclude='./dev/*' \
		--exclude='./var/lib/apt/lists/*_*'
	# A 16 MiB journal and 64 Ki inodes (not 64 MiB and 128 Ki for 2 GiB)
	# keep the image's used space under 200 MiB.
	E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH logged mke2fs -q -F -t ext4 -L ebb-debian -m 1 -U "$uuid" \
		-J size=16 -N 65536 -E "root_owner=0:0,hash_seed=$uuid" -d "$root" "$B/debian.ext4" \
		"$DEBIAN_EXT4_SIZE"
	python3 "$ROOT/rootfs/tar-debugfs.py" "$tar" "$SOURCE_DATE_EPOCH" >"$B/debian.debugfs" ||
		die "rootfs/tar-debugfs.py failed on ${tar#"$ROOT"/}"
	E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH logged debugfs -w -f "$B/debian.debugfs" "$B/debian.ext4"
	E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH logged e2fsck -fn "$B/debian.ext4"
	say "debian.qcow2 (qemu-img convert) and debian.manifest"
	logged qemu-img convert -f raw -O qcow2 "$B/debian.ext4" "$B/debian.qcow2.tmp"
	mv "$B/debian.qcow2.tmp" "$B/debian.qcow2"
	debian_manifest "$tar" "$root" >"$B/debian.manifest.tmp"
	mv "$B/debian.manifest.tmp" "$B/debian.manifest"
	rm -rf "$root" "$overlay" "$tar"
	mark_done debian "$hash"
	echo $((SECONDS - start)) >"$B/stamps/debian.seconds"
	say "done in $((SECONDS - start)) s; $(sed '1,/^# package/d' "$B/debian.manifest" | wc -l) packages; debian.ext4 uses $(du -m "$B/debian.ext4" | cut -f1) MiB"
}

step_sizes() {
	STEP=sizes
	local f
	printf '%-22s %10s %9s  %s\n' artifact bytes MiB use
	for f in bzImage:"kernel (QEMU -kernel)" vmlinux:"the same uncompressed (QEMU -kernel, PVH entry: make run, tests)" \
		bzImage-wsl:"WSL2 kernel (TARGET=wsl; .wslconfig kernel=)" \
		initramfs.cpio.gz:"initramfs with /init (QEMU -initrd)" \
		rootfs.ext4:"root disk (root=/dev/vda rw)" \
		rootfs.qcow2:"the same as qcow2 (libvirt, virt-manager)" \
		rootfs.tar.gz:"WSL distro tarball (wsl --import)" \
		ebb.wsl:"the same (wsl --install --from-file)" init:"ebb's init and reclaim (static)" \
		ebb-seed:"root growth and NoCloud seed at boot (static)" \
		busybox:"BusyBox (static)" dropbear:"Dropbear SSH server + dropbearkey (static)" \
		debian.ext4:"Debian flavour root disk (FLAVOR=debian)" debian.qcow2:"the same as qcow2"; do
		local name=${f%%:*} use=${f#*:}
		[ -e "$B/$name" ] || continue
		local bytes
		bytes=$(stat -c %s "$B/$name")
		# A sparse image's size on the host is what it holds, not its length.
		[[ $name != *.ext4 ]] || use="$use, $(du -k "$B/$name" | cut -f1) KiB allocated"
		[ "$name" != debian.ext4 ] || [ ! -e "$B/stamps/debian.seconds" ] ||
			use="$use; built in $(cat "$B/stamps/debian.seconds") s on $JOBS cores"
		printf '%-22s %10d %9.2f  %s\n' "build/$name" "$bytes" "$(echo "$bytes / 1048576" | bc -l)" "$use"
	done
}

main() {
	[ $# -gt 0 ] || set -- all
	local step
	for step; do
		case $step in
		packages | deps | sources | kernel | headers | busybox | dropbear | init | rootfs | sizes | debian) "step_$step" ;;
		test-busybox) step_test_busybox ;;
		debian-archive) step_debian_archive ;;
		all) step_deps; step_sources; step_kernel; step_headers; step_busybox; step_dropbear; step_init
			step_rootfs; step_sizes ;;
		*) echo "usage: $0 [packages|deps|sources|kernel|headers|busybox|dropbear|init|rootfs|sizes|test-busybox|debian|debian-archive|all]..." >&2; exit 2 ;;
		esac
	done
}

main "$@"
