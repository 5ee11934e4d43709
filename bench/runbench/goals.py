"""The goals (from the issue) and the verdicts that figures earn.

Pure functions of analyse's figures. A verdict is "met", "NOT met" or
"inconclusive", with " (NOISY)" when the figures behind it were flagged
(it may not hold on a rerun), or "NOT measured" when the benchmark failed.
"""

from dataclasses import dataclass

from . import fmt
from .catalog import HOT_LOOPS, SHARED_ATOMIC

GOAL_CONSTRUCT_NS = 1.0      # added per construct+destroy pair
GOAL_SHARED_PTR_NS = 2.0     # added per shared_ptr copy+destroy
GOAL_THREAD_RATIO = 1.05     # per-thread time at T threads / at 1 thread
GOAL_SNAPSHOT_US = 1000.0    # one snapshot at the largest grid point
# leaktrace watch: the sampled program's CPU for one sample, as a share of
# a 1-second interval.
GOAL_WATCH_PERCENT = 1.0
WATCH_INTERVAL_S = 1.0
# After recording, a construct+destroy of the type over the same before it.
GOAL_WATCH_AFTER_RATIO = 1.05
GOAL_WORKLOAD_RATIO = 1.05   # leaktrace -N 4 -r vs plain --gtest_repeat=4
# ... on >= 1000 tests of under 200 us each, -v and per-test attribution on
GOAL_TINY_WORKLOAD_RATIO = 1.05
GOAL_COMPILE_RATIO = 1.05    # compiling the workload with the plugin
# The second pass of a run that found a leak (creation sites, retention
# paths): its process's CPU time over the plain build running the same
# tests (the leaking layers, two iterations); symbolising is not in it.
GOAL_SECOND_RUN_RATIO = 3.0

# ns added per operation, by hot loop: only the shared_ptr copy may cost
# more, as it already pays two atomic read-modify-writes.
GOAL_ADDED_NS = {
    "constructDestroy": GOAL_CONSTRUCT_NS,
    "sharedPtrCopy": GOAL_SHARED_PTR_NS,
    "copyTriviallyCopied": GOAL_CONSTRUCT_NS,
    "newDeleteAggregate": GOAL_CONSTRUCT_NS,
    "newDeleteTriviallyDestructible": GOAL_CONSTRUCT_NS,
}

# The shared-atomic reference doubles as evidence that the benchmark's
# threads really ran at the same time: then its one cache line bounces
# between cores and its per-thread time rises severalfold. When other
# processes keep the cores busy the threads take turns, nothing contends, and
# the multi-thread figures prove nothing: the verdict is "inconclusive".
CONCURRENCY_EVIDENCE_RATIO = 1.5


@dataclass(frozen=True)
class Verdict:
    """One row of the Goals table. `line`: whether the section also prints
    it as a "goal:" line (verdicts on failed benchmarks are only listed)."""

    goal: str
    result: str
    verdict: str
    line: bool = True


def judged(goal, met, result, noisy=False):
    """met: True, False or None (inconclusive)."""
    verdict = {True: "met", False: "NOT met", None: "inconclusive"}[met]
    if noisy:
        verdict += " (NOISY)"
    return Verdict(goal, result, verdict)


def not_measured(goal, result):
    return Verdict(goal, result, "NOT measured", line=False)


def over(value, limit, unit, digits=2):
    """How far a figure misses its goal, for the verdict line: "just over"
    when the miss would print as zero."""
    if value <= limit:
        return ""
    if value - limit < 10 ** -digits:
        return ", just over the goal"
    return f", {value - limit:.{digits}f}{unit} over the goal"


# --- hot path ----------------------------------------------------------------

def hotpath(figures):
    """Both hot-path sections' verdicts: {"added": [...] (section 1),
    "threads": [...] (section 2), "concurrent": bool}. Nothing when the
    binary failed: there are no figures to judge."""
    if not figures["ran"]:
        return {"added": [], "threads": [], "concurrent": True}
    concurrent = threads_overlapped(figures)
    return {"added": [added(figures, loop) for loop in HOT_LOOPS],
            "threads": [v for v in (per_thread(figures, loop, concurrent)
                                    for loop in HOT_LOOPS) if v],
            "concurrent": concurrent}


def added(figures, loop):
    """What counting adds per operation on one thread, against its goal."""
    goal_ns = GOAL_ADDED_NS[loop.key]
    goal = f"at most {goal_ns:.0f} ns added per {loop.label}"
    p = figures["median"].get((loop.plain, 1))
    i = figures["median"].get((loop.instrumented, 1))
    errors = figures["errors"]
    if loop.plain in errors or loop.instrumented in errors or None in (p, i):
        return not_measured(goal, "not measured: the benchmark failed")
    ns = i - p
    noisy = {(loop.plain, 1), (loop.instrumented, 1)} & set(figures["noisy"])
    return judged(goal, ns <= goal_ns,
                  f"{ns:.2f} ns added{over(ns, goal_ns, ' ns')}", bool(noisy))


def threads_overlapped(figures):
    """Whether the shared atomic slowed down enough on every thread count to
    show that the threads ran at once (True with no multi-thread figures:
    there is nothing to doubt)."""
    return all((figures["ratio"].get((SHARED_ATOMIC, t)) or 0) >=
               CONCURRENCY_EVIDENCE_RATIO for t in figures["multi"])


