"""Runs the benchmarks and returns what they measured, raw.

Everything here is plain JSON-able data: the commands as run (absolute
paths), exit statuses, every repetition's numbers and the order things ran
in. Nothing is summarised: analyse does that, so that a recording can be
analysed again. The console gets progress lines only; the figures are
printed once analysed.
"""

import json
import os
import platform
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from . import fmt
from .catalog import (SNAPSHOT_BATCHES, SNAPSHOT_THREADS, SNAPSHOT_TYPES,
                      WATCH_SAMPLES, WATCH_THREADS, WATCH_TYPES)
from .sections import (COMPILED_WORKLOAD, RETENTION_ENV, RETENTION_FILTER,
                       RETENTION_ITERATIONS, RETENTION_WORKLOAD,
                       SECOND_RUN_ITERATIONS, workload as described_workload)


def exe(build, name):
    return os.path.join(build, "bin", name)


def require(path, target):
    if not os.access(path, os.X_OK):
        sys.exit(f"run-bench: {path} not found: build it first "
                 f"(cmake --build BUILD --target {target}, or make bench)")


def section(name, build, options):
    """Measures section `name`; `options` as recorded (recording.py)."""
    if name == "hotpath":
        return hotpath(build, options)
    if name == "snapshot":
        return snapshot(build)
    if name == "watch":
        return watch(build)
    if name == "compile":
        return compile_time(build, options)
    if name == "retention":
        return retention(build, options)
    return workload(build, options, described_workload(name))


# --- 1 and 2: the hot path ---------------------------------------------------

def hotpath(build, options):
    """One run of bin/leaktrace-bench: {binary, command, repetitions,
    status, results (its --benchmark_out JSON, None if it failed)}."""
    binary = exe(build, "leaktrace-bench")
    require(binary, "leaktrace_bench")
    repetitions = options["repetitions"]
    # Many short repetitions rather than a few long ones: the medians then
    # survive a change of machine speed during the run.
    cmd = [binary, f"--benchmark_repetitions={repetitions}",
           "--benchmark_min_time=0.25",
           "--benchmark_enable_random_interleaving=true",
           "--benchmark_display_aggregates_only=true"] + options["extra"]
    with tempfile.TemporaryDirectory(prefix="leaktrace-bench.") as tmp:
        out = os.path.join(tmp, "results.json")
        full = cmd + [f"--benchmark_out={out}", "--benchmark_out_format=json"]
        print("$ " + " ".join(full), flush=True)
        # Everything is read from the JSON file: Google Benchmark's own
        # table (forty lines of aggregates) is left out. Self-check failures
        # go to standard error, and show as errors in the JSON as well.
        status = subprocess.run(full, stdout=subprocess.DEVNULL).returncode
        results = read_json(out) if status == 0 else None
    return {"binary": binary, "command": cmd, "repetitions": repetitions,
            "status": status, "results": results}


def read_json(path):
    """A benchmark's --out file, or None when it wrote none."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


# --- 3: snapshot -------------------------------------------------------------

def run_with_out(build, name, target, args, out_name):
    """One run of bin/`name` (built by `target`) with `args` and --out FILE:
    {binary, command, status, results (its --out JSON)}."""
    binary = exe(build, name)
    require(binary, target)
    cmd = [binary] + args
    with tempfile.TemporaryDirectory(prefix="leaktrace-bench.") as tmp:
        out = os.path.join(tmp, out_name)
        print("$ " + " ".join(cmd + ["--out", out]), flush=True)
        status = subprocess.run(cmd + ["--out", out]).returncode
        results = read_json(out) if status == 0 else None
    return {"binary": binary, "command": cmd, "status": status,
            "results": results}


def snapshot(build):
    """One run of bin/leaktrace-bench-snapshot over the grid: its results
    are every batch's ns per snapshot, by types and threads."""
    return run_with_out(build, "leaktrace-bench-snapshot",
                        "leaktrace_bench_snapshot",
                        ["--types", SNAPSHOT_TYPES, "--threads",
                         SNAPSHOT_THREADS, "--batches", SNAPSHOT_BATCHES],
                        "snapshot.json")


