#!/bin/bash
# The documentation points at things that exist: every relative link in
# README.md and docs/*.md names a file of the tree (and a heading of it,
# after a #), and every `make TARGET` in their code names a target the
# Makefile has. Two checks per file.
#   tests/build/doc_links.sh [FILE...]   other files (default README.md docs/*.md)
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
[ $# -gt 0 ] || set -- README.md docs/*.md

# Every target make knows, from its database (nothing is built: -q).
make -pRrq __doc_links_no_target__ 2>/dev/null |
	sed -n 's/^\([A-Za-z0-9_./-][A-Za-z0-9_./-]*\):\([^=].*\)\{0,1\}$/\1/p' | sort -u >"${TMPDIR:-/tmp}/doc_links.targets.$$"
trap 'rm -f "${TMPDIR:-/tmp}/doc_links.targets.$$"' EXIT

python3 - "${TMPDIR:-/tmp}/doc_links.targets.$$" "$@" <<'EOF'
import os, re, sys

targets = set(open(sys.argv[1]).read().split())
FENCE = re.compile(r"^\s*```")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
INLINE_CODE = re.compile(r"`[^`]*`")
MAKE = re.compile(r"(?:^|[\s;&|(])make((?:[ \t]+[^\s;&|#)`]+)*)")


def split_code(text):
    """(prose lines, code snippets): fenced and indented blocks and inline
    code are code; links are read from prose only."""
    prose, code, fenced = [], [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or line.startswith("    ") or line.startswith("\t"):
            code.append(line)
            continue
        code.extend(m.group(0).strip("`") for m in INLINE_CODE.finditer(line))
        prose.append(INLINE_CODE.sub("", line))
    return prose, code


def slug(heading):
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path):
    seen, out = {}, set()
    prose, _ = split_code(open(path, encoding="utf-8").read())
    for line in prose:
        m = re.match(r"#{1,6}\s+(.*)", line)
        if m:
            base = slug(m.group(1))
            n = seen.get(base, 0)
            out.add(base if n == 0 else f"{base}-{n}")
            seen[base] = n + 1
    return out


def broken_links(path, prose):
    bad, count = [], 0
    for line in prose:
        for target in LINK.findall(line):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue  # a URL: not ours to check offline
            count += 1
            file_part, _, anchor = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
            if not os.path.exists(dest):
                bad.append(f"{target} (no {dest})")
            elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
                bad.append(f"{target} (no heading #{anchor} in {dest})")
    return bad, count


def unknown_targets(code):
    bad, count = [], 0
    for snippet in code:
        snippet = re.sub(r"(^|\s)#.*", "", snippet)  # shell comments
        for m in MAKE.finditer(snippet):
            for word in m.group(1).split():
                if "=" in word or word.startswith("-"):
                    continue
                count += 1
                if word not in targets:
                    bad.append(f"make {word}")
    return bad, count


failures = 0
for path in sys.argv[2:]:
    name = re.sub(r"[^A-Za-z0-9]+", "_", path.removesuffix(".md")).strip("_")
    prose, code = split_code(open(path, encoding="utf-8").read())
    for kind, (bad, count) in (("links", broken_links(path, prose)),
                               ("make_targets", unknown_targets(code))):
        print(f"# {path}: {count} {kind.replace('_', ' ')}")
        if bad:
            failures += 1
            print(f"FAIL doc_{kind}_{name}: " + "; ".join(sorted(set(bad))))
        else:
            print(f"PASS doc_{kind}_{name}")
sys.exit(1 if failures else 0)
EOF
