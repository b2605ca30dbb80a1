#!/usr/bin/env python3
"""make bench: how fast guest memory comes back to the host, per reclaim
policy, plus boot time and sizes. See docs/benchmarks.md.

Each run boots the VM (QEMU TCG, 1 GiB, virtio-balloon with free page
reporting) and samples the QEMU process's VmRSS every 250 ms. Several VMs
run at once, but a token lets only one of them boot or run a workload at a
time; the others are idle (that is what is measured). The guest starts each
phase when the host sends a line on its console (bench/guest-run.sh).
The density part runs a whole fleet at once, taking turns at one workload."""

import argparse
import csv
import gzip
import heapq
import itertools
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib as bl  # noqa: E402
import density  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
WORK = BUILD / "bench"
RESULTS = ROOT / "bench" / "results"
KERNEL = BUILD / "bzImage"
VMLINUX = BUILD / "vmlinux"       # the same kernel uncompressed: the boot part's (PVH)
INITRAMFS = BUILD / "initramfs.cpio.gz"
SYSTEM_MAP = BUILD / "kernel-qemu" / "System.map"  # names the initcalls (no kallsyms)
DATA_DISK = BUILD / "tools" / "data.ext4"

SAMPLE_SECONDS = 0.25
BASELINE_SECONDS = 10   # idle after boot; the baseline is its last 5 s
HELD_SPAN_S = 2         # "held when the rerun began": median RSS above base over its last 2 s
MAX_VMS = 8

# name -> (ebb.reclaim mode, WSL model mode or "", more kernel command line)
POLICIES = {
    "off": ("off", "", ""),
    "wsl": ("off", "gradual", ""),
    "wsl-dropcache": ("off", "dropcache", ""),
    "ebb-gradual": ("gradual", "", ""),
    "ebb-dropcache": ("dropcache", "", ""),
    "ebb-hot0": ("gradual", "", "ebb.reclaim.hot_window=0"),
    "ebb-hot60": ("gradual", "", "ebb.reclaim.hot_window=60s"),
    "ebb-hot180": ("gradual", "", "ebb.reclaim.hot_window=180s"),
    # the kernel's own DAMON_RECLAIM (kernel-config/damon.config): its
    # defaults, and tuned for idle guests (min_age 10 s; the watermarks
    # keep it on whatever free memory is, where its defaults switch it
    # off while more than half of memory is free)
    "damon": ("off", "", "damon_reclaim.enabled=Y"),
    "damon-tuned": ("off", "", "damon_reclaim.enabled=Y damon_reclaim.min_age=10000000 "
                    "damon_reclaim.wmarks_high=1000 damon_reclaim.wmarks_mid=999 "
                    "damon_reclaim.wmarks_low=0"),
}

# The hot tier's frontier (time to return against rerun ratio): its
# settings run on this scenario only, they and the policies they are
# judged against with more repetitions (a full run; fewer --reps: as many).
FRONTIER = dict(scenario="intermittent", reps=5, only=("ebb-hot0", "ebb-hot60", "ebb-hot180"),
                policies=("off", "wsl", "ebb-hot0", "ebb-gradual", "ebb-hot60", "ebb-hot180"))
# The aim of issue 13: a rerun no slower than the WSL model's, memory back this many times sooner.
AIM_SOONER = 5

HOT = "/data/hot/a /data/hot/b"
# name -> guest commands and the idle time after the workload. WSL's model
# waits 2 min of idle before it acts, so all but anon idle longer than that.
SCENARIOS = {
    "anon": dict(
        title="anonymous alloc/free (512 MiB)", idle=30, disk=0,
        work="memhog 512 --mark work-end",
        rerun="memhog 512 --mark rerun-end"),
    "frag": dict(
        title="fragmentation (512 MiB freed, one page kept per 2 MiB)", idle=150, disk=0,
        work="memhog 512 --keep-every 2048 --mark work-end & hog=$!",
        rerun="kill $hog; memhog 512 --mark rerun-end"),
    "pagecache": dict(
        title="page cache (read 400 MiB, then idle)", idle=170, disk=1,
        work="fileread --mark work-end /data/big400",
        rerun="fileread --mark rerun-end /data/big400"),
    "intermittent": dict(
        title="intermittent build-like work (200 MiB hot set x4, 5 s pauses)", idle=170, disk=1,
        work=f"fileread --rounds 4 --pause 5 --mark work-end {HOT}",
        rerun=f"fileread --rounds 4 --pause 5 --mark rerun-end {HOT}"),
}

_print_lock = threading.Lock()


def say(*parts):
    with _print_lock:
        print(*parts, flush=True)


# TCG's translation buffer (MiB), as make run and the tests set it:
# memory of QEMU's that no guest can give back (docs/benchmarks.md, TCG).
TCG_TB_MIB = 256


def qemu_command(initrd, append, disk=None, memory_mib=1024, kernel=None, tb_mib=None):
    tb_mib = tb_mib or TCG_TB_MIB
    cmd = ["qemu-system-x86_64", "-accel", f"tcg{f',tb-size={tb_mib}' if tb_mib else ''}",
           "-m", str(memory_mib), "-smp", "1",
           "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
           "-serial", "stdio", "-kernel", str(kernel or KERNEL), "-initrd", str(initrd),
           "-append", append,
           "-device", "virtio-balloon-pci,free-page-reporting=on"]
    if disk:
        cmd += ["-drive", f"file={disk},format=raw,if=virtio,readonly=on"]
    return cmd


