#!/bin/bash
# build/init (PID 1 with the reclaim loop, static musl, stripped) stays
# at or under 60 KiB, and keeps out the musl parts that made it big: the
# printf family and FILE stdio (common/format.c instead), strtoul/atoi
# (common/scan.c), sysconf, strsignal and pthreads (the worker is a child
# process). The link map (build/init.map) names each libc member linked.
#   INIT_SIZE_LIMIT=N   another limit in bytes (default 61440)
#   INIT_BINARY=FILE    check FILE instead of build/init
#   INIT_MAP=FILE       and FILE instead of build/init.map
. "$(dirname "$0")/lib.sh"
B=$ROOT/build
INIT=${INIT_BINARY:-$B/init}
MAP=${INIT_MAP:-$B/init.map}
LIMIT=${INIT_SIZE_LIMIT:-61440}

[ -s "$INIT" ] || { echo "FAIL init_size_built: $INIT missing (make init)"; exit 1; }
size=$(stat -c %s "$INIT")
echo "init: $size bytes (limit $LIMIT)"
if [ "$size" -le "$LIMIT" ]; then pass init_size_at_most_60_kib
else fail init_size_at_most_60_kib "$size bytes > $LIMIT"; fi

if LC_ALL=C readelf -S "$INIT" | grep -q '\.symtab'; then
	fail init_size_stripped "$INIT has a symbol table"
else
	pass init_size_stripped
fi

if [ ! -s "$MAP" ]; then
	fail init_size_no_stdio "no link map $MAP (make init)"
else
	banned=$(grep -oE 'libc\.a\([^)]+\.lo\)' "$MAP" | sort -u |
		grep -E '\((v?[sdf]?n?printf|__stdio_[a-z_]+|std(out|err|in)|f(open|write|puts|flush|close)|strto[ludfi][a-z]*|ato[il]|sysconf|strsignal|pthread_(create|mutex_[a-z]+|cond_[a-z]+))\.lo\)' |
		tr '\n' ' ')
	if [ -z "$banned" ]; then pass init_size_no_stdio
	else fail init_size_no_stdio "linked: $banned"; fi
fi
finish
