"""A build tree of stand-ins for the benchmark binaries, so that
bench/run-bench can measure something in a test: each writes what the real
one would (Google Benchmark's JSON, the snapshot JSON, a test list), runs
in milliseconds, and fails where the test asks it to."""

import json
import os
import sys

PYTHON = sys.executable

GBENCH = r'''
import json, sys
args = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)
reps = int(args["--benchmark_repetitions"])
names = ["constructDestroy", "sharedPtrCopy", "copyTriviallyCopied",
         "newDeleteAggregate", "newDeleteTriviallyDestructible"]
benchmarks = []
for i, key in enumerate(names):
    for ns, t0 in (("plain", 1.0), ("instrumented", 1.5)):
        for t in (1, 2):
            name = f"bench::{ns}::{key}/threads:{t}"
            for r in range(reps):
                b = {"name": name, "run_name": name, "run_type": "iteration",
                     "threads": t, "time_unit": "ns",
                     "cpu_time": (i + t0) * (1 + 0.01 * r) * (1 + 0.02 * (t - 1))}
                if ns == "instrumented" and key == ERROR_IN:
                    b.update(error_occurred=True,
                             error_message="self-check of " + key + " FAILED")
                benchmarks.append(b)
for t, ns in ((1, 5.0), (2, 20.0)):
    name = f"bench::plain::constructDestroySharedAtomic/threads:{t}"
    benchmarks += [{"name": name, "run_name": name, "run_type": "iteration",
                    "threads": t, "time_unit": "ns", "cpu_time": ns}] * reps
json.dump({"context": {"num_cpus": 2, "load_avg": [0.25, 0.5, 1.0]},
           "benchmarks": benchmarks}, open(args["--benchmark_out"], "w"))
sys.exit(STATUS)
'''

SNAPSHOT = r'''
import json, sys
out = sys.argv[sys.argv.index("--out") + 1]
results = [{"types": n, "threads": t,
            "ns_per_call": [n * t * 0.5, n * t * 0.6, n * t * 0.55]}
           for n in (10, 100, 1000, 10000) for t in (1, 8, 64)]
json.dump({"batches": 3, "results": results}, open(out, "w"))
sys.exit(STATUS)
'''

WATCH = r'''
import json, sys
out = sys.argv[sys.argv.index("--out") + 1]
json.dump({"types": 10000, "threads": 64,
           "cpu_us_per_sample": [3000.0, 3200.0, 3100.0],
           "hot_ns_before": [2.0, 2.1, 2.0],
           "hot_ns_recording": [230.0, 240.0, 235.0],
           "hot_ns_after": [2.0, 2.0, 2.1]}, open(out, "w"))
sys.exit(STATUS)
'''

WORKLOAD = r'''
import os, sys
if "--gtest_list_tests" in sys.argv:
    print("Suite.\n  a\n  b\n  c")
# The opt-in leak belongs to the retention section, whose plain runs are
# filtered: anywhere else it would change what sections 4 and 5 measure.
if os.environ.get("LEAKTRACE_WORKLOAD_LEAK") and not any(
        a.startswith("--gtest_filter=") for a in sys.argv):
    sys.stderr.write("leaking where no leak was asked for\n")
    sys.exit(5)
'''

# Writes --json as the real tool does, as far as run-bench reads it: with
# the workload's leak on, a leak in the default layer, and unless
# --no-creation-sites the second run's report (SITES_FAILURE, SCANNED).
TOOL = r'''
import json, os, sys
argv = sys.argv[1:]
if "-N" in argv and FAIL:
    sys.stderr.write("leaktrace: the child crashed\nsecond line\n")
    sys.exit(3)
if "--json" in argv:
    leak = bool(os.environ.get("LEAKTRACE_WORKLOAD_LEAK"))
    sites = leak and "--no-creation-sites" not in argv
    leaks = [{"type": "workload::Customer", "insts": [12, 12, 12],
              "refs": [0, 0, 0],
              "sites": [{"objects": 10, "frames": []},
                        {"objects": 2, "frames": []}] if sites else [],
              "paths": [{"objects": 12}] if sites else []}] if leak else []
    report = {"schema": "leaktrace-run/2", "verdict": "leak" if leak else "ok",
              "layers": [{"name": "leaktrace.layer.UnitTests", "tests": 3,
                          "leaks": leaks}],
              "creation_sites": None if not sites else {
                  "seconds": 0.02, "run_cpu_seconds":
                  0.0 if SITES_FAILURE else 0.01,
                  "symbolising_seconds": 0.005, "failure": SITES_FAILURE,
                  "scanned": SCANNED, "heap": True, "threads_missed": 0,
                  "unlisted": 0}}
    with open(argv[argv.index("--json") + 1], "w") as f:
        json.dump(report, f)
'''

COMPILER = r'''
import sys
if FAIL and FAIL in sys.argv:
    sys.exit(1)
open(sys.argv[sys.argv.index("-o") + 1], "w").close()
'''


def script(path, body, **constants):
    with open(path, "w") as f:
        f.write(f"#!{PYTHON}\n")
        for name, value in constants.items():
            f.write(f"{name} = {value!r}\n")
        f.write(body)
    os.chmod(path, 0o755)


def make(build, hot_error=None, hot_status=0, snapshot_status=0,
         tool_fails=False, compile_fails=None, plugin_flags=(),
         sources=("a.cpp", "b.cpp"), sites_failure="", scanned=True):
    """Writes the stand-ins under build/bin and a compile_commands.json
    whose plain and plugin commands differ in -fplugin and `plugin_flags`.
    hot_error: a loop whose instrumented benchmark reports an error;
    compile_fails: a source whose compiles fail; sites_failure and scanned:
    what the tool's report says of its second run."""
    bin_ = os.path.join(build, "bin")
    os.makedirs(bin_, exist_ok=True)
    script(os.path.join(bin_, "leaktrace-bench"), GBENCH, ERROR_IN=hot_error,
           STATUS=hot_status)
    script(os.path.join(bin_, "leaktrace-bench-snapshot"), SNAPSHOT,
           STATUS=snapshot_status)
    script(os.path.join(bin_, "leaktrace-bench-watch"), WATCH, STATUS=0)
    for name in ("leaktrace-workload-plain", "leaktrace-workload",
                 "leaktrace-workload-plain-nodebug"):
        script(os.path.join(bin_, name), WORKLOAD)
    script(os.path.join(bin_, "leaktrace"), TOOL, FAIL=tool_fails,
           SITES_FAILURE=sites_failure, SCANNED=scanned)
    compiler = os.path.join(bin_, "fake-c++")
    script(compiler, COMPILER,
           FAIL=compile_fails and f"/src/{compile_fails}")
    entries = []
    for target, plugin in (("leaktrace_workload_plain", []),
                           ("leaktrace_workload_instrumented",
                            [f"-fplugin={build}/lib/leaktrace.so"] +
                            list(plugin_flags))):
        for src in sources:
            entries.append({"directory": build, "file": f"/src/{src}",
                            "arguments": [compiler, "-O2"] + plugin + [
                                "-o", f"bench/CMakeFiles/{target}.dir/{src}.o",
                                "-c", f"/src/{src}"]})
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        json.dump(entries, f)
