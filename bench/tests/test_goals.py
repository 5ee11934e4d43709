"""Verdicts from hand-made figures: met, NOT met, NOISY, inconclusive and
not measured, at and around each goal's edge."""

import unittest

from runbench import goals
from runbench.catalog import HOT_LOOPS, SHARED_ATOMIC
from runbench.goals import Verdict
from runbench.sections import WORKLOADS, Workload

CD = HOT_LOOPS[0]   # construct+destroy, goal 1 ns
SP = HOT_LOOPS[1]   # shared_ptr copy, goal 2 ns


def hot_figures(median, ratio=None, errors=None, noisy=(), multi=(2,)):
    """Figures as analyse.hotpath gives them, for the loops named; every
    other loop has no figure (its verdict: not measured)."""
    return {"ran": True, "median": median, "ratio": ratio or {},
            "errors": errors or {}, "noisy": list(noisy),
            "multi": list(multi)}


class HotPathAdded(unittest.TestCase):
    def added(self, figures, loop=CD):
        return goals.added(figures, loop)

    def test_met_at_the_goal_exactly(self):
        # 1.25 - 0.25 = 1.00 ns added: the goal says "at most 1 ns".
        v = self.added(hot_figures({(CD.plain, 1): 0.25,
                                    (CD.instrumented, 1): 1.25}))
        self.assertEqual(v, Verdict(
            "at most 1 ns added per construct+destroy of a small class",
            "1.00 ns added", "met"))

    def test_not_met_says_by_how_much(self):
        v = self.added(hot_figures({(CD.plain, 1): 0.5,
                                    (CD.instrumented, 1): 2.0}))
        self.assertEqual(v.verdict, "NOT met")
        self.assertEqual(v.result, "1.50 ns added, 0.50 ns over the goal")

    def test_just_over_when_the_miss_prints_as_zero(self):
        # 1.004 ns added: 0.004 over, which would print as "0.00 ns over".
        v = self.added(hot_figures({(CD.plain, 1): 0.5,
                                    (CD.instrumented, 1): 1.504}))
        self.assertEqual(v.result, "1.00 ns added, just over the goal")
        self.assertEqual(v.verdict, "NOT met")

    def test_shared_ptr_goal_is_2_ns(self):
        v = self.added(hot_figures({(SP.plain, 1): 15.0,
                                    (SP.instrumented, 1): 16.9}), SP)
        self.assertEqual(v.goal, "at most 2 ns added per shared_ptr "
                                 "copy+destroy")
        self.assertEqual(v.verdict, "met")

    def test_noisy_one_thread_figure_marks_the_verdict(self):
        figures = hot_figures({(CD.plain, 1): 0.3, (CD.instrumented, 1): 0.8},
                              noisy=[(CD.plain, 1)])
        self.assertEqual(self.added(figures).verdict, "met (NOISY)")

    def test_noise_on_two_threads_does_not_mark_it(self):
        figures = hot_figures({(CD.plain, 1): 0.3, (CD.instrumented, 1): 0.8},
                              noisy=[(CD.plain, 2)])
        self.assertEqual(self.added(figures).verdict, "met")

    def test_failed_benchmark_is_listed_not_measured(self):
        figures = hot_figures({(CD.plain, 1): 0.3},
                              errors={CD.instrumented: "self-check FAILED"})
        self.assertEqual(self.added(figures), Verdict(
            "at most 1 ns added per construct+destroy of a small class",
            "not measured: the benchmark failed", "NOT measured",
            line=False))

    def test_missing_figure_is_not_measured(self):
        figures = hot_figures({(CD.plain, 1): 0.3})
        self.assertEqual(self.added(figures).verdict, "NOT measured")