def watch(build):
    """One run of bin/leaktrace-bench-watch: its results are the sampled
    program's CPU microseconds per sample."""
    return run_with_out(build, "leaktrace-bench-watch", "leaktrace_bench_watch",
                        ["--types", WATCH_TYPES, "--threads", WATCH_THREADS,
                         "--samples", WATCH_SAMPLES], "watch.json")


# --- 4: a workload -----------------------------------------------------------

class Child:
    """One timed process. CPU time is user+system of the process and of every
    process it waited for (the tool's child included), read with wait4, so
    two children can be timed at once."""

    def __init__(self, argv, env):
        self.argv = argv
        # Standard error to a file, not a pipe: nobody reads a pipe while
        # the process runs, and a full one would block it.
        self.err = tempfile.TemporaryFile()
        self.start = time.perf_counter()
        self.proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                     stderr=self.err)

    def wait(self):
        """(status, wall seconds, CPU seconds)."""
        _, status, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        return (self.proc.returncode, time.perf_counter() - self.start,
                usage.ru_utime + usage.ru_stime)

    def stderr_tail(self, lines=15):
        self.err.seek(0)
        text = self.err.read().decode(errors="replace").strip()
        return "\n".join(text.splitlines()[-lines:])


def child_env(env):
    """The environment of a timed process: this one's with `env` over it,
    less the workload's opt-in leak unless `env` sets it, so that only the
    retention section's commands leak whatever the caller's environment."""
    base = {k: v for k, v in os.environ.items() if k not in RETENTION_ENV}
    return {**base, **env}


def workload_commands(build, options, w):
    """What a workload section runs, each with its plain reference command
    (None: no ratio) and the number of rounds it runs in; and what it
    cannot run (keys of the commands left out)."""
    plain, instr = exe(build, w.plain), exe(build, w.instrumented)
    tool = exe(build, "leaktrace")
    for path, target in ((plain, w.plain_target),
                         (instr, w.instrumented_target), (tool, "leaktrace")):
        require(path, target)
    n, vn = w.iterations, options["valgrind_iterations"]
    rounds = options["workload_repetitions"]
    plain_n = [plain, f"--gtest_repeat={n}"]

    def command(key, argv, iterations, reference, runs_in, env=None):
        return {"key": key, "argv": argv, "env": env or {},
                "iterations": iterations, "reference": reference,
                "rounds": runs_in}

    commands = [
        command("direct", [instr, f"--gtest_repeat={n}"], n, plain_n, rounds),
        command("tool", [tool, "-N", str(n), *w.tool_flags, "--", instr], n,
                plain_n, rounds),
        command("start", [tool, "--version"], 0, None, rounds),
    ]
    skipped = []
    if w.asan:
        asan = exe(build, w.asan)
        if os.access(asan, os.X_OK):
            commands.append(command(
                "asan", [asan, f"--gtest_repeat={n}"], n, plain_n,
                min(options["asan_repetitions"], rounds),
                {"ASAN_OPTIONS": "detect_leaks=1"}))
        else:
            skipped.append("asan")
    if w.nodebug:
        valgrind = shutil.which("valgrind")
        if valgrind:
            nodebug = exe(build, w.nodebug)
            require(nodebug, w.plain_target)
            commands.append(command(
                "valgrind", [valgrind, "--leak-check=full",
                             "--error-exitcode=99", "-q", nodebug,
                             f"--gtest_repeat={vn}"], vn,
                [plain, f"--gtest_repeat={vn}"],
                min(options["valgrind_repetitions"], rounds)))
        else:
            skipped.append("valgrind")
    return commands, skipped


def workload(build, options, w):
    """A workload section: {workload, plain, tests, iterations,
    valgrind_iterations, rounds, seed, commands, skipped, runs}. `runs`
    lists every process in the order it ran: {key ("reference" for a plain
    run), argv, env, iterations, status, wall, cpu, stderr (last lines, on
    failure), and for a command with a reference the indexes in `runs` of
    the plain runs right before and after it}."""
    commands, skipped = workload_commands(build, options, w)
    plain = exe(build, w.plain)
    # How many tests, from the binary itself.
    listing = subprocess.run([plain, "--gtest_list_tests"],
                             stdout=subprocess.PIPE, text=True).stdout
    tests = sum(1 for line in listing.splitlines()
                if line.startswith("  ") and line.strip())
    return {"workload": w.name, "plain": plain, "tests": tests,
            "iterations": w.iterations,
            "valgrind_iterations": options["valgrind_iterations"],
            "rounds": options["workload_repetitions"],
            "seed": options["seed"], "commands": commands,
            "skipped": skipped,
            "runs": bracketed_runs(build, commands, schedule(commands, options))}


