"""Figures from raw measurements: hand-made inputs for the edge cases, and
the recording tests/data/full.json (a real run against a built tree, small
repetition counts) for the real shapes. Every expected figure was worked
out by hand from the numbers in the input, not taken from the code."""

import json
import os
import unittest

from runbench import analyse
from runbench.catalog import HOT_LOOPS, SHARED_ATOMIC

from . import madeup

DATA = os.path.join(os.path.dirname(__file__), "data")
CD = HOT_LOOPS[0]


def recorded():
    with open(os.path.join(DATA, "full.json")) as f:
        return json.load(f)


class Spread(unittest.TestCase):
    def test_range_under_four_values(self):
        # (12 - 9) / 10
        self.assertAlmostEqual(analyse.spread([9.0, 10.0, 12.0]), 0.3)

    def test_interquartile_range_from_four_values(self):
        # statistics.quantiles' default method puts the quartiles of
        # 1, 2, 3, 100 at positions 1.25 and 3.75: 1.25 and 3 + 0.75 * 97 =
        # 75.75; the median is 2.5, so (75.75 - 1.25) / 2.5 = 29.8.
        self.assertAlmostEqual(analyse.spread([1.0, 2.0, 3.0, 100.0]), 29.8)

    def test_one_outlier_in_eight_is_not_noise(self):
        # quartiles of 10, 10, 10, 10, 10, 10, 10, 50 at positions 2.25 and
        # 6.75: both 10.
        self.assertEqual(analyse.spread([10.0] * 7 + [50.0]), 0.0)

    def test_zero_median(self):
        self.assertEqual(analyse.spread([0.0, 0.0, 1.0]), 0.0)


def gbench(*entries, context=None):
    return {"context": context or {"num_cpus": 2, "load_avg": [0.5, 1.0, 2]},
            "benchmarks": list(entries)}


def rep(name, t, cpu, unit="ns"):
    return {"name": f"{name}/threads:{t}", "run_name": f"{name}/threads:{t}",
            "run_type": "iteration", "threads": t, "cpu_time": cpu,
            "time_unit": unit}


def agg(name, t, which, cpu, unit="ns"):
    return dict(rep(name, t, cpu, unit), run_type="aggregate",
                name=f"{name}/threads:{t}_{which}", aggregate_name=which)


def hot_raw(results, status=0):
    return {"binary": "/b/bin/leaktrace-bench", "status": status,
            "command": ["/b/bin/leaktrace-bench"], "repetitions": 3,
            "results": results}