def make_initrd(path, files):
    """Our initramfs with an extra cpio appended (the kernel unpacks both).
    files: {path in the guest: (source Path or text, mode)}."""
    stage = Path(str(path) + ".d")
    shutil.rmtree(stage, ignore_errors=True)
    for guest_path, (content, mode) in files.items():
        target = stage / guest_path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content)
        target.chmod(mode)
    names = sorted(str(p.relative_to(stage)) for p in stage.rglob("*"))
    archive = subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"],
                             cwd=stage, input="\n".join(names).encode(),
                             stdout=subprocess.PIPE, check=True).stdout
    # compressed: a plain cpio would have to start 4-byte aligned
    extra = gzip.compress(archive, mtime=0)
    with open(path, "wb") as out:
        out.write(INITRAMFS.read_bytes())
        out.write(extra)
    shutil.rmtree(stage)


class Token:
    """One holder at a time; waiters served by priority, then arrival."""

    def __init__(self):
        self._cond = threading.Condition()
        self._queue = []
        self._count = itertools.count()
        self._busy = False

    def acquire(self, priority):
        with self._cond:
            ticket = (priority, next(self._count))
            heapq.heappush(self._queue, ticket)
            while self._busy or self._queue[0] != ticket:
                self._cond.wait()
            heapq.heappop(self._queue)
            self._busy = True

    def release(self):
        with self._cond:
            self._busy = False
            self._cond.notify_all()


class VM:
    """One QEMU process: console lines and RSS samples, timed from start."""

    def __init__(self, cmd, log_path):
        self.log = open(log_path, "w")
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.marks = {}      # name -> (t, fields), first occurrence
        self.lines = []      # (t, text)
        self.samples = []    # (t, MiB)
        self._cond = threading.Condition()
        self._done = False
        self._reader = threading.Thread(target=self._read_console, daemon=True)
        self._reader.start()
        threading.Thread(target=self._sample_rss, daemon=True).start()

    def now(self):
        return time.monotonic() - self.t0

    def _read_console(self):
        for raw in self.proc.stdout:
            t = self.now()
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            self.log.write(f"{t:9.3f} {text}\n")
            mark = bl.parse_mark(text)
            with self._cond:
                self.lines.append((t, text))
                if mark and mark[0] not in self.marks:
                    self.marks[mark[0]] = (t, mark[1])
                self._cond.notify_all()
        with self._cond:
            self._done = True
            self._cond.notify_all()

    def _sample_rss(self):
        path = f"/proc/{self.proc.pid}/status"
        while self.proc.poll() is None:
            try:
                with open(path) as status:
                    kib = bl.parse_vmrss_kib(status.read())
            except OSError:
                break
            if kib is not None:
                self.samples.append((self.now(), kib / 1024))
            time.sleep(SAMPLE_SECONDS)

    def wait_for(self, predicate, timeout):
        """Waits until predicate(self) is true; False on timeout or exit."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0 or self._done:
                    return predicate(self)
                self._cond.wait(left)
            return True

    def wait_line(self, text, timeout):
        """Time of the first console line containing text."""
        def seen(vm):
            return any(text in line for _, line in vm.lines)
        if not self.wait_for(seen, timeout):
            raise RuntimeError(f"no console line with '{text}' within {timeout} s")
        return next(t for t, line in self.lines if text in line)

    def wait_mark(self, name, timeout):
        if not self.wait_for(lambda vm: name in vm.marks, timeout):
            raise RuntimeError(f"no 'MARK {name}' within {timeout} s")
        return self.marks[name]

    def send(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def finish(self, timeout):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(10)  # it writes the console's last lines to the log
        self.log.close()


PRIO_RERUN, PRIO_WORK, PRIO_BOOT = 0, 1, 2
APPEND = "console=ttyS0 quiet panic=-1"


def guest_files(scenario, policy):
    s = SCENARIOS[scenario]
    env = (f"WORK='{s['work']}'\nRERUN='{s['rerun']}'\n"
           f"MODEL={POLICIES[policy][1]}\nNEEDS_DISK={s['disk']}\n")
    here = ROOT / "bench"
    return {"/bench/env": (env, 0o644),
            "/bench/run.sh": (here / "guest-run.sh", 0o755),
            "/bench/wsl-model.sh": (here / "wsl-model.sh", 0o755),
            "/bench/bin/memhog": (BUILD / "tools" / "memhog", 0o755),
            "/bench/bin/fileread": (BUILD / "tools" / "fileread", 0o755),
            "/bench/bin/schedidle": (BUILD / "tools" / "schedidle", 0o755)}


def run_phase(vm, token, priority, start_mark, end_mark, timeout=600):
    token.acquire(priority)
    try:
        vm.send("go")
        vm.wait_mark(start_mark, 60)
        return vm.wait_mark(end_mark, timeout)
    finally:
        token.release()


def run_vm(vm, token, idle):
    """Drives one booted VM through its phases; returns the marks' times."""
    try:
        vm.wait_mark("ready", 240)
    finally:
        token.release()
    time.sleep(BASELINE_SECONDS)
    t_go = vm.now()
    t_end, work = run_phase(vm, token, PRIO_WORK, "work-start", "work-end")
    time.sleep(max(0.0, t_end + idle - vm.now()))
    _, rerun = run_phase(vm, token, PRIO_RERUN, "rerun-start", "rerun-end")
    vm.wait_mark("cpu", 60)
    return t_go, t_end, work, rerun


