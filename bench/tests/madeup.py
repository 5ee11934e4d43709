"""Hand-made recordings of the retention section (the tool's second pass),
shared by the analysis, goal and render tests: every figure they expect is
worked out by hand from the numbers here."""

LAYER = "leaktrace.layer.UnitTests"
PLAIN = ["/bld/bin/leaktrace-workload-plain", "--gtest_repeat=2",
         "--gtest_filter=-Seeds/SharedCatalogTest.*"]
ENV = {"LEAKTRACE_WORKLOAD_LEAK": "1"}
TOOL = "/bld/bin/leaktrace"
INSTR = "/bld/bin/leaktrace-workload"


def report(run_cpu=2.0, symbolising=0.5, failure="", scanned=True,
           heap=True, leaks=None, verdict="leak", sites=True, tests=428):
    """What measure keeps of a --json report (second_run_report)."""
    if leaks is None:
        leaks = [{"layer": LAYER, "type": "workload::Customer",
                  "insts": [12, 12, 12], "site_objects": [10, 2],
                  "paths": 1},
                 {"layer": LAYER, "type": "workload::Node",
                  "insts": [14, 14, 14], "site_objects": [14], "paths": 1}]
    return {"verdict": verdict, "leaks": leaks,
            "layers": {LAYER: tests, "workload.SharedCatalog": 24},
            "creation_sites": None if not sites else {
                "seconds": run_cpu + symbolising,
                "run_cpu_seconds": run_cpu,
                "symbolising_seconds": symbolising, "failure": failure,
                "scanned": scanned, "heap": heap, "threads_missed": 0,
                "unlisted": 0}}


def reference(cpu, status=0):
    return {"key": "reference", "argv": PLAIN, "env": ENV, "iterations": 2,
            "status": status, "wall": cpu + 0.1, "cpu": cpu}


def tool(key, cpu, before, after, rep=None, status=0):
    """A run of the tool with its second pass (key "sites") or without it
    ("first"); `rep` its report (second_run_report)."""
    extra = ["--json", f"/bld/{key}.json"]
    if key == "first":
        extra.insert(0, "--no-creation-sites")
    return {"key": key, "argv": [TOOL, "-N", "4", "-r"] + extra + ["--",
                                                                    INSTR],
            "env": ENV, "iterations": 4, "status": status, "wall": cpu + 0.2,
            "cpu": cpu, "before": before, "after": after, "report": rep}


def commands(rounds):
    out = []
    for key in ("sites", "first"):
        c = tool(key, 0, None, None)
        out.append({"key": key, "argv": c["argv"], "env": ENV,
                    "iterations": 4, "reference": PLAIN,
                    "reference_env": ENV, "reference_iterations": 2,
                    "rounds": rounds, "json": f"/bld/{key}.json"})
    return out


def raw(runs, rounds=1):
    return {"plain": PLAIN, "env": ENV, "tests": 428, "iterations": 2,
            "rounds": rounds, "seed": 7, "commands": commands(rounds),
            "runs": runs}


DEFAULT = object()


def one_round(sites_report=DEFAULT, ref=(1.0, 1.2, 1.0), whole=5.0,
              first=2.5):
    """plain, the tool with its second pass, plain, without it, plain: the
    two commands share the plain run between them. sites_report: the
    report of the run with the second pass (None: it wrote none)."""
    return raw([reference(ref[0]),
                tool("sites", whole, 0, 2,
                     report() if sites_report is DEFAULT else sites_report),
                reference(ref[1]),
                tool("first", first, 2, 4, report(sites=False)),
                reference(ref[2])])
