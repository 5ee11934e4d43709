// leaktrace-bench: cost of counting one construct+destroy pair.
//
// Every variant runs on one thread and on two: per-thread counters must cost
// the same per thread when two threads count at once, while one shared atomic
// counter makes the threads fight over its cache line. scripts/run-bench runs
// this binary with repetitions and prints the differences.

#include "subject.h"

#include <benchmark/benchmark.h>

BENCHMARK(bench::plain::constructDestroy)->Threads(1)->Threads(2);
BENCHMARK(bench::instrumented::constructDestroy)->Threads(1)->Threads(2);
BENCHMARK(bench::plain::constructDestroySharedAtomic)->Threads(1)->Threads(2);

BENCHMARK_MAIN();
