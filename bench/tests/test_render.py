"""RESULTS.md from figures: a golden page for the recording data/full.json
(its numbers checked by hand against the raw data: medians, ratios, sums
and verdicts), and hand-made figures for failures and for a workload that
is not the default one."""

import json
import os
import unittest

from runbench import render, report
from runbench.goals import Verdict
from runbench.sections import SECTIONS, Workload

DATA = os.path.join(os.path.dirname(__file__), "data")


def page(raw):
    total = render.Report()
    for name in SECTIONS:
        if name in raw["sections"]:
            total.extend(report.section(raw, name))
    return render.results_markdown(raw, total, SECTIONS), total


class Golden(unittest.TestCase):
    def test_full_recording(self):
        with open(os.path.join(DATA, "full.json")) as f:
            raw = json.load(f)
        with open(os.path.join(DATA, "full.md")) as f:
            golden = f.read()
        markdown, total = page(raw)
        self.maxDiff = None
        self.assertEqual(markdown, golden)
        self.assertEqual(total.errors, [])
        self.assertEqual(len(total.goals), 13)


class Table(unittest.TestCase):
    def test_columns_line_up(self):
        self.assertEqual(render.table(["a", "bb"], [["xyz", 1], ["", 22]]),
                         "| a   | bb |\n"
                         "|:----|---:|\n"
                         "| xyz |  1 |\n"
                         "|     | 22 |")

    def test_alignment_per_column(self):
        self.assertEqual(render.table(["x", "y"], [["1", "2"]], ["r", "l"]),
                         "| x | y |\n|--:|:--|\n| 1 | 2 |")


class Show(unittest.TestCase):
    def test_build_dir_and_quotes(self):
        from runbench.fmt import show
        self.assertEqual(
            show(["/bld/bin/x", "--filter=a b", 'say "hi"'],
                 {"ASAN_OPTIONS": "detect_leaks=1"}, "/bld"),
            'ASAN_OPTIONS=detect_leaks=1 $BUILD/bin/x "--filter=a b" '
            '"say \\"hi\\""')


class Failures(unittest.TestCase):
    def test_hotpath_binary_failed(self):
        rep = render.hotpath({"ran": False, "status": 134,
                              "binary": "/bld/bin/leaktrace-bench"}, None,
                             "/bld")
        # No heading: neither hot-path section has anything to show.
        self.assertEqual(rep.blocks, [
            ("text", "**ERROR**: /bld/bin/leaktrace-bench exited with "
                     "status 134")])
        self.assertEqual(rep.goals, [])

    def test_snapshot_binary_failed(self):
        rep = render.snapshot({"ran": False, "binary": "/bld/s", "status": 2},
                              None, "/bld")
        self.assertEqual(rep.blocks[0][0], "section")
        self.assertEqual(rep.errors, ["/bld/s exited with status 2"])

    def test_compile_unpaired_and_failed(self):
        rep = render.compile_time({"paired": False}, None, "/bld")
        self.assertEqual(rep.errors, [
            "the workload's compile commands are missing from "
            "compile_commands.json (rebuild the bench targets)"])
        rep = render.compile_time({"paired": True, "differ": ["a.cpp"],
                                   "failure": ("/src/b.cpp", "plugin")},
                                  None, "/bld")
        self.assertEqual(rep.errors, [
            "plain and plugin compile commands differ beyond -fplugin for "
            "a.cpp", "compiling /src/b.cpp (plugin) failed"])
        self.assertEqual(len(rep.blocks), 3)

    def test_not_measured_is_listed_but_has_no_line(self):
        rep = render.Report()
        rep.goal(Verdict("g", "not measured", "NOT measured", line=False))
        rep.goal(None)
        self.assertEqual(rep.blocks, [])
        markdown = render.results_markdown(
            {"options": {"repetitions": 1, "workload_repetitions": 1,
                         "asan_repetitions": 1, "valgrind_iterations": 1,
                         "valgrind_repetitions": 1, "compile_repetitions": 1,
                         "seed": 5, "extra": ["--x", "a b"]},
             "started": "then", "took": 1.4, "build": "/bld", "machine": {}},
            rep, ["hotpath"])
        self.assertIn("| g    | not measured | **NOT measured** |", markdown)
        self.assertIn("--compile-repetitions 1 --seed 5 -- --x 'a b'`",
                      markdown)
        self.assertIn("in 1 s;", markdown)


TINY = Workload(
    name="tiny", title="4b. Tiny tests", about="{tests} tiny tests.",
    plain="tiny-plain", plain_target="tiny_plain", instrumented="tiny",
    instrumented_target="tiny_instrumented", goal_ratio=1.05,
    nodebug="tiny-plain-nodebug")


