"""Raw measurements -> figures: medians, ratios, spreads and noise flags.

Pure functions of what measure recorded (no processes, no clock, no files),
so that a recording always gives the same figures. Figures are plain dicts;
keys of per-benchmark figures are tuples such as (name, threads).
"""

import os
import statistics

from .catalog import SHARED_ATOMIC, thread_variants
from .sections import RETENTION_LAYER

NS_PER_UNIT = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}

# A figure whose repetitions spread more than this fraction of their median
# is flagged NOISY: the machine's speed changed during the run (the VM this
# was written on switches between two speeds about 1.5x apart), and medians
# compared may come from different speeds.
NOISY_SPREAD = 0.10
# A ratio against plain runs right before and after it is noisier than a
# time only by what that bracketing missed: half the threshold.
NOISY_RATIO_SPREAD = NOISY_SPREAD / 2


def spread(values):
    """How far apart repetitions are, relative to their median: the
    interquartile range with four or more (one interrupted repetition does
    not make a run noisy), else the full range."""
    m = statistics.median(values)
    if not m:
        return 0.0
    if len(values) >= 4:
        q1, _, q3 = statistics.quantiles(values, n=4)
        return (q3 - q1) / m
    return (max(values) - min(values)) / m


def median_or_none(values):
    return statistics.median(values) if values else None


# --- hot path ----------------------------------------------------------------

def hotpath(raw):
    """Google Benchmark's JSON -> per (benchmark, threads): median and stddev
    in CPU ns per operation; per-thread ratios T/1; which figures are NOISY.

    Figures: ran, binary, status, command, repetitions, load, num_cpus,
    threads, multi, median, stddev, errors, ratio, noisy."""
    figures = {k: raw[k] for k in ("binary", "status", "command",
                                   "repetitions")}
    results = raw["results"]
    figures["ran"] = raw["status"] == 0 and results is not None
    if not figures["ran"]:
        return figures
    entries, errors = benchmark_entries(results["benchmarks"])
    median = {key: e["median"] if "median" in e else
              statistics.median(e["reps"]) for key, e in entries.items()}
    threads = sorted({t for _, t in entries} |
                     {int(b.get("threads", 1)) for b in results["benchmarks"]})
    multi = [t for t in threads if t > 1]
    ctx = results.get("context", {})
    figures.update(
        load=ctx.get("load_avg", []), num_cpus=ctx.get("num_cpus"),
        threads=threads, multi=multi, median=median, errors=errors,
        stddev={key: e["stddev"] for key, e in entries.items()
                if "stddev" in e},
        ratio=thread_ratios(median, errors, multi))
    figures["noisy"] = noisy_benchmarks(figures)
    return figures


def benchmark_entries(benchmarks):
    """{(name, threads): {"reps": [ns...], "median": ns, "stddev": ns, ...}}
    from the repetitions and Google Benchmark's aggregates, and
    {name: error message} for benchmarks that reported an error."""
    entries, errors = {}, {}
    for b in benchmarks:
        name = b.get("run_name", b["name"])
        base, _, threads = name.rpartition("/threads:")
        if not base:
            continue
        if b.get("error_occurred"):
            errors.setdefault(base, b.get("error_message", "error"))
            continue
        entry = entries.setdefault((base, int(threads)), {"reps": []})
        ns = b["cpu_time"] * NS_PER_UNIT[b["time_unit"]]
        if b.get("run_type") == "aggregate":
            entry[b["aggregate_name"]] = ns
        else:
            entry["reps"].append(ns)
    return entries, errors


def thread_ratios(median, errors, multi):
    """{(name, T): per-thread time on T threads over that on 1} for the rows
    of the thread table; None where either figure is missing."""
    ratio = {}
    for _, name in thread_variants():
        if name in errors:
            continue
        for t in multi:
            a, b = median.get((name, 1)), median.get((name, t))
            ratio[(name, t)] = None if None in (a, b) else b / a
    return ratio


def noisy_benchmarks(figures):
    """(name, threads) whose stddev exceeds NOISY_SPREAD of the median,
    sorted. The shared atomic on several threads is left out: contention
    makes its spread large anyway."""
    return [key for key in sorted(figures["stddev"])
            if not (key[0] == SHARED_ATOMIC and key[1] > 1)
            and figures["stddev"][key] > NOISY_SPREAD * figures["median"][key]]


