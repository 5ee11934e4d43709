"""The raw measurements as a JSON file (--save-raw, --from-raw).

A recording is {"format", "build", "options", "started", "took", "machine",
"sections": {name: what measure returned}}: everything render needs, so that
RESULTS.md can be made again from it alone.
"""

import json

from .sections import SECTIONS

FORMAT = "leaktrace-bench-raw 1"


def write(path, raw):
    with open(path, "w") as f:
        json.dump(raw, f, indent=1)
        f.write("\n")


def read(path):
    """The recording in `path`; ValueError when it is not one this version
    can render (another format, or a section it does not know)."""
    with open(path) as f:
        raw = json.load(f)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ValueError(f"{path} is not a run-bench recording "
                         f"(format \"{FORMAT}\")")
    unknown = [s for s in raw["sections"] if s not in SECTIONS]
    if unknown:
        raise ValueError(f"{path} has sections this run-bench does not know: "
                         f"{', '.join(unknown)}")
    return raw
