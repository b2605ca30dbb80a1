"""The density part of make bench: a fleet of VMs (1 GiB, TCG), each on its
own schedule, reads the same 200 MiB hot set in turns with a fixed idle
interval between them (1, 2, 5 and 10 minutes), under every policy, twice.

Per VM the host samples VmRSS, the guest's RAM (the QEMU mapping of guest
memory, from smaps), the rest (QEMU itself and TCG's translation buffer)
and PSS (smaps_rollup: QEMU's shared binary and libraries split between
the VMs, so fleet sums count them once). The measured window of a VM opens
when its warm-up turns are over (steady state, not a first pass) and
closes at the end of its last turn.

bench.py calls part(bench) with itself as `bench`: its VM, make_initrd,
qemu_command, guest_files, POLICIES and paths."""

import csv
import os
import subprocess
import threading
import time

import benchlib as bl

INTERVALS_MIN = (1, 2, 5, 10)
POLICIES = ("off", "wsl", "wsl-dropcache", "ebb-gradual", "ebb-dropcache", "damon", "damon-tuned")
REPS = 2
WARM_TURNS, MEASURED_TURNS = 2, 3
TURN = "fileread --rounds 2 --mark turn-end-$n /data/hot/a /data/hot/b"
RAM_MIB = 1024
BUDGET_MIB = 4096
FLOOR_SPAN = (20, 50)      # s after "ready": the idle boot floor's samples
SAMPLE_SECONDS = 2.0       # smaps of every VM
HELD_SPAN_S = 4.0          # "held when a turn began": the guest RAM samples this long before it
TURN_SLOTS = 2             # turns at once (one per host core)
EBB, WSL = "ebb-gradual", "wsl"
GUEST_HZ = 100             # the guest's USER_HZ: /proc/PID/stat ticks


def say(*parts):
    print(*parts, flush=True)


class Member:
    """One VM of the fleet and what was seen of it, on the fleet clock."""

    def __init__(self, policy, interval_min, rep):
        self.policy, self.interval_min, self.rep = policy, interval_min, rep
        self.name = f"density-{policy}-{interval_min}m-{rep}"
        self.vm = None
        self.offset = 0.0    # the VM's clock + offset = the fleet clock
        self.memory = []     # (t, dict(rss, guest_ram, rest, tcg, pss))
        self.turns = []      # dicts: start, end, read_s, refault_mib, cpu, qemu ticks
        self.ready = None
        self.error = None


def qemu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return bl.parse_stat_ticks(stat.read()) or 0
    except OSError:
        return 0


def sample_memory(member, t0):
    """Every SAMPLE_SECONDS until QEMU ends: its memory split (smaps)."""
    pid = member.vm.proc.pid
    while member.vm.proc.poll() is None:
        try:
            with open(f"/proc/{pid}/smaps") as smaps:
                split = bl.qemu_memory(smaps.read(), RAM_MIB)
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                pss = bl.parse_rollup_pss(rollup.read())
        except OSError:
            break
        if split:
            split["pss"] = pss
            member.memory.append((time.monotonic() - t0, split))
        time.sleep(SAMPLE_SECONDS)


def guest_files(bench, policy):
    files = bench.guest_files("intermittent", policy)
    env = f"TURN='{TURN}'\nMODEL={bench.POLICIES[policy][1]}\nNEEDS_DISK=1\n"
    files["/bench/env"] = (env, 0o644)
    return files


def boot(bench, member, t0):
    initrd = bench.WORK / "runs" / f"{member.name}.cpio"
    initrd.parent.mkdir(parents=True, exist_ok=True)
    bench.make_initrd(initrd, guest_files(bench, member.policy))
    mode, _, extra = bench.POLICIES[member.policy]
    append = f"{bench.APPEND} ebb.reclaim={mode}{' ' + extra if extra else ''} ebb.run=/bench/run.sh"
    try:
        member.vm = bench.VM(bench.qemu_command(initrd, append, bench.DATA_DISK),
                             bench.WORK / "logs" / f"{member.name}.log")
        member.offset = member.vm.t0 - t0
        threading.Thread(target=sample_memory, args=(member, t0), daemon=True).start()
        member.ready = member.vm.wait_mark("ready", 240)[0] + member.offset
    finally:
        initrd.unlink()


