"""What the hot-path and compile sections measure, by name.

measure, analyse, goals and render all read these names, so that they
cannot disagree about which benchmark is which.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class HotLoop:
    """One loop of bin/leaktrace-bench (bench/main.cpp), compiled plain and
    instrumented from the same subject.cpp."""

    key: str      # the benchmark's name inside bench::plain / instrumented
    label: str    # its row in the section-1 table, and its goals
    short: str    # the prefix of its two rows in the section-2 table

    @property
    def plain(self):
        return f"bench::plain::{self.key}"

    @property
    def instrumented(self):
        return f"bench::instrumented::{self.key}"


HOT_LOOPS = [
    HotLoop("constructDestroy", "construct+destroy of a small class",
            "construct+destroy"),
    HotLoop("sharedPtrCopy", "shared_ptr copy+destroy",
            "shared_ptr copy+destroy"),
    HotLoop("copyTriviallyCopied", "copy+destroy of a trivially copied class",
            "trivially copied class copy+destroy"),
    HotLoop("newDeleteAggregate", "new+delete of an aggregate",
            "aggregate new+delete"),
    HotLoop("newDeleteTriviallyDestructible",
            "new+delete of a trivially destructible class",
            "trivially destructible new+delete"),
]

# Plain only: one relaxed atomic that every thread increments. Its slowdown
# on several threads is the evidence that they really ran at once.
SHARED_ATOMIC = "bench::plain::constructDestroySharedAtomic"
SHARED_ATOMIC_LABEL = ("construct+destroy, one shared relaxed atomic "
                       "(reference)")


def thread_variants():
    """The rows of the section-2 table, (label, benchmark name): every loop
    plain then instrumented, the shared atomic right after the first loop,
    whose plain figure it is the contended version of."""
    rows = []
    for i, loop in enumerate(HOT_LOOPS):
        rows.append((f"{loop.short}, plain", loop.plain))
        rows.append((f"{loop.short}, instrumented", loop.instrumented))
        if i == 0:
            rows.append((SHARED_ATOMIC_LABEL, SHARED_ATOMIC))
    return rows


# The snapshot grid: types registered x live threads, and batches per point.
SNAPSHOT_TYPES = "10,100,1000,10000"
SNAPSHOT_THREADS = "1,8,64"
SNAPSHOT_BATCHES = "31"

# leaktrace watch's sampling: the snapshot grid's largest point, and how many
# samples are taken through the control socket.
WATCH_TYPES = "10000"
WATCH_THREADS = "64"
WATCH_SAMPLES = "31"
