#!/bin/bash
# timeout: 2400
# A fresh Debian 12 has its Essential/required packages and what build.sh
# installs (DEBIAN_PACKAGES, `./build.sh packages`), nothing else: the build
# must not need a program from anywhere else. So this test runs the build
# steps for real (a scratch EBB_BUILD, nothing cached) with a PATH that is a
# directory of links to only those packages' programs, and names each
# program a step could not find, also when the step went on without it
# (BusyBox's scripts do: mkconfigs and usage_compressed without bzip2).
#
# The PATH: every file the declared and the Essential/required packages
# install in /bin, /sbin, /usr/bin or /usr/sbin (dpkg-query -L), plus every
# name there that resolves to one of those files (alternatives: awk -> mawk,
# cc -> gcc-12). A program a declared package ships as a link into one of its
# dependencies (gcc -> gcc-12) counts as that package's. A package that is
# only a dependency gives nothing: whatever the build or the tests run by
# name, themselves or through a tool that looks it up on PATH (gcc runs as
# and ld from binutils), needs the package that ships that name declared
# (python3 is python3-minimal's; python3 itself brings the standard library).
#
# Shared read-only from build/, so not covered: the unpacked kernel tree
# (KERNEL_SRC=build/src/linux: tar + xz) and BusyBox's source (apt-get
# source). About 12 minutes alone on 2 cores (kernel ~4, BusyBox ~1, the
# Debian flavour ~1.5, the data disk of tests/tools), 24 on a loaded
# machine: hence its own timeout.
. "$(dirname "$0")/lib.sh"
SCRATCH=$ROOT/build/strict-path

# probe_owned PACKAGE PROBE: PROBE is a file PACKAGE installs, or a program
# it installs on PATH itself or as an alternative (gnuplot -> gnuplot-nox).
probe_owned() {
	local files resolved
	files=$(dpkg-query -L "$1" 2>/dev/null) || return 1
	if [[ $2 == /* ]]; then
		grep -qxF "$2" <<<"$files" && [ -e "$2" ]
		return
	fi
	resolved=$(readlink -f "$(command -v "$2")") || return 1
	grep -Eqx "/(usr/)?s?bin/($2|${resolved##*/})" <<<"$files"
}

# Every declared package is installed and owns its probe (what step_deps
# looks for), so a wrong name or probe fails here.
check_packages() {
	local pkg probe not_installed="" wrong_probe=""
	while read -r pkg probe; do
		[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ] ||
			not_installed="$not_installed $pkg"
		probe_owned "$pkg" "$probe" || wrong_probe="$wrong_probe $pkg:${probe:-none}"
	done <<<"$DECLARED"
	if [ -z "$not_installed" ]; then pass strict_path_packages_installed
	else fail strict_path_packages_installed "dpkg has no installed$not_installed"; fi
	if [ -z "$wrong_probe" ]; then pass strict_path_probes_owned
	else fail strict_path_probes_owned "probe missing or not in its package:$wrong_probe"; fi
}

# make_path_dir DIR: links to the programs of the declared and the
# Essential/required packages (see the rule above).
make_path_dir() {
	local dir=$1 pkg path name
	local -a packages
	local -A owned=()
	mapfile -t packages < <(cut -d' ' -f1 <<<"$DECLARED"
		dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' |
			awk '$2 == "yes" || $3 == "required" { print $1 }')
	mkdir -p "$dir"
	for pkg in "${packages[@]}"; do
		while read -r path; do
			[ -f "$path" ] && [ -x "$path" ] || continue
			ln -sf "$path" "$dir/${path##*/}"
			owned[$(readlink -f "$path")]=1
		done < <(dpkg-query -L "$pkg" | grep -Ex '/(usr/)?s?bin/[^/]+')
	done
	for path in /usr/bin/* /usr/sbin/* /bin/* /sbin/*; do
		name=${path##*/}
		[ -L "$path" ] && [ ! -e "$dir/$name" ] || continue
		[ -n "${owned[$(readlink -f "$path")]:-}" ] && ln -s "$path" "$dir/$name"
	done
}

