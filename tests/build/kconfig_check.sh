#!/bin/bash
# The kconfig check (kernel-config/check.sh) passes a .config that has every
# requested symbol, and fails naming each symbol that differs or that two
# fragments ask for with different values. No kernel build needed.
. "$(dirname "$0")/lib.sh"
CHECK=$ROOT/kernel-config/check.sh
FIX=$ROOT/tests/build/fixtures

# expect NAME STATUS_WANTED(0|nonzero) OUTPUT_REGEX... -- CHECK_ARGS...
expect() {
	local name=$1 want=$2 out status regex
	shift 2
	local -a regexes=()
	while [ "$1" != -- ]; do regexes+=("$1"); shift; done
	shift
	out=$("$CHECK" "$@" 2>&1)
	status=$?
	if [ "$want" = 0 ] && [ $status -ne 0 ]; then
		fail "$name" "exit status $status, want 0: $out"; return
	fi
	if [ "$want" = nonzero ] && [ $status -eq 0 ]; then
		fail "$name" "exit status 0, want non-zero: $out"; return
	fi
	for regex in "${regexes[@]}"; do
		if ! grep -Eq -- "$regex" <<<"$out"; then
			fail "$name" "output lacks /$regex/: $out"; return
		fi
	done
	pass "$name"
}

expect kconfig_check_matching_passes 0 'all 5 requested' -- "$FIX/final-good.config" "$FIX/want.config"
expect kconfig_check_names_dropped nonzero '^kconfig: CONFIG_FOO: asked y' \
	'^kconfig: CONFIG_COUNT: asked 32 .* has 64' '^kconfig: CONFIG_BAZ: asked n .* has y' \
	-- "$FIX/final-dropped.config" "$FIX/want.config"
out=$("$CHECK" "$FIX/final-dropped.config" "$FIX/want.config" 2>&1)
if grep -q 'CONFIG_BAR\|CONFIG_NAME' <<<"$out"; then
	fail kconfig_check_names_only_differences "matching symbols named: $out"
else
	pass kconfig_check_names_only_differences
fi
expect kconfig_check_conflict nonzero '^kconfig: CONFIG_FOO asked twice: y in want.config, n in conflict.config' \
	-- "$FIX/final-good.config" "$FIX/want.config" "$FIX/conflict.config"
expect kconfig_check_unreadable nonzero 'cannot read' -- "$FIX/final-good.config" "$FIX/missing.config"

# The project's own fragments: no symbol asked twice with different values,
# and every option sits in a paragraph that opens with a why-comment.
# (build.sh kernel_fragments: the shared ones, TARGET.config, TARGET/*.config)
for target in qemu wsl; do
	out=$("$CHECK" /dev/null "$ROOT"/kernel-config/{base,memory,damon,mitigations,$target}.config \
		$(ls "$ROOT/kernel-config/$target"/*.config 2>/dev/null) 2>&1)
	if grep -q 'asked twice' <<<"$out"; then
		fail "kconfig_fragments_agree_$target" "$(grep 'asked twice' <<<"$out")"
	else
		pass "kconfig_fragments_agree_$target"
	fi
done
uncommented=$(awk '
	/^[[:space:]]*$/ { commented = 0; next }
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ || /^CONFIG_/ {
		if (!commented) print FILENAME ": " $0
		next
	}
	/^#/ { commented = 1 }' "$ROOT"/kernel-config/*.config "$ROOT"/kernel-config/*/*.config)
if [ -z "$uncommented" ]; then pass kconfig_fragments_commented
else fail kconfig_fragments_commented "options without a why-comment: $uncommented"; fi
finish