class HotPathMadeUp(unittest.TestCase):
    def test_failed_binary(self):
        f = analyse.hotpath(hot_raw(None, status=134))
        self.assertFalse(f["ran"])
        self.assertEqual(f["status"], 134)

    def test_median_of_repetitions_without_aggregates(self):
        # One repetition per benchmark gives no aggregates: the median is
        # taken from the repetitions (here 0.3, 0.9, 0.4 -> 0.4).
        f = analyse.hotpath(hot_raw(gbench(
            rep(CD.plain, 1, 0.3), rep(CD.plain, 1, 0.9),
            rep(CD.plain, 1, 0.4))))
        self.assertEqual(f["median"], {(CD.plain, 1): 0.4})
        self.assertEqual(f["stddev"], {})
        self.assertEqual(f["noisy"], [])

    def test_google_benchmarks_median_and_units(self):
        # Aggregates win over the repetitions; microseconds become ns.
        f = analyse.hotpath(hot_raw(gbench(
            rep(CD.plain, 1, 0.001, "us"), rep(CD.plain, 1, 0.002, "us"),
            agg(CD.plain, 1, "median", 0.0015, "us"),
            agg(CD.plain, 1, "stddev", 0.0002, "us"))))
        self.assertAlmostEqual(f["median"][(CD.plain, 1)], 1.5)
        self.assertAlmostEqual(f["stddev"][(CD.plain, 1)], 0.2)
        # 0.2 > 0.10 * 1.5
        self.assertEqual(f["noisy"], [(CD.plain, 1)])

    def test_threads_ratios_and_context(self):
        f = analyse.hotpath(hot_raw(gbench(
            rep(CD.plain, 1, 0.5), rep(CD.plain, 2, 0.6),
            rep(SHARED_ATOMIC, 1, 5.0), rep(SHARED_ATOMIC, 2, 20.0),
            agg(SHARED_ATOMIC, 2, "median", 20.0),
            agg(SHARED_ATOMIC, 2, "stddev", 9.0))))
        self.assertEqual(f["threads"], [1, 2])
        self.assertEqual(f["multi"], [2])
        self.assertAlmostEqual(f["ratio"][(CD.plain, 2)], 1.2)
        self.assertEqual(f["ratio"][(SHARED_ATOMIC, 2)], 4.0)
        # The instrumented loop has no figures: no ratio to take.
        self.assertIsNone(f["ratio"][(CD.instrumented, 2)])
        # The contended shared atomic's spread is expected, not noise.
        self.assertEqual(f["noisy"], [])
        self.assertEqual((f["num_cpus"], f["load"]), (2, [0.5, 1.0, 2]))

    def test_errors_and_names_without_threads(self):
        f = analyse.hotpath(hot_raw(gbench(
            rep(CD.plain, 1, 0.5),
            dict(rep(CD.instrumented, 1, 0.0), error_occurred=True,
                 error_message="self-check of x FAILED"),
            dict(rep(CD.instrumented, 2, 0.0), error_occurred=True,
                 error_message="a second message"),
            {"name": "no thread count", "cpu_time": 1.0,
             "time_unit": "ns"})))
        # The first message of a benchmark is kept.
        self.assertEqual(f["errors"],
                         {CD.instrumented: "self-check of x FAILED"})
        self.assertEqual(list(f["median"]), [(CD.plain, 1)])
        self.assertNotIn((CD.instrumented, 2), f["ratio"])


class HotPathRecorded(unittest.TestCase):
    """Section hotpath of data/full.json: 3 repetitions per benchmark on 1
    and 2 threads, on a busy machine."""

    @classmethod
    def setUpClass(cls):
        cls.f = analyse.hotpath(recorded()["sections"]["hotpath"])

    def test_threads(self):
        self.assertEqual((self.f["threads"], self.f["multi"]), ([1, 2], [2]))

    def test_medians_are_google_benchmarks(self):
        m = self.f["median"]
        # Repetitions 0.29724..., 0.28712..., 0.29132...: the middle one.
        self.assertEqual(m[(CD.plain, 1)], 0.2913213499999987)
        # Repetitions 0.73690..., 0.97765..., 0.8045592961799974; Google
        # Benchmark's median aggregate is one ulp below the middle one, and
        # it is the figure used.
        self.assertEqual(m[(CD.instrumented, 1)], 0.8045592961799973)
        self.assertEqual(m[(SHARED_ATOMIC, 2)], 15.40805605)

    def test_ratios(self):
        r = self.f["ratio"]
        # 15.40805605 / 14.519194407861894
        self.assertAlmostEqual(r[(SHARED_ATOMIC, 2)], 1.0612197631059, 12)
        # 0.7456667498331585 / 0.8045592961799973
        self.assertAlmostEqual(r[(CD.instrumented, 2)], 0.9268014842082, 12)
        # 0.28628084912025004 / 0.2913213499999987
        self.assertAlmostEqual(r[(CD.plain, 2)], 0.9826977978794, 12)

    def test_noisy_where_stddev_exceeds_a_tenth_of_the_median(self):
        # stddev / median: 0.154, 0.187, 0.113, 0.115, 0.107; the shared
        # atomic on 2 threads (0.647) does not count.
        self.assertEqual(self.f["noisy"], [
            ("bench::instrumented::constructDestroy", 1),
            ("bench::instrumented::sharedPtrCopy", 1),
            (SHARED_ATOMIC, 1),
            ("bench::plain::newDeleteAggregate", 1),
            ("bench::plain::sharedPtrCopy", 1)])
        self.assertEqual(self.f["errors"], {})


