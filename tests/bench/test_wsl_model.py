"""Runs bench/wsl-model.sh on a fake /proc and /sys with a fake `sleep`
that advances the CPU counters one 10 s tick per call and records what the
model wrote during the previous tick."""
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

MODEL = Path(__file__).resolve().parents[2] / "bench" / "wsl-model.sh"
MIB = 1 << 20

FAKE_SLEEP = r"""#!/bin/sh
# tick counter, CPU counters advanced by 1000 jiffies (busy from the schedule)
root=$WSL_MODEL_ROOT
n=$(($(cat "$root/ticks") + 1)); echo $n > "$root/ticks"
busy=$(sed -n "${n}p" "$root/busy"); busy=${busy:-0}
user=$(cat "$root/user")
user=$((user + busy)); idle=$(($(cat "$root/idle") + 1000 - busy))
echo "$user" > "$root/user"; echo "$idle" > "$root/idle"
echo "cpu  $user 0 0 $idle 0 0 0 0 0 0" > "$root/proc/stat"
for f in proc/sys/vm/drop_caches proc/sys/vm/compact_memory sys/fs/cgroup/memory.reclaim; do
	printf '%s %s %s\n' "$n" "${f##*/}" "$(cat "$root/$f" 2>/dev/null)" >> "$root/log"
	[ -f "$root/$f" ] && : > "$root/$f"
done
[ "$n" -gt "$(cat "$root/max")" ] && kill "$PPID"
exit 0
"""

MEMINFO = """MemTotal:        1048576 kB
MemFree:          500000 kB
Active(file):     307200 kB
Inactive(file):   102400 kB
SReclaimable:      20480 kB
"""


def run_model(mode, ticks, busy=(), meminfo=MEMINFO, with_reclaim=True):
    """Returns {tick: {file: text written during the tick before}}."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for d in ("proc/sys/vm", "sys/fs/cgroup", "bin"):
            (root / d).mkdir(parents=True)
        (root / "proc/meminfo").write_text(meminfo)
        (root / "proc/stat").write_text("cpu  0 0 0 0 0 0 0 0 0 0\n")
        for name, text in (("ticks", "0"), ("user", "0"), ("idle", "0"), ("max", str(ticks)),
                           ("busy", "\n".join(str(b) for b in busy)), ("log", "")):
            (root / name).write_text(text)
        for f in ("proc/sys/vm/drop_caches", "proc/sys/vm/compact_memory"):
            (root / f).write_text("")
        if with_reclaim:
            (root / "sys/fs/cgroup/memory.reclaim").write_text("")
        sleep = root / "bin" / "sleep"
        sleep.write_text(FAKE_SLEEP)
        sleep.chmod(0o755)
        env = dict(os.environ, WSL_MODEL_ROOT=str(root),
                   PATH=f"{root / 'bin'}:{os.environ['PATH']}")
        subprocess.run(["sh", str(MODEL), mode], env=env, timeout=60,
                       stdout=subprocess.DEVNULL)
        writes = {}
        for line in (root / "log").read_text().splitlines():
            tick, name, *text = line.split(" ", 2)
            if text and text[0]:
                writes.setdefault(int(tick) - 1, {})[name] = text[0]
        return writes


class WslModel(unittest.TestCase):
    def test_dropcache_once_per_idle_period(self):
        # all idle: the window is full at sample 12; busy at 15 refills it
        # (the busy sample must leave the 12-sample window): next drop at 27
        busy = [0] * 14 + [500]
        writes = run_model("dropcache", 30, busy)
        drops = sorted(t for t, w in writes.items() if w.get("drop_caches") == "3")
        self.assertEqual(drops, [12, 27])
        self.assertEqual(writes[12].get("compact_memory"), "1")

    def test_busy_just_over_threshold_is_not_idle(self):
        # 6 of 1000 jiffies = 0.6 % busy in every sample: never idle
        writes = run_model("dropcache", 16, [6] * 16)
        self.assertEqual(writes, {})

    def test_busy_at_threshold_is_idle(self):
        writes = run_model("dropcache", 13, [5] * 13)
        self.assertEqual(writes[12].get("drop_caches"), "3")

    def test_gradual_step_and_floor(self):
        writes = run_model("gradual", 14)
        self.assertNotIn(11, writes)
        # cache 420 MiB - 128 MiB floor = 292 MiB > step (1 GiB / 32 -> 256 MiB minimum)
        self.assertEqual(writes[12]["memory.reclaim"], f"{256 * MIB} swappiness=0")
        self.assertEqual(writes[12]["compact_memory"], "1")
        self.assertEqual(writes[13]["memory.reclaim"], f"{256 * MIB} swappiness=0")

    def test_gradual_stops_at_floor(self):
        small = MEMINFO.replace("307200", "40960").replace("102400", "51200")
        writes = run_model("gradual", 13, meminfo=small)
        # 40 + 50 + 20 = 110 MiB of cache, under the floor: first-idle compaction only
        self.assertEqual(writes[12], {"compact_memory": "1"})

    def test_gradual_reclaims_only_above_floor(self):
        mid = MEMINFO.replace("307200", "102400").replace("102400", "51200", 1)
        writes = run_model("gradual", 13, meminfo=mid)
        self.assertIn("memory.reclaim", writes[12])

    def test_gradual_without_memory_reclaim_drops_caches(self):
        writes = run_model("gradual", 13, with_reclaim=False)
        self.assertEqual(writes[12].get("drop_caches"), "3")


if __name__ == "__main__":
    unittest.main()
