// leaktrace-bench: what counting adds on the hot path.
//
// Five loops, each compiled plain and instrumented (subject.cpp): construct
// + destroy of a small class, copy + destroy of a std::shared_ptr to it,
// copy + destroy of a class whose copy constructor is trivial, and new +
// delete of an aggregate and of a trivially destructible class.
// Every variant runs on 1 thread, 2 threads and std::thread::hardware_
// concurrency() threads: per-thread counters must cost the same per thread
// when threads count at once, while one shared atomic counter (the reference
// row) makes the threads fight over its cache line. bench/run-bench runs
// this binary with repetitions and prints the differences.

#include "subject.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

using BenchmarkFn = void (*)(benchmark::State &);

std::vector<int> threadCounts() {
  std::vector<int> Counts = {1, 2};
  if (unsigned N = std::thread::hardware_concurrency())
    Counts.push_back(int(N));
  std::sort(Counts.begin(), Counts.end());
  Counts.erase(std::unique(Counts.begin(), Counts.end()), Counts.end());
  return Counts;
}

// Runs the self-checks; a failed one is printed here and makes its loops
// report the error (the other loops still run).
void check(const char *What, std::string (*Check)()) {
  std::string Error = Check();
  if (!Error.empty())
    fprintf(stderr, "leaktrace-bench: self-check of %s FAILED: %s\n", What,
            Error.c_str());
}

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;

  // glibc keeps a process "single-threaded" until its first thread starts,
  // and libstdc++ then updates shared_ptr use counts without atomics. Start
  // one now, so that every repetition of the shared_ptr loop, whichever runs
  // first, pays for the atomic updates real (threaded) programs pay for.
  std::thread([] {}).join();

  check("bench::plain::constructDestroy", bench::plain::checkConstructDestroy);
  check("bench::instrumented::constructDestroy",
        bench::instrumented::checkConstructDestroy);
  check("bench::plain::sharedPtrCopy", bench::plain::checkSharedPtrCopy);
  check("bench::instrumented::sharedPtrCopy",
        bench::instrumented::checkSharedPtrCopy);
  check("bench::plain::copyTriviallyCopied",
        bench::plain::checkTriviallyCopied);
  check("bench::instrumented::copyTriviallyCopied",
        bench::instrumented::checkTriviallyCopied);
  check("bench::plain::newDeleteAggregate",
        bench::plain::checkNewDeleteAggregate);
  check("bench::instrumented::newDeleteAggregate",
        bench::instrumented::checkNewDeleteAggregate);
  check("bench::plain::newDeleteTriviallyDestructible",
        bench::plain::checkNewDeleteTriviallyDestructible);
  check("bench::instrumented::newDeleteTriviallyDestructible",
        bench::instrumented::checkNewDeleteTriviallyDestructible);

  const std::pair<const char *, BenchmarkFn> Benchmarks[] = {
      {"bench::plain::constructDestroy", bench::plain::constructDestroy},
      {"bench::instrumented::constructDestroy",
       bench::instrumented::constructDestroy},
      {"bench::plain::constructDestroySharedAtomic",
       bench::plain::constructDestroySharedAtomic},
      {"bench::plain::sharedPtrCopy", bench::plain::sharedPtrCopy},
      {"bench::instrumented::sharedPtrCopy",
       bench::instrumented::sharedPtrCopy},
      {"bench::plain::copyTriviallyCopied", bench::plain::copyTriviallyCopied},
      {"bench::instrumented::copyTriviallyCopied",
       bench::instrumented::copyTriviallyCopied},
      {"bench::plain::newDeleteAggregate", bench::plain::newDeleteAggregate},
      {"bench::instrumented::newDeleteAggregate",
       bench::instrumented::newDeleteAggregate},
      {"bench::plain::newDeleteTriviallyDestructible",
       bench::plain::newDeleteTriviallyDestructible},
      {"bench::instrumented::newDeleteTriviallyDestructible",
       bench::instrumented::newDeleteTriviallyDestructible},
  };
  std::vector<int> Threads = threadCounts();
  for (const auto &[Name, Fn] : Benchmarks) {
    benchmark::internal::Benchmark *B = benchmark::RegisterBenchmark(Name, Fn);
    for (int T : Threads)
      B->Threads(T);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
