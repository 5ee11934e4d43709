"""Figures + verdicts -> Markdown: the sections of RESULTS.md, which the
console shows too, and the page around them.

Pure: every function returns text or a Report; bench/run-bench prints it
and writes the file.
"""

import shlex

from . import fmt
from .catalog import HOT_LOOPS, thread_variants
from .goals import (CONCURRENCY_EVIDENCE_RATIO, GOAL_ADDED_NS,
                    GOAL_SECOND_RUN_RATIO)
from .sections import RETENTION_ITERATIONS, RETENTION_LAYER

SCRIPT = "bench/run-bench"


class Report:
    """What sections say, in order: blocks for the console and the body of
    RESULTS.md, plus what the top of RESULTS.md lists: the verdicts, the
    failed benchmarks and the noise notes."""

    def __init__(self):
        self.blocks = []    # ("section", title) or ("text", markdown)
        self.goals = []     # goals.Verdict
        self.errors = []    # messages of failed benchmarks
        self.notes = []     # NOISY remarks

    def section(self, title):
        self.blocks.append(("section", title))

    def text(self, md):
        self.blocks.append(("text", md))

    def goal(self, verdict):
        """A verdict for the Goals table, and its line in the section; None
        (no verdict: nothing was measured to judge) adds nothing."""
        if verdict is None:
            return
        self.goals.append(verdict)
        if verdict.line:
            self.text(f"goal: {verdict.goal}: **{verdict.verdict}** "
                      f"({verdict.result})")

    def error(self, message):
        self.errors.append(message)
        self.text(f"**ERROR**: {message}")

    def noisy(self, message):
        self.notes.append(message)
        self.text(f"NOISY: {message}")

    def extend(self, other):
        for mine, theirs in ((self.blocks, other.blocks),
                             (self.goals, other.goals),
                             (self.errors, other.errors),
                             (self.notes, other.notes)):
            mine.extend(theirs)


def table(header, rows, align=None):
    """A Markdown table whose columns line up in a terminal too."""
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    align = align or ["l"] + ["r"] * (len(header) - 1)

    def line(r):
        out = []
        for i, c in enumerate(r):
            out.append(c.ljust(widths[i]) if align[i] == "l"
                       else c.rjust(widths[i]))
        return "| " + " | ".join(out) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if a == "r"
                         else (":" + "-" * (w + 1))
                         for w, a in zip(widths, align)) + "|"
    return "\n".join([line(cells[0]), sep] + [line(r) for r in cells[1:]])


def threads_heading(t, unit):
    return f"{t} thread{'s' if t > 1 else ''}, {unit}"


# --- 1 and 2: the hot path ---------------------------------------------------

def hotpath(figures, verdicts, build):
    """Sections 1 and 2, from one run of bin/leaktrace-bench. A binary that
    failed gives only its error, and no heading: neither section has a
    figure to show."""
    rep = Report()
    if not figures["ran"]:
        rep.error(f"{figures['binary']} exited with status "
                  f"{figures['status']}")
        return rep
    hot_loops(rep, figures, verdicts["added"], build)
    threads(rep, figures, verdicts)
    return rep


def hot_loops(rep, figures, verdicts, build):
    load = " ".join(f"{x:.2f}" for x in figures["load"]) or "?"
    rep.section("1. Hot path: what counting adds per operation "
                "(-O2, 1 thread)")
    rep.text(f"Command: `{fmt.show(figures['command'], None, build)}` (CPU ns "
             f"per operation, median of {figures['repetitions']} repetitions "
             f"in random order; load average {load} at the start)\n")
    median, errors = figures["median"], figures["errors"]
    rows = []
    for loop in HOT_LOOPS:
        p, i = median.get((loop.plain, 1)), median.get((loop.instrumented, 1))
        goal = f"at most {GOAL_ADDED_NS[loop.key]:.0f} ns"
        if loop.instrumented in errors or loop.plain in errors:
            rows.append([loop.label, fmt.ns(p), "ERROR", "n/a", "n/a", goal])
        elif None in (p, i):
            rows.append([loop.label, fmt.ns(p), fmt.ns(i), "n/a", "n/a",
                         goal])
        else:
            rows.append([loop.label, fmt.ns(p), fmt.ns(i), f"{i - p:.2f}",
                         fmt.ratio(i / p), goal])
    rep.text(table(["loop", "plain ns", "instrumented ns", "added ns",
                    "instrumented/plain", "goal (added)"], rows) + "\n")
    for name, message in sorted(errors.items()):
        rep.error(f"{name}: {message}")
    for verdict in verdicts:
        rep.goal(verdict)
    if figures["noisy"]:
        rep.noisy("the hot-path repetitions disagree (the machine's speed "
                  "probably changed during the run); medians may come from "
                  "different speeds: rerun. " + "; ".join(
                      f"{name} on {t} thread(s): stddev "
                      f"{figures['stddev'][(name, t)]:.2f} ns for a median "
                      f"of {median[(name, t)]:.2f} ns"
                      for name, t in figures["noisy"]))


