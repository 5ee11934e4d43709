"""One section's recording -> its Report: analyse, then goals, then render.

The one place that knows which functions make up a section, shared by
bench/run-bench and the tests.
"""

from . import analyse, goals, render
from .sections import workload


def section(raw, name):
    """The Report of section `name` of the recording `raw`."""
    data, build = raw["sections"][name], raw["build"]
    if name == "hotpath":
        figures = analyse.hotpath(data)
        return render.hotpath(figures, goals.hotpath(figures), build)
    if name == "snapshot":
        figures = analyse.snapshot(data)
        return render.snapshot(figures, goals.snapshot(figures), build)
    if name == "watch":
        figures = analyse.watch(data)
        return render.watch(figures, goals.watch(figures), build)
    if name == "retention":
        figures = analyse.retention(data)
        return render.retention(figures, goals.retention(figures), build)
    if name == "compile":
        figures = analyse.compile_time(data)
        return render.compile_time(figures, goals.compile_time(figures),
                                   build)
    described = workload(name)
    if described is None:
        raise KeyError(f"no section '{name}'")
    figures = analyse.workload(data)
    return render.workload(figures, goals.workload(figures, described),
                           described, build)
