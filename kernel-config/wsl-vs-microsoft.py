#!/usr/bin/env python3
"""Compares Microsoft's WSL kernel config with ebb's WSL kernel, option by
option, and prints kernel-config/wsl-vs-microsoft.md.

  wsl-vs-microsoft.py MS_CONFIG KSRC EBB_CONFIG VERSION COMMIT >wsl-vs-microsoft.md

MS_CONFIG   Microsoft's arch/x86/configs/config-wsl (microsoft/WSL2-Linux-Kernel);
            only its CONFIG_X=value lines are read ("X=value" works too).
KSRC        the kernel source ebb builds (Debian's 6.1): which options exist
            there, which have a prompt, and in which Kconfig file.
EBB_CONFIG  ebb's final WSL .config (build/kernel-wsl/.config).
VERSION, COMMIT  where MS_CONFIG was taken from, printed in the header.

Why ebb sets an option is the comment above it in ebb's fragments
(kernel-config/*.config, kernel-config/wsl/*.config); why ebb leaves one of
Microsoft's out comes from kernel-config/wsl-vs-microsoft.reasons. Exits 1,
naming them, when an option Microsoft sets and ebb does not matches no reason.
"""
import fnmatch
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ASSIGN = re.compile(r'^(?:CONFIG_)?([A-Za-z0-9_]+)=(.*)$')
# Names Microsoft's newer config uses for options 6.1 has under another name.
RENAMED = {
    'MITIGATION_PAGE_TABLE_ISOLATION': 'PAGE_TABLE_ISOLATION',
    'MITIGATION_RETPOLINE': 'RETPOLINE',
    'MITIGATION_RETHUNK': 'RETHUNK',
    'MITIGATION_UNRET_ENTRY': 'CPU_UNRET_ENTRY',
    'MITIGATION_IBPB_ENTRY': 'CPU_IBPB_ENTRY',
    'MITIGATION_IBRS_ENTRY': 'CPU_IBRS_ENTRY',
    'MITIGATION_SRSO': 'CPU_SRSO',
    'MITIGATION_SLS': 'SLS',
}
# Newer per-bug switches whose mitigation 6.1 always builds (chosen at boot).
ALWAYS_IN_61 = {'MITIGATION_GDS', 'MITIGATION_MDS', 'MITIGATION_TAA', 'MITIGATION_MMIO_STALE_DATA',
                'MITIGATION_L1TF', 'MITIGATION_RETBLEED', 'MITIGATION_SPECTRE_V1',
                'MITIGATION_SPECTRE_V2', 'MITIGATION_SRBDS', 'MITIGATION_SSB'}
# Names that are never options: capabilities of the architecture or compiler.
NOT_OPTIONS = ('HAVE_', 'ARCH_HAS_', 'ARCH_WANT', 'ARCH_SUPPORTS_', 'ARCH_USE_', 'CC_HAS_',
               'CC_CAN_', 'AS_', 'X86_REQUIRED_FEATURE', 'X86_DISABLED_FEATURE')


def read_config(path):
    values = {}
    with open(path) as f:
        for line in f:
            m = ASSIGN.match(line.strip())
            if m and not m.group(1).startswith(NOT_OPTIONS):
                values[m.group(1)] = m.group(2)
    return values


def kconfig_symbols(ksrc):
    """{symbol: (first Kconfig file, has a prompt)} for x86 and generic code."""
    start = re.compile(r'^\s*(?:menuconfig|config)\s+([A-Za-z0-9_]+)\s*$')
    end = re.compile(r'^\s*(config|menuconfig|choice|endchoice|menu|endmenu|if|endif|source|comment|mainmenu)\b')
    prompt = re.compile(r'^\s*((bool|tristate|string|int|hex)\s+"|prompt\s+")')
    syms = {}
    for root, dirs, files in os.walk(ksrc):
        rel = os.path.relpath(root, ksrc)
        parts = rel.split(os.sep)
        if (parts[0] == 'arch' and len(parts) > 1 and parts[1] != 'x86') or \
                rel.startswith(('scripts/kconfig/tests', 'tools', 'Documentation')):
            dirs[:] = []
            continue
        for name in sorted(files):
            if not name.startswith('Kconfig'):
                continue
            path = os.path.join(rel, name) if rel != '.' else name
            current = None
            with open(os.path.join(ksrc, path), errors='replace') as f:
                for line in f:
                    m = start.match(line)
                    if m:
                        current = m.group(1)
                        where, has = syms.get(current, (path, False))
                        syms[current] = (where, has)
                    elif current and end.match(line):
                        current = None
                    elif current and prompt.match(line):
                        syms[current] = (syms[current][0], True)
    return syms


def fragment_comments():
    """{symbol: (fragment name, the comment of its paragraph)} for every option ebb asks for."""
    out = {}
    names = sorted(f for f in os.listdir(HERE) if f.endswith('.config'))
    names += sorted('wsl/' + f for f in os.listdir(os.path.join(HERE, 'wsl')) if f.endswith('.config'))
    for name in names:
        if name == 'qemu.config':
            continue
        comment, after_option = [], False
        with open(os.path.join(HERE, name)) as f:
            for line in f:
                line = line.rstrip()
                if not line:
                    comment = []
                elif ASSIGN.match(line) or re.match(r'^# CONFIG_\w+ is not set', line):
                    if ASSIGN.match(line):
                        out[ASSIGN.match(line).group(1)] = (name, ' '.join(comment))
                    after_option = True
                elif line.startswith('#') and not re.match(r'^# ---.*---$', line):
                    # A comment after an option starts the next option's.
                    if after_option:
                        comment, after_option = [], False
                    comment.append(line.lstrip('# ').strip())
    return out