def threads(rep, figures, verdicts):
    counts, multi = figures["threads"], figures["multi"]
    cpus = figures["num_cpus"] if figures["num_cpus"] is not None else "?"
    rep.section("2. Threads: per-thread cost on 1, 2 and "
                "hardware_concurrency() threads")
    rep.text(f"Same command and run as section 1. Google Benchmark sums the "
             f"threads' CPU time and divides by their summed iterations, so "
             f"each figure is the cost of one operation on one thread "
             f"({cpus} CPUs, hardware_concurrency() = {max(counts)}). "
             f"\"T/1\" is the per-thread time on T threads over that on 1: "
             f"1.00x means no slowdown.\n")
    header = (["variant"] + [threads_heading(t, "ns") for t in counts] +
              [f"{t}/1" for t in multi])
    rows = []
    for label, name in thread_variants():
        if name in figures["errors"]:
            rows.append([label] + ["ERROR"] * (len(counts) + len(multi)))
            continue
        rows.append([label] +
                    [fmt.ns(figures["median"].get((name, t))) for t in counts] +
                    [fmt.ratio(figures["ratio"][(name, t)]) for t in multi])
    rep.text(table(header, rows) + "\n")
    for verdict in verdicts["threads"]:
        rep.goal(verdict)
    if multi and not verdicts["concurrent"]:
        rep.text(f"Inconclusive: the shared atomic slowed down less than "
                 f"{CONCURRENCY_EVIDENCE_RATIO}x with "
                 f"{', '.join(map(str, multi))} threads, so the benchmark's "
                 f"threads mostly took turns on the cores (other processes "
                 f"kept them busy) and no cache line could bounce: rerun when "
                 f"the load average is below the CPU count.\n")


# --- 3: snapshot -------------------------------------------------------------

def snapshot(figures, verdict, build):
    rep = Report()
    rep.section("3. Snapshot: one leaktrace_snapshot() by registered types "
                "and live threads")
    if not figures["ran"]:
        rep.error(f"{figures['binary']} exited with status "
                  f"{figures['status']}")
        return rep
    median = figures["median"]
    rep.text(f"Command: `{fmt.show(figures['command'], None, build)}` (median "
             f"of {figures['batches']} batches; each thread counts one live "
             f"instance of every type and stays alive while the main thread "
             f"takes snapshots; microseconds per snapshot)\n")
    rows = [[str(n)] + [f"{median[(n, t)] / 1e3:.2f}"
                        for t in figures["threads"]]
            for n in figures["types"]]
    rep.text(table(["types"] + [threads_heading(t, "us")
                                for t in figures["threads"]], rows) + "\n")
    if figures["noisy"]:
        rep.noisy("snapshot batches disagree: " + ", ".join(
            f"{n} types x {t} thread(s) (spread "
            f"{figures['spread'][(n, t)]:.0%})" for n, t in figures["noisy"]))
    rep.goal(verdict)
    # Cost per cell read, to show what the snapshot is bound by.
    rep.text(f"At the top: {figures['cells']} cells summed, "
             f"{figures['ns_per_cell']:.2f} ns per cell.\n")
    return rep


# --- watch -------------------------------------------------------------------

