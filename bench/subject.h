// Entry points of the benchmark subject (subject.cpp), which is compiled twice
// into the same binary: into namespace bench::plain without the plugin and into
// bench::instrumented with it. The reference variant exists only in the plain
// copy: it counts by hand, and the plugin must not add its own counting.
#ifndef LEAKTRACE_BENCH_SUBJECT_H
#define LEAKTRACE_BENCH_SUBJECT_H

#include <benchmark/benchmark.h>

#include <string>

namespace bench {

namespace plain {
// Constructs and destroys one small tracked object per iteration.
void constructDestroy(benchmark::State &State);
// Copies a std::shared_ptr<Tracked> from a live one and drops the copy.
void sharedPtrCopy(benchmark::State &State);
// The construct+destroy loop with a class whose constructor and destructor do
// a relaxed fetch_add / fetch_sub on one std::atomic shared by all threads:
// the design the runtime's per-thread counters avoid.
void constructDestroySharedAtomic(benchmark::State &State);
// Checks, on one thread before anything is timed, that this copy is counted
// as it should be (the plain copy: not at all). Returns what is wrong, or ""
// when all is well; the benchmarks of a failed check report it as an error.
std::string checkConstructDestroy();
std::string checkSharedPtrCopy();
// Copies and destroys one object of a class whose copy constructor is the
// implicit, trivial one (plain: a memcpy; instrumented: a counted call).
void copyTriviallyCopied(benchmark::State &State);
std::string checkTriviallyCopied();
// Makes one object with new and deletes it: of an aggregate (a destructor
// of its own, no constructor), and of a trivially destructible class. Only
// such heap objects of these shapes are counted.
void newDeleteAggregate(benchmark::State &State);
std::string checkNewDeleteAggregate();
void newDeleteTriviallyDestructible(benchmark::State &State);
std::string checkNewDeleteTriviallyDestructible();
} // namespace plain

namespace instrumented {
// The plain loops, compiled with -fplugin=leaktrace.so.
void constructDestroy(benchmark::State &State);
void sharedPtrCopy(benchmark::State &State);
std::string checkConstructDestroy();
std::string checkSharedPtrCopy();
void copyTriviallyCopied(benchmark::State &State);
std::string checkTriviallyCopied();
void newDeleteAggregate(benchmark::State &State);
std::string checkNewDeleteAggregate();
void newDeleteTriviallyDestructible(benchmark::State &State);
std::string checkNewDeleteTriviallyDestructible();
} // namespace instrumented

} // namespace bench

#endif