# --- watch -------------------------------------------------------------------

def watch(raw):
    """The program's CPU time per sample of `leaktrace watch`.

    Figures: ran, binary, status, command, types, threads, samples,
    median_us, spread, noisy."""
    figures = {k: raw[k] for k in ("binary", "status", "command")}
    data = raw["results"]
    figures["ran"] = raw["status"] == 0 and data is not None
    if not figures["ran"]:
        return figures
    us = data["cpu_us_per_sample"]
    figures.update(types=data["types"], threads=data["threads"],
                   samples=len(us), median_us=statistics.median(us),
                   spread=spread(us))
    figures["noisy"] = figures["spread"] > NOISY_SPREAD
    # Counting a type before, while and after its sites are recorded, in
    # rounds: after over before within each round, then the median.
    before, after = data.get("hot_ns_before"), data.get("hot_ns_after")
    if before and after:
        ratios = [a / b for a, b in zip(after, before)]
        figures.update(
            hot_before_ns=statistics.median(before),
            hot_recording_ns=statistics.median(data["hot_ns_recording"]),
            hot_after_ns=statistics.median(after),
            hot_ratio=statistics.median(ratios), hot_rounds=len(ratios),
            hot_noisy=spread(ratios) > NOISY_RATIO_SPREAD)
    return figures


# --- snapshot ----------------------------------------------------------------

def snapshot(raw):
    """Per (types, threads): the median ns of one snapshot over the batches
    and the batches' spread; the largest grid point, which the goal is on.

    Figures: ran, binary, status, command, batches, types, threads, median,
    spread, noisy (in the order measured), top, top_us, cells,
    ns_per_cell."""
    figures = {k: raw[k] for k in ("binary", "status", "command")}
    data = raw["results"]
    figures["ran"] = raw["status"] == 0 and data is not None
    if not figures["ran"]:
        return figures
    results = data["results"]
    key = [(r["types"], r["threads"]) for r in results]
    median = {k: statistics.median(r["ns_per_call"])
              for k, r in zip(key, results)}
    spreads = {k: spread(r["ns_per_call"]) for k, r in zip(key, results)}
    types = sorted({t for t, _ in key})
    threads = sorted({t for _, t in key})
    top = (types[-1], threads[-1])
    cells = top[0] * top[1]
    figures.update(
        batches=data["batches"], types=types, threads=threads, median=median,
        spread=spreads, noisy=[k for k in key if spreads[k] > NOISY_SPREAD],
        top=top, top_us=median[top] / 1e3, cells=cells,
        ns_per_cell=median[top] / cells)
    return figures


# --- workload ----------------------------------------------------------------

def workload(raw):
    """Per command: CPU and wall times of its successful runs, and its ratio
    to the plain runs right before and after it (CPU time over their mean);
    the plain reference runs by iteration count; medians; noisy ratios.

    A run counts when it and both plain runs around it succeeded.
    Figures: what the recording says about the commands (workload, plain,
    tests, iterations, valgrind_iterations, rounds, seed, commands, skipped),
    failed_runs, reference [(iterations, median wall, median cpu)] most
    iterations first, cpu, wall, ratios, median_cpu, median_wall,
    median_ratio ({key: [...] or median}), noisy {key: sorted ratios}."""
    figures = {k: raw[k] for k in ("workload", "plain", "tests", "iterations",
                                   "valgrind_iterations", "rounds", "seed",
                                   "commands", "skipped")}
    runs = raw["runs"]
    keys = [c["key"] for c in raw["commands"]]
    cpu = {k: [] for k in keys}
    wall = {k: [] for k in keys}
    ratios = {k: [] for k in keys}
    ref_cpu, ref_wall = {}, {}
    for run in runs:
        if run["status"] != 0:
            continue
        if run["key"] == "reference":
            ref_cpu.setdefault(run["iterations"], []).append(run["cpu"])
            ref_wall.setdefault(run["iterations"], []).append(run["wall"])
            continue
        around = [runs[i] for i in (run["before"], run["after"])
                  if i is not None]
        if any(r["status"] != 0 for r in around):
            continue
        cpu[run["key"]].append(run["cpu"])
        wall[run["key"]].append(run["wall"])
        if around:
            ratios[run["key"]].append(
                run["cpu"] * 2 / (around[0]["cpu"] + around[1]["cpu"]))
    figures.update(
        failed_runs=[run for run in runs if run["status"] != 0],
        reference=[(n, statistics.median(ref_wall[n]),
                    statistics.median(ref_cpu[n]))
                   for n in sorted(ref_cpu, reverse=True)],
        cpu=cpu, wall=wall, ratios=ratios,
        median_cpu={k: median_or_none(v) for k, v in cpu.items()},
        median_wall={k: median_or_none(v) for k, v in wall.items()},
        median_ratio={k: median_or_none(v) for k, v in ratios.items()},
        noisy={k: sorted(rs) for k, rs in ratios.items()
               if len(rs) > 2 and spread(rs) > NOISY_RATIO_SPREAD})
    return figures