def take_turn(member, n, slots):
    vm = member.vm
    with slots:
        before = qemu_ticks(vm.proc.pid)
        vm.send("go")
        start, _ = vm.wait_mark(f"turn-start-{n}", 60)
        end, fields = vm.wait_mark(f"turn-end-{n}", 600)
        after = qemu_ticks(vm.proc.pid)
    _, info = vm.wait_mark(f"turn-after-{n}", 60)
    member.turns.append(dict(
        start=start + member.offset, end=end + member.offset,
        read_s=int(fields["ms"]) / 1000,
        refault_mib=int(info["refault_pages"]) * 4 / 1024,
        cpu={k: int(info[k]) for k in ("pid1", "model", "kdamond")},
        qemu_before=before, qemu_after=after))


def drive(bench, member, boot_lock, slots, t0, stagger_s):
    """One VM's life: boot (one at a time), its idle boot floor, then its
    turns, each `interval` after the previous one ended."""
    try:
        with boot_lock:
            boot(bench, member, t0)
        time.sleep(max(0.0, member.ready + FLOOR_SPAN[1] + stagger_s - (time.monotonic() - t0)))
        for n in range(1, WARM_TURNS + MEASURED_TURNS + 1):
            take_turn(member, n, slots)
            if n == WARM_TURNS + MEASURED_TURNS:
                break
            next_start = member.turns[-1]["end"] + member.interval_min * 60
            time.sleep(max(0.0, next_start - (time.monotonic() - t0)))
    except Exception as error:  # the fleet's other VMs still count
        member.error = str(error)
        say(f"  {member.name}: FAILED: {error}")
    finally:
        if member.vm:
            try:
                member.vm.send("stop")
                member.vm.wait_mark("cpu", 60)
            except (OSError, RuntimeError):
                pass
            member.vm.finish(30)


# --- Figures (pure: tests/bench/test_density.py) ---

def series(member, key):
    return [(t, m[key]) for t, m in member.memory if m.get(key) is not None]


def window(member):
    """[end of the last warm-up turn, end of the last turn]."""
    return member.turns[WARM_TURNS - 1]["end"], member.turns[-1]["end"]


def idle_spans(member):
    """The idle periods inside the window: each measured turn's wait."""
    turns = member.turns[WARM_TURNS - 1:]
    return [(a["end"], b["start"]) for a, b in zip(turns, turns[1:])]


def boot_floor(member):
    """Medians of the idle guest after boot, before any turn."""
    t0, t1 = member.ready + FLOOR_SPAN[0], member.ready + FLOOR_SPAN[1]
    inside = [m for t, m in member.memory if t0 <= t <= t1]
    return {key: bl.median(m[key] for m in inside if m.get(key) is not None)
            for key in ("rss", "guest_ram", "rest", "tcg", "pss")}


def held_at_turns(member, floor_ram):
    """Guest RAM above the boot floor just before each measured turn began:
    what the turn found still in the guest."""
    ram = series(member, "guest_ram")
    held = (bl.held_before(ram, turn["start"], HELD_SPAN_S, floor_ram)
            for turn in member.turns[WARM_TURNS:])
    return [v for v in held if v is not None]