def snapshot_raw(results, status=0):
    return {"binary": "/b/bin/leaktrace-bench-snapshot", "status": status,
            "command": ["/b/bin/leaktrace-bench-snapshot"],
            "results": results}


class SnapshotMadeUp(unittest.TestCase):
    def test_failed_binary(self):
        self.assertFalse(analyse.snapshot(snapshot_raw(None, 1))["ran"])

    def test_grid_top_and_noise(self):
        f = analyse.snapshot(snapshot_raw({"batches": 3, "results": [
            {"types": 10, "threads": 1, "ns_per_call": [30.0, 31.0, 29.0]},
            {"types": 10, "threads": 8, "ns_per_call": [70.0, 90.0, 80.0]},
            {"types": 100, "threads": 1, "ns_per_call": [300.0, 300.0, 303]},
            {"types": 100, "threads": 8, "ns_per_call": [800.0, 880, 801]},
        ]}))
        self.assertEqual((f["types"], f["threads"]), ([10, 100], [1, 8]))
        self.assertEqual(f["median"][(10, 8)], 80.0)
        # (90 - 70) / 80 = 0.25 > 0.10; (880 - 800) / 801 = 0.0999 is not.
        self.assertEqual(f["noisy"], [(10, 8)])
        self.assertEqual(f["top"], (100, 8))
        self.assertEqual(f["top_us"], 0.801)
        self.assertEqual(f["cells"], 800)
        self.assertAlmostEqual(f["ns_per_cell"], 801 / 800)


class WatchMadeUp(unittest.TestCase):
    def raw(self, results, status=0):
        return {"binary": "/b/bin/leaktrace-bench-watch", "status": status,
                "command": ["/b/bin/leaktrace-bench-watch"],
                "results": results}

    def test_failed_binary(self):
        self.assertFalse(analyse.watch(self.raw(None, 1))["ran"])

    def test_median_and_noise(self):
        f = analyse.watch(self.raw({"types": 10000, "threads": 64,
                                    "cpu_us_per_sample": [100.0, 300.0, 200.0]}))
        self.assertEqual((f["types"], f["threads"], f["samples"]),
                         (10000, 64, 3))
        self.assertEqual(f["median_us"], 200.0)
        # Three samples: the full range over the median, (300 - 100) / 200.
        self.assertEqual(f["spread"], 1.0)
        self.assertTrue(f["noisy"])
        self.assertNotIn("hot_ratio", f)

    def test_counting_before_and_after(self):
        f = analyse.watch(self.raw({"types": 1, "threads": 1,
                                    "cpu_us_per_sample": [1.0, 1.0],
                                    "hot_ns_before": [2.0, 4.0, 3.0],
                                    "hot_ns_recording": [200.0, 300.0, 250.0],
                                    "hot_ns_after": [2.2, 4.0, 2.7]}))
        # After over before per round: 1.1, 1.0, 0.9; their median.
        self.assertAlmostEqual(f["hot_ratio"], 1.0)
        self.assertEqual((f["hot_before_ns"], f["hot_recording_ns"],
                          f["hot_after_ns"]), (3.0, 250.0, 2.7))
        # (1.1 - 0.9) / 1.0 = 0.2 over NOISY_RATIO_SPREAD.
        self.assertTrue(f["hot_noisy"])


class SnapshotRecorded(unittest.TestCase):
    """Section snapshot of data/full.json: 31 batches per grid point."""

    @classmethod
    def setUpClass(cls):
        cls.f = analyse.snapshot(recorded()["sections"]["snapshot"])

    def test_medians_are_the_16th_of_31(self):
        self.assertEqual(self.f["median"][(10, 1)], 30.1)
        self.assertEqual(self.f["median"][(1000, 64)], 38149.5)
        self.assertEqual(self.f["top"], (10000, 64))
        self.assertAlmostEqual(self.f["top_us"], 387.0752, 9)
        self.assertAlmostEqual(self.f["ns_per_cell"], 0.604805, 9)

    def test_spread_is_the_interquartile_range(self):
        # 31 batches: the quartiles are the 8th and 24th values.
        # 10 types x 8 threads: (73.6 - 69.8) / 72
        self.assertAlmostEqual(self.f["spread"][(10, 8)], 3.8 / 72, 12)
        # The widest, 1000 x 64: (38848.8 - 37207.5) / 38149.5 = 0.043.
        self.assertEqual(self.f["noisy"], [])


