"""Formats shared by the verdicts (goals), the tables (render) and the
progress lines (measure), so that a figure reads the same everywhere."""

import re


def ns(value):
    return "n/a" if value is None else f"{value:.2f}"


def ratio(value):
    return "n/a" if value is None else f"{value:.2f}x"


def ratios(values):
    """Per-round ratios, three digits: they differ in the third."""
    return " ".join(f"{x:.3f}" for x in values)


def show(argv, env, build):
    """A command as RESULTS.md prints it: paths under the build directory as
    $BUILD, so that the command can be pasted after `BUILD=...`."""
    words = [f"{k}={v}" for k, v in (env or {}).items()] + list(argv)
    out = []
    for w in words:
        w = w.replace(build, "$BUILD")
        # Double quotes where quoting is needed, so that $BUILD expands.
        out.append(w if re.fullmatch(r"[\w$/.=:,+@%-]+", w)
                   else '"' + w.replace('"', '\\"') + '"')
    return " ".join(out)