def vm_figures(member):
    """One VM's steady-state figures over its window; None if it did not
    complete its turns."""
    if member.error or len(member.turns) != WARM_TURNS + MEASURED_TURNS:
        return None
    floor = boot_floor(member)
    if floor["guest_ram"] is None:
        return None
    t0, t1 = window(member)
    spans = idle_spans(member)
    measured = member.turns[WARM_TURNS:]
    ram = series(member, "guest_ram")
    pss = [v for t, v in series(member, "pss") if t0 <= t <= t1]
    idle_s = sum(b - a for a, b in spans)
    last_warm, last = member.turns[WARM_TURNS - 1], member.turns[-1]
    who = bl.reclaimer(member.policy)
    reclaimer_ticks = last["cpu"][who] - last_warm["cpu"][who]
    host_idle_ticks = sum(b["qemu_before"] - a["qemu_after"]
                          for a, b in zip(member.turns[WARM_TURNS - 1:], measured))
    excess = bl.span_mean(ram, spans)
    return dict(
        policy=member.policy, interval_min=member.interval_min, rep=member.rep,
        floor=floor,
        excess_idle_mib=None if excess is None else excess - floor["guest_ram"],
        ram_peak_mib=max((v for t, v in ram if t0 <= t <= t1), default=None),
        pss_mean_mib=sum(pss) / len(pss) if pss else None,
        pss_peak_mib=max(pss, default=None),
        read_s=[t["read_s"] for t in measured],
        held_at_turn_mib=held_at_turns(member, floor["guest_ram"]),
        refault_mib=[t["refault_mib"] for t in measured],
        gap_s=[b - a for a, b in spans],
        reclaimer_s_per_idle_h=reclaimer_ticks / GUEST_HZ / idle_s * 3600 if idle_s else None,
        host_idle_cpu_pct=(100 * host_idle_ticks / os.sysconf("SC_CLK_TCK") / idle_s
                           if idle_s else None))


def aggregate(figures):
    """figures of one policy and interval (one per repetition): medians
    and (lowest, highest) over the repetitions; turns pooled."""
    done = [f for f in figures if f]
    if not done:
        return None
    row = dict(policy=done[0]["policy"], interval_min=done[0]["interval_min"], vms=len(done))
    for key in ("excess_idle_mib", "pss_mean_mib", "pss_peak_mib", "ram_peak_mib",
                "reclaimer_s_per_idle_h", "host_idle_cpu_pct"):
        values = [f[key] for f in done if f[key] is not None]
        row[key] = bl.median(values)
        row[key + "_range"] = bl.spread(values)
    for key in ("read_s", "held_at_turn_mib", "refault_mib", "gap_s"):
        pooled = [v for f in done for v in f[key]]
        row[key] = bl.median(pooled)
        row[key + "_range"] = bl.spread(pooled)
    row["fit_mean"] = bl.fits(BUDGET_MIB, row["pss_mean_mib"])
    row["fit_peak"] = bl.fits(BUDGET_MIB, row["pss_peak_mib"])
    return row


def find(rows, policy, interval):
    return next((r for r in rows if r["policy"] == policy and r["interval_min"] == interval), None)


def verdict(ok):
    return "met" if ok else "NOT met"


def aim_lines(rows):
    """The aims of issue 18, each printed as met or not met (a figure
    that is missing counts as not met)."""
    lines = []

    def get(policy, interval, key):
        row = find(rows, policy, interval)
        return None if row is None else row[key]

    for interval in sorted({r["interval_min"] for r in rows} or INTERVALS_MIN):
        ebb, wsl = get(EBB, interval, "excess_idle_mib"), get(WSL, interval, "excess_idle_mib")
        # the most ebb may average while idle: half the WSL model's, or as much at 1 min
        cap = None if wsl is None else (0.5 * wsl if interval >= 2 else wsl)
        if interval >= 2:
            ok = ebb is not None and cap is not None and ebb <= cap
            lines.append(f"- {interval} min: ebb's idle excess {bl.fmt(ebb, 0)} MiB is at most 0.5x "
                         f"the WSL model's ({bl.fmt(wsl, 0)} MiB): {verdict(ok)}")
            for damon in ("damon", "damon-tuned"):
                other = get(damon, interval, "excess_idle_mib")
                ok = ebb is not None and other is not None and ebb <= other
                lines.append(f"- {interval} min: ebb's idle excess {bl.fmt(ebb, 0)} MiB is no more "
                             f"than {damon}'s ({bl.fmt(other, 0)} MiB): {verdict(ok)}")
        else:
            ok = ebb is not None and cap is not None and ebb <= cap
            lines.append(f"- {interval} min: ebb's idle excess {bl.fmt(ebb, 0)} MiB is no worse "
                         f"than the WSL model's ({bl.fmt(wsl, 0)} MiB): {verdict(ok)}")
        ebb_read, wsl_read = get(EBB, interval, "read_s"), get(WSL, interval, "read_s")
        ok = ebb_read is not None and wsl_read is not None and ebb_read <= wsl_read
        lines.append(f"- {interval} min: ebb's turn read time {bl.fmt(ebb_read, 2)} s is no slower "
                     f"than the WSL model's ({bl.fmt(wsl_read, 2)} s; "
                     + held_note(get(EBB, interval, "held_at_turn_mib"),
                                 get(WSL, interval, "held_at_turn_mib"), cap)
                     + f"): {verdict(ok)}")
    if rows and not find(rows, EBB, 5):
        return lines
    ebb_fit, off_fit = get(EBB, 5, "fit_mean"), get("off", 5, "fit_mean")
    ok = ebb_fit is not None and off_fit is not None and ebb_fit >= 2 * off_fit
    lines.append(f"- 5 min: VMs in {BUDGET_MIB // 1024} GiB (PSS, mean): ebb {ebb_fit}, at least "
                 f"2x off's ({off_fit}): {verdict(ok)}")
    return lines