def run(key, cpu, status=0, before=None, after=None, iterations=4):
    return {"key": key, "argv": [f"/b/bin/{key}"], "env": {},
            "iterations": iterations, "status": status, "wall": cpu + 0.1,
            "cpu": cpu, "before": before, "after": after}


def workload_raw(runs, commands=("direct", "tool", "start")):
    ref = ["/b/bin/leaktrace-workload-plain", "--gtest_repeat=4"]
    return {"workload": "workload", "plain": ref[0], "tests": 3,
            "iterations": 4, "valgrind_iterations": 1, "rounds": 3,
            "seed": 1, "skipped": [],
            "commands": [{"key": k, "argv": [f"/b/bin/{k}"], "env": {},
                          "iterations": 0 if k == "start" else 4,
                          "reference": None if k == "start" else ref,
                          "rounds": 3} for k in commands],
            "runs": runs}


class WorkloadMadeUp(unittest.TestCase):
    def test_ratio_against_the_runs_around_it(self):
        f = analyse.workload(workload_raw([
            run("reference", 2.0), run("tool", 2.2, before=0, after=2),
            run("reference", 2.4)]))
        # 2.2 s CPU over the mean of 2.0 and 2.4
        self.assertEqual(f["ratios"]["tool"], [1.0])
        (n, wall, cpu), = f["reference"]
        # walls 2.1 and 2.5
        self.assertEqual((n, cpu), (4, 2.2))
        self.assertAlmostEqual(wall, 2.3, 12)

    def test_shared_reference_and_unbracketed_start_up(self):
        f = analyse.workload(workload_raw([
            run("reference", 1.0), run("tool", 1.5, before=0, after=2),
            run("reference", 2.0), run("start", 0.1),
            run("direct", 2.1, before=2, after=5), run("reference", 1.9)]))
        self.assertEqual(f["ratios"]["tool"], [1.5 * 2 / 3.0])
        self.assertEqual(f["ratios"]["direct"], [2.1 * 2 / 3.9])
        self.assertEqual(f["ratios"]["start"], [])
        self.assertEqual(f["median_cpu"]["start"], 0.1)
        # The three plain runs: median 1.9 s CPU, 2.0 s wall.
        self.assertEqual(f["reference"], [(4, 2.0, 1.9)])

    def test_a_failed_reference_voids_the_run_it_brackets(self):
        f = analyse.workload(workload_raw([
            run("reference", 1.0), run("tool", 1.5, before=0, after=2),
            run("reference", 9.0, status=1)]))
        self.assertEqual(f["cpu"]["tool"], [])
        self.assertIsNone(f["median_ratio"]["tool"])
        self.assertEqual([r["status"] for r in f["failed_runs"]], [1])
        self.assertEqual(f["reference"], [(4, 1.1, 1.0)])

    def test_failed_run(self):
        f = analyse.workload(workload_raw([
            run("reference", 1.0), run("tool", 0.2, status=3, before=0,
                                       after=2), run("reference", 1.0)]))
        self.assertEqual(f["cpu"]["tool"], [])
        self.assertEqual(f["failed_runs"][0]["key"], "tool")

    def test_noise_needs_three_rounds_and_a_spread_over_5_percent(self):
        def rounds(*cpus):
            runs = []
            for cpu in cpus:
                runs += [run("reference", 1.0),
                         run("tool", cpu, before=len(runs),
                             after=len(runs) + 2), run("reference", 1.0)]
            return analyse.workload(workload_raw(runs))["noisy"]
        # (1.10 - 1.04) / 1.06 = 0.057 > 0.05
        self.assertEqual(rounds(1.10, 1.04, 1.06),
                         {"tool": [1.04, 1.06, 1.10]})
        # (1.09 - 1.04) / 1.06 = 0.047
        self.assertEqual(rounds(1.09, 1.04, 1.06), {})
        # Two rounds are never flagged.
        self.assertEqual(rounds(1.5, 1.0), {})


