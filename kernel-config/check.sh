#!/bin/sh
# Usage: check.sh FINAL_CONFIG FRAGMENT...
# merge_config.sh and olddefconfig silently drop a symbol whose dependencies
# are unmet; this compares every symbol the fragments ask for with the final
# .config, names each one that differs, and names any symbol two fragments
# ask for with different values. Exit status 1 when anything is named.
set -eu
if [ $# -lt 2 ]; then
	echo "usage: $0 FINAL_CONFIG FRAGMENT..." >&2
	exit 2
fi
final=$1
shift
for f in "$final" "$@"; do
	[ -r "$f" ] || { echo "kconfig check: cannot read $f" >&2; exit 2; }
done
exec awk '
# Returns the value a line sets ("y", "m", "n", "\"str\"", "123") and puts
# the symbol in SYM; "" when the line sets nothing.
function parse(line,    m) {
	if (match(line, /^CONFIG_[A-Za-z0-9_]+=/)) {
		SYM = substr(line, 1, RLENGTH - 1)
		return substr(line, RLENGTH + 1)
	}
	if (match(line, /^# CONFIG_[A-Za-z0-9_]+ is not set$/)) {
		SYM = line
		sub(/^# /, "", SYM)
		sub(/ is not set$/, "", SYM)
		return "n"
	}
	return ""
}
{
	sub(/[ \t\r]+$/, "")
	value = parse($0)
	if (value == "")
		next
	if (FILENAME == ARGV[1]) {
		got[SYM] = value
		next
	}
	where = FILENAME
	sub(/.*\//, "", where)
	if (SYM in want && want[SYM] != value) {
		printf "kconfig: %s asked twice: %s in %s, %s in %s\n", SYM, want[SYM], from[SYM], value, where
		bad++
	}
	if (!(SYM in want))
		order[++n] = SYM
	want[SYM] = value
	from[SYM] = where
}
END {
	for (i = 1; i <= n; i++) {
		s = order[i]
		have = (s in got) ? got[s] : "n"
		if (have != want[s]) {
			printf "kconfig: %s: asked %s (%s), final .config has %s\n", s, want[s], from[s], (s in got) ? have : "nothing (n)"
			bad++
		}
	}
	if (bad) {
		printf "kconfig: %d problem(s); check the dependencies of the symbols above\n", bad
		exit 1
	}
	printf "kconfig: all %d requested symbols are in the final .config\n", n
}' "$final" "$@"
