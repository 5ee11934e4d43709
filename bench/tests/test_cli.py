"""bench/run-bench as `make bench` runs it, against a build of stand-ins
(fakebuild.py): measuring, --save-raw, --from-raw, exit status."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from . import fakebuild

RUN_BENCH = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "run-bench")


def run_bench(*args, env=None):
    return subprocess.run([sys.executable, RUN_BENCH] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=env)


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="run-bench-test.")
        self.dir = self.tmp.name
        self.build = os.path.join(self.dir, "build")

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def read(self, name):
        with open(self.path(name)) as f:
            return f.read()

    def test_a_recording_renders_as_the_run_did(self):
        fakebuild.make(self.build)
        done = run_bench(self.build, "--only", "hotpath,snapshot,compile",
                         "--repetitions", "2", "--compile-repetitions", "2",
                         "--seed", "4", "--save-raw", self.path("raw.json"),
                         "--results", self.path("direct.md"))
        self.assertEqual(done.returncode, 0, done.stderr)
        raw = json.loads(self.read("raw.json"))
        self.assertEqual(list(raw["sections"]), ["hotpath", "snapshot",
                                                 "compile"])
        # 10 loops x 2 thread counts x 2 repetitions, and the atomic's 4.
        self.assertEqual(len(raw["sections"]["hotpath"]["results"]
                             ["benchmarks"]), 44)
        self.assertEqual([len(r) for r in raw["sections"]["compile"]
                          ["rounds"]], [2, 2])
        self.assertEqual(raw["options"]["seed"], 4)
        again = run_bench("--from-raw", self.path("raw.json"), "--results",
                          self.path("again.md"))
        self.assertEqual(again.returncode, 0, again.stderr)
        direct = self.read("direct.md")
        self.assertEqual(self.read("again.md"), direct)
        # The stand-in's construct+destroy: plain 1.0 and 1.01 ns, median
        # 1.005; instrumented 1.5 and 1.515, median 1.5075: 0.5025 added.
        # Both loops 1.02x slower on 2 threads, the atomic 4x.
        self.assertIn("goal: at most 1 ns added per construct+destroy of a "
                      "small class: **met** (0.50 ns added)", direct)
        self.assertIn("goal: construct+destroy of a small class: per-thread "
                      "time on 2+ threads within 5% of 1 thread: **met** "
                      "(instrumented 1.020x on 2 threads; plain control "
                      "1.02x)", direct)
        self.assertIn("`bench/run-bench $BUILD --repetitions 2 "
                      "--workload-repetitions 6 --asan-repetitions 2 "
                      "--valgrind-iterations 1 --valgrind-repetitions 1 "
                      "--compile-repetitions 2 --seed 4`", direct)

    def test_failed_benchmarks_exit_1_also_from_the_recording(self):
        fakebuild.make(self.build, hot_error="sharedPtrCopy",
                       tool_fails=True)
        done = run_bench(self.build, "--only", "hotpath,workload",
                         "--repetitions", "1", "--workload-repetitions", "1",
                         "--save-raw", self.path("raw.json"), "--no-results")
        self.assertEqual(done.returncode, 1, done.stderr)
        expected = ("run-bench: 2 benchmark(s) failed:\n"
                    "  bench::instrumented::sharedPtrCopy: self-check of "
                    "sharedPtrCopy FAILED\n"
                    "  `$BUILD/bin/leaktrace -N 4 -r -- "
                    "$BUILD/bin/leaktrace-workload` exited with status 3:\n")
        self.assertTrue(done.stdout.endswith(expected), done.stdout[-400:])
        runs = json.loads(self.read("raw.json"))["sections"]["workload"][
            "runs"]
        tool = [r for r in runs if r["key"] == "tool"]
        self.assertEqual([r["status"] for r in tool], [3])
        self.assertEqual(tool[0]["stderr"],
                         "leaktrace: the child crashed\nsecond line")
        again = run_bench("--from-raw", self.path("raw.json"), "--only",
                          "workload", "--no-results")
        self.assertEqual(again.returncode, 1)
        self.assertTrue(again.stdout.endswith(
            "run-bench: 1 benchmark(s) failed:\n"
            "  `$BUILD/bin/leaktrace -N 4 -r -- "
            "$BUILD/bin/leaktrace-workload` exited with status 3:\n"))

    def test_retention_reads_the_tools_report(self):
        fakebuild.make(self.build)
        done = run_bench(self.build, "--only", "retention",
                         "--workload-repetitions", "2", "--seed", "3",
                         "--save-raw", self.path("raw.json"),
                         "--results", self.path("direct.md"))
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        section = json.loads(self.read("raw.json"))["sections"]["retention"]
        self.assertEqual(section["plain"], [
            f"{self.build}/bin/leaktrace-workload-plain", "--gtest_repeat=2",
            "--gtest_filter=-Seeds/SharedCatalogTest.*"])
        self.assertEqual((section["tests"], section["env"]),
                         (3, {"LEAKTRACE_WORKLOAD_LEAK": "1"}))
        # Two rounds of the two commands, each between plain runs, which
        # consecutive commands share: four commands in a row, five plain.
        tool = [r for r in section["runs"] if r["key"] != "reference"]
        self.assertEqual(sorted(r["key"] for r in tool),
                         ["first", "first", "sites", "sites"])
        self.assertEqual([r["key"] == "reference" for r in section["runs"]],
                         [True, False] * 4 + [True])
        for r in section["runs"]:
            self.assertEqual(r["status"], 0)
            self.assertEqual(r["env"], {"LEAKTRACE_WORKLOAD_LEAK": "1"})
        for r in tool:
            sites = r["report"]["creation_sites"]
            if r["key"] == "first":
                self.assertIsNone(sites)
            else:
                self.assertEqual((sites["run_cpu_seconds"],
                                  sites["scanned"]), (0.01, True))
                self.assertEqual(r["report"]["leaks"][0]["site_objects"],
                                 [10, 2])
        # Read and removed: nothing left in the build tree.
        self.assertEqual([f for f in os.listdir(self.build)
                          if f.endswith(".json")], ["compile_commands.json"])
        direct = self.read("direct.md")
        self.assertIn("## 6. The second run: creation sites and retention "
                      "paths", direct)
        self.assertIn("| the second run (retention paths) at most 3x the "
                      "plain run of the leaking layers, symbolising apart |",
                      direct)
        self.assertIn("kept 12 object(s) of them", direct)
        self.assertNotIn("The plain reference ran", direct)
        again = run_bench("--from-raw", self.path("raw.json"), "--results",
                          self.path("again.md"))
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(self.read("again.md"), direct)

    def test_a_failed_second_run_fails_the_goal_and_the_run(self):
        fakebuild.make(self.build, sites_failure="the second run was "
                       "killed by signal 11 in test Suite.a")
        done = run_bench(self.build, "--only", "retention",
                         "--workload-repetitions", "1", "--no-results")
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("NOT met", done.stdout)
        self.assertTrue(done.stdout.endswith(
            "run-bench: 1 benchmark(s) failed:\n"
            "  round 1: the second run was killed by signal 11 in test "
            "Suite.a\n"), done.stdout[-400:])
        fakebuild.make(self.build, scanned=False)
        done = run_bench(self.build, "--only", "retention",
                         "--workload-repetitions", "1", "--no-results")
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("round 1: the second run did not scan the process "
                      "(creation_sites.scanned is false)", done.stdout)

    def test_only_the_retention_section_leaks(self):
        # The caller's environment asks for the leak: the workload section
        # runs without it all the same (the stand-in fails otherwise).
        fakebuild.make(self.build)
        env = dict(os.environ, LEAKTRACE_WORKLOAD_LEAK="1")
        done = run_bench(self.build, "--only", "workload",
                         "--workload-repetitions", "1", "--no-results",
                         env=env)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    def test_from_raw_measures_nothing(self):
        done = run_bench("--from-raw", "x.json", "--repetitions", "3", "b")
        self.assertEqual(done.returncode, 2)
        self.assertIn("BUILD_DIR, --repetitions: nothing is measured with "
                      "--from-raw", done.stderr)

    def test_from_raw_checks_the_recording(self):
        with open(self.path("other.json"), "w") as f:
            json.dump({"benchmarks": []}, f)
        done = run_bench("--from-raw", self.path("other.json"))
        self.assertEqual(done.returncode, 1)
        self.assertIn("is not a run-bench recording", done.stderr)
        fakebuild.make(self.build)
        run_bench(self.build, "--only", "snapshot", "--save-raw",
                  self.path("raw.json"), "--no-results")
        done = run_bench("--from-raw", self.path("raw.json"), "--only",
                         "compile")
        self.assertEqual(done.returncode, 1)
        self.assertIn("has no compile section", done.stderr)


if __name__ == "__main__":
    unittest.main()