def run_one(scenario, policy, rep, token):
    s = SCENARIOS[scenario]
    name = f"{scenario}-{policy}-{rep}"
    initrd = WORK / "runs" / f"{name}.cpio"
    initrd.parent.mkdir(parents=True, exist_ok=True)
    make_initrd(initrd, guest_files(scenario, policy))
    mode, _, extra = POLICIES[policy]
    append = f"{APPEND} ebb.reclaim={mode}{' ' + extra if extra else ''} ebb.run=/bench/run.sh"
    token.acquire(PRIO_BOOT)
    try:
        vm = VM(qemu_command(initrd, append, DATA_DISK if s["disk"] else None),
                WORK / "logs" / f"{name}.log")
    except OSError:
        token.release()
        raise
    try:
        t_go, t_end, work, rerun = run_vm(vm, token, s["idle"])
    finally:
        vm.finish(60)
        initrd.unlink()
    return summarize_run(vm, scenario, policy, rep, t_go, t_end, work, rerun)


def summarize_run(vm, scenario, policy, rep, t_go, t_end, work, rerun):
    idle = SCENARIOS[scenario]["idle"]
    t_start = vm.marks["work-start"][0]
    t_stop = t_end + idle
    t_rerun = vm.marks["rerun-start"][0]  # later than t_stop while another VM held the token
    base = bl.baseline(vm.samples, t_go - 5, t_go)
    ticks = reclaimer_ticks(vm, policy)
    peak = max(v for _, v in bl.window(vm.samples, t_start, t_stop))
    write_samples(WORK / "samples" / f"{scenario}-{policy}-{rep}.csv", vm.samples, t_end)
    return dict(scenario=scenario, policy=policy, rep=rep, baseline_mib=base,
                peak_above_mib=peak - base,
                return_s=bl.time_to_return(vm.samples, t_end, t_stop, base),
                excess_mib_s=bl.excess_area(vm.samples, t_start, t_stop, base),
                held_at_rerun_mib=bl.held_before(vm.samples, t_rerun, HELD_SPAN_S, base),
                work_s=int(work["ms"]) / 1000, rerun_s=int(rerun["ms"]) / 1000,
                reclaimer_cpu_s=ticks / 100)


def write_samples(path, samples, t_end):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["t_since_work_end_s", "rss_mib"])
        for t, v in samples:
            writer.writerow([f"{t - t_end:.2f}", f"{v:.1f}"])


POLICY_HEADER = ["policy", "back within 64 MiB (s)", "excess MiB·s", "peak above base (MiB)",
                 "workload (s)", "rerun (s)", "rerun vs off", "reclaimer CPU (s)"]


def policy_table(scenario, runs):
    s = SCENARIOS[scenario]
    rows, summary = [], bl.summarize(runs, list(POLICIES))
    for row in summary:
        back = bl.fmt(row["return_s"], none=f"never (> {s['idle']})")
        if 0 < row["returned"] < row["runs"]:
            back += f" ({row['returned']}/{row['runs']} runs back)"
        rows.append([row["policy"], back, bl.fmt(row["excess_mib_s"], 0),
                     bl.fmt(row["peak_above_mib"], 0), bl.fmt(row["work_s"], 2),
                     bl.fmt(row["rerun_s"], 2), bl.fmt(row["rerun_ratio"], 2),
                     bl.fmt(row["reclaimer_cpu_s"], 2)])
    counts = sorted({row["runs"] for row in summary})
    reps = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]} to {counts[-1]}"
    title = (f"#### {s['title']}: idle {s['idle']} s after the workload, "
             f"median of {reps} run(s) per policy")
    return title + "\n\n" + bl.markdown_table(POLICY_HEADER, rows)


def reclaimer_ticks(vm, policy):
    """CPU ticks of the policy's reclaimer between the guest's ready and
    cpu marks."""
    who = bl.reclaimer(policy)
    return int(vm.marks["cpu"][1][who]) - int(vm.marks["ready"][1][who])


def write_figures_csv(path, keys, rows):
    """One row per dict; floats with 3 decimals, None as empty."""
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(keys)
        for row in rows:
            writer.writerow(["" if row.get(k) is None else
                             (f"{row[k]:.3f}" if isinstance(row[k], float) else row[k])
                             for k in keys])


def write_runs_csv(path, runs):
    write_figures_csv(path, ["scenario", "policy", "rep", "baseline_mib", "peak_above_mib",
                             "return_s", "excess_mib_s", "held_at_rerun_mib", "work_s",
                             "rerun_s", "reclaimer_cpu_s"], runs)