def read_reasons():
    rules = []
    with open(os.path.join(HERE, 'wsl-vs-microsoft.reasons')) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            pattern, reason = line.split('\t', 1)
            rules.append((pattern, reason.strip()))
    return rules


def reason_for(sym, kfile, rules):
    for pattern, reason in rules:
        kind, _, what = pattern.partition(':')
        if kind == 'sym' and fnmatch.fnmatchcase(sym, what):
            return reason
        if kind == 'dir' and (kfile == what or kfile.startswith(what.rstrip('/') + '/')):
            return reason
    return None


def short(text, limit=220):
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(' ', 1)[0] + ' …'


def main(argv):
    if len(argv) != 6:
        sys.stderr.write(__doc__)
        return 2
    ms, ksrc, ebb_path, version, commit = argv[1:]
    ms, ebb = read_config(ms), read_config(ebb_path)
    syms, why, rules = kconfig_symbols(ksrc), fragment_comments(), read_reasons()
    both, left_out, renamed, absent, derived_both, derived_not = [], {}, [], [], [], []
    unexplained = []
    for sym in sorted(ms):
        if sym in RENAMED or sym in ALWAYS_IN_61:
            renamed.append(sym)
            continue
        if sym not in syms:
            absent.append(sym)
            continue
        kfile, has_prompt = syms[sym]
        if not has_prompt:
            (derived_both if sym in ebb else derived_not).append(sym)
        elif sym in ebb:
            both.append(sym)
        else:
            reason = reason_for(sym, kfile, rules)
            if reason is None:
                unexplained.append('%s (%s)' % (sym, kfile))
            left_out.setdefault(reason, []).append(sym)
    if unexplained:
        sys.stderr.write('wsl-vs-microsoft: no reason in wsl-vs-microsoft.reasons for:\n  %s\n'
                         % '\n  '.join(unexplained))
        return 1
    w = sys.stdout.write
    prompted = len(both) + sum(len(v) for v in left_out.values())
    w('# ebb\'s WSL kernel and Microsoft\'s, option by option\n\n')
    w('Generated by `kernel-config/wsl-vs-microsoft.py` (do not edit by hand; '
      'docs/wsl2.md says how to run it). Microsoft\'s side: `arch/x86/configs/config-wsl` of '
      'microsoft/WSL2-Linux-Kernel at commit `%s`, Linux %s. ebb\'s side: '
      '`build/kernel-wsl/.config` from `kernel-config/` on Debian\'s 6.1 source.\n\n' % (commit, version))
    w('Of the %d options Microsoft sets, %d exist in 6.1 with a prompt: ebb sets **%d** of them and '
      'leaves **%d** out (each below with why); %d are other names for 6.1 options or always '
      'built in 6.1, %d do not exist in 6.1, and %d are derived symbols without a prompt '
      '(set by the options above, listed at the end).\n\n'
      % (len(ms), prompted, len(both), prompted - len(both), len(renamed), len(absent),
         len(derived_both) + len(derived_not)))
    w('## Set in both (%d)\n\n| option | Microsoft | ebb | why ebb sets it |\n|---|---|---|---|\n' % len(both))
    for sym in both:
        frag, text = why.get(sym, ('', ''))
        reason = '`%s`: %s' % (frag, short(text)) if frag else \
            'follows from the options ebb asks for (a default or a select)'
        w('| %s | %s | %s | %s |\n' % (sym, ms[sym], ebb[sym], reason))
    w('\n## Microsoft sets, ebb does not (%d)\n\n| why ebb leaves them out | options (Microsoft\'s value) |\n|---|---|\n'
      % (prompted - len(both)))
    for reason in sorted(left_out, key=lambda r: -len(left_out[r])):
        w('| %s | %s |\n' % (reason, ', '.join('%s=%s' % (s, ms[s]) for s in left_out[reason])))
    w('\n## Other names in 6.1 (%d)\n\n| Microsoft | in 6.1 | ebb |\n|---|---|---|\n' % len(renamed))
    for sym in renamed:
        if sym in RENAMED:
            w('| %s | %s | %s |\n' % (sym, RENAMED[sym], ebb.get(RENAMED[sym], 'not set')))
        else:
            w('| %s | no option: always built, chosen at boot | built |\n' % sym)
    w('\n## Not in 6.1 (%d)\n\nThese names do not exist in Debian\'s 6.1 tree, so ebb cannot set them. '
      'The one a WSL user notices is **DXGKRNL**: Microsoft\'s GPU paravirtualization driver '
      '(`/dev/dxg`), which CUDA, DirectML and WSLg\'s hardware acceleration need; it lives only in '
      'Microsoft\'s tree. The rest are options added to Linux after 6.1.\n\n%s\n'
      % (len(absent), ', '.join(absent)))
    w('\n## Derived symbols without a prompt (%d)\n\nNobody sets these; the options above select them.\n\n'
      '- in ebb too (%d): %s\n- not in ebb (%d): %s\n'
      % (len(derived_both) + len(derived_not), len(derived_both), ', '.join(derived_both),
         len(derived_not), ', '.join(derived_not)))
    ms_names = set(ms) | {RENAMED[s] for s in ms if s in RENAMED}
    extra = [s for s in sorted(why) if why[s][0] != 'qemu.config' and s not in ms_names and
             ebb.get(s, 'n') not in ('n', '') and not s.startswith(NOT_OPTIONS)]
    w('\n## ebb sets, Microsoft does not (%d)\n\n| option | ebb | why |\n|---|---|---|\n' % len(extra))
    for sym in extra:
        w('| %s | %s | `%s`: %s |\n' % (sym, ebb[sym], why[sym][0], short(why[sym][1])))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