def watch(figures, verdict, build):
    rep = Report()
    rep.section("`leaktrace watch`: what sampling costs the sampled program")
    if not figures["ran"]:
        rep.error(f"{figures['binary']} exited with status "
                  f"{figures['status']}")
        return rep
    rep.text(f"Command: `{fmt.show(figures['command'], None, build)}`: "
             f"{figures['threads']} threads each keep one live instance of "
             f"each of {figures['types']} types; the program asks its own "
             f"control socket for {figures['samples']} samples as the tool "
             f"does, and each reply says the CPU time the runtime's control "
             f"thread has used. Median per sample: "
             f"{figures['median_us']:.0f} us of CPU (spread "
             f"{figures['spread']:.0%}). Between samples the control thread "
             f"waits in read(): it costs nothing, and the counting path is "
             f"the same as without it.\n")
    if figures["noisy"]:
        rep.noisy(f"the samples' CPU times disagree (spread "
                  f"{figures['spread']:.0%})")
    if "hot_ratio" in figures:
        rep.text(f"Recording creation sites: one construct+destroy of a "
                 f"counted class (instrumented, its count inline) takes "
                 f"{figures['hot_before_ns']:.2f} ns before "
                 f"`sites-on`, {figures['hot_recording_ns']:.1f} ns while "
                 f"its sites are recorded (a lock and a stack walk per "
                 f"object) and {figures['hot_after_ns']:.2f} ns after "
                 f"`sites-off`: {figures['hot_ratio']:.3f}x of before, the "
                 f"median over {figures['hot_rounds']} rounds of after over "
                 f"before.\n")
        if figures["hot_noisy"]:
            rep.noisy("the rounds' after/before ratios disagree")
    for v in verdict:
        rep.goal(v)
    return rep


# --- 4: a workload -----------------------------------------------------------

def workload_labels(n, flags):
    """The table's name of each command a workload runs."""
    return {"direct": "instrumented build, run directly (no tool)",
            "tool": f"instrumented, under leaktrace -N {n} {' '.join(flags)}",
            "start": "the tool's start-up alone",
            "asan": "-fsanitize=address (LeakSanitizer on)",
            "valgrind": "valgrind --leak-check=full (plain build)"}


def workload(figures, verdict, workload, build):
    """A workload section: `workload` (sections.Workload) gives its heading
    and opening sentence; the rest is the same for every workload."""
    rep = Report()
    rep.section(workload.title)
    rounds = {c["key"]: c["rounds"] for c in figures["commands"]}
    others = ""
    if workload.asan or workload.nodebug:
        others = (f"; ASan ran in {rounds.get('asan', 0)} of them, Valgrind "
                  f"in {rounds.get('valgrind', 0)}")
    rep.text(f"{workload.about.format(tests=figures['tests'])} "
             f"{figures['rounds']} rounds, the commands in random order in "
             f"each (seed {figures['seed']}){others}. Every command ran "
             f"between two runs "
             f"of the plain build with the same number of iterations "
             f"(consecutive commands share the run between them), and its "
             f"ratio is its CPU time over the mean of those two: a change of "
             f"machine speed that lasts longer than that cancels out. The "
             f"ratio shown is the median over rounds. CPU is user+system "
             f"time of every process of a run (the tool's included); times "
             f"are medians.\n")
    for run in figures["failed_runs"]:
        tail = run.get("stderr", "")
        rep.error(f"`{fmt.show(run['argv'], run['env'], build)}` exited with "
                  f"status {run['status']}"
                  + (f":\n```\n{tail}\n```" if tail else ""))
    rep.text(workload_table(figures, workload, build) + "\n")
    for text in workload_notes(figures, workload):
        rep.text(text)
    if figures["noisy"]:
        rep.noisy("workload ratios disagree between rounds: " + ", ".join(
            f"{key} (ratios {fmt.ratios(rs)})"
            for key, rs in figures["noisy"].items()))
    rep.goal(verdict)
    if figures["ratios"]["tool"] and figures["ratios"].get("direct"):
        start = figures["median_cpu"].get("start")
        start = ("" if start is None else
                 f" (the tool's start-up alone: {start:.2f} s CPU)")
        rep.text(f"Of that, counting in the instrumented binary accounts "
                 f"for {figures['median_ratio']['direct']:.3f}x (run "
                 f"directly, no tool), and the tool for the rest: its "
                 f"start-up, the per-test events it reads, the per-iteration "
                 f"snapshots{start}.\n")
    return rep


def workload_table(figures, workload, build):
    """The plain references first (most iterations first), then every
    command in the order they are described."""
    def seconds(value):
        return f"{value:.2f}"

    rows = []
    for n, wall, cpu in figures["reference"]:
        argv = [figures["plain"], f"--gtest_repeat={n}"]
        rows.append([f"plain build, run directly ({n} iteration"
                     f"{'s' if n > 1 else ''}; the reference)",
                     f"`{fmt.show(argv, None, build)}`", str(n),
                     seconds(wall), seconds(cpu), "1.00x"])
    labels = workload_labels(figures["iterations"], workload.tool_flags)
    for c in figures["commands"]:
        key = c["key"]
        shown = f"`{fmt.show(c['argv'], c['env'], build)}`"
        if not figures["cpu"][key]:
            rows.append([labels[key], shown, str(c["iterations"]), "FAILED",
                         "", ""])
            continue
        ratio = (fmt.ratio(figures["median_ratio"][key]) if c["reference"]
                 else "")
        rows.append([labels[key], shown, str(c["iterations"]),
                     seconds(figures["median_wall"][key]),
                     seconds(figures["median_cpu"][key]), ratio])
    return table(["run", "command", "iterations", "wall s", "CPU s",
                  "CPU / plain"], rows, ["l", "l", "r", "r", "r", "r"])