# missing_tools FILE...: the programs that a shell, make, gcc, env, xargs,
# perl or python reported as not found, one per line.
missing_tools() {
	sed -nE \
		-e 's/.*: ([^ :]+): command not found$/\1/p' \
		-e 's/.*: [0-9]+: ([^ :]+): not found$/\1/p' \
		-e "s/.*cannot execute '([^']+)'.*/\1/p" \
		-e "s/^(env|xargs|nice|timeout|make(\[[0-9]+\])?): '?([^ :']+)'?: No such file or directory$/\3/p" \
		-e "s/.*Can't exec \"([^\"]+)\".*/\1/p" \
		-e "s/.*No such file or directory: '([^']+)'.*/\1/p" \
		"$@" 2>/dev/null | sort -u
}

# with_package TOOL...: "TOOL (package that ships it here)" for each.
with_package() {
	local tool pkg
	for tool; do
		pkg=$(dpkg-query -S "/usr/bin/$tool" "/usr/sbin/$tool" "/bin/$tool" "/sbin/$tool" 2>/dev/null |
			head -n 1 | cut -d: -f1)
		printf '%s (in %s) ' "$tool" "${pkg:-no package here}"
	done
}

# step NAME COMMAND...: runs COMMAND with only the strict PATH and a clean
# environment; FAIL when it fails or any log of it shows a missing program.
step() {
	local name=$1 out=$SCRATCH/$1.out status tools start=$SECONDS
	shift
	touch "$SCRATCH/$name.start"
	env -i HOME="$HOME" PATH="$SCRATCH/path" EBB_BUILD="$SCRATCH/build" KERNEL_SRC="$KSRC" \
		"$@" >"$out" 2>&1 </dev/null
	status=$?
	echo "# step $name: $((SECONDS - start)) s"
	tools=$(with_package $(missing_tools "$out" $(find "$SCRATCH/build/logs" -name '*.log' \
		-newer "$SCRATCH/$name.start" 2>/dev/null)))
	if [ -n "$tools" ]; then
		fail "strict_path_$name" "not on the strict PATH: ${tools% }; declare it in build.sh (status $status, log ${out#"$ROOT"/})"
	elif [ $status -ne 0 ]; then
		fail "strict_path_$name" "status $status: $(tail -n 3 "$out" | tr '\n' ' ')(log ${out#"$ROOT"/})"
	else
		pass "strict_path_$name"
	fi
}

DECLARED=$("$ROOT/build.sh" packages) || { echo "FAIL strict_path_packages: ./build.sh packages failed"; exit 1; }
KSRC=$ROOT/build/src/linux
[ -d "${KERNEL_SRC:-}" ] && KSRC=$(realpath "$KERNEL_SRC")
if [ ! -f "$KSRC/Makefile" ] || [ ! -s "$ROOT/build/src/busybox.dir" ]; then
	echo "FAIL strict_path_sources: no unpacked kernel or BusyBox source in build/src (run make first)"
	exit 1
fi
check_packages
# Without its packages the build cannot be judged (and deps would install them).
[ "$failures" -eq 0 ] || exit 1
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH/build/src"
cp "$ROOT/build/src/busybox.dir" "$SCRATCH/build/src/"
# Dropbear's source too, when fetched already (otherwise the step fetches it).
[ ! -s "$ROOT/build/src/dropbear.dir" ] || cp "$ROOT/build/src/dropbear.dir" "$SCRATCH/build/src/"
make_path_dir "$SCRATCH/path"

step deps "$ROOT/build.sh" deps
step headers "$ROOT/build.sh" headers
step busybox "$ROOT/build.sh" busybox
step dropbear "$ROOT/build.sh" dropbear
step kernel "$ROOT/build.sh" kernel
step init "$ROOT/build.sh" init
step rootfs "$ROOT/build.sh" rootfs
# The Debian flavour, with the .debs of build/debian-cache when there are
# some (its package lists still come from Debian's archive).
[ ! -d "$ROOT/build/debian-cache" ] || cp -R "$ROOT/build/debian-cache" "$SCRATCH/build/"
step debian "$ROOT/build.sh" debian
step unit_tests_tools make -C "$ROOT" --no-print-directory unit-tests tools fuzzers asan
if [ "$failures" -eq 0 ]; then
	rm -rf "$SCRATCH"
else
	echo "# scratch build kept in ${SCRATCH#"$ROOT"/}"
fi
finish
