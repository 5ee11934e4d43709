"""The sections in the order they run, and the workloads' descriptions.

A workload section is one description (its binaries, its goal, its prose)
run through the same measure/analyse/goals/render code: adding a workload
is adding an entry to WORKLOADS.
"""

from dataclasses import dataclass
from typing import Optional

from .goals import GOAL_TINY_WORKLOAD_RATIO, GOAL_WORKLOAD_RATIO


@dataclass(frozen=True)
class Workload:
    """A set of GoogleTest tests built plain and instrumented, timed run
    directly and under `leaktrace -N iterations -r`."""

    name: str                 # its section: --only NAME, key in recordings
    title: str                # its heading in RESULTS.md
    about: str                # its opening sentence; {tests}: how many
    plain: str                # binary built without the plugin (bin/NAME)
    plain_target: str         # and its CMake target, for "build it first"
    instrumented: str         # binary built with the plugin
    instrumented_target: str
    goal_ratio: float         # CPU time under the tool over plain, at most
    goal_text: str = "`leaktrace -N {n} {flags}` at most {ratio:.2f}x plain"
    tool_flags: tuple = ("-r",)    # the tool's options beside -N
    asan: Optional[str] = None     # its -fsanitize=address build, if any
    nodebug: Optional[str] = None  # plain without -g, for Valgrind, if any
    iterations: int = 4            # --gtest_repeat, and the tool's -N


WORKLOADS = [
    Workload(
        name="workload",
        title="4. A whole workload: several hundred object-heavy tests",
        about=("bench/workload: {tests} GoogleTest tests (catalogs and orders "
               "sharing products, markup trees, graphs, event buses with "
               "polymorphic listeners, a text index, an LRU cache template), "
               "one suite of them in a layer; all builds -O2 with the same "
               "main (leaktrace_gtest_main)."),
        plain="leaktrace-workload-plain",
        plain_target="leaktrace_workload_plain",
        instrumented="leaktrace-workload",
        instrumented_target="leaktrace_workload_instrumented",
        goal_ratio=GOAL_WORKLOAD_RATIO,
        asan="leaktrace-workload-asan",
        # The plain binary without -g: see bench/CMakeLists.txt.
        nodebug="leaktrace-workload-plain-nodebug"),
    Workload(
        name="tiny",
        title="5. Many tiny tests: what the runner adds per test",
        about=("bench/workload/tiny_test.cpp: {tests} GoogleTest tests of "
               "about 0.1 ms each (six parameterised fixtures over the same "
               "model, 200 seeds each), the shape of yaml-cpp's suite, where "
               "the runner's work per test (its events, its snapshots, the "
               "tool reading them) rather than the counting is what a run "
               "under the tool adds; per-test attribution is always on, and "
               "-v prints a dot per test. All builds -O2 with the same main "
               "(leaktrace_gtest_main)."),
        plain="leaktrace-workload-tiny-plain",
        plain_target="leaktrace_workload_tiny_plain",
        instrumented="leaktrace-workload-tiny",
        instrumented_target="leaktrace_workload_tiny_instrumented",
        goal_ratio=GOAL_TINY_WORKLOAD_RATIO,
        tool_flags=("-r", "-v")),
]

# The compile section compiles and sizes this workload.
COMPILED_WORKLOAD = WORKLOADS[0]

# Section retention: the second pass of `leaktrace -N 4 -r` (creation sites
# and retention paths) on section workload's binaries, with the workload's
# opt-in leak (bench/workload/model.h). The leak grows types of the default
# layer only, so the plain reference runs that layer's tests (all but
# SharedCatalogTest's, which is in workload.SharedCatalog) twice: what the
# second run runs. The suite is parameterised: GoogleTest names it
# Seeds/SharedCatalogTest, and -SharedCatalogTest.* would filter nothing.
RETENTION_WORKLOAD = WORKLOADS[0]
RETENTION_ENV = {"LEAKTRACE_WORKLOAD_LEAK": "1"}
RETENTION_LAYER = "leaktrace.layer.UnitTests"
RETENTION_FILTER = "-Seeds/SharedCatalogTest.*"
RETENTION_ITERATIONS = 4          # the first run's -N
SECOND_RUN_ITERATIONS = 2         # what the second run runs, and the plain

SECTIONS = (["hotpath", "snapshot", "watch"] + [w.name for w in WORKLOADS] +
            ["retention", "compile"])


def workload(name):
    """The description of the workload section `name`, or None."""
    return next((w for w in WORKLOADS if w.name == name), None)