def workload_notes(figures, workload):
    """What was not run and why, and what Valgrind's row means."""
    skipped = {"asan": f"ASan: bin/{workload.asan} was not built "
                       f"(-fsanitize=address does not link: install "
                       f"libclang-rt-N-dev and reconfigure)",
               "valgrind": "Valgrind: not installed"}
    notes = [f"Not run: {skipped[s]}.\n" for s in figures["skipped"]]
    if any(c["key"] == "valgrind" for c in figures["commands"]):
        n, vn = figures["iterations"], figures["valgrind_iterations"]
        notes.append(f"Valgrind runs `{workload.nodebug}`, the plain binary "
                     f"without its debug information: Valgrind 3.19 (Debian "
                     f"12) cannot read clang's DWARF 5 and refuses the binary. "
                     f"Not reading it makes Valgrind start a little faster, if "
                     f"anything.\n")
        if vn != n:
            notes.append(f"Valgrind ran {vn} iteration(s) instead of {n}, to "
                         f"keep `make bench` short; its ratio is against the "
                         f"plain binary running the same {vn} iteration(s) "
                         f"before and after it, so both include one process "
                         f"start-up per {vn} iteration(s).\n")
    return notes


# --- 6: the second run: creation sites and retention paths -------------------

def retention(figures, verdict, build):
    """Section retention: the tool with and without its second pass on the
    leaking workload, the second run's own CPU time against the plain runs
    of what it runs, and symbolising apart."""
    rep = Report()
    rep.section("6. The second run: creation sites and retention paths")
    m = figures["iterations"]
    env = " ".join(f"{k}={v}" for k, v in figures["env"].items())
    rep.text(f"When a run finds a leak, `leaktrace` runs the leaking layers "
             f"once more, {m} iterations, watching the growing types (a "
             f"stack per object made), with the allocator shim preloaded, "
             f"every counted object's address kept and a scan of the process "
             f"at the end; then it names the frames and paths (symbolising). "
             f"Here on section 4's workload with its opt-in leak (`{env}`: a "
             f"few tests of {RETENTION_LAYER} keep an object each per run, "
             f"see bench/workload/model.h), whose layer has "
             f"{figures['tests']} tests. {figures['rounds']} rounds, the two "
             f"commands of the tool in random order in each (seed "
             f"{figures['seed']}), each between two plain runs of what the "
             f"second run runs (the plain build, "
             f"those tests, {m} iterations; consecutive commands share the "
             f"run between them). The second run's CPU time is its process's "
             f"(`creation_sites.run_cpu_seconds` of the tool's --json, from "
             f"wait4), symbolising the tool's wall time naming frames and "
             f"paths (`creation_sites.symbolising_seconds`); the ratio is "
             f"over the mean of the two plain runs around the command, the "
             f"median over rounds. Other CPU times are user+system of every "
             f"process of a run; times are medians.\n")
    for run in figures["failed_runs"]:
        tail = run.get("stderr", "")
        rep.error(f"`{fmt.show(run['argv'], run['env'], build)}` exited with "
                  f"status {run['status']}"
                  + (f":\n```\n{tail}\n```" if tail else ""))
    for rnd, problem in figures["problems"]:
        rep.error(f"round {rnd}: {problem}")
    rep.text(retention_table(figures, build) + "\n")
    for text in retention_notes(figures):
        rep.text(text)
    if figures["noisy"] is not None:
        rep.noisy(f"the second run's ratios disagree between rounds "
                  f"({fmt.ratios(figures['noisy'])})")
    rep.goal(verdict)
    return rep