class WorkloadRecorded(unittest.TestCase):
    """Section workload of data/full.json: 3 rounds, ASan in 1, Valgrind in
    1; run 12 (tool) shares plain run 10 with run 9 (asan) across the
    start-up run 11, which has no reference."""

    @classmethod
    def setUpClass(cls):
        cls.f = analyse.workload(recorded()["sections"]["workload"])

    def test_tool_ratios(self):
        # 3.305998*2/(3.11057+3.184938), 3.245563*2/(3.162924+3.187871),
        # 3.310987*2/(3.145236+3.14485)
        for got, want in zip(self.f["ratios"]["tool"],
                             [1.0502720352353, 1.0220966036536,
                              1.0527636665063]):
            self.assertAlmostEqual(got, want, 12)
        self.assertAlmostEqual(self.f["median_ratio"]["tool"],
                               1.0502720352353, 12)

    def test_other_ratios(self):
        r = self.f["median_ratio"]
        # direct: 1.000164, 0.981086, 1.010216 -> the first
        self.assertAlmostEqual(r["direct"], 1.0001642524292, 12)
        self.assertAlmostEqual(r["asan"], 4.5469654596418, 12)
        self.assertAlmostEqual(r["valgrind"], 24.349698528229, 11)
        self.assertIsNone(r["start"])

    def test_references(self):
        # 4 iterations: 8 plain runs, median (3.158956 + 3.162924) / 2; 1
        # iteration: (0.810124 + 0.794338) / 2.
        (n4, _, cpu4), (n1, _, cpu1) = self.f["reference"]
        self.assertEqual((n4, n1), (4, 1))
        self.assertAlmostEqual(cpu4, 3.16094, 12)
        self.assertAlmostEqual(cpu1, 0.802231, 12)

    def test_start_up_and_noise(self):
        # 0.007274, 0.0098, 0.009792
        self.assertEqual(self.f["median_cpu"]["start"], 0.009792)
        # tool: (1.05276 - 1.02210) / 1.05027 = 0.029, not noisy.
        self.assertEqual(self.f["noisy"], {})
        self.assertEqual(self.f["failed_runs"], [])