# --- the second run: creation sites and retention paths ---------------------

def retention(raw):
    """Per command, as workload() has them: CPU and wall times of its
    successful runs, its ratio to the plain runs around it, medians. And
    from the reports of the tool's runs with the second pass (key "sites"):
    the second run's own CPU time (creation_sites.run_cpu_seconds) and its
    ratio to the plain runs around it, which the goal is on; the
    symbolising time; what the second run kept; what went wrong with it.

    A run with the second pass counts only when that second run worked:
    a report, a leak found (creation_sites not null), no failure, the
    process scanned. Any other is a problem, listed once per round.
    Figures: plain, env, tests, iterations, rounds, seed, commands,
    failed_runs, reference (median wall, median cpu) or None, cpu, wall,
    ratios, median_cpu, median_wall, median_ratio ({key: ...}), second_cpu,
    symbolising, second_ratios (in round order), median_second_cpu,
    median_symbolising, median_second_ratio, noisy (sorted second-run
    ratios, or None), problems [(round, text)], kept [(layer, type,
    objects)] of the last good run, kept_objects, other_layers (leaking
    layers other than the reference's), layer_tests (the tests of the
    reference's layer as the tool counted them, or None), heap (why the
    allocator shim was not used, or None), added (median CPU with the
    second pass less that without it, or None)."""
    figures = {k: raw[k] for k in ("plain", "env", "tests", "iterations",
                                   "rounds", "seed", "commands")}
    runs = raw["runs"]
    keys = [c["key"] for c in raw["commands"]]
    cpu = {k: [] for k in keys}
    wall = {k: [] for k in keys}
    ratios = {k: [] for k in keys}
    ref_cpu, ref_wall = [], []
    second_cpu, symbolising, second_ratios, problems = [], [], [], []
    kept, other_layers, heap, layer_tests = [], [], None, None
    round_of = {k: 0 for k in keys}
    for run in runs:
        if run["key"] != "reference":
            round_of[run["key"]] += 1
        if run["status"] != 0:
            continue
        if run["key"] == "reference":
            ref_cpu.append(run["cpu"])
            ref_wall.append(run["wall"])
            continue
        around = [runs[i] for i in (run["before"], run["after"])
                  if i is not None]
        if any(r["status"] != 0 for r in around):
            continue
        key = run["key"]
        cpu[key].append(run["cpu"])
        wall[key].append(run["wall"])
        plain_cpu = (around[0]["cpu"] + around[1]["cpu"]) / 2 if around \
            else None
        if plain_cpu:
            ratios[key].append(run["cpu"] / plain_cpu)
        if key != "sites":
            continue
        report = run.get("report")
        problem = second_run_problem(report)
        if problem:
            problems.append((round_of[key], problem))
            continue
        sites = report["creation_sites"]
        second_cpu.append(sites["run_cpu_seconds"])
        symbolising.append(sites["symbolising_seconds"])
        if plain_cpu:
            second_ratios.append(sites["run_cpu_seconds"] / plain_cpu)
        kept = [(leak["layer"], leak["type"], sum(leak["site_objects"]))
                for leak in report["leaks"]]
        other_layers = sorted({leak["layer"] for leak in report["leaks"]} -
                              {RETENTION_LAYER})
        heap = None if sites.get("heap") is True else sites.get("heap")
        layer_tests = report.get("layers", {}).get(RETENTION_LAYER)
    median_cpu = {k: median_or_none(v) for k, v in cpu.items()}
    figures.update(
        failed_runs=[run for run in runs if run["status"] != 0],
        reference=((statistics.median(ref_wall), statistics.median(ref_cpu))
                   if ref_cpu else None),
        cpu=cpu, wall=wall, ratios=ratios, median_cpu=median_cpu,
        median_wall={k: median_or_none(v) for k, v in wall.items()},
        median_ratio={k: median_or_none(v) for k, v in ratios.items()},
        second_cpu=second_cpu, symbolising=symbolising,
        second_ratios=second_ratios,
        median_second_cpu=median_or_none(second_cpu),
        median_symbolising=median_or_none(symbolising),
        median_second_ratio=median_or_none(second_ratios),
        noisy=(sorted(second_ratios) if len(second_ratios) > 2 and
               spread(second_ratios) > NOISY_RATIO_SPREAD else None),
        problems=problems, kept=kept,
        kept_objects=sum(objects for _, _, objects in kept),
        other_layers=other_layers, layer_tests=layer_tests, heap=heap,
        added=(None if None in (median_cpu.get("sites"),
                                median_cpu.get("first"))
               else median_cpu["sites"] - median_cpu["first"]))
    return figures


