"""Parsing and statistics of the ebb benchmark (pure functions, unit-tested
in tests/bench). Times are seconds since QEMU started, sizes MiB."""

import math
import sys
import re

WITHIN_MIB = 64  # "back" = host RSS within this of the idle baseline

_MARK = re.compile(r"MARK ([A-Za-z0-9_.-]+)((?: [A-Za-z0-9_.-]+=[^ \r\n]*)*)[ \r]*$")


def parse_mark(line):
    """'... MARK name k=v k2=v2' -> (name, {k: v}); None for other lines.
    The marker may follow console noise on the same line (kernel messages
    interleave with the guest's output)."""
    start = line.find("MARK ")
    if start < 0:
        return None
    found = _MARK.match(line[start:].rstrip("\n"))
    if not found:
        return None
    fields = {}
    for pair in found.group(2).split():
        key, _, value = pair.partition("=")
        fields[key] = value
    return found.group(1), fields


def parse_vmrss_kib(status_text):
    """VmRSS of a /proc/PID/status text, in KiB; None when absent."""
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                return int(parts[1])
            return None
    return None


def parse_stat_ticks(stat_text):
    """utime+stime (clock ticks) of a /proc/PID/stat line. The command name
    may hold spaces and parentheses: fields are counted after the last ')'."""
    close = stat_text.rfind(")")
    if close < 0:
        return None
    fields = stat_text[close + 1:].split()
    # fields[0] is the state (field 3); utime and stime are fields 14 and 15
    if len(fields) < 13 or not (fields[11].isdigit() and fields[12].isdigit()):
        return None
    return int(fields[11]) + int(fields[12])