class RetentionMadeUp(unittest.TestCase):
    """The second pass: the tool with and without it, each between plain
    runs of the leaking layer (data from madeup.py)."""

    def test_ratios_against_the_runs_around_each_command(self):
        f = analyse.retention(madeup.one_round())
        # plain runs 1.0, 1.2, 1.0 (walls 0.1 more): the tool with its
        # second pass between the first two, without it between the last.
        self.assertEqual(f["reference"], (1.1, 1.0))
        self.assertEqual(f["cpu"], {"sites": [5.0], "first": [2.5]})
        self.assertEqual(f["ratios"], {"sites": [5.0 / 1.1],
                                       "first": [2.5 / 1.1]})
        # The report's run_cpu_seconds 2.0 over the mean of 1.0 and 1.2.
        self.assertEqual(f["second_cpu"], [2.0])
        self.assertEqual(f["second_ratios"], [2.0 / 1.1])
        self.assertEqual(f["median_second_ratio"], 2.0 / 1.1)
        self.assertEqual(f["median_symbolising"], 0.5)
        self.assertEqual(f["added"], 2.5)
        self.assertEqual(f["problems"], [])

    def test_what_the_second_run_kept(self):
        f = analyse.retention(madeup.one_round())
        # Customer's sites 10 + 2, Node's 14.
        self.assertEqual(f["kept"], [
            (madeup.LAYER, "workload::Customer", 12),
            (madeup.LAYER, "workload::Node", 14)])
        self.assertEqual(f["kept_objects"], 26)
        self.assertEqual((f["other_layers"], f["heap"]), ([], None))
        self.assertEqual(f["layer_tests"], 428)

    def test_another_leaking_layer_and_no_heap(self):
        rep = madeup.report(heap="statically linked", leaks=[
            {"layer": "workload.SharedCatalog", "type": "workload::Product",
             "insts": [1, 1, 1], "site_objects": [1], "paths": 0}])
        f = analyse.retention(madeup.one_round(rep))
        self.assertEqual(f["other_layers"], ["workload.SharedCatalog"])
        self.assertEqual(f["heap"], "statically linked")

    def test_a_failed_second_run_is_a_problem_not_a_ratio(self):
        rep = madeup.report(run_cpu=0.0, failure="the second run was killed "
                            "by signal 11 in test EventTest.X")
        f = analyse.retention(madeup.one_round(rep))
        self.assertEqual(f["problems"], [(1, "the second run was killed by "
                                          "signal 11 in test EventTest.X")])
        self.assertEqual((f["second_cpu"], f["second_ratios"]), ([], []))
        self.assertIsNone(f["median_second_ratio"])
        # The whole command still ran and is timed.
        self.assertEqual(f["cpu"]["sites"], [5.0])
        self.assertEqual(f["kept"], [])

    def test_not_scanned_no_leak_and_no_report_are_problems(self):
        for rep, problem in (
                (madeup.report(failure="no sites event"),
                 "the second run failed: no sites event"),
                (madeup.report(scanned=False), "the second run did not scan "
                 "the process (creation_sites.scanned is false)"),
                (madeup.report(sites=False, verdict="ok", leaks=[]),
                 "the first run found no leak (verdict \"ok\"), so there was "
                 "no second run: is LEAKTRACE_WORKLOAD_LEAK honoured?"),
                (None, "leaktrace wrote no --json report")):
            f = analyse.retention(madeup.one_round(rep))
            self.assertEqual(f["problems"], [(1, problem)])
            self.assertEqual(f["second_ratios"], [])

    def test_a_failed_tool_run(self):
        raw = madeup.raw([madeup.reference(1.0),
                          madeup.tool("sites", 0.3, 0, 2, None, status=1),
                          madeup.reference(1.0)])
        f = analyse.retention(raw)
        self.assertEqual([r["key"] for r in f["failed_runs"]], ["sites"])
        self.assertEqual((f["cpu"]["sites"], f["problems"]), ([], []))
        self.assertIsNone(f["added"])

    def test_rounds_medians_and_noise(self):
        runs = []
        for run_cpu in (2.0, 2.4, 2.2):
            at = len(runs)
            runs += [madeup.reference(1.0),
                     madeup.tool("sites", 4.0 + run_cpu, at, at + 2,
                                 madeup.report(run_cpu=run_cpu)),
                     madeup.reference(1.0)]
        f = analyse.retention(madeup.raw(runs, rounds=3))
        self.assertEqual(f["second_ratios"], [2.0, 2.4, 2.2])
        self.assertEqual(f["median_second_ratio"], 2.2)
        # (2.4 - 2.0) / 2.2 = 0.18 > 0.05
        self.assertEqual(f["noisy"], [2.0, 2.2, 2.4])
        self.assertIsNone(f["added"])   # nothing ran without the pass


def compile_raw(rounds, plain_args=("-O2",), plugin_args=("-O2",), files=2):
    def job(target, src, args):
        return {"directory": "/b", "source": f"/src/{src}",
                "argv": ["c++"] + list(args) + [
                    "-o", f"x/{target}.dir/{src}.o", "-c", f"/src/{src}"]}
    names = [f"f{i}.cpp" for i in range(files)]
    return {"targets": {"plain": "P", "plugin": "Q"},
            "jobs": {"plain": [job("P", s, plain_args) for s in names],
                     "plugin": [job("Q", s, plugin_args) for s in names]},
            "repetitions": len(rounds), "rounds": rounds,
            "binaries": {"plain": "/b/bin/p", "instrumented": "/b/bin/i"},
            "sizes": {"plain": [10, 5, 4], "instrumented": [11, None, 5]}}


def compiled(*per_file):
    """One round: per file (plain cpu, plugin cpu), plain compiled first."""
    return [{"file": f, "runs": [{"variant": "plain", "status": 0, "cpu": a},
                                 {"variant": "plugin", "status": 0, "cpu": b}]}
            for f, (a, b) in enumerate(per_file)]


