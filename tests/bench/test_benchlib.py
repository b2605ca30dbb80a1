"""Unit tests of bench/benchlib.py: parsing and statistics."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import benchlib as bl  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"


class ParseMark(unittest.TestCase):
    def test_plain(self):
        self.assertEqual(bl.parse_mark("MARK work-end ms=1234"), ("work-end", {"ms": "1234"}))

    def test_fields_and_carriage_return(self):
        self.assertEqual(bl.parse_mark("MARK ready pid1=12 model=0\r"),
                         ("ready", {"pid1": "12", "model": "0"}))

    def test_after_console_noise(self):
        line = "[   12.345678] random: crng init done MARK rerun-start"
        self.assertEqual(bl.parse_mark(line), ("rerun-start", {}))

    def test_not_marks(self):
        for line in ("", "MARKS x", "ebb.run: exit 0", "MARK ", "MARK bad name!",
                     "MARK x key", "\x00\xff garbage MARK"):
            self.assertIsNone(bl.parse_mark(line), line)


class ParseProc(unittest.TestCase):
    def test_vmrss_fixture(self):
        text = (FIXTURES / "qemu-status.txt").read_text()
        self.assertEqual(bl.parse_vmrss_kib(text), 541276)

    def test_vmrss_garbage(self):
        self.assertIsNone(bl.parse_vmrss_kib("VmRSS:\tlots kB\n"))
        self.assertIsNone(bl.parse_vmrss_kib("Name: qemu\n"))
        self.assertIsNone(bl.parse_vmrss_kib("VmRSS:"))

    def test_stat_fixture(self):
        text = (FIXTURES / "pid1-stat.txt").read_text()
        self.assertEqual(bl.parse_stat_ticks(text), 31 + 57)

    def test_stat_name_with_parens_and_spaces(self):
        line = "42 (a) b (c)) S 1 42 42 0 -1 4194560 100 0 0 0 7 9 0 0 20 0 1 0 5 0 0"
        self.assertEqual(bl.parse_stat_ticks(line), 16)

    def test_stat_garbage(self):
        for line in ("", "12 (x) S 1", "no parens at all 1 2 3 4 5 6 7 8 9 10 11 12 13",
                     "1 (x) S 1 1 1 0 -1 0 0 0 0 0 x y 0 0"):
            self.assertIsNone(bl.parse_stat_ticks(line), line)


class Statistics(unittest.TestCase):
    # 1 sample/s: idle at 100, a workload up to 600, then back down by 50/s
    samples = [(t, 100.0) for t in range(0, 10)] + [(10, 600.0), (11, 600.0)] + \
        [(12 + k, 600.0 - 50 * (k + 1)) for k in range(10)] + [(t, 102.0) for t in range(22, 40)]

    def test_median(self):
        self.assertEqual(bl.median([3, 1, 2]), 2)
        self.assertEqual(bl.median([4, 1, 2, 3]), 2.5)
        self.assertIsNone(bl.median([]))
        self.assertEqual(bl.median([None, 5]), 5)

    def test_baseline(self):
        self.assertEqual(bl.baseline(self.samples, 5, 9), 100.0)

    def test_time_to_return(self):
        # within 64 MiB of 100 means <= 164: first 150 at t=20, workload ended at 11
        self.assertEqual(bl.time_to_return(self.samples, 11, 39, 100.0), 9.0)

    def test_time_to_return_must_stay_back(self):
        bounce = [(0, 100.0), (1, 120.0), (2, 400.0), (3, 130.0), (4, 110.0)]
        self.assertEqual(bl.time_to_return(bounce, 0, 4, 100.0), 3.0)

    def test_never_back(self):
        self.assertIsNone(bl.time_to_return(self.samples, 11, 15, 100.0))
        self.assertIsNone(bl.time_to_return([], 0, 10, 100.0))

    def test_excess_area_triangle(self):
        # from 0 to 100 MiB above base over 10 s, linearly: 500 MiB*s
        ramp = [(0, 50.0), (10, 150.0)]
        self.assertAlmostEqual(bl.excess_area(ramp, 0, 10, 50.0), 500.0)

    def test_excess_area_clipped_and_below_base(self):
        ramp = [(0, 50.0), (10, 150.0)]
        self.assertAlmostEqual(bl.excess_area(ramp, 5, 10, 50.0), 375.0)
        self.assertEqual(bl.excess_area([(0, 10.0), (5, 20.0)], 0, 5, 50.0), 0.0)

    def test_median_never(self):
        self.assertEqual(bl.median_never([3.0, None, 1.0]), 3.0)
        self.assertIsNone(bl.median_never([None, None, 1.0]))
        self.assertIsNone(bl.median_never([None, 1.0]))
        self.assertEqual(bl.median_never([2.0, 4.0]), 3.0)

    def test_summarize_ratio_against_off(self):
        runs = [dict(policy=p, return_s=r, excess_mib_s=e, rerun_s=x, reclaimer_cpu_s=0.1,
                     peak_above_mib=400.0, baseline_mib=100.0, work_s=1.0)
                for p, r, e, x in [("off", None, 9000.0, 2.0), ("off", None, 9100.0, 2.2),
                                   ("ebb-gradual", 12.0, 3000.0, 2.3),
                                   ("ebb-gradual", 14.0, 3200.0, 2.1)]]
        rows = bl.summarize(runs, ["off", "wsl", "ebb-gradual"])
        self.assertEqual([r["policy"] for r in rows], ["off", "ebb-gradual"])
        off, ebb = rows
        self.assertIsNone(off["return_s"])
        self.assertEqual(off["returned"], 0)
        self.assertEqual(ebb["return_s"], 13.0)
        self.assertAlmostEqual(ebb["rerun_ratio"], 2.2 / 2.1)
        self.assertAlmostEqual(off["rerun_ratio"], 1.0)
        self.assertEqual(ebb["excess_mib_s"], 3100.0)

    def test_spread_never_last(self):
        self.assertEqual(bl.spread([3.0, None, 1.0]), (1.0, None))
        self.assertEqual(bl.spread([2.0]), (2.0, 2.0))
        self.assertEqual(bl.spread([]), (None, None))

    def test_frontier_ratios_per_run(self):
        runs = [dict(policy=p, rep=k, return_s=r, rerun_s=x, held_at_rerun_mib=h)
                for p, k, r, x, h in [("off", 1, None, 0.5, 196.0), ("off", 2, None, 0.7, 198.0),
                                      ("wsl", 1, 110.0, 0.9, 80.0), ("wsl", 2, 120.0, 1.2, 84.0),
                                      ("ebb-hot", 2, None, 0.6, 197.0),
                                      ("ebb-hot", 1, 20.0, 1.8, 21.0),
                                      ("ebb-hot", 3, 24.0, 1.2, 23.0)]]
        rows = bl.frontier(runs, ["off", "wsl", "ebb-gradual", "ebb-hot"])
        self.assertEqual([r["policy"] for r in rows], ["off", "wsl", "ebb-hot"])
        off, wsl, hot = rows
        self.assertAlmostEqual(off["rerun_ratio"], 1.0)
        self.assertEqual(wsl["return_s"], 115.0)
        self.assertEqual(wsl["return_spread"], (110.0, 120.0))
        # runs in repetition order; ratios against off's median rerun, 0.6 s
        self.assertEqual([p[0] for p in hot["points"]], [20.0, None, 24.0])
        self.assertAlmostEqual(hot["points"][0][1], 3.0)
        self.assertEqual(hot["return_s"], 24.0)
        self.assertEqual(hot["return_spread"], (20.0, None))
        self.assertEqual(hot["returned"], 2)
        self.assertAlmostEqual(hot["rerun_ratio"], 2.0)
        self.assertAlmostEqual(hot["ratio_spread"][1], 3.0)
        self.assertEqual(wsl["held_mib"], 82.0)
        self.assertEqual(hot["held_mib"], 23.0)

    def test_paired_by_repetition(self):
        runs = [dict(policy=p, rep=k, return_s=None, rerun_s=x, held_at_rerun_mib=0.0)
                for p, k, x in [("off", 1, 0.5), ("wsl", 1, 0.9), ("wsl", 2, 1.2),
                                ("ebb-hot", 1, 1.8), ("ebb-hot", 2, 0.6), ("ebb-hot", 3, 1.2),
                                ("ebb-gradual", 3, 1.0)]]
        off, wsl, hot, gradual = bl.frontier(runs, ["off", "wsl", "ebb-hot", "ebb-gradual"])
        # repetitions 1 and 2 only: 1.8/0.9 and 0.6/1.2 (3 has no WSL model run)
        both, (low, high) = bl.paired(hot, wsl)
        self.assertAlmostEqual(both, 1.25)
        self.assertAlmostEqual(low, 0.5)
        self.assertAlmostEqual(high, 2.0)
        self.assertEqual(bl.paired(gradual, wsl), (None, (None, None)))
        self.assertAlmostEqual(bl.paired(off, wsl)[0], 0.5 / 0.9)

    def test_held_before_ends_where_the_phase_begins(self):
        samples = [(0.0, 100.0), (1.0, 130.0), (2.0, 150.0), (3.0, 350.0)]
        # over [1, 3): 130 and 150, not the phase's own 350 at 3 s
        self.assertEqual(bl.held_before(samples, 3.0, 2.0, 100.0), 40.0)
        self.assertIsNone(bl.held_before(samples, 10.0, 2.0, 100.0))

    def test_aim_reachable(self):
        # a setting back within 64 MiB holds less than that at the rerun
        self.assertTrue(bl.aim_reachable(dict(held_mib=64.0)))
        self.assertFalse(bl.aim_reachable(dict(held_mib=81.0)))
        self.assertFalse(bl.aim_reachable(dict(held_mib=None)))

    def test_aim_met(self):
        wsl = dict(return_s=115.0, rerun_ratio=1.7)
        self.assertTrue(bl.aim_met(dict(return_s=23.0, rerun_ratio=1.7), wsl, 170))
        self.assertFalse(bl.aim_met(dict(return_s=23.1, rerun_ratio=1.0), wsl, 170))
        self.assertFalse(bl.aim_met(dict(return_s=10.0, rerun_ratio=1.8), wsl, 170))
        self.assertFalse(bl.aim_met(dict(return_s=None, rerun_ratio=1.0), wsl, 170))
        # never back within a 170 s idle phase: more than 170 s, 34 s is 5x sooner
        never = dict(return_s=None, rerun_ratio=1.7)
        self.assertEqual(bl.aim_bound(never, 170), 34.0)
        self.assertTrue(bl.aim_met(dict(return_s=30.0, rerun_ratio=1.5), never, 170))
        self.assertFalse(bl.aim_met(dict(return_s=35.0, rerun_ratio=1.5), never, 170))

    def test_resample(self):
        grid, values = bl.resample([(1.0, 5.0), (2.0, 7.0)], 0.0, 2.5, 0.5)
        self.assertEqual(grid, [0.0, 0.5, 1.0, 1.5, 2.0, 2.5])
        self.assertEqual(values, [None, None, 5.0, 5.0, 7.0, 7.0])

    def test_markdown_table(self):
        self.assertEqual(bl.markdown_table(["a", "b"], [[1, "x"]]),
                         "| a | b |\n|---|---|\n| 1 | x |")


class BootBreakdown(unittest.TestCase):
    """A boot of ebb's kernel (6.1, no kallsyms) with initcall_debug
    printk.time=1, dmesg as the breakdown's ebb.run program printed it."""

    def setUp(self):
        self.symbols = bl.parse_symbol_map((FIXTURES / "boot-System.map").read_text())
        self.log = bl.parse_boot_dmesg((FIXTURES / "boot-dmesg.txt").read_text(), self.symbols)

    def test_symbol_map_keeps_text_symbols(self):
        self.assertEqual(self.symbols[0xffffffff81b0d75f], "virtio_pci_driver_init")
        self.assertNotIn(0xffffffff82000000, self.symbols)  # a data symbol
        self.assertEqual(len(self.symbols), 259)             # 258 initcalls and _text

    def test_initcall_names(self):
        self.assertEqual(bl.initcall_name("0xffffffff81b0b794", self.symbols), "acpi_init")
        self.assertEqual(bl.initcall_name("0xffffffff8dead000", self.symbols), "0xffffffff8dead000")
        self.assertEqual(bl.initcall_name("0xnothex", self.symbols), "0xnothex")
        self.assertEqual(bl.initcall_name("acpi_init+0x0/0x2c9", {}), "acpi_init")

    def test_fixture_times(self):
        log = self.log
        self.assertEqual(len(log["initcalls"]), 258)
        self.assertEqual(sum(usecs for _, usecs in log["initcalls"]), 734362)
        self.assertEqual(log["first_call_s"], 0.481538)
        self.assertEqual(log["last_return_s"], 1.250105)
        self.assertEqual((log["unpack_start_s"], log["unpack_end_s"]), (0.780126, 1.205747))
        self.assertEqual(log["init_s"], 1.916236)
        # the kernel's command line names the mark too, but not at a line's start
        self.assertEqual(log["marks"], {"program": 3.351795})

    def test_slowest(self):
        top = bl.slowest_initcalls([self.log], 2)
        self.assertEqual(top, [("virtio_pci_driver_init", 337981), ("acpi_init", 132000)])

    def test_slowest_median_over_boots(self):
        a = dict(initcalls=[("x", 10), ("y", 5)])
        b = dict(initcalls=[("x", 30), ("y", 50)])
        c = dict(initcalls=[("x", 20), ("y", 7)])
        self.assertEqual(bl.slowest_initcalls([a, b, c]), [("x", 20), ("y", 7)])

    def test_stages(self):
        rows = bl.boot_stages(self.log, 1.25)
        seconds = [round(s, 6) for _, s, _ in rows]
        self.assertEqual(seconds, [1.25, 0.481538, round(1.250105 - 0.481538, 6),
                                   round(1.205747 - 0.780126, 6), round(1.916236 - 1.250105, 6),
                                   round(3.351795 - 1.916236, 6)])
        self.assertIn("258 calls, 0.734 s", rows[2][0])
        # the unpack overlaps the initcalls: the total is pre-kernel + program mark
        self.assertAlmostEqual(bl.boot_stages_total(rows), 1.25 + 3.351795)

    def test_missing_lines(self):
        log = bl.parse_boot_dmesg("no timestamp\n[    0.5] Run /init as init process\n"
                                  "[ 1.000000] initcall 0x1 returned 0 after lots usecs\n")
        self.assertEqual(log["init_s"], 0.5)
        self.assertEqual(log["initcalls"], [])
        rows = bl.boot_stages(log, None)
        self.assertIsNone(bl.boot_stages_total(rows))
        self.assertIsNone(rows[2][1])


if __name__ == "__main__":
    unittest.main()
