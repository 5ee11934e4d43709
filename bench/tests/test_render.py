"""RESULTS.md from figures: a golden page for the recording data/full.json
(its numbers checked by hand against the raw data: medians, ratios, sums
and verdicts), and hand-made figures for failures and for a workload that
is not the default one."""

import json
import os
import unittest

from runbench import analyse, goals, render, report
from runbench.goals import Verdict
from runbench.sections import SECTIONS, Workload

from . import madeup

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


def retention_section(raw):
    figures = analyse.retention(raw)
    return render.retention(figures, goals.retention(figures), "/bld")


class Retention(unittest.TestCase):
    """Section retention from the hand-made round of madeup.py: plain 1.0,
    1.2, 1.0 s CPU, the tool 5.0 s with its second pass (the second run
    2.0 s, symbolising 0.5 s) and 2.5 s without."""

    def test_table(self):
        rep = retention_section(madeup.one_round())
        self.assertEqual(rep.blocks[0], (
            "section",
            "6. The second run: creation sites and retention paths"))
        self.assertIn("whose layer has 428 tests. 1 rounds", rep.blocks[1][1])
        self.assertEqual(rep.errors, [])
        rows = rep.blocks[2][1].splitlines()
        self.assertRegex(rows[0], r"^\| run +\| command +\| wall s \| CPU s "
                                  r"\| CPU / plain \|$")
        rows = rows[2:]
        self.assertEqual(len(rows), 5)
        self.assertIn("`LEAKTRACE_WORKLOAD_LEAK=1 $BUILD/bin/leaktrace-"
                      "workload-plain --gtest_repeat=2 \"--gtest_filter="
                      "-Seeds/SharedCatalogTest.*\"`", rows[0])
        # walls 1.1, 1.3, 1.1 and CPU 1.0, 1.2, 1.0: medians 1.1 and 1.0.
        self.assertRegex(rows[0], r"\| +1\.10 \| +1\.00 \| +1\.00x \|$")
        self.assertIn("--no-creation-sites --json $BUILD/first.json --",
                      rows[1])
        # 2.5 / mean(1.2, 1.0); 5.0 / mean(1.0, 1.2); 2.0 / 1.1
        self.assertRegex(rows[1], r"\| +2\.70 \| +2\.50 \| +2\.27x \|$")
        self.assertRegex(rows[2], r"\| +5\.20 \| +5\.00 \| +4\.55x \|$")
        self.assertRegex(rows[3], r"^\| the second run, its process .*"
                                  r"`creation_sites.run_cpu_seconds` +\| +"
                                  r"\| +2\.00 \| +1\.82x \|$")
        self.assertRegex(rows[4], r"^\| symbolising, in the tool .*"
                                  r"\| +0\.50 \| +\| +\|$")

    def test_notes_and_goal(self):
        rep = retention_section(madeup.one_round())
        texts = [t for _, t in rep.blocks[3:]]
        self.assertEqual(texts, [
            "The second pass added 2.50 s of CPU to the whole command (with "
            "it less without it, medians): the second run's process and, in "
            "the tool, symbolising and reading the second run's events.\n",
            "The second run watched 2 growing type(s) and kept 26 object(s) "
            "of them (the objects of their creation sites, "
            "`leaks[].sites[].objects`): workload::Customer 12; "
            "workload::Node 14.\n",
            "goal: the second run (retention paths) at most 3x the plain run "
            "of the leaking layers, symbolising apart: **met** (1.82x CPU "
            "time; rounds: 1.818)"])

    def test_a_failed_second_run(self):
        rep = retention_section(madeup.one_round(madeup.report(
            run_cpu=0.0, failure="the second run was killed by signal 11")))
        self.assertEqual(rep.errors, [
            "round 1: the second run was killed by signal 11"])
        rows = rep.blocks[3][1].splitlines()[2:]
        self.assertEqual(len(rows), 4)
        self.assertRegex(rows[3], r"^\| the second run, its process +\| +"
                                  r"\| FAILED \| +\| +\|$")
        self.assertEqual(rep.goals[0].verdict, "NOT met")
        self.assertEqual(rep.blocks[-1][1],
                         "goal: the second run (retention paths) at most 3x "
                         "the plain run of the leaking layers, symbolising "
                         "apart: **NOT met** (round 1: the second run was "
                         "killed by signal 11)")

    def test_not_scanned(self):
        rep = retention_section(madeup.one_round(madeup.report(
            scanned=False)))
        self.assertEqual(rep.errors, [
            "round 1: the second run did not scan the process "
            "(creation_sites.scanned is false)"])
        self.assertEqual(rep.goals[0].verdict, "NOT met")

    def test_a_failed_tool_run(self):
        raw = madeup.raw([madeup.reference(1.0),
                          madeup.tool("sites", 0.3, 0, 2, None, status=1),
                          madeup.reference(1.0)])
        raw["runs"][1]["stderr"] = "leaktrace: 1 test failed"
        raw["commands"] = raw["commands"][:1]
        rep = retention_section(raw)
        self.assertEqual(rep.errors, [
            "`LEAKTRACE_WORKLOAD_LEAK=1 $BUILD/bin/leaktrace -N 4 -r --json "
            "$BUILD/sites.json -- $BUILD/bin/leaktrace-workload` exited with "
            "status 1:\n```\nleaktrace: 1 test failed\n```"])
        rows = rep.blocks[3][1].splitlines()[2:]
        self.assertRegex(rows[1], r"\| FAILED \| +\| +\|$")
        self.assertRegex(rows[2], r"\| FAILED \| +\| +\|$")
        # Listed, with no line of its own.
        self.assertEqual(rep.goals[0].verdict, "NOT measured")
        self.assertFalse(any("goal:" in t for _, t in rep.blocks))

    def test_doubts_another_layer_and_no_heap(self):
        rep = retention_section(madeup.one_round(madeup.report(
            heap="statically linked", leaks=[
                {"layer": "workload.SharedCatalog",
                 "type": "workload::Product", "insts": [1, 1, 1],
                 "site_objects": [1], "paths": 0}])))
        texts = [t for _, t in rep.blocks]
        self.assertIn("The leak also grew types in workload.SharedCatalog: "
                      "the second run ran those layers too, the plain "
                      "reference did not, so the ratio overstates the second "
                      "run's cost.\n", texts)
        self.assertIn("The allocator shim was not used: statically linked. "
                      "The second run then did less than it should.\n", texts)

    def test_a_reference_that_runs_other_tests(self):
        # The tool counted 452 tests in the layer, the filter selected 428.
        rep = retention_section(madeup.one_round(madeup.report(tests=452)))
        self.assertIn("The plain reference ran 428 tests, but "
                      "leaktrace.layer.UnitTests has 452 (the tool's report): "
                      "the reference's --gtest_filter does not select the "
                      "leaking layer's tests, and the ratio compares "
                      "different work.\n", [t for _, t in rep.blocks])
        rep = retention_section(madeup.one_round())
        self.assertFalse(any("plain reference ran" in t
                             for _, t in rep.blocks))


if __name__ == "__main__":
    unittest.main()