def tiny_figures(**changes):
    """Figures of a tiny workload: one round, the tool failed; Valgrind
    ran with as many iterations as the others."""
    ref = ["/bld/bin/tiny-plain", "--gtest_repeat=4"]
    commands = [
        {"key": "direct", "argv": ["/bld/bin/tiny", "--gtest_repeat=4"],
         "env": {}, "iterations": 4, "reference": ref, "rounds": 1},
        {"key": "tool", "argv": ["/bld/bin/leaktrace", "-N", "4", "-r", "--",
                                 "/bld/bin/tiny"], "env": {}, "iterations": 4,
         "reference": ref, "rounds": 1},
        {"key": "valgrind", "argv": ["valgrind", "/bld/bin/tiny-plain-nodebug"],
         "env": {}, "iterations": 4, "reference": ref, "rounds": 1}]
    figures = {
        "workload": "tiny", "plain": ref[0], "tests": 1200, "iterations": 4,
        "valgrind_iterations": 4, "rounds": 1, "seed": 3,
        "commands": commands, "skipped": [],
        "failed_runs": [{"argv": commands[1]["argv"], "env": {}, "status": 3,
                         "stderr": "boom"}],
        "reference": [(4, 1.25, 1.0)],
        "cpu": {"direct": [1.1], "tool": [], "valgrind": [30.0]},
        "median_cpu": {"direct": 1.1, "tool": None, "valgrind": 30.0},
        "median_wall": {"direct": 1.2, "tool": None, "valgrind": 31.0},
        "ratios": {"direct": [1.1], "tool": [], "valgrind": [30.0]},
        "median_ratio": {"direct": 1.1, "tool": None, "valgrind": 30.0},
        "noisy": {}}
    figures.update(changes)
    return figures


class SecondWorkload(unittest.TestCase):
    def test_its_own_heading_prose_and_binaries(self):
        rep = render.workload(tiny_figures(), Verdict(
            "g", "not measured", "NOT measured", line=False), TINY, "/bld")
        kinds = [kind for kind, _ in rep.blocks]
        self.assertEqual(kinds, ["section"] + ["text"] * 4)
        self.assertEqual(rep.blocks[0][1], "4b. Tiny tests")
        self.assertTrue(rep.blocks[1][1].startswith(
            "1200 tiny tests. 1 rounds, the commands in random order in "
            "each (seed 3); ASan ran in 0 of them, Valgrind in 1."))
        self.assertEqual(rep.errors, [
            "`$BUILD/bin/leaktrace -N 4 -r -- $BUILD/bin/tiny` exited with "
            "status 3:\n```\nboom\n```"])
        rows = rep.blocks[3][1].splitlines()[2:]
        self.assertEqual(len(rows), 4)
        self.assertIn("`$BUILD/bin/tiny-plain --gtest_repeat=4`", rows[0])
        self.assertRegex(rows[0], r"\| +1\.25 \| +1\.00 \| +1\.00x \|$")
        self.assertRegex(rows[1], r"\| +1\.20 \| +1\.10 \| +1\.10x \|$")
        self.assertRegex(rows[2], r"\| FAILED \| +\| +\|$")
        # Valgrind's note names this workload's binary; no note about its
        # iteration count, which is the others'.
        self.assertTrue(rep.blocks[4][1].startswith(
            "Valgrind runs `tiny-plain-nodebug`, the plain binary"))

    def test_tool_flags_and_no_sanitizer_rows(self):
        # A workload run under -v, without ASan or Valgrind builds: the
        # tool's row says its flags, the prose says nothing of ASan.
        verbose = Workload("many", "5. Many", "{tests} tests.", "p", "pt",
                           "i", "it", 1.05, tool_flags=("-r", "-v"))
        figures = tiny_figures(
            commands=tiny_figures()["commands"][:2], failed_runs=[],
            cpu={"direct": [1.1], "tool": [1.3]},
            median_cpu={"direct": 1.1, "tool": 1.3},
            median_wall={"direct": 1.2, "tool": 1.4},
            ratios={"direct": [1.1], "tool": [1.3]},
            median_ratio={"direct": 1.1, "tool": 1.3})
        rep = render.workload(figures, Verdict("g", "r", "NOT met"), verbose,
                              "/bld")
        self.assertTrue(rep.blocks[1][1].startswith(
            "1200 tests. 1 rounds, the commands in random order in each "
            "(seed 3). Every command ran between two runs"))
        rows = rep.blocks[2][1].splitlines()[2:]
        self.assertTrue(rows[2].startswith(
            "| instrumented, under leaktrace -N 4 -r -v "))
        self.assertRegex(rows[2], r"\| +1\.40 \| +1\.30 \| +1\.30x \|$")

    def test_skipped_asan_names_its_binary(self):
        described = Workload("w", "t", "{tests}", "p", "pt", "i", "it", 1.05,
                             asan="w-asan")
        notes = render.workload_notes(tiny_figures(
            skipped=["asan", "valgrind"], commands=[]), described)
        self.assertEqual(notes, [
            "Not run: ASan: bin/w-asan was not built (-fsanitize=address "
            "does not link: install libclang-rt-N-dev and reconfigure).\n",
            "Not run: Valgrind: not installed.\n"])


if __name__ == "__main__":
    unittest.main()