def median(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def window(samples, t0, t1):
    """Samples (t, mib) with t0 <= t <= t1."""
    return [(t, v) for t, v in samples if t0 <= t <= t1]


def baseline(samples, t0, t1):
    """Idle baseline: median RSS over [t0, t1]."""
    return median(v for _, v in window(samples, t0, t1))


def held_before(samples, t, span, base):
    """Median RSS above `base` over [t - span, t): what was still held when
    something began at t; None without a sample there."""
    return median(v - base for u, v in samples if t - span <= u < t)


def reclaimer(policy):
    """Whose guest CPU a bench policy spends (bench/guest-run.sh's fields):
    the WSL model's shell, DAMON's kdamond, or PID 1 (ebb's loop; `off`'s
    idle PID 1)."""
    if policy.startswith("wsl"):
        return "model"
    return "kdamond" if policy.startswith("damon") else "pid1"


def time_to_return(samples, t_end, t_stop, base, within=WITHIN_MIB):
    """Seconds from t_end until RSS is within `within` MiB of base and stays
    there until t_stop; None when the last sample before t_stop is not."""
    inside = window(samples, t_end, t_stop)
    if not inside or inside[-1][1] - base > within:
        return None
    back = inside[-1][0]
    for t, v in reversed(inside):
        if v - base > within:
            break
        back = t
    return max(0.0, back - t_end)


def excess_area(samples, t0, t1, base):
    """MiB*s of RSS above base over [t0, t1] (trapezoids; the ends are
    clipped to the window by linear interpolation)."""
    points = [(t, max(0.0, v - base)) for t, v in samples]
    area = 0.0
    for (ta, va), (tb, vb) in zip(points, points[1:]):
        lo, hi = max(ta, t0), min(tb, t1)
        if hi <= lo:
            continue
        slope = (vb - va) / (tb - ta)
        v_lo = va + slope * (lo - ta)
        v_hi = va + slope * (hi - ta)
        area += (v_lo + v_hi) / 2 * (hi - lo)
    return area


def ratio(value, reference):
    if value is None or not reference:
        return None
    return value / reference


def fmt(value, digits=1, none="n/a"):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return none
    return f"{value:.{digits}f}"


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def median_never(values):
    """Median where None means "never" (sorts after every number); None
    when the median itself is "never"."""
    values = list(values)
    if not values:
        return None
    ordered = sorted(values, key=lambda v: (v is None, v or 0))
    lower = ordered[(len(ordered) - 1) // 2]
    upper = ordered[len(ordered) // 2]
    if lower is None or upper is None:
        return None
    return (lower + upper) / 2


def summarize(runs, policies):
    """runs: dicts with policy, return_s, excess_mib_s, rerun_s,
    reclaimer_cpu_s, peak_above_mib, baseline_mib (one scenario). Returns
    one dict per policy present, in `policies` order, with medians and
    rerun_ratio = median rerun_s / median rerun_s of "off"."""
    by_policy = {}
    for run in runs:
        by_policy.setdefault(run["policy"], []).append(run)
    off = by_policy.get("off", [])
    off_rerun = median(r["rerun_s"] for r in off)
    rows = []
    for policy in policies:
        mine = by_policy.get(policy)
        if not mine:
            continue
        row = {"policy": policy, "runs": len(mine),
               "return_s": median_never(r["return_s"] for r in mine),
               "returned": sum(r["return_s"] is not None for r in mine)}
        for key in ("excess_mib_s", "rerun_s", "reclaimer_cpu_s", "peak_above_mib",
                    "baseline_mib", "work_s"):
            row[key] = median(r[key] for r in mine)
        row["rerun_ratio"] = ratio(row["rerun_s"], off_rerun)
        rows.append(row)
    return rows


def resample(samples, t0, t1, step):
    """Last value at or before each grid time t0, t0+step, ... <= t1
    (None before the first sample)."""
    grid, out, i, last = [], [], 0, None
    n = int(round((t1 - t0) / step))
    for k in range(n + 1):
        t = t0 + k * step
        while i < len(samples) and samples[i][0] <= t + 1e-9:
            last = samples[i][1]
            i += 1
        grid.append(t)
        out.append(last)
    return grid, out


_SMAPS_HEADER = re.compile(r"^[0-9a-f]+-[0-9a-f]+ (\S{4}) \S+ \S+ \d+\s*(.*)$")


def parse_smaps(text):
    """/proc/PID/smaps: one dict per mapping with perms, path, and its
    kB fields (Size, Rss, Pss, ...) in MiB."""
    maps = []
    for line in text.splitlines():
        header = _SMAPS_HEADER.match(line)
        if header:
            maps.append(dict(perms=header.group(1), path=header.group(2).strip()))
            continue
        key, _, rest = line.partition(":")
        fields = rest.split()
        if maps and len(fields) == 2 and fields[1] == "kB":
            maps[-1][key] = int(fields[0]) / 1024
    return maps


def qemu_memory(smaps_text, ram_mib):
    """Splits a QEMU process's memory (MiB): guest_ram is the Rss of the
    guest's RAM (the largest anonymous mapping at least ram_mib big), tcg
    that of TCG's translation buffer (its writable+executable mappings),
    and rest all of VmRSS that is not guest RAM. None without guest RAM.
    The translation buffer can be as big as guest RAM: it is the one that
    is executable."""
    maps = parse_smaps(smaps_text)
    ram = [m for m in maps if not m["path"] and "x" not in m["perms"] and m.get("Size", 0) >= ram_mib]
    if not ram:
        return None
    guest = max(ram, key=lambda m: m["Size"])
    rss = sum(m.get("Rss", 0) for m in maps)
    return dict(rss=rss, guest_ram=guest.get("Rss", 0),
                rest=rss - guest.get("Rss", 0),
                tcg=sum(m.get("Rss", 0) for m in maps if m["perms"].startswith("rwx")))


def parse_rollup_pss(text):
    """Pss (MiB) from /proc/PID/smaps_rollup; None if absent."""
    for line in text.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[0] == "Pss:":
            return int(fields[1]) / 1024
    return None


def span_mean(samples, spans):
    """Time average of a step series [(t, v)] (each value holds until the
    next sample) over the union of spans [(start, end)]; None if the
    series covers none of them."""
    total = weight = 0.0
    for (ta, va), (tb, _) in zip(samples, samples[1:]):
        for start, end in spans:
            overlap = min(tb, end) - max(ta, start)
            if overlap > 0:
                total += va * overlap
                weight += overlap
    return total / weight if weight else None


def fits(budget_mib, per_vm_mib):
    """How many VMs of per_vm_mib fit in budget_mib."""
    if not per_vm_mib or per_vm_mib <= 0:
        return None
    return math.floor(budget_mib / per_vm_mib)


# --- Boot breakdown: dmesg of a boot with initcall_debug printk.time=1 ---

_DMESG_LINE = re.compile(r"\[\s*(\d+\.\d+)\] (.*)")
_CALLING = re.compile(r"calling  (\S+) @ \d+$")
_RETURNED = re.compile(r"initcall (\S+) returned (-?\d+) after (\d+) usecs$")
_SYMBOL = re.compile(r"([0-9a-fA-F]{8,16}) [tTwW] (\S+)$")
# Printed by the kernel around the async initramfs unpack and before /init
_UNPACK_START = ("Unpacking initramfs...", "Trying to unpack rootfs image as initramfs...")
_UNPACK_END = "Freeing initrd memory:"
_RUN_INIT = "Run /init as init process"
BOOT_MARK = "ebb-boot: "  # what the breakdown's ebb.run program writes to /dev/kmsg


def parse_symbol_map(text):
    """System.map text -> {address: function name} (text symbols only)."""
    symbols = {}
    for line in text.splitlines():
        found = _SYMBOL.match(line.strip())
        if found:
            symbols.setdefault(int(found.group(1), 16), found.group(2))
    return symbols


def initcall_name(printed, symbols):
    """A kernel without kallsyms prints %pS as a bare address
    (0xffffffff81234567): named from System.map when it is there; with
    kallsyms, 'name+0x0/0x40' -> 'name'."""
    if printed.startswith("0x"):
        try:
            return symbols.get(int(printed, 16), printed)
        except ValueError:
            return printed
    return printed.split("+", 1)[0]


def parse_boot_dmesg(text, symbols=None):
    """Timestamps (s since the kernel's clock started) of a dmesg text:
    initcalls [(name, usecs)], first_call_s, last_return_s, unpack_start_s,
    unpack_end_s, init_s (Run /init) and marks {word: s} from 'ebb-boot: word'
    lines. Missing ones are None; lines without a timestamp are skipped."""
    symbols = symbols or {}
    log = dict(initcalls=[], first_call_s=None, last_return_s=None, unpack_start_s=None,
               unpack_end_s=None, init_s=None, marks={})
    for line in text.splitlines():
        found = _DMESG_LINE.search(line)
        if not found:
            continue
        t, message = float(found.group(1)), found.group(2).rstrip()
        if _CALLING.match(message):
            if log["first_call_s"] is None:
                log["first_call_s"] = t
        elif _RETURNED.match(message):
            name, _, usecs = _RETURNED.match(message).groups()
            log["initcalls"].append((initcall_name(name, symbols), int(usecs)))
            log["last_return_s"] = t
        elif message in _UNPACK_START and log["unpack_start_s"] is None:
            log["unpack_start_s"] = t
        elif message.startswith(_UNPACK_END) and log["unpack_end_s"] is None:
            log["unpack_end_s"] = t
        elif message.startswith(_RUN_INIT) and log["init_s"] is None:
            log["init_s"] = t
        elif message.startswith(BOOT_MARK):
            log["marks"].setdefault(message[len(BOOT_MARK):].split(" ", 1)[0], t)
    return log


def _span(start, end):
    return None if start is None or end is None else end - start


def boot_stages(log, pre_kernel_s, program_mark="program"):
    """Rows (stage, seconds or None, summed) from parse_boot_dmesg's log and
    the host's time before the kernel's clock started (QEMU start to the
    uptime line, minus the uptime it printed). The summed rows add up to
    QEMU start to the ebb.run program; the initramfs unpack runs async
    beside the initcalls (a wait for its end falls in the row after them)."""
    program_s = log["marks"].get(program_mark)
    calls_s = sum(usecs for _, usecs in log["initcalls"]) / 1e6
    return [
        ("firmware, kernel load and decompression (host clock)", pre_kernel_s, True),
        ("kernel setup to the first initcall", log["first_call_s"], True),
        (f"initcalls, first call to last return ({len(log['initcalls'])} calls, "
         f"{calls_s:.3f} s inside them)", _span(log["first_call_s"], log["last_return_s"]), True),
        ("initramfs unpack (async, during the initcalls)",
         _span(log["unpack_start_s"], log["unpack_end_s"]), False),
        ("last initcall to Run /init (initramfs wait, freeing init memory)",
         _span(log["last_return_s"], log["init_s"]), True),
        ("/init to the ebb.run program (init's setup, rcS)", _span(log["init_s"], program_s), True),
    ]


def boot_stages_total(rows):
    """Sum of the summed rows; None when one of them is missing."""
    summed = [seconds for _, seconds, summed in rows if summed]
    return None if None in summed else sum(summed)


def slowest_initcalls(logs, count=10):
    """[(name, median usecs)] of the count slowest initcalls over several
    boots' logs, slowest first (a name called twice counts per call)."""
    per_call = {}
    for log in logs:
        for name, usecs in log["initcalls"]:
            per_call.setdefault(name, []).append(usecs)
    medians = [(name, median(usecs)) for name, usecs in per_call.items()]
    return sorted(medians, key=lambda call: (-call[1], call[0]))[:count]


def spread(values):
    """(lowest, highest) where None means "never" and sorts after every
    number; (None, None) for no values."""
    ordered = sorted(values, key=lambda v: (v is None, v or 0))
    if not ordered:
        return None, None
    return ordered[0], ordered[-1]


def frontier(runs, policies):
    """The time-to-return / rerun trade-off of one scenario's runs: per
    policy present (in `policies` order), each run's (return_s, rerun
    ratio against the median rerun of "off") and their medians and
    spreads. None return_s means never back."""
    off_rerun = median(r["rerun_s"] for r in runs if r["policy"] == "off")
    rows = []
    for policy in policies:
        mine = sorted((r for r in runs if r["policy"] == policy), key=lambda r: r["rep"])
        if not mine:
            continue
        points = [(r["return_s"], ratio(r["rerun_s"], off_rerun)) for r in mine]
        backs, ratios = [p[0] for p in points], [p[1] for p in points]
        rows.append(dict(policy=policy, points=points, runs=len(points),
                         return_s=median_never(backs), return_spread=spread(backs),
                         returned=sum(b is not None for b in backs),
                         rerun_ratio=median(ratios), ratio_spread=spread(ratios),
                         held_mib=median(r["held_at_rerun_mib"] for r in mine),
                         reruns={r["rep"]: r["rerun_s"] for r in mine}))
    return rows


def paired(row, reference):
    """Each repetition's rerun against the reference's in the same
    repetition (the runs of one repetition share the host at about the
    same time, so its load cancels): (median, (lowest, highest)), or
    (None, (None, None)) with no repetition in common."""
    ratios = [ratio(row["reruns"][k], reference["reruns"][k])
              for k in sorted(row["reruns"]) if k in reference["reruns"]]
    return median(ratios), spread(ratios)


def aim_bound(reference, idle, sooner=5.0):
    """The latest time to return that is `sooner` times sooner than the
    reference's median; a reference never back took longer than the idle
    phase, so the idle phase gives a bound on the safe side."""
    back = reference["return_s"]
    return (idle if back is None else back) / sooner


def aim_reachable(reference, within=WITHIN_MIB):
    """Whether holding part of the set can meet the hot tier's aim: a
    setting back within `within` MiB holds less than that when the rerun
    begins, so if the reference still held more, the setting reads more
    of the set cold than the reference does."""
    return reference["held_mib"] is not None and reference["held_mib"] <= within


def aim_met(row, reference, idle, sooner=5.0):
    """The hot tier's aim against the WSL model's frontier row: a median
    rerun ratio no worse than its, and back at least `sooner` times sooner."""
    if row["return_s"] is None or row["rerun_ratio"] is None or reference["rerun_ratio"] is None:
        return False
    return (row["rerun_ratio"] <= reference["rerun_ratio"]
            and row["return_s"] <= aim_bound(reference, idle, sooner))


def read_samples(path):
    """Samples written one "t mib" pair a line (tests/tools/vmcase.sh)."""
    samples = []
    with open(path) as lines:
        for line in lines:
            parts = line.split()
            if len(parts) == 2:
                samples.append((float(parts[0]), float(parts[1])))
    return samples


def main(argv):
    """`benchlib.py time-to-return SAMPLES T_END T_STOP BASE WITHIN`: the VM
    tests' "memory came back", the bench's own definition (time_to_return):
    prints the seconds, or "none"."""
    if len(argv) != 7 or argv[1] != "time-to-return":
        print("usage: benchlib.py time-to-return SAMPLES T_END T_STOP BASE WITHIN",
              file=sys.stderr)
        return 2
    t_end, t_stop, base, within = (float(x) for x in argv[3:])
    took = time_to_return(read_samples(argv[2]), t_end, t_stop, base, within)
    print("none" if took is None else f"{took:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