class HotPathThreads(unittest.TestCase):
    GOAL = ("construct+destroy of a small class: per-thread time on 2+ "
            "threads within 5% of 1 thread")

    def verdict(self, ratio, errors=None, noisy=(), multi=(2,)):
        figures = hot_figures({}, ratio, errors, noisy, multi)
        return goals.per_thread(figures, CD, goals.threads_overlapped(figures))

    def test_met_with_contention_shown(self):
        v = self.verdict({(CD.instrumented, 2): 1.05, (CD.plain, 2): 1.01,
                          (SHARED_ATOMIC, 2): 3.9})
        self.assertEqual(v, Verdict(
            self.GOAL, "instrumented 1.050x on 2 threads; plain control 1.01x",
            "met"))

    def test_worst_thread_count_is_judged(self):
        v = self.verdict({(CD.instrumented, 2): 1.02,
                          (CD.instrumented, 4): 1.08, (CD.plain, 2): 1.0,
                          (CD.plain, 4): 1.02, (SHARED_ATOMIC, 2): 3.0,
                          (SHARED_ATOMIC, 4): 5.0}, multi=(2, 4))
        self.assertEqual(v.result, "instrumented 1.080x on 4 threads, 0.030x "
                                   "over the goal; plain control 1.02x")
        self.assertEqual(v.verdict, "NOT met")

    def test_a_slow_control_is_credited_to_the_machine(self):
        v = self.verdict({(CD.instrumented, 2): 1.2, (CD.plain, 2): 1.1,
                          (SHARED_ATOMIC, 2): 3.9})
        # 1.2 / 1.1 = 1.0909...: the counters' share.
        self.assertEqual(v.result, "instrumented 1.200x on 2 threads, 0.150x "
                                   "over the goal; plain control 1.10x: the "
                                   "plain loop slowed down too, so the "
                                   "machine accounts for 1.10x of it, the "
                                   "counters for 1.09x")
        self.assertEqual(v.verdict, "NOT met")

    def test_inconclusive_when_the_threads_took_turns(self):
        # The shared atomic slowed down 1.49x < 1.5x: no evidence.
        v = self.verdict({(CD.instrumented, 2): 1.3, (CD.plain, 2): 1.0,
                          (SHARED_ATOMIC, 2): 1.49}, noisy=[(CD.plain, 1)])
        self.assertEqual(v.verdict, "inconclusive (NOISY)")
        self.assertTrue(v.result.endswith(
            "; the threads mostly took turns (see below)"))

    def test_evidence_at_exactly_1_5x_counts(self):
        figures = hot_figures({}, {(SHARED_ATOMIC, 2): 1.5})
        self.assertTrue(goals.threads_overlapped(figures))

    def test_failed_instrumented_loop_is_not_measured(self):
        v = self.verdict({(SHARED_ATOMIC, 2): 3.0},
                         errors={CD.instrumented: "crashed"})
        self.assertEqual(v.verdict, "NOT measured")
        self.assertFalse(v.line)

    def test_one_thread_only_is_not_measured(self):
        self.assertEqual(self.verdict({}, multi=()).verdict, "NOT measured")

    def test_no_ratio_gives_no_verdict(self):
        self.assertIsNone(self.verdict({(CD.instrumented, 2): None}))

    def test_hotpath_collects_both_sections(self):
        figures = hot_figures({(loop.plain, 1): 1.0 for loop in HOT_LOOPS} |
                              {(loop.instrumented, 1): 1.5
                               for loop in HOT_LOOPS},
                              {(name, 2): 1.0 for loop in HOT_LOOPS
                               for name in (loop.plain, loop.instrumented)} |
                              {(SHARED_ATOMIC, 2): 4.0})
        v = goals.hotpath(figures)
        self.assertEqual([x.verdict for x in v["added"]], ["met"] * 5)
        self.assertEqual([x.verdict for x in v["threads"]], ["met"] * 5)
        self.assertTrue(v["concurrent"])

    def test_failed_binary_gives_no_verdicts(self):
        self.assertEqual(goals.hotpath({"ran": False}),
                         {"added": [], "threads": [], "concurrent": True})