def plot_scenario(scenario, runs):
    """bench/results/<scenario>-rss.csv (first run of each policy, RSS above
    its baseline on a 0.5 s grid from the workload's end) and its SVG."""
    s = SCENARIOS[scenario]
    first = {}
    for run in sorted(runs, key=lambda r: r["rep"]):
        first.setdefault(run["policy"], run)
    policies = [p for p in POLICIES if p in first]
    t0, t1 = -(max(r["work_s"] for r in first.values()) + 5), s["idle"] + 30
    columns = []
    for policy in policies:
        run = first[policy]
        path = WORK / "samples" / f"{scenario}-{policy}-{run['rep']}.csv"
        with open(path) as f:
            rows = list(csv.reader(f))[1:]
        samples = [(float(t), float(v) - run["baseline_mib"]) for t, v in rows]
        grid, values = bl.resample(samples, t0, t1, 0.5)
        columns.append(values)
    data = RESULTS / f"{scenario}-rss.csv"
    with open(data, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["t_since_work_end_s"] + policies)
        for k, t in enumerate(grid):
            writer.writerow([f"{t:.1f}"] + ["" if c[k] is None else f"{c[k]:.1f}"
                                              for c in columns])
    plots = ", ".join(f"'{data.name}' using 1:{i + 2} with lines lw 2 title '{p}'"
                      for i, p in enumerate(policies))
    script = f"""set terminal svg size 900,480 dynamic font 'sans,12'
set output '{scenario}.svg'
set datafile separator ','
set key top right
set title "{s['title']}: host RSS of the QEMU process"
set xlabel 'seconds since the workload ended'
set ylabel 'MiB above the idle baseline'
set grid
set arrow from {t0},64 to {t1},64 nohead dashtype 2 lc rgb 'gray'
plot {plots}
"""
    subprocess.run(["gnuplot"], input=script.encode(), cwd=RESULTS, check=True)


