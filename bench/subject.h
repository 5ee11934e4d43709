// Entry points of the benchmark subject (subject.cpp), which is compiled twice
// into the same binary: into namespace bench::plain without the plugin and into
// bench::instrumented with it. The reference variant exists only in the plain
// copy: it counts by hand, and the plugin must not add its own counting.
#ifndef LEAKTRACE_BENCH_SUBJECT_H
#define LEAKTRACE_BENCH_SUBJECT_H

#include <benchmark/benchmark.h>

namespace bench {

namespace plain {
// Constructs and destroys one small tracked object per iteration.
void constructDestroy(benchmark::State &State);
// The same loop with a class whose constructor and destructor do a relaxed
// fetch_add / fetch_sub on one std::atomic shared by all threads: the design
// the runtime's per-thread counters avoid.
void constructDestroySharedAtomic(benchmark::State &State);
} // namespace plain

namespace instrumented {
// The plain loop, compiled with -fplugin=leaktrace.so.
void constructDestroy(benchmark::State &State);
} // namespace instrumented

} // namespace bench

#endif