def held_note(ebb_held, wsl_held, memory_bound):
    """What each policy still held when its turns began and, when the WSL
    model held more than the memory aim lets ebb average while idle, that
    holding cannot meet both aims: memory only falls while a guest idles
    (no policy reads ahead), so a turn finds at most the idle average."""
    note = (f"held when a turn began: ebb {bl.fmt(ebb_held, 0)} MiB, "
            f"the WSL model {bl.fmt(wsl_held, 0)} MiB")
    if wsl_held is not None and memory_bound is not None and wsl_held > memory_bound:
        note += (f"; within the memory aim ebb holds at most {bl.fmt(memory_bound, 0)} MiB then: "
                 "out of reach by holding")
    return note


def _range(row, key, digits):
    low, high = row[key + "_range"]
    if low is None:
        return "n/a"
    return f"{bl.fmt(row[key], digits)} ({bl.fmt(low, digits)}-{bl.fmt(high, digits)})"


HEADER = ["interval", "policy", "VMs", "guest RAM above boot floor while idle (MiB)",
          "PSS mean (MiB)", f"VMs in {BUDGET_MIB // 1024} GiB at the mean", "at the peak",
          "turn read (s)", "held when a turn began (MiB)", "read back per turn (MiB)", "idle gap (s)",
          "reclaimer CPU (s per idle hour)", "host CPU per idle VM (% of a core)"]


def table(rows):
    body = [[f"{r['interval_min']} min", r["policy"], r["vms"], _range(r, "excess_idle_mib", 0),
             _range(r, "pss_mean_mib", 0), r["fit_mean"], r["fit_peak"], _range(r, "read_s", 2),
             bl.fmt(r["held_at_turn_mib"], 0), bl.fmt(r["refault_mib"], 0), bl.fmt(r["gap_s"], 0),
             bl.fmt(r["reclaimer_s_per_idle_h"], 1), bl.fmt(r["host_idle_cpu_pct"], 2)]
            for r in rows]
    return bl.markdown_table(HEADER, body)


def fixed_table(figures):
    """What a freshly booted idle VM costs: every VM's boot floor."""
    done = [f for f in figures if f]
    body = []
    for key, title in (("rss", "VmRSS"), ("guest_ram", "guest RAM"),
                       ("rest", "the rest: QEMU and TCG"), ("tcg", "of which TCG's translation buffer"),
                       ("pss", "PSS")):
        values = [f["floor"][key] for f in done if f["floor"][key] is not None]
        low, high = bl.spread(values)
        body.append([title, bl.fmt(bl.median(values), 0),
                     "n/a" if low is None else f"{low:.0f}-{high:.0f}"])
    return bl.markdown_table(["a freshly booted idle VM", "MiB (median)", "range"], body)


# --- Output ---

KEYS = ["interval_min", "policy", "vms", "excess_idle_mib", "pss_mean_mib", "pss_peak_mib",
        "fit_mean", "fit_peak", "ram_peak_mib", "read_s", "held_at_turn_mib", "refault_mib", "gap_s",
        "reclaimer_s_per_idle_h", "host_idle_cpu_pct"]
GRID_S = 5.0