def schedule(commands, options):
    """Every round's commands in random order (seeded: --seed replays it);
    a command runs in its first `rounds` rounds only."""
    order = []
    rng = random.Random(options["seed"])
    for r in range(options["workload_repetitions"]):
        batch = [c for c in commands if r < c["rounds"]]
        rng.shuffle(batch)
        order += batch
    return order


def bracketed_runs(build, commands, order, inspect=None):
    """Runs `order`, each command between two runs of its plain reference
    (its `reference` argv, with its `reference_env` and
    `reference_iterations` when given, else none and its own iterations);
    consecutive commands with the same reference share the run between
    them. A command that fails is not run again. inspect(command, run), if
    given, is called after each command's run (not the references') and may
    add to the run what the process left behind."""
    runs, failed = [], set()
    last_ref = None   # (argv, env, index) of the plain run that ended last

    def timed(key, argv, env, iterations, label):
        print(f"  {label} {fmt.show(argv, env, build)}", flush=True)
        child = Child(argv, child_env(env))
        status, wall, cpu = child.wait()
        run = {"key": key, "argv": argv, "env": env,
               "iterations": iterations, "status": status, "wall": wall,
               "cpu": cpu}
        if status != 0:
            run["stderr"] = child.stderr_tail()
        runs.append(run)
        return len(runs) - 1

    def reference(argv, env, iterations):
        return timed("reference", argv, env, iterations, "   plain:")

    def ok(i):
        return i is not None and runs[i]["status"] == 0

    for i, c in enumerate(order):
        if c["key"] in failed:
            continue
        ref, n = c["reference"], c["iterations"]
        ref_env = c.get("reference_env", {})
        ref_n = c.get("reference_iterations", n)
        before = after = None
        if ref:
            shared = last_ref and last_ref[:2] == (ref, ref_env)
            before = (last_ref[2] if shared
                      else reference(ref, ref_env, ref_n))
        main = timed(c["key"], c["argv"], c["env"], n,
                     f"[{i + 1}/{len(order)}]")
        if inspect:
            inspect(c, runs[main])
        if ref:
            after = reference(ref, ref_env, ref_n)
            last_ref = (ref, ref_env, after) if ok(after) else None
        runs[main].update(before=before, after=after)
        if not ok(main) or (ref and not (ok(before) and ok(after))):
            failed.add(c["key"])
    return runs


# --- 6: the second run: creation sites and retention paths -----------------

def retention(build, options):
    """The tool with its second pass (creation sites, retention paths) on
    the workload with its opt-in leak, and without it, each between two
    plain runs of what the second run runs: the leaking layer's tests, two
    iterations. {plain (argv), env, tests, iterations, rounds, seed,
    commands, runs}; `runs` as workload() has them, and each of the tool's
    runs has `report`: what its --json said of the second run and of the
    layers' tests (second_run_report), None when it wrote none."""
    w = RETENTION_WORKLOAD
    plain, instr = exe(build, w.plain), exe(build, w.instrumented)
    tool = exe(build, "leaktrace")
    for path, target in ((plain, w.plain_target),
                         (instr, w.instrumented_target), (tool, "leaktrace")):
        require(path, target)
    env = dict(RETENTION_ENV)
    ref = [plain, f"--gtest_repeat={SECOND_RUN_ITERATIONS}",
           f"--gtest_filter={RETENTION_FILTER}"]
    rounds = options["workload_repetitions"]
    # The reports go to the build tree, so that the commands as shown can
    # be pasted; each is read and removed right after its run.
    reports = {"sites": os.path.join(build, "bench-retention.json"),
               "first": os.path.join(build, "bench-retention-first.json")}
    n = RETENTION_ITERATIONS
    commands = [
        {"key": "sites", "argv": [tool, "-N", str(n), "-r", "--json",
                                  reports["sites"], "--", instr]},
        {"key": "first", "argv": [tool, "-N", str(n), "-r",
                                  "--no-creation-sites", "--json",
                                  reports["first"], "--", instr]}]
    for c in commands:
        c.update(env=env, iterations=n, reference=ref, reference_env=env,
                 reference_iterations=SECOND_RUN_ITERATIONS, rounds=rounds,
                 json=reports[c["key"]])
    for path in reports.values():
        if os.path.exists(path):
            os.remove(path)

    def inspect(c, run):
        run["report"] = second_run_report(read_report(c["json"]))

    listing = subprocess.run(ref[:1] + ["--gtest_list_tests", ref[2]],
                             stdout=subprocess.PIPE, text=True).stdout
    tests = sum(1 for line in listing.splitlines()
                if line.startswith("  ") and line.strip())
    # Another order than the workload sections', from the same seed.
    order = schedule(commands, {**options, "seed": options["seed"] + 2})
    return {"plain": ref, "env": env, "tests": tests,
            "iterations": SECOND_RUN_ITERATIONS, "rounds": rounds,
            "seed": options["seed"], "commands": commands,
            "runs": bracketed_runs(build, commands, order, inspect)}


