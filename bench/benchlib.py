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


def fleet_sum(series, t0, t1, step):
    """series: one [(t, mib)] per VM on a common clock. Sum of their RSS at
    each grid time (each VM's last sample at or before it); None at grid
    times before some VM's first sample."""
    grid, total = None, None
    for samples in series:
        grid, values = resample(samples, t0, t1, step)
        if total is None:
            total = values
        else:
            total = [None if a is None or b is None else a + b
                     for a, b in zip(total, values)]
    return grid or [], total or []


def idle_values(samples, busy, t0, t1):
    """RSS samples of one VM in [t0, t1] outside its busy intervals
    [(start, end)], i.e. while it is not running a turn."""
    return [v for t, v in window(samples, t0, t1)
            if not any(start <= t <= end for start, end in busy)]


def density_figures(sums, idle, vms, budget_mib=4096):
    """sums: the fleet's summed RSS over the measured window; idle: RSS
    samples of its VMs while not active; vms: fleet size. Mean and peak of
    the sum, mean MiB per idle VM, and how many VMs fit in budget_mib at
    the mean sum's per-VM share."""
    sums = [s for s in sums if s is not None]
    if not sums or vms <= 0:
        return None
    mean = sum(sums) / len(sums)
    return dict(mean_sum_mib=mean, peak_sum_mib=max(sums),
                idle_vm_mib=sum(idle) / len(idle) if idle else None,
                fit_vms=math.floor(budget_mib / (mean / vms)) if mean > 0 else None)
