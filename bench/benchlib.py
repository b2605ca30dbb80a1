"""Parsing and statistics of the ebb benchmark (pure functions, unit-tested
in tests/bench). Times are seconds since QEMU started, sizes MiB."""

import math
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
                         rerun_ratio=median(ratios), ratio_spread=spread(ratios)))
    return rows


def aim_bound(reference, idle, sooner=5.0):
    """The latest time to return that is `sooner` times sooner than the
    reference's median; a reference never back took longer than the idle
    phase, so the idle phase gives a bound on the safe side."""
    back = reference["return_s"]
    return (idle if back is None else back) / sooner


def aim_met(row, reference, idle, sooner=5.0):
    """The hot tier's aim against the WSL model's frontier row: a median
    rerun ratio no worse than its, and back at least `sooner` times sooner."""
    if row["return_s"] is None or row["rerun_ratio"] is None or reference["rerun_ratio"] is None:
        return False
    return (row["rerun_ratio"] <= reference["rerun_ratio"]
            and row["return_s"] <= aim_bound(reference, idle, sooner))
