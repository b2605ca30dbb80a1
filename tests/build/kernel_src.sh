#!/bin/bash
# KERNEL_SRC must be a tree with free page reporting (>= 5.7): build.sh
# refuses older or stripped trees with a clear message, before building.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fake_tree DIR VERSION PATCHLEVEL [with-reporting]
fake_tree() {
	mkdir -p "$1/scripts/kconfig" "$1/mm"
	printf 'VERSION = %s\nPATCHLEVEL = %s\n' "$2" "$3" >"$1/Makefile"
	touch "$1/scripts/kconfig/merge_config.sh"
	[ -z "${4:-}" ] || touch "$1/mm/page_reporting.c"
}

# refused NAME DIR: build.sh kernel exits non-zero naming page reporting.
refused() {
	local out status
	out=$(KERNEL_SRC=$2 "$ROOT/build.sh" kernel 2>&1)
	status=$?
	if [ $status -ne 0 ] && grep -q 'no free page reporting (mm/page_reporting.c, Linux >= 5.7)' <<<"$out"; then
		pass "$1"
	else
		fail "$1" "status $status, output: $out"
	fi
}

fake_tree "$tmp/linux-5.4" 5 4
refused kernel_src_refuses_5_4 "$tmp/linux-5.4"
fake_tree "$tmp/linux-6.1-stripped" 6 1
refused kernel_src_refuses_tree_without_page_reporting "$tmp/linux-6.1-stripped"
out=$(KERNEL_SRC=$tmp/nowhere "$ROOT/build.sh" kernel 2>&1)
if [ $? -ne 0 ] && grep -q "KERNEL_SRC=$tmp/nowhere does not exist" <<<"$out"; then
	pass kernel_src_missing_named
else
	fail kernel_src_missing_named "output: $out"
fi
finish