def per_thread(figures, loop, concurrent):
    """The instrumented loop's worst slowdown on 2+ threads, with the plain
    loop on the same threads as the control that tells the machine's share.
    None when no ratio could be taken: the table then shows n/a, and there
    is no figure to list."""
    goal = f"{loop.label}: per-thread time on 2+ threads within 5% of 1 thread"
    multi, ratio = figures["multi"], figures["ratio"]
    if loop.instrumented in figures["errors"] or not multi:
        return not_measured(goal, "not measured: the benchmark failed")
    worst_t = max(multi, key=lambda t: ratio.get((loop.instrumented, t)) or 0)
    worst = ratio.get((loop.instrumented, worst_t))
    control = ratio.get((loop.plain, worst_t))
    if worst is None:
        return None
    met = worst <= GOAL_THREAD_RATIO
    result = (f"instrumented {worst:.3f}x on {worst_t} threads"
              f"{over(worst, GOAL_THREAD_RATIO, 'x', 3)}; plain control "
              f"{fmt.ratio(control)}")
    if not met and control is not None and control > GOAL_THREAD_RATIO:
        result += (f": the plain loop slowed down too, so the machine "
                   f"accounts for {control:.2f}x of it, the counters for "
                   f"{worst / control:.2f}x")
    if not concurrent:
        result += "; the threads mostly took turns (see below)"
        met = None
    noisy = {(name, t) for name in (loop.plain, loop.instrumented)
             for t in [1] + multi} & set(figures["noisy"])
    return judged(goal, met, result, bool(noisy))


# --- snapshot, workload, compile ----------------------------------------------

def snapshot(figures):
    """One snapshot at the largest grid point, strictly under the goal."""
    if not figures["ran"]:
        return None
    types, threads = figures["top"]
    us = figures["top_us"]
    return judged(f"one snapshot under {GOAL_SNAPSHOT_US / 1000:.0f} ms with "
                  f"{types} types and {threads} threads", us < GOAL_SNAPSHOT_US,
                  f"{us:.0f} us{over(us, GOAL_SNAPSHOT_US, ' us')}",
                  figures["top"] in figures["noisy"])


def watch(figures):
    """Sampling at a 1-second interval: the program's CPU per sample over
    the interval, at most the goal; and a type whose sites were recorded
    counted as fast after as before. A list of verdicts."""
    if not figures["ran"]:
        return []
    verdicts = [watch_sampling(figures)]
    if "hot_ratio" in figures:
        ratio = figures["hot_ratio"]
        verdicts.append(judged(
            f"after `leaktrace watch` recorded a type's creation sites, "
            f"counting it costs what it did before (within "
            f"{GOAL_WATCH_AFTER_RATIO - 1:.0%})",
            ratio <= GOAL_WATCH_AFTER_RATIO,
            f"{ratio:.3f}x{over(ratio, GOAL_WATCH_AFTER_RATIO, 'x', 3)}",
            figures["hot_noisy"]))
    return verdicts


def watch_sampling(figures):
    percent = figures["median_us"] / (WATCH_INTERVAL_S * 1e6) * 100
    return judged(f"`leaktrace watch` sampling at a {WATCH_INTERVAL_S:.0f} s "
                  f"interval costs the program at most "
                  f"{GOAL_WATCH_PERCENT:.0f}% CPU with {figures['types']} "
                  f"types and {figures['threads']} threads",
                  percent <= GOAL_WATCH_PERCENT,
                  f"{percent:.2f}% ({figures['median_us']:.0f} us a sample)"
                  f"{over(percent, GOAL_WATCH_PERCENT, '%')}",
                  figures["noisy"])


def workload(figures, workload):
    """The run under `leaktrace -N n FLAGS` against the plain build, as the
    median over rounds of its bracketed ratios."""
    goal = workload.goal_text.format(n=figures["iterations"],
                                     flags=" ".join(workload.tool_flags),
                                     ratio=workload.goal_ratio)
    rounds = figures["ratios"]["tool"]
    if not rounds:
        return not_measured(goal, "not measured")
    r = figures["median_ratio"]["tool"]
    return judged(goal, r <= workload.goal_ratio,
                  f"{r:.3f}x CPU time{over(r, workload.goal_ratio, 'x', 3)}; "
                  f"rounds: {fmt.ratios(sorted(rounds))}",
                  "tool" in figures["noisy"])


def retention(figures):
    """The second run's CPU time over the plain runs around it, as the
    median over rounds. NOT met when any round's second run did not work
    (failed, did not scan, did not happen); NOT measured when no run of the
    tool succeeded (the failed runs are listed as errors)."""
    goal = (f"the second run (retention paths) at most "
            f"{GOAL_SECOND_RUN_RATIO:.0f}x the plain run of the leaking "
            f"layers, symbolising apart")
    if figures["problems"]:
        rnd, problem = figures["problems"][0]
        more = len(figures["problems"]) - 1
        return judged(goal, False, f"round {rnd}: {problem}" +
                      (f" (and {more} more round(s))" if more else ""))
    rounds = figures["second_ratios"]
    if not rounds:
        return not_measured(goal, "not measured")
    r = figures["median_second_ratio"]
    return judged(goal, r <= GOAL_SECOND_RUN_RATIO,
                  f"{r:.2f}x CPU time{over(r, GOAL_SECOND_RUN_RATIO, 'x')}; "
                  f"rounds: {fmt.ratios(sorted(rounds))}",
                  figures["noisy"] is not None)


def compile_time(figures):
    """Compiling with the plugin, as the median of the per-round ratios.
    None when the compiles could not be paired or one failed."""
    if not figures["paired"] or figures["failure"]:
        return None
    r = figures["ratio"]
    added_s = figures["median"]["plugin"] - figures["median"]["plain"]
    return judged(f"compiling with the plugin at most "
                  f"{GOAL_COMPILE_RATIO:.2f}x", r <= GOAL_COMPILE_RATIO,
                  f"{r:.3f}x, {added_s:+.2f} s CPU"
                  f"{over(r, GOAL_COMPILE_RATIO, 'x', 3)}; "
                  f"rounds: {fmt.ratios(figures['ratios'])}",
                  figures["noisy"])