class Watch(unittest.TestCase):
    def verdict(self, us, noisy=False):
        verdicts = goals.watch({"ran": True, "types": 10000, "threads": 64,
                                "median_us": us, "noisy": noisy})
        self.assertEqual(len(verdicts), 1)
        return verdicts[0]

    def test_counting_after_recording(self):
        verdicts = goals.watch({"ran": True, "types": 10, "threads": 1,
                                "median_us": 10.0, "noisy": False,
                                "hot_ratio": 1.08, "hot_noisy": False})
        self.assertEqual(verdicts[1], Verdict(
            "after `leaktrace watch` recorded a type's creation sites, "
            "counting it costs what it did before (within 5%)",
            "1.080x, 0.030x over the goal", "NOT met"))

    def test_met_at_1_percent(self):
        # 10000 us of CPU a sample is 1% of a 1-second interval: at the goal.
        self.assertEqual(self.verdict(10000.0), Verdict(
            "`leaktrace watch` sampling at a 1 s interval costs the program "
            "at most 1% CPU with 10000 types and 64 threads",
            "1.00% (10000 us a sample)", "met"))

    def test_not_met_noisy(self):
        v = self.verdict(15000.0, noisy=True)
        self.assertEqual(v.verdict, "NOT met (NOISY)")
        self.assertEqual(v.result,
                         "1.50% (15000 us a sample), 0.50% over the goal")

    def test_failed_binary_gives_no_verdict(self):
        self.assertEqual(goals.watch({"ran": False}), [])


class Snapshot(unittest.TestCase):
    def verdict(self, us, noisy=()):
        return goals.snapshot({"ran": True, "top": (10000, 64), "top_us": us,
                               "noisy": list(noisy)})

    def test_met_under_1_ms(self):
        self.assertEqual(self.verdict(999.4), Verdict(
            "one snapshot under 1 ms with 10000 types and 64 threads",
            "999 us", "met"))

    def test_exactly_1_ms_is_not_under_it(self):
        # "under": strictly; over() has nothing to add at the limit itself.
        self.assertEqual(self.verdict(1000.0).verdict, "NOT met")
        self.assertEqual(self.verdict(1000.0).result, "1000 us")

    def test_not_met_noisy(self):
        v = self.verdict(1780.0, noisy=[(10000, 64)])
        self.assertEqual(v.verdict, "NOT met (NOISY)")
        self.assertEqual(v.result, "1780 us, 780.00 us over the goal")

    def test_noise_elsewhere_in_the_grid_does_not_count(self):
        self.assertEqual(self.verdict(500.0, noisy=[(10, 64)]).verdict, "met")

    def test_failed_binary_gives_no_verdict(self):
        self.assertIsNone(goals.snapshot({"ran": False}))