def debian_download(package, dest):
    """apt-get download + dpkg-deb -x into dest/<package>; returns that dir."""
    root = dest / package
    if root.is_dir():
        return root
    dest.mkdir(parents=True, exist_ok=True)
    for attempt in range(2):
        got = subprocess.run(["apt-get", "download", package], cwd=dest,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if got.returncode == 0:
            break
        if attempt == 0:  # a fresh machine may have no package lists yet
            subprocess.run(["apt-get", "update"], stdout=subprocess.DEVNULL, check=True)
    else:
        raise RuntimeError(f"apt-get download {package}: {got.stderr.decode().strip()}")
    deb = next(dest.glob(f"{package}_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    deb.unlink()
    return root


def debian_kernel_package():
    """The versioned package linux-image-amd64 depends on."""
    out = subprocess.run(["apt-cache", "depends", "linux-image-amd64"],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    for line in out.splitlines():
        name = line.strip().removeprefix("Depends: ")
        if name.startswith("linux-image-") and name != "linux-image-amd64":
            return name
    raise RuntimeError("apt-cache depends linux-image-amd64 names no linux-image-* package")


BOOT_MARKER = "ebb.run: exit"
# QEMU start to BOOT_MARKER under TCG (s): issue 22's aim for each machine.
BOOT_AIMS = {"pc": 1.2, "microvm": 0.5}
INIT_AIM_BYTES = 61440    # issue 13: init (with reclaim) at most 60 KiB


def machine_says(machine, what):
    """./machine.sh's answer: QEMU options, virtio bus or kernel words."""
    return subprocess.run([str(ROOT / "machine.sh"), machine, what], stdout=subprocess.PIPE,
                          text=True, check=True).stdout.split("\n")


def machine_options(machine, without=None):
    """./machine.sh's QEMU options and kernel words, less one of them
    (a word, or the value of a -global)."""
    qemu = [o for o in machine_says(machine, "qemu") if o]
    pairs = [qemu[k:k + 2] for k in range(0, len(qemu), 2)]
    words = machine_says(machine, "append")[0].split()
    return ([o for pair in pairs if pair[1] != without for o in pair],
            [w for w in words if w != without])


def boot_command(machine, kernel, append, without=None):
    """The boot part's QEMU: the machine as make run and the tests boot it
    (./machine.sh), one vCPU, the balloon only."""
    bus = machine_says(machine, "bus")[0]
    qemu, words = machine_options(machine, without)
    return ["qemu-system-x86_64", *qemu,
            "-accel", "tcg", "-m", "1024", "-smp", "1", "-nodefaults", "-no-user-config",
            "-display", "none", "-no-reboot", "-serial", "stdio", "-kernel", str(kernel),
            "-initrd", str(INITRAMFS), "-append", f"{APPEND} {' '.join(words)} {append}",
            "-device", f"virtio-balloon-{bus},free-page-reporting=on"]


def boot_seconds(machine, kernel, name, without=None):
    vm = VM(boot_command(machine, kernel, "ebb.run=true", without),
            WORK / "logs" / f"boot-{name}.log")
    try:
        return vm.wait_line(BOOT_MARKER, 180)
    finally:
        vm.finish(60)


# The breakdown boot's ebb.run program: a kmsg line at its start, then the
# guest's uptime (the host's time of that line minus it is what came before
# the kernel's clock), then dmesg. No double quotes: it is quoted itself.
BREAKDOWN_RUN = ("echo ebb-boot: program >/dev/kmsg; read up rest </proc/uptime; "
                 "echo MARK uptime s=$up; echo MARK dmesg-begin; dmesg; echo MARK dmesg-end")
# initcall_debug logs each initcall's time at debug level (quiet keeps it off
# the console); the bigger log buffer keeps the first lines.
BREAKDOWN_APPEND = f'initcall_debug printk.time=1 log_buf_len=1M ebb.run="{BREAKDOWN_RUN}"'


def boot_breakdown(machine, symbols, name):
    """One boot with initcall_debug: parse_boot_dmesg's log and the host's
    seconds before the kernel's clock started."""
    vm = VM(boot_command(machine, VMLINUX, BREAKDOWN_APPEND),
            WORK / "logs" / f"boot-breakdown-{name}.log")
    try:
        t_uptime, fields = vm.wait_mark("uptime", 180)
        vm.wait_mark("dmesg-end", 120)
    finally:
        vm.finish(60)
    # whole lines: the kernel's command line in dmesg names the marks too
    lines = [text.strip() for _, text in vm.lines]
    begin, end = lines.index("MARK dmesg-begin"), lines.index("MARK dmesg-end")
    log = bl.parse_boot_dmesg("\n".join(lines[begin + 1:end]), symbols)
    return log, t_uptime - float(fields["s"])


def breakdown_tables(machine, results, total_s):
    """results: [(log, pre_kernel_s)] of several boots -> markdown: the
    median of each stage, and the slowest initcalls (median usecs)."""
    stages = [bl.boot_stages(log, pre) for log, pre in results]
    header = ["stage", f"s (median of {len(results)})"]
    rows = [[name, bl.fmt(bl.median(s[k][1] for s in stages), 3)]
            for k, (name, _, _) in enumerate(stages[0])]
    rows.append(["= QEMU start to the ebb.run program (initcall_debug boots)",
                 bl.fmt(bl.median(bl.boot_stages_total(s) for s in stages), 3)])
    rows.append([f"QEMU start to '{BOOT_MARKER}' (ebb.run=true boots above)", bl.fmt(total_s, 3)])
    calls = [[f"`{name}`", bl.fmt(usecs / 1000, 1)]
             for name, usecs in bl.slowest_initcalls(log for log, _ in results)]
    return (f"Where the time goes on {machine} (`build/vmlinux` + ebb initramfs; "
            "`initcall_debug printk.time=1`, guest clock; the first row is the host's):\n\n"
            + bl.markdown_table(header, rows) + "\n\nSlowest initcalls:\n\n"
            + bl.markdown_table(["initcall", "ms (median)"], calls))


# Kernel words a machine cannot boot without under TCG (savings skip them).
BOOT_NEEDED = ("tsc_early_khz=",)


def boot_variants():
    """(row name, machine, kernel, left out) of the boot part: the aims'
    rows first, then each machine without each of ./machine.sh's words and
    -globals in turn (what each one saves)."""
    pkg = debian_kernel_package()
    debian = next((debian_download(pkg, WORK / "debian") / "boot").glob("vmlinuz-*"))
    variants = [("ebb `vmlinux` (PVH) on pc", "pc", VMLINUX, None),
                ("ebb `vmlinux` (PVH) on microvm", "microvm", VMLINUX, None),
                ("ebb `bzImage` on pc", "pc", KERNEL, None),
                (f"Debian {pkg} on pc", "pc", debian, None)]
    for machine in BOOT_AIMS:
        qemu, words = machine_options(machine)
        for left_out in qemu[3::2] + words:
            if not left_out.startswith(BOOT_NEEDED):
                variants.append((f"`vmlinux` on {machine} without `{left_out}`", machine,
                                 VMLINUX, left_out))
    return pkg, variants


def savings_table(variants, medians):
    """What each word (or bzImage's decompressor) costs when left out:
    its median boot against its machine's full one."""
    full = {machine: medians[name] for name, machine, _, left_out in variants[:len(BOOT_AIMS)]}
    rows = [[f"`{left_out}`", machine, bl.fmt(medians[name], 2),
             bl.fmt(None if medians[name] is None else medians[name] - full[machine], 2)]
            for name, machine, _, left_out in variants if left_out]
    rows.insert(0, ["PVH (`vmlinux`, against `bzImage`)", "pc", bl.fmt(medians[variants[2][0]], 2),
                    bl.fmt(medians[variants[2][0]] - full["pc"], 2)])
    return ("What each measure saves (the same boots without it; medians, so differences "
            "under about 0.05 s are noise):\n\n"
            + bl.markdown_table(["left out", "machine", "s without it", "s saved"], rows))


def boot_part(boots):
    pkg, variants = boot_variants()
    times = {name: [] for name, _, _, _ in variants}
    for k in range(boots):
        for number, (name, machine, kernel, left_out) in enumerate(variants):
            times[name].append(boot_seconds(machine, kernel, f"{machine}-{number}-{k}", left_out))
            say(f"  boot {k + 1}/{boots} {name}: {times[name][-1]:.2f} s")
    medians = {name: bl.median(times[name]) for name in times}
    first = medians[variants[0][0]]
    rows = [[name, machine, bl.fmt(medians[name], 2),
             f"{bl.fmt(min(times[name]), 2)}-{bl.fmt(max(times[name]), 2)}",
             bl.fmt(bl.ratio(medians[name], first), 2)]
            for name, machine, _, left_out in variants if left_out is None]
    header = ["kernel + ebb initramfs", "machine",
              f"QEMU start to '{BOOT_MARKER}' (s, median of {boots})", "min-max", "ratio"]
    aims = []
    for name, machine, _, _ in variants[:len(BOOT_AIMS)]:
        aim, got = BOOT_AIMS[machine], medians[name]
        aims.append(f"{machine} at most {aim} s: {bl.fmt(got, 2)} s, "
                    + ("met." if got is not None and got <= aim else "not met."))
    symbols = bl.parse_symbol_map(SYSTEM_MAP.read_text()) if SYSTEM_MAP.exists() else {}
    breakdowns = []
    for name, machine, _, _ in variants[:len(BOOT_AIMS)]:
        results = []
        for k in range(max(1, boots // 2)):
            results.append(boot_breakdown(machine, symbols, f"{machine}-{k}"))
            at = bl.boot_stages_total(bl.boot_stages(*results[-1]))
            say(f"  breakdown boot {k + 1} on {machine}: QEMU start to the program {bl.fmt(at, 2)} s")
        breakdowns.append(breakdown_tables(machine, results, medians[name]))
    return (f"#### Boot (TCG, 1 GiB, 1 vCPU, `{APPEND} ebb.run=true` and ./machine.sh's words)\n\n"
            + bl.markdown_table(header, rows) + "\n\nAims (issue 22): " + " ".join(aims)
            + "\n\n" + savings_table(variants, medians) + "\n\n" + "\n\n".join(breakdowns)), times


def sizes_part():
    bb_debian = debian_download("busybox-static", WORK / "debian") / "bin" / "busybox"
    tarballs = sorted(BUILD.glob("rootfs*.tar*"))
    items = [("kernel (bzImage)", BUILD / "bzImage"),
             ("initramfs (cpio.gz)", BUILD / "initramfs.cpio.gz"),
             ("rootfs tarball", tarballs[0] if tarballs else None),
             ("init binary (init + reclaim, static musl)", BUILD / "init"),
             ("BusyBox (ebb's build)", BUILD / "busybox"),
             ("BusyBox (Debian busybox-static)", bb_debian)]
    rows = []
    for label, path in items:
        if path is None or not path.exists():
            rows.append([label, "missing", ""])
            continue
        size = path.stat().st_size
        rows.append([label, f"{size / 1024:.0f}", str(path.relative_to(ROOT))])
    init = (BUILD / "init").stat().st_size
    return ("#### Sizes\n\n" + bl.markdown_table(["artifact", "KiB", "file"], rows)
            + f"\n\nAim: `build/init` at most {INIT_AIM_BYTES:,} bytes (60 KiB): {init:,}, "
            + ("met." if init <= INIT_AIM_BYTES else "not met."))


def policy_reps(scenario, policy, reps, frontier_reps):
    """How many runs of a policy a scenario gets (0: none)."""
    if scenario == FRONTIER["scenario"] and policy in FRONTIER["policies"]:
        return frontier_reps
    return 0 if policy in FRONTIER["only"] else reps


def run_order(reps, scenarios=None, policies=None, frontier_reps=None):
    """Long idle scenarios first, so that short runs fill the token's gaps;
    the policy order rotates with the repetition."""
    frontier_reps = reps if frontier_reps is None else frontier_reps
    names = [p for p in POLICIES if not policies or p in policies]
    order = []
    for scenario in ("intermittent", "pagecache", "frag", "anon"):
        if scenarios and scenario not in scenarios:
            continue
        mine = [p for p in names if policy_reps(scenario, p, reps, frontier_reps)]
        for rep in range(1, max(reps, frontier_reps) + 1):
            shift = (rep - 1) % max(1, len(mine))
            order += [(scenario, policy, rep) for policy in mine[shift:] + mine[:shift]
                      if rep <= policy_reps(scenario, policy, reps, frontier_reps)]
    return order


FRONTIER_HEADER = ["policy", "runs", "back within 64 MiB (s): median (min-max)",
                   "held when the rerun began (MiB)", "rerun vs off: median (min-max)",
                   "rerun vs the WSL model's, same repetition: median (min-max)"]


def frontier_part(runs):
    """The hot tier's table, frontier.csv and frontier.svg, and the aim's line."""
    scenario = FRONTIER["scenario"]
    idle = SCENARIOS[scenario]["idle"]
    mine = [r for r in runs if r["scenario"] == scenario]
    rows = bl.frontier(mine, FRONTIER["policies"])
    if not rows:
        return ""
    never = f"never (> {idle})"
    wsl = next((row for row in rows if row["policy"] == "wsl"), None)
    table = []
    for row in rows:
        both, (plo, phi) = bl.paired(row, wsl) if wsl and row is not wsl else (None, (None, None))
        lo, hi = row["return_spread"]
        back = never if lo is None else (f"{bl.fmt(row['return_s'], none=never)} "
                                         f"({bl.fmt(lo)}-{bl.fmt(hi, none='never')})")
        rlo, rhi = row["ratio_spread"]
        table.append([row["policy"], row["runs"], back, bl.fmt(row["held_mib"], 0),
                      f"{bl.fmt(row['rerun_ratio'], 2)} ({bl.fmt(rlo, 2)}-{bl.fmt(rhi, 2)})",
                      "" if both is None else f"{bl.fmt(both, 2)} ({bl.fmt(plo, 2)}-{bl.fmt(phi, 2)})"])
    write_frontier(rows, idle)
    title = (f"#### Hot tier frontier ({SCENARIOS[scenario]['title']}, idle {idle} s): "
             "time to return against the next run's cost")
    return (title + "\n\n" + bl.markdown_table(FRONTIER_HEADER, table) + "\n\n"
            + aim_line(rows, idle))


def aim_line(rows, idle):
    wsl = next((row for row in rows if row["policy"] == "wsl"), None)
    if not wsl:
        return "Aim (rerun no worse than the WSL model's, back 5x sooner): no WSL model run."
    met = [row["policy"] for row in rows if row["policy"].startswith("ebb-")
           and bl.aim_met(row, wsl, idle, AIM_SOONER)]
    back = (f"{bl.fmt(wsl['return_s'])} s" if wsl["return_s"] is not None
            else f"never, > {idle} s")
    line = (f"Aim: rerun vs off no worse than the WSL model's ({bl.fmt(wsl['rerun_ratio'], 2)}) "
            f"while back within 64 MiB at least {AIM_SOONER}x sooner than it ({back}; "
            f"<= {bl.fmt(bl.aim_bound(wsl, idle, AIM_SOONER))} s): "
            + (f"met by {', '.join(met)}." if met else "not met by any ebb setting."))
    if bl.aim_reachable(wsl):
        return line
    return (line + f" Holding part of the set cannot meet it: the WSL model still held "
            f"{bl.fmt(wsl['held_mib'], 0)} MiB when the rerun began, and a setting back within "
            f"64 MiB holds less, so it reads more of the set cold.")


def write_frontier(rows, idle):
    """frontier.csv (one line per run, then the medians) and its plot; runs
    never back are drawn at the end of the idle phase."""
    with open(RESULTS / "frontier.csv", "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["policy", "rep", "back_s", "rerun_vs_off"])
        for row in rows:
            for k, (back, ratio) in enumerate(row["points"], 1):
                writer.writerow([row["policy"], k, bl.fmt(back, none=""), bl.fmt(ratio, 3, "")])
        for row in rows:
            writer.writerow([row["policy"], "median", bl.fmt(row["return_s"], none=""),
                             bl.fmt(row["rerun_ratio"], 3, "")])
    blocks, plots = [], []
    rows = [row for row in rows if row["rerun_ratio"] is not None]  # no "off": no ratios
    if not rows:
        return
    for i, row in enumerate(rows):
        points = "\n".join(f"{idle if b is None else b:.2f} {r:.3f}" for b, r in row["points"])
        back = idle if row["return_s"] is None else row["return_s"]
        blocks.append(f"$runs{i} << EOD\n{points}\nEOD\n$median{i} << EOD\n"
                      f"{back:.2f} {row['rerun_ratio']:.3f}\nEOD")
        plots += [f"$runs{i} with points pt 7 ps 0.6 lc {i + 1} title '{row['policy']}'",
                  f"$median{i} with points pt 6 ps 2.5 lw 2 lc {i + 1} notitle"]
    wsl = next((row for row in rows if row["policy"] == "wsl"), None)
    aim = (f"set object rect from 0,0 to {bl.aim_bound(wsl, idle, AIM_SOONER):.2f},"
           f"{wsl['rerun_ratio']:.3f} fc rgb 'green' fs transparent solid 0.12 noborder\n"
           f"set label 'aim' at 1,{wsl['rerun_ratio'] - 0.05:.3f}\n") if wsl else ""
    script = "\n".join(blocks) + f"""
set terminal svg size 900,480 dynamic font 'sans,12'
set output 'frontier.svg'
{aim}set key top right
set title "hot tier frontier: one dot per run, rings = medians; never back = drawn at {idle} s"
set xlabel 'back within 64 MiB of the idle baseline (s after the workload)'
set ylabel 'rerun time / off'
set xrange [0:{idle + 10}]
set yrange [0:*]
set grid
plot {", ".join(plots)}
"""
    subprocess.run(["gnuplot"], input=script.encode(), cwd=RESULTS, check=True)


def policies_part(order):
    from concurrent.futures import ThreadPoolExecutor, as_completed
    token = Token()
    runs, failed, start = [], [], time.monotonic()
    with ThreadPoolExecutor(max_workers=MAX_VMS) as pool:
        futures = {pool.submit(run_one, *spec, token): spec for spec in order}
        for future in as_completed(futures):
            scenario, policy, rep = futures[future]
            elapsed = time.monotonic() - start
            try:
                run = future.result()
            except Exception as error:  # one failed run must not stop the others
                failed.append(futures[future])
                say(f"  [{elapsed:6.0f} s] {scenario}/{policy} #{rep}: FAILED: {error}")
                continue
            runs.append(run)
            say(f"  [{elapsed:6.0f} s] {len(runs) + len(failed)}/{len(order)} "
                f"{scenario}/{policy} #{rep}: back {bl.fmt(run['return_s'], none='never')} s, "
                f"excess {run['excess_mib_s']:.0f} MiB·s, rerun {run['rerun_s']:.2f} s, "
                f"reclaimer CPU {run['reclaimer_cpu_s']:.2f} s")
    write_runs_csv(RESULTS / "runs.csv", runs)
    tables = []
    for scenario in SCENARIOS:
        mine = [r for r in runs if r["scenario"] == scenario]
        if mine:
            tables.append(policy_table(scenario, mine))
            plot_scenario(scenario, mine)
            say("\n" + tables[-1] + "\n")
    frontier = frontier_part(runs)
    if frontier:
        tables.append(frontier)
        say("\n" + frontier + "\n")
    if failed:
        tables.append("Failed runs: " + ", ".join(f"{s}/{p} #{r}" for s, p, r in failed))
    return "\n\n".join(tables), not failed


README_BEGIN, README_END = "<!-- bench:begin -->", "<!-- bench:end -->"
FULL_PARTS = ["sizes", "boot", "tcg", "policies", "density"]


def update_readme(text):
    """Replaces docs/benchmarks.md's text between the bench markers."""
    readme = ROOT / "docs" / "benchmarks.md"
    current = readme.read_text()
    begin, end = current.find(README_BEGIN), current.find(README_END)
    if begin < 0 or end < begin:
        say(f"{readme.relative_to(ROOT)} has no bench markers: not updated")
        return
    readme.write_text(current[:begin + len(README_BEGIN)] + "\n" + text + "\n"
                      + current[end:])


def snapshot_images():
    """Every run boots the same kernel and initramfs (and names initcalls
    from the same System.map), even if a build replaces build/bzImage
    meanwhile; sizes still report build/'s files."""
    global KERNEL, VMLINUX, INITRAMFS
    images = WORK / "images"
    images.mkdir(parents=True, exist_ok=True)
    for name in ("KERNEL", "VMLINUX", "INITRAMFS", "SYSTEM_MAP"):
        source = globals()[name]
        if name == "SYSTEM_MAP" and not source.exists():
            continue  # initcalls are then named by address
        copy = images / source.name
        shutil.copyfile(source, copy)
        globals()[name] = copy


def main():
    global RESULTS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="one repetition, results under build/bench/partial")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--frontier-reps", type=int,
                        help=f"runs of the frontier's policies (default {FRONTIER['reps']}, "
                             "or --reps when below 3)")
    parser.add_argument("--parts", default=",".join(FULL_PARTS))
    parser.add_argument("--scenarios", help="comma-separated subset (development)")
    parser.add_argument("--policies", help="comma-separated subset (development)")
    parser.add_argument("--density-intervals",
                        help="comma-separated idle minutes between turns (default "
                             f"{','.join(map(str, density.INTERVALS_MIN))}; --quick: 1)")
    parser.add_argument("--density-reps", type=int,
                        help=f"VMs per policy and interval (default {density.REPS}; --quick: 1)")
    args = parser.parse_args()
    subset = args.scenarios or args.policies
    reps, boots = (1, 1) if args.quick else (args.reps, 5)
    frontier_reps = args.frontier_reps or (max(reps, FRONTIER["reps"]) if reps >= 3 else reps)
    if args.quick or subset or args.parts != ",".join(FULL_PARTS):
        RESULTS = WORK / "partial"  # only a full run replaces bench/results
    for needed in (KERNEL, VMLINUX, INITRAMFS, DATA_DISK, BUILD / "tools" / "memhog"):
        if not needed.exists():
            sys.exit(f"bench: {needed} is missing (make bench builds it)")
    snapshot_images()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (WORK / "logs").mkdir(parents=True, exist_ok=True)
    parts, ok, start = args.parts.split(","), True, time.monotonic()
    sections = [f"`make bench{' QUICK=1' if args.quick else ''}`, {time.strftime('%Y-%m-%d')}, "
                f"QEMU TCG on {os.cpu_count()} host cores; {reps} repetition(s), "
                f"{frontier_reps} for the hot tier frontier."]
    if "sizes" in parts:
        say("== sizes")
        sections.append(sizes_part())
        say(sections[-1] + "\n")
    if "boot" in parts:
        say(f"== boot: {boots} boot(s) per kernel")
        table, _ = boot_part(boots)
        sections.append(table)
        say(table + "\n")
    if "tcg" in parts:
        say("== tcg: translation buffer sizes")
        sections.append(density.tb_part(sys.modules[__name__]))
        say(sections[-1] + "\n")
    if "policies" in parts:
        order = run_order(reps, args.scenarios and args.scenarios.split(","),
                          args.policies and args.policies.split(","), frontier_reps)
        say(f"== reclaim policies: {len(order)} runs, up to {MAX_VMS} VMs at once")
        table, ok = policies_part(order)
        sections.append(table)
    if "density" in parts:
        intervals = (tuple(float(x) if "." in x else int(x) for x in args.density_intervals.split(","))
                     if args.density_intervals else ((1,) if args.quick else density.INTERVALS_MIN))
        dreps = args.density_reps or (1 if args.quick else density.REPS)
        policies = (tuple(args.policies.split(",")) if args.policies else density.POLICIES)
        say(f"== density: intervals {intervals} min, {len(policies)} policies, {dreps} rep(s)")
        table, density_ok = density.part(sys.modules[__name__], intervals, policies, dreps)
        ok = ok and density_ok
        sections.insert(1, table)  # the figure a fleet cares about comes first
        say(table + "\n")
    summary = "\n\n".join(sections) + "\n"
    (RESULTS / "summary.md").write_text(summary)
    if not args.quick and ok and not subset and parts == FULL_PARTS:
        update_readme(summary)
    say(f"bench: done in {(time.monotonic() - start) / 60:.1f} min; "
        f"results in {RESULTS.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
