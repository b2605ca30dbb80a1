#!/bin/bash
# common/format.c knows only some printf conversions (format.h), and
# -Wformat checks argument types, not that subset. This check reads every
# call of ebb's printf-like functions as the compiler sees it (gcc's
# -fdump-tree-original: macros such as PRIu64 expanded, adjacent literals
# joined) and fails naming any format string with another conversion.
#   FORMAT_SOURCES="a.c b.c"   check these files instead of all of ebb's
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
DUMPS=$(mktemp -d)
trap 'rm -rf "$DUMPS"' EXIT
# shellcheck disable=SC2086
SOURCES=${FORMAT_SOURCES:-$(ls common/*.c init/*.c reclaim/*.c seed/*.c)}

failed_compiles=
for src in $SOURCES; do
	mkdir -p "$DUMPS/$(dirname "$src")"
	gcc -std=c11 -D_GNU_SOURCE -Icommon -Iinit -Ireclaim -Iseed -O0 -w \
		-fdump-tree-original -dumpdir "$DUMPS/$(dirname "$src")/" \
		-c -o /dev/null "$src" 2>"$DUMPS/errors" || failed_compiles="$failed_compiles $src"
done
if [ -n "$failed_compiles" ]; then
	fail format_strings_compiled "gcc failed on:$failed_compiles ($(head -c 300 "$DUMPS/errors"))"
	finish
	exit
fi
pass format_strings_compiled

# The functions whose format strings reach common/format.c: those declared
# with a printf format attribute in common/, init/ and reclaim/ (ebb-seed's
# own error helpers hand theirs to libc's vsnprintf).
python3 - "$DUMPS" <<'EOF'
import pathlib, re, sys

dumps = pathlib.Path(sys.argv[1])
# The functions whose format strings reach common/format.c: those declared
# with a printf format attribute in common/, init/ and reclaim/ (ebb-seed's
# own error helpers hand theirs to libc's vsnprintf).
DECLARED = re.compile(r"\b([a-z_]+)\([^()]*\)\s*__attribute__\(\(format\(printf, ([0-9]+)")
functions = {}
for folder in ("common", "init", "reclaim"):
    for source in sorted(pathlib.Path(folder).glob("*.[ch]")):
        functions.update((n, int(i)) for n, i in DECLARED.findall(source.read_text()))
# '%' [0] [width] [.N or .*] [l, ll or z] and one of d i u x o c s %
SUPPORTED = re.compile(r"%0?[0-9]*(?:\.(?:[0-9]+|\*))?(?:ll|l|z)?[diuxocs%]")
CALL = re.compile(r"\b(" + "|".join(map(re.escape, functions)) + r") \(")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def arguments(text, start):
    """The top-level arguments of the call whose '(' is at start."""
    args, depth, i, begin = [], 0, start, start + 1
    while i < len(text):
        c = text[i]
        if c == '"':
            i = STRING.match(text, i).end()
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[begin:i].strip())
                return args
        elif c == "," and depth == 1:
            args.append(text[begin:i].strip())
            begin = i + 1
        i += 1
    return args


def unsupported(fmt):
    """Conversions of fmt that common/format.c does not know."""
    bad, i = [], 0
    while (i := fmt.find("%", i)) >= 0:
        m = SUPPORTED.match(fmt, i)
        if m:
            i = m.end()
        else:
            bad.append(fmt[i:i + 4])
            i += 1
    return bad


def array_literal(source, arg):
    """The literal of a `static const char name[] = "..." "...";` that arg
    points at (file-scope initializers are not in the dump), or []."""
    m = re.fullmatch(r"\(const char \*\) &([A-Za-z_][A-Za-z0-9_]*)", arg)
    if not m:
        return []
    init = re.search(r"\b" + m.group(1) + r'\[\]\s*=\s*((?:\s*"(?:[^"\\]|\\.)*")+)\s*;',
                     pathlib.Path(source).read_text())
    return ["".join(STRING.findall(init.group(1)))] if init else []


calls, problems = 0, []
for dump in sorted(dumps.rglob("*.original")):
    text = dump.read_text(errors="replace")
    source = str(dump.relative_to(dumps)).split(".c.")[0] + ".c"
    for m in CALL.finditer(text):
        args = arguments(text, m.end() - 1)
        index = functions[m.group(1)]
        if len(args) < index:
            continue  # the declaration itself, or a pointer taken
        literals = STRING.findall(args[index - 1]) or array_literal(source, args[index - 1])
        if not literals:
            if not re.fullmatch(r"(\([^()]*\) )?[A-Za-z_][A-Za-z0-9_]*", args[index - 1]):
                problems.append(f"{source}: {m.group(1)} with a format that is no literal: {args[index - 1][:60]}")
            continue  # a format parameter handed on (its caller's literal is checked)
        calls += 1
        for fmt in literals:
            for conv in unsupported(fmt):
                problems.append(f'{source}: {m.group(1)}("{fmt[:50]}"): {conv}')
print(f"# {calls} calls with a literal format string, functions: {' '.join(sorted(functions))}")
if calls < 100:
    print(f"FAIL format_strings_found: only {calls} calls found (the dump format changed?)")
else:
    print("PASS format_strings_found")
if problems:
    print("FAIL format_strings_supported: " + "; ".join(sorted(set(problems))))
else:
    print("PASS format_strings_supported")
sys.exit(1 if problems or calls < 100 else 0)
EOF