def write_csv(results, rows):
    with open(results / "density.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(KEYS + [k + "_low" for k in ("excess_idle_mib", "read_s")]
                        + [k + "_high" for k in ("excess_idle_mib", "read_s")])
        for r in rows:
            writer.writerow([r[k] for k in KEYS] + [r[k + "_range"][0] for k in ("excess_idle_mib", "read_s")]
                            + [r[k + "_range"][1] for k in ("excess_idle_mib", "read_s")])


def write_plot(results, members):
    """density-ram.csv: every VM's guest RAM above its boot floor on a 5 s
    grid from its window's opening; density.svg: a panel per policy."""
    columns, names, shown = [], [], []
    for m in members:
        if m.error or len(m.turns) != WARM_TURNS + MEASURED_TURNS:
            continue
        floor = boot_floor(m)["guest_ram"]
        t0, t1 = window(m)
        _, values = bl.resample(series(m, "guest_ram"), t0, t1, GRID_S)
        columns.append([None if v is None else v - floor for v in values])
        names.append(f"{m.policy} {m.interval_min}m #{m.rep}")
        shown.append(m)
    if not columns:
        return
    length = max(len(c) for c in columns)
    with open(results / "density-ram.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["t_s"] + names)
        for k in range(length):
            writer.writerow([f"{k * GRID_S:.0f}"] + [
                "" if k >= len(c) or c[k] is None else f"{c[k]:.0f}" for c in columns])
    colors = {1: "#1b9e77", 2: "#d95f02", 5: "#7570b3", 10: "#e7298a"}
    panels = []
    for policy in POLICIES:
        plots = [f"'density-ram.csv' using ($1/60):{i + 2} with lines lw 1.5 "
                 f"lc rgb '{colors.get(m.interval_min, '#666666')}' "
                 f"{'dashtype 2 ' if m.rep > 1 else ''}title '{m.interval_min} min #{m.rep}'"
                 for i, m in enumerate(shown) if m.policy == policy]
        if plots:
            panels.append(f"set title '{policy}'\nplot " + ", ".join(plots))
    script = f"""set terminal svg size 1000,{300 * ((len(panels) + 1) // 2)} dynamic font 'sans,10'
set output 'density.svg'
set datafile separator ','
set key top right font ',8'
set xlabel 'minutes since the window opened (after the warm-up turns)'
set ylabel 'guest RAM above boot floor (MiB)'
set yrange [-20:260]
set grid
set multiplot layout {(len(panels) + 1) // 2},2
{chr(10).join(panels)}
unset multiplot
"""
    subprocess.run(["gnuplot"], input=script.encode(), cwd=results, check=True)


def part(bench, intervals=INTERVALS_MIN, policies=POLICIES, reps=REPS):
    """Runs the fleet; returns (markdown, completed)."""
    members = [Member(p, i, r) for r in range(1, reps + 1) for i in intervals for p in policies]
    say(f"  {len(members)} VMs: {len(policies)} policies x {len(intervals)} intervals x {reps} reps")
    t0, boot_lock, slots = time.monotonic(), threading.Lock(), threading.Semaphore(TURN_SLOTS)
    threads = []
    for k, member in enumerate(members):
        # spread each interval's VMs over it, so that their turns do not queue
        same = [m for m in members if m.interval_min == member.interval_min]
        stagger = same.index(member) * member.interval_min * 60 / len(same)
        thread = threading.Thread(target=drive, args=(bench, member, boot_lock, slots, t0, stagger))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    figures = [vm_figures(m) for m in members]
    rows = [aggregate([f for f in figures if f and f["policy"] == p and f["interval_min"] == i])
            for i in intervals for p in policies]
    rows = [r for r in rows if r]
    failed = [m.name for m in members if m.error]
    write_csv(bench.RESULTS, rows)
    write_plot(bench.RESULTS, members)
    minutes = (time.monotonic() - t0) / 60
    text = [f"#### density: {len(members)} VMs (1 GiB each) at once, each on its own schedule: "
            f"{WARM_TURNS} warm-up turns, then {MEASURED_TURNS} measured turns of the 200 MiB hot set "
            f"(read twice a turn), the interval idle between turns; {reps} VMs per policy and interval; "
            f"{minutes:.0f} min",
            table(rows),
            "Aims (issue 18):\n" + "\n".join(aim_lines(rows)),
            "What a freshly booted idle VM costs (every VM's boot floor):\n\n" + fixed_table(figures),
            "host load average (1, 5, 15 min) at the end: "
            + ", ".join(f"{x:.2f}" for x in os.getloadavg())]
    if failed:
        text.append("Failed VMs: " + ", ".join(failed))
    return "\n\n".join(text), not failed


# --- TCG's translation buffer: what its size costs and saves ---

TB_SIZES_MIB = (None, 256, 64, 16)   # None: QEMU's default
TB_REPS = 2
TB_TURNS = 3


def tb_run(bench, tb_mib, rep):
    """One VM, reclaim off: boot time, the idle split after boot, the read
    time of TB_TURNS turns back to back, and the split after them."""
    name = f"tb-{tb_mib or 'default'}-{rep}"
    m = Member("off", 0, rep)
    m.name = name
    initrd = bench.WORK / "runs" / f"{name}.cpio"
    initrd.parent.mkdir(parents=True, exist_ok=True)
    bench.make_initrd(initrd, guest_files(bench, "off"))
    append = f"{bench.APPEND} ebb.reclaim=off ebb.run=/bench/run.sh"
    t0 = time.monotonic()
    m.vm = bench.VM(bench.qemu_command(initrd, append, bench.DATA_DISK, tb_mib=tb_mib),
                    bench.WORK / "logs" / f"{name}.log")
    threading.Thread(target=sample_memory, args=(m, t0), daemon=True).start()
    try:
        m.ready = m.vm.wait_mark("ready", 240)[0]
        time.sleep(FLOOR_SPAN[1])
        for n in range(1, TB_TURNS + 1):
            take_turn(m, n, threading.Semaphore(1))
        time.sleep(2 * SAMPLE_SECONDS)
        after = m.memory[-1][1]
    finally:
        initrd.unlink()
        try:
            m.vm.send("stop")
        except OSError:
            pass  # QEMU already gone
        m.vm.finish(30)
    floor = boot_floor(m)
    return dict(tb=tb_mib, boot_s=m.ready, floor=floor, after=after,
                cold_s=m.turns[0]["read_s"], warm_s=bl.median(t["read_s"] for t in m.turns[1:]))


def tb_part(bench):
    """Interleaved runs, one VM at a time; returns markdown (a VM that
    fails is named under the table; the others still count)."""
    runs, failed = [], []
    for rep in range(1, TB_REPS + 1):
        for tb in TB_SIZES_MIB:
            try:
                runs.append(tb_run(bench, tb, rep))
            except (RuntimeError, OSError) as error:
                failed.append(f"tb-size {tb or 'default'} #{rep}: {error}")
                say(f"  tb-size {tb or 'default'} #{rep}: FAILED: {error}")
    body = []
    for tb in TB_SIZES_MIB:
        mine = [r for r in runs if r["tb"] == tb]
        if not mine:
            continue
        med = lambda f: bl.median(f(r) for r in mine)  # noqa: E731
        body.append([f"{tb} MiB" if tb else "QEMU's default", bl.fmt(med(lambda r: r["boot_s"]), 2),
                     bl.fmt(med(lambda r: r["cold_s"]), 2), bl.fmt(med(lambda r: r["warm_s"]), 2),
                     bl.fmt(med(lambda r: r["floor"]["rss"]), 0), bl.fmt(med(lambda r: r["floor"]["tcg"]), 0),
                     bl.fmt(med(lambda r: r["after"]["rss"]), 0), bl.fmt(med(lambda r: r["after"]["tcg"]), 0)])
    header = ["tb-size", "boot to ready (s)", "turn read, cold (s)", "turn read, warm (s)",
              "VmRSS idle after boot (MiB)", "of it TCG buffer", "VmRSS after the turns (MiB)",
              "of it TCG buffer"]
    return (f"#### TCG translation buffer: medians of {TB_REPS} VMs per size (reclaim off, "
            f"{TB_TURNS} turns of the hot set back to back)\n\n" + bl.markdown_table(header, body)
            + ("\n\nFailed: " + "; ".join(failed) if failed else ""))