def second_run_problem(report):
    """Why a run's report shows no working second run, or None."""
    if report is None:
        return "leaktrace wrote no --json report"
    sites = report["creation_sites"]
    if sites is None:
        return (f"the first run found no leak (verdict "
                f"\"{report['verdict']}\"), so there was no second run: "
                f"is LEAKTRACE_WORKLOAD_LEAK honoured?")
    failure = sites.get("failure")
    if failure:
        # The tool's own words start so, mostly.
        return (failure if failure.startswith("the second run")
                else f"the second run failed: {failure}")
    if not sites.get("scanned"):
        return ("the second run did not scan the process "
                "(creation_sites.scanned is false)")
    return None


# --- compile -----------------------------------------------------------------

def normalised(argv):
    """A compile command without its output and plugin, to compare flags."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a.startswith("-fplugin"):
            continue
        out.append(a)
    return out


def compile_time(raw):
    """Per round: the compilers' CPU seconds summed over the files, plain
    and with the plugin, and their ratio; medians over rounds; whether the
    two commands of a file differ beyond -fplugin; the first failed compile.

    Figures: paired, files, sample (a plain command, normalised), differ
    (file names), plugin_flags, failure ((source, variant) or None),
    repetitions, totals, median, ratios (sorted), ratio, noisy, binaries,
    sizes."""
    jobs = raw["jobs"]
    figures = {"paired": bool(jobs["plain"]) and
               len(jobs["plain"]) == len(jobs["plugin"]),
               "files": len(jobs["plain"]),
               "repetitions": raw["repetitions"], "failure": None}
    if not figures["paired"]:
        return figures
    figures.update(
        sample=normalised(jobs["plain"][0]["argv"]),
        differ=differing(jobs, raw["targets"]),
        plugin_flags=sorted({a for job in jobs["plugin"] for a in job["argv"]
                             if a.startswith("-fplugin")}),
        failure=first_failure(raw["rounds"], jobs))
    if figures["failure"]:
        return figures
    totals = {"plain": [], "plugin": []}
    for compiled in raw["rounds"]:
        sums = {"plain": 0.0, "plugin": 0.0}
        for f in compiled:
            for run in f["runs"]:
                sums[run["variant"]] += run["cpu"]
        for v in sums:
            totals[v].append(sums[v])
    paired = sorted(b / a for a, b in zip(totals["plain"], totals["plugin"]))
    figures.update(
        totals=totals,
        median={v: statistics.median(totals[v]) for v in totals},
        ratios=paired, ratio=statistics.median(paired),
        noisy=len(paired) > 2 and spread(paired) > NOISY_RATIO_SPREAD,
        binaries=raw["binaries"], sizes=raw["sizes"])
    return figures


def differing(jobs, targets):
    """The files whose plain and plugin commands differ beyond -fplugin and
    the target's object directory: then the ratio would not be the
    plugin's alone."""
    return [os.path.basename(a["source"])
            for a, b in zip(jobs["plain"], jobs["plugin"])
            if [x.replace(targets["plugin"], targets["plain"])
                for x in normalised(b["argv"])] != normalised(a["argv"])]


def first_failure(rounds, jobs):
    """(source, variant) of the first compile that failed, in the order the
    results came in, or None."""
    for compiled in rounds:
        for f in compiled:
            for run in f["runs"]:
                if run["status"] != 0:
                    return jobs[run["variant"]][f["file"]]["source"], \
                        run["variant"]
    return None