class Workloads(unittest.TestCase):
    def figures(self, tool, noisy=()):
        return {"iterations": 4, "ratios": {"tool": tool},
                "median_ratio": {"tool": sorted(tool)[len(tool) // 2]
                                 if tool else None},
                "noisy": {k: [] for k in noisy}}

    def test_met_at_the_goal(self):
        v = goals.workload(self.figures([1.06, 1.05, 1.04]), WORKLOADS[0])
        self.assertEqual(v, Verdict(
            "`leaktrace -N 4 -r` at most 1.05x plain",
            "1.050x CPU time; rounds: 1.040 1.050 1.060", "met"))

    def test_not_met_noisy(self):
        v = goals.workload(self.figures([1.2, 1.0, 1.1], noisy=["tool"]),
                           WORKLOADS[0])
        self.assertEqual(v.verdict, "NOT met (NOISY)")
        self.assertEqual(v.result, "1.100x CPU time, 0.050x over the goal; "
                                   "rounds: 1.000 1.100 1.200")

    def test_noise_of_another_command_does_not_count(self):
        v = goals.workload(self.figures([1.0], noisy=["asan"]), WORKLOADS[0])
        self.assertEqual(v.verdict, "met")

    def test_not_measured_when_every_tool_run_failed(self):
        v = goals.workload(self.figures([]), WORKLOADS[0])
        self.assertEqual(v, Verdict("`leaktrace -N 4 -r` at most 1.05x plain",
                                    "not measured", "NOT measured",
                                    line=False))

    def test_the_goal_comes_from_the_description(self):
        tiny = Workload("tiny", "4b. Tiny", "{tests} tiny tests.", "p", "pt",
                        "i", "it", goal_ratio=1.2,
                        goal_text="tiny tests under `leaktrace -N {n} -r` at "
                                  "most {ratio:.2f}x plain")
        v = goals.workload(self.figures([1.15]), tiny)
        self.assertEqual(v.goal, "tiny tests under `leaktrace -N 4 -r` at "
                                 "most 1.20x plain")
        self.assertEqual(v.verdict, "met")


class Retention(unittest.TestCase):
    GOAL = ("the second run (retention paths) at most 3x the plain run of "
            "the leaking layers, symbolising apart")

    def figures(self, rounds, problems=(), noisy=None):
        return {"second_ratios": rounds, "problems": list(problems),
                "median_second_ratio": sorted(rounds)[len(rounds) // 2]
                if rounds else None, "noisy": noisy}

    def test_met_at_the_goal_exactly(self):
        v = goals.retention(self.figures([3.1, 3.0, 2.5]))
        self.assertEqual(v, Verdict(
            self.GOAL, "3.00x CPU time; rounds: 2.500 3.000 3.100", "met"))

    def test_not_met_noisy(self):
        v = goals.retention(self.figures([3.5, 2.9, 3.2],
                                         noisy=[2.9, 3.2, 3.5]))
        self.assertEqual(v, Verdict(
            self.GOAL, "3.20x CPU time, 0.20x over the goal; rounds: 2.900 "
            "3.200 3.500", "NOT met (NOISY)"))

    def test_a_failed_second_run_is_not_met_whatever_the_ratios(self):
        v = goals.retention(self.figures([1.5], problems=[
            (2, "the second run failed: boom"),
            (3, "the second run failed: boom")]))
        self.assertEqual(v, Verdict(
            self.GOAL, "round 2: the second run failed: boom (and 1 more "
            "round(s))", "NOT met"))
        v = goals.retention(self.figures([], problems=[
            (1, "the second run did not scan the process")]))
        self.assertEqual(v.verdict, "NOT met")
        self.assertTrue(v.line)

    def test_not_measured_when_every_tool_run_failed(self):
        v = goals.retention(self.figures([]))
        self.assertEqual(v, Verdict(self.GOAL, "not measured",
                                    "NOT measured", line=False))


class CompileTime(unittest.TestCase):
    def figures(self, ratios, plain, plugin, noisy=False):
        return {"paired": True, "failure": None, "ratios": ratios,
                "ratio": ratios[len(ratios) // 2], "noisy": noisy,
                "median": {"plain": plain, "plugin": plugin}}

    def test_met(self):
        v = goals.compile_time(self.figures([1.01, 1.03, 1.04], 36.0, 37.0))
        self.assertEqual(v, Verdict(
            "compiling with the plugin at most 1.05x",
            "1.030x, +1.00 s CPU; rounds: 1.010 1.030 1.040", "met"))

    def test_not_met_noisy(self):
        v = goals.compile_time(self.figures([1.0, 1.1, 1.2], 36.0, 39.5,
                                            noisy=True))
        self.assertEqual(v.verdict, "NOT met (NOISY)")
        self.assertEqual(v.result, "1.100x, +3.50 s CPU, 0.050x over the "
                                   "goal; rounds: 1.000 1.100 1.200")

    def test_failed_compile_gives_no_verdict(self):
        self.assertIsNone(goals.compile_time({"paired": True,
                                              "failure": ("a.cpp", "plain")}))
        self.assertIsNone(goals.compile_time({"paired": False}))


if __name__ == "__main__":
    unittest.main()