class CompileMadeUp(unittest.TestCase):
    def test_rounds_sums_and_ratios(self):
        f = analyse.compile_time(compile_raw(
            [compiled((1.0, 1.1), (2.0, 2.0)),      # 3.0 / 3.1
             compiled((1.0, 1.0), (1.0, 1.2)),      # 2.0 / 2.2
             compiled((2.0, 2.0), (2.0, 2.2))],     # 4.0 / 4.2
            plugin_args=("-O2", "-fplugin=/b/lib/leaktrace.so")))
        self.assertEqual(f["totals"], {"plain": [3.0, 2.0, 4.0],
                                       "plugin": [3.1, 2.2, 4.2]})
        self.assertEqual(f["median"], {"plain": 3.0, "plugin": 3.1})
        self.assertEqual(f["ratios"], sorted([3.1 / 3.0, 2.2 / 2.0,
                                              4.2 / 4.0]))
        self.assertEqual(f["ratio"], 4.2 / 4.0)
        # (1.1 - 1.0333) / 1.05 = 0.063 > 0.05
        self.assertTrue(f["noisy"])
        self.assertEqual(f["differ"], [])
        self.assertEqual(f["plugin_flags"], ["-fplugin=/b/lib/leaktrace.so"])
        self.assertEqual(f["sample"], ["c++", "-O2", "-c", "/src/f0.cpp"])

    def test_commands_that_differ_beyond_the_plugin(self):
        f = analyse.compile_time(compile_raw(
            [compiled((1.0, 1.0), (1.0, 1.0))], plugin_args=("-O3",)))
        self.assertEqual(f["differ"], ["f0.cpp", "f1.cpp"])

    def test_unpaired_commands(self):
        raw = compile_raw([])
        raw["jobs"]["plugin"].pop()
        f = analyse.compile_time(raw)
        self.assertFalse(f["paired"])
        raw["jobs"] = {"plain": [], "plugin": []}
        self.assertFalse(analyse.compile_time(raw)["paired"])

    def test_first_failure_in_the_order_results_came(self):
        first = compiled((1.0, 1.0), (1.0, 1.0))
        second = compiled((1.0, 1.0), (1.0, 1.0))
        second.reverse()    # file 1 came in first
        second[0]["runs"][1]["status"] = 1
        second[1]["runs"][0]["status"] = 1
        f = analyse.compile_time(compile_raw([first, second]))
        self.assertEqual(f["failure"], ("/src/f1.cpp", "plugin"))


class CompileRecorded(unittest.TestCase):
    """Section compile of data/full.json: 7 files, 3 rounds."""

    @classmethod
    def setUpClass(cls):
        cls.f = analyse.compile_time(recorded()["sections"]["compile"])

    def test_totals(self):
        # Summed by hand over each round's 7 files.
        for v, want in (("plain", [25.94934, 23.742653, 24.411605]),
                        ("plugin", [27.212264, 24.939129, 25.942871])):
            for got, sum_ in zip(self.f["totals"][v], want):
                self.assertAlmostEqual(got, sum_, 9)
        self.assertAlmostEqual(self.f["median"]["plain"], 24.411605, 9)
        self.assertAlmostEqual(self.f["median"]["plugin"], 25.942871, 9)

    def test_ratio(self):
        for got, want in zip(self.f["ratios"], [1.0486688293421,
                                                1.0503935259467,
                                                1.0627269694066]):
            self.assertAlmostEqual(got, want, 12)
        self.assertAlmostEqual(self.f["ratio"], 1.0503935259467, 12)
        # (1.06273 - 1.04867) / 1.05039 = 0.013
        self.assertFalse(self.f["noisy"])

    def test_commands(self):
        self.assertEqual((self.f["files"], self.f["differ"],
                          self.f["failure"]), (7, [], None))
        self.assertEqual(self.f["plugin_flags"],
                         ["-fplugin=/work/main/build/lib/leaktrace.so"])


if __name__ == "__main__":
    unittest.main()