def retention_table(figures, build):
    """The plain reference, the tool without and with the second pass, and
    the second run's two parts from the tool's report."""
    def seconds(value):
        return "" if value is None else f"{value:.2f}"

    n, m = RETENTION_ITERATIONS, figures["iterations"]
    rows = []
    if figures["reference"]:
        wall, cpu = figures["reference"]
        rows.append([f"plain build, the leaking layer's tests ({m} "
                     f"iterations; the reference)",
                     f"`{fmt.show(figures['plain'], figures['env'], build)}`",
                     seconds(wall), seconds(cpu), "1.00x"])
    labels = {"first": f"the first run only (leaktrace -N {n} -r, "
                       f"--no-creation-sites)",
              "sites": f"whole: the first run, the second run and "
                       f"symbolising (leaktrace -N {n} -r)"}
    for key in ("first", "sites"):
        c = next((c for c in figures["commands"] if c["key"] == key), None)
        if c is None:
            continue
        shown = f"`{fmt.show(c['argv'], c['env'], build)}`"
        if not figures["cpu"][key]:
            rows.append([labels[key], shown, "FAILED", "", ""])
            continue
        rows.append([labels[key], shown, seconds(figures["median_wall"][key]),
                     seconds(figures["median_cpu"][key]),
                     fmt.ratio(figures["median_ratio"][key])])
    if figures["second_cpu"]:
        rows.append([f"the second run, its process ({m} iterations of the "
                     f"leaking layer)", "`creation_sites.run_cpu_seconds`",
                     "", seconds(figures["median_second_cpu"]),
                     fmt.ratio(figures["median_second_ratio"])])
        rows.append(["symbolising, in the tool (wall time)",
                     "`creation_sites.symbolising_seconds`",
                     seconds(figures["median_symbolising"]), "", ""])
    else:
        rows.append(["the second run, its process", "", "FAILED", "", ""])
    return table(["run", "command", "wall s", "CPU s", "CPU / plain"], rows,
                 ["l", "l", "r", "r", "r"])


def retention_notes(figures):
    """What the second pass added to the whole command, what the second run
    kept, and what makes the comparison doubtful."""
    notes = []
    if figures["added"] is not None:
        notes.append(f"The second pass added {figures['added']:.2f} s of CPU "
                     f"to the whole command (with it less without it, "
                     f"medians): the second run's process and, in the tool, "
                     f"symbolising and reading the second run's events.\n")
    if figures["kept"]:
        kept = "; ".join(f"{t} {o}" for _, t, o in figures["kept"])
        notes.append(f"The second run watched {len(figures['kept'])} growing "
                     f"type(s) and kept {figures['kept_objects']} object(s) "
                     f"of them (the objects of their creation sites, "
                     f"`leaks[].sites[].objects`): {kept}.\n")
    if figures["other_layers"]:
        notes.append(f"The leak also grew types in "
                     f"{', '.join(figures['other_layers'])}: the second run "
                     f"ran those layers too, the plain reference did not, so "
                     f"the ratio overstates the second run's cost.\n")
    if figures["layer_tests"] not in (None, figures["tests"]):
        notes.append(f"The plain reference ran {figures['tests']} tests, "
                     f"but {RETENTION_LAYER} has {figures['layer_tests']} "
                     f"(the tool's report): the reference's --gtest_filter "
                     f"does not select the leaking layer's tests, and the "
                     f"ratio compares different work.\n")
    if figures["heap"]:
        notes.append(f"The allocator shim was not used: {figures['heap']}. "
                     f"The second run then did less than it should.\n")
    return notes


# --- 7: compile time and size ------------------------------------------------

def compile_time(figures, verdict, build):
    rep = Report()
    rep.section("7. Compile time and binary size of the workload")
    if not figures["paired"]:
        rep.error("the workload's compile commands are missing from "
                  "compile_commands.json (rebuild the bench targets)")
        return rep
    if figures["differ"]:
        rep.error("plain and plugin compile commands differ beyond -fplugin "
                  "for " + ", ".join(figures["differ"]))
    if figures["failure"]:
        source, variant = figures["failure"]
        rep.error(f"compiling {source} ({variant}) failed")
        return rep
    shown = " ".join(a for a in figures["sample"]
                     if a != "-c" and not a.endswith(".cpp"))
    flags = " ".join(figures["plugin_flags"]).replace(build, "$BUILD")
    rep.text(f"The workload's {figures['files']} source files compiled "
             f"from scratch with the commands in compile_commands.json "
             f"(`{shown.replace(build, '$BUILD')} -c FILE`), without "
             f"and with `{flags}`"
             f", in {figures['repetitions']} rounds. In a round every "
             f"file is compiled both ways back to back, in random order, so "
             f"that both see nearly the same machine state (two files at a "
             f"time, one per core). CPU seconds of the compiler processes, "
             f"summed over the files (linking, the same for both, is not "
             f"included); the ratio is the median over rounds of the ratio "
             f"within a round.\n")
    totals = figures["totals"]
    rows = [["plain", f"{figures['median']['plain']:.2f}", "1.00x",
             " ".join(f"{x:.2f}" for x in totals["plain"])],
            ["with the plugin", f"{figures['median']['plugin']:.2f}",
             fmt.ratio(figures["ratio"]),
             " ".join(f"{x:.2f}" for x in totals["plugin"])]]
    rep.text(table(["build", "CPU s (median)", "ratio", "each round, CPU s"],
                   rows) + "\n")
    if figures["noisy"]:
        rep.noisy(f"compile-time ratios disagree between rounds "
                  f"({fmt.ratios(figures['ratios'])})")
    rep.goal(verdict)
    binaries = [fmt.show([figures["binaries"][v]], None, build)
                for v in ("plain", "instrumented")]
    rep.text(f"Binary size, bytes: `size` and `strip -o` of "
             f"`{binaries[0]}` and `{binaries[1]}` (both link the runtime "
             f"through leaktrace_gtest_main; no goal in the issue).\n")
    rep.text(size_table(figures["sizes"]) + "\n")
    return rep