def read_report(path):
    """The tool's --json report at `path`, removed once read; None when it
    wrote none or not JSON."""
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
    finally:
        if os.path.exists(path):
            os.remove(path)


def second_run_report(report):
    """What the section needs of a --json report, unsummarised: its verdict,
    the tests of each layer, `creation_sites` as written, and per leak its
    layer, type, growth and the objects of each creation site (the objects
    the second run kept). None for no report."""
    if not isinstance(report, dict):
        return None
    layers = {layer.get("name"): layer.get("tests")
              for layer in report.get("layers", [])}
    leaks = [{"layer": layer.get("name"), "type": leak.get("type"),
              "insts": leak.get("insts"),
              "site_objects": [s.get("objects", 0)
                               for s in leak.get("sites", [])],
              "paths": len(leak.get("paths", []))}
             for layer in report.get("layers", [])
             for leak in layer.get("leaks", [])]
    return {"verdict": report.get("verdict"), "layers": layers,
            "creation_sites": report.get("creation_sites"), "leaks": leaks}


# --- 7: compile time and size ------------------------------------------------

def workload_compiles(build, targets):
    """The workload's compile commands, plain and with the plugin, from
    compile_commands.json: {variant: [{directory, argv, source}]}, sorted
    by source."""
    db = os.path.join(build, "compile_commands.json")
    if not os.path.exists(db):
        sys.exit(f"run-bench: {db} is missing (configure with "
                 f"CMAKE_EXPORT_COMPILE_COMMANDS=ON)")
    with open(db) as f:
        entries = json.load(f)
    found = {"plain": [], "plugin": []}
    for e in entries:
        argv = e.get("arguments") or shlex.split(e["command"])
        out = argv[argv.index("-o") + 1] if "-o" in argv else ""
        for variant, target in targets.items():
            if f"/{target}.dir/" in out:
                found[variant].append({"directory": e["directory"],
                                       "argv": argv, "source": e["file"]})
    for v in found.values():
        v.sort(key=lambda x: x["source"])
    return found


def compile_job(directory, argv, output):
    """Compiles one file; returns (status, CPU seconds of the compiler)."""
    argv = list(argv)
    argv[argv.index("-o") + 1] = output
    p = subprocess.Popen(argv, cwd=directory, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    # wait4 gives this child's own CPU time even with two jobs at once.
    _, status, usage = os.wait4(p.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def binary_size(path):
    """[file bytes, stripped bytes, text bytes]; None where `strip` or
    `size` is missing."""
    size = os.path.getsize(path)
    text = None
    tool = shutil.which("size")
    if tool:
        out = subprocess.run([tool, path], stdout=subprocess.PIPE,
                             text=True).stdout.splitlines()
        if len(out) >= 2:
            text = int(out[1].split()[0])
    stripped = None
    strip = shutil.which("strip")
    if strip:
        with tempfile.TemporaryDirectory(prefix="leaktrace-bench.") as tmp:
            dst = os.path.join(tmp, "stripped")
            if subprocess.run([strip, "-o", dst, path]).returncode == 0:
                stripped = os.path.getsize(dst)
    return [size, stripped, text]


def compile_time(build, options):
    """Compiles the workload's files with and without the plugin: {targets,
    jobs, repetitions, rounds, binaries, sizes}. Nothing is compiled when
    the commands cannot be paired file by file, and rounds stop at the
    first failed compile (sizes then stay None)."""
    w = COMPILED_WORKLOAD
    targets = {"plain": w.plain_target, "plugin": w.instrumented_target}
    jobs = workload_compiles(build, targets)
    raw = {"targets": targets, "jobs": jobs,
           "repetitions": options["compile_repetitions"], "rounds": [],
           "binaries": {"plain": exe(build, w.plain),
                        "instrumented": exe(build, w.instrumented)},
           "sizes": None}
    if not jobs["plain"] or len(jobs["plain"]) != len(jobs["plugin"]):
        return raw
    raw["rounds"], failed = compile_rounds(jobs, options)
    if not failed:
        raw["sizes"] = {v: binary_size(path)
                        for v, path in raw["binaries"].items()}
    return raw


def compile_rounds(jobs, options):
    """Each file is compiled both ways back to back (in random order), so
    that the two see nearly the same machine state; two such pairs run at a
    time, one per core. A round compiles every file. Returns the rounds,
    each [{file, runs: [{variant, status, cpu}]}] in the order the results
    came in, and whether a compile failed."""
    rng = random.Random(options["seed"] + 1)
    count = options["compile_repetitions"]
    rounds = []

    def both_ways(f, order, tmp):
        runs = []
        for v in order:
            job = jobs[v][f]
            status, cpu = compile_job(job["directory"], job["argv"],
                                      os.path.join(tmp, f"{f}-{v}.o"))
            runs.append({"variant": v, "status": status, "cpu": cpu})
        return runs

    with tempfile.TemporaryDirectory(prefix="leaktrace-bench.") as tmp, \
            ThreadPoolExecutor(max_workers=2) as pool:
        for r in range(count):
            print(f"  compile round {r + 1}/{count}: {len(jobs['plain'])} "
                  f"files, each plain and with the plugin", flush=True)
            files = list(range(len(jobs["plain"])))
            rng.shuffle(files)
            orders = [rng.sample(["plain", "plugin"], 2) for _ in files]
            compiled = []
            rounds.append(compiled)
            for f, runs in zip(files, pool.map(both_ways, files, orders,
                                               [tmp] * len(files))):
                compiled.append({"file": f, "runs": runs})
                if any(run["status"] != 0 for run in runs):
                    return rounds, True
    return rounds, False


# --- the machine -------------------------------------------------------------

def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine(build):
    """What the figures were measured on, as RESULTS.md lists it."""
    info = {"cpu": cpu_model(),
            "kernel": f"{platform.system()} {platform.release()}"}
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    info["os"] = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    cxx = cmake_cxx_compiler(build)
    if cxx:
        out = subprocess.run([cxx, "--version"], stdout=subprocess.PIPE,
                             text=True).stdout.splitlines()
        info["compiler"] = f"{cxx}: {out[0] if out else '?'}"
    vg = shutil.which("valgrind")
    if vg:
        info["valgrind"] = subprocess.run(
            [vg, "--version"], stdout=subprocess.PIPE,
            text=True).stdout.strip()
    bm = subprocess.run(["dpkg-query", "-W", "-f=${Version}",
                         "libbenchmark-dev"], stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL, text=True).stdout.strip()
    if bm:
        info["google benchmark"] = f"libbenchmark-dev {bm}"
    info["load average at start"] = load_average()
    return info


def cpu_model():
    model, family, number = "?", "?", "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                k, v = k.strip(), v.strip()
                if k == "model name" and model == "?":
                    model = v
                elif k == "cpu family" and family == "?":
                    family = v
                elif k == "model" and number == "?":
                    number = v
    except OSError:
        pass
    return (f"{model} (family {family}, model {number}), "
            f"{os.cpu_count()} logical CPUs")


def cmake_cxx_compiler(build):
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            for line in f:
                if line.startswith("CMAKE_CXX_COMPILER:"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None