def size_table(sizes):
    """File, stripped and text bytes of both binaries; n/a where `strip` or
    `size` was missing."""
    a, b = sizes["plain"], sizes["instrumented"]

    def cell(x, y):
        return "n/a" if None in (x, y) else f"{y:,}"

    def rel(x, y):
        return "n/a" if None in (x, y) else f"{(y - x) / x:+.1%}"

    rows = []
    for label, i in (("file (with -g debug info)", 0), ("stripped", 1),
                     ("text (size)", 2)):
        rows.append([label, "n/a" if a[i] is None else f"{a[i]:,}",
                     cell(a[i], b[i]), rel(a[i], b[i])])
    return table(["measure", "plain", "instrumented", "difference"], rows)


# --- the page ----------------------------------------------------------------

def shown_options(options):
    """Every option that shaped the figures, spelled out for the command in
    RESULTS.md, so that it still means the same if the defaults change."""
    words = [f"--repetitions {options['repetitions']}",
             f"--workload-repetitions {options['workload_repetitions']}",
             f"--asan-repetitions {options['asan_repetitions']}",
             f"--valgrind-iterations {options['valgrind_iterations']}",
             f"--valgrind-repetitions {options['valgrind_repetitions']}",
             f"--compile-repetitions {options['compile_repetitions']}",
             f"--seed {options['seed']}"]
    if options["extra"]:
        words += ["--"] + [shlex.quote(a) for a in options["extra"]]
    return words


def goals_table(verdicts, bold):
    """The Goals table: bold verdicts in RESULTS.md, plain on the console."""
    return table(["goal", "result", "verdict"],
                 [[v.goal, v.result, f"**{v.verdict}**" if bold
                   else v.verdict] for v in verdicts], ["l", "l", "l"])


def results_markdown(raw, report, sections):
    """RESULTS.md: what ran where, the verdicts, failures and noise first,
    then every section's blocks. `sections`: the names --only accepts."""
    cmdline = f"{SCRIPT} $BUILD" + "".join(
        f" {a}" for a in shown_options(raw["options"]))
    lines = [
        "# leaktrace benchmarks",
        "",
        f"Generated by `{SCRIPT}` on {raw['started']} in {raw['took']:.0f} s; "
        f"do not edit: rerun `make bench`. How to read the figures and why a "
        f"goal is missed: [NOTES.md](NOTES.md).",
        "",
        f"Command: `make bench`, i.e. `cmake --build $BUILD --target bench`, "
        f"which runs `{cmdline}` with `BUILD={raw['build']}`. Each section "
        f"below names the command behind its figures; "
        f"`{SCRIPT} $BUILD --only SECTION` reruns one section "
        f"({', '.join(sections)}). The machine is shared and "
        f"its speed varies: compare figures within one run only.",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in raw["machine"].items()]
    lines += ["", "## Goals", "", goals_table(report.goals, bold=True), ""]
    if report.errors:
        lines += ["Benchmarks that failed (no figures):", ""]
        lines += [f"- {e}" for e in report.errors] + [""]
    if report.notes:
        lines += ["Noise (figures flagged NOISY may compare medians taken at "
                  "different machine speeds):", ""]
        lines += [f"- {n}" for n in report.notes] + [""]
    for kind, text in report.blocks:
        lines += ([f"## {text}", ""] if kind == "section"
                  else [text.rstrip("\n"), ""])
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
