// leaktrace-bench-unwind: one capture of a creation site's stack, as the
// runtime takes it for every object of a watched type in a recorded
// iteration: the runtime's unwinder (captureFrames(), rules cached per code
// address) against glibc's backtrace() (libgcc's unwinder, which parses the
// CFI of every frame anew). The stack is made about kFrames deep whatever
// Google Benchmark's own frames are; the counters say how deep it was and
// whether the fast path walked it (fast=1) or fell back (fast=0).

#include "unwind.h"

#include <benchmark/benchmark.h>

#include <execinfo.h>

namespace {

using CaptureFn = int (*)(void **, int);
constexpr int kFrames = 20;
constexpr int kMax = 64;

__attribute__((noinline)) void atDepth(int Depth, benchmark::State &State,
                                       CaptureFn Capture) {
  if (Depth > 0) {
    atDepth(Depth - 1, State, Capture);
    benchmark::ClobberMemory(); // not a tail call: the frame stays
    return;
  }
  void *Frames[kMax];
  int N = 0;
  for (auto _ : State) {
    N = Capture(Frames, kMax);
    benchmark::DoNotOptimize(Frames);
  }
  State.counters["frames"] = N;
  State.counters["fast"] =
      leaktrace::rt::unwind::fastFrames(Frames, kMax) >= 0 ? 1 : 0;
}

// The frames of a capture from here: framesBelow()'s and those below
// run() (Google Benchmark's, main's, libc's), as many as atDepth(0) and the
// frames under it would have without the recursion, which makes up the rest
// of kFrames.
__attribute__((noinline)) int framesBelow() {
  void *Frames[kMax];
  return leaktrace::rt::captureFrames(Frames, kMax);
}

__attribute__((noinline)) void run(benchmark::State &State,
                                   CaptureFn Capture) {
  int Depth = kFrames - framesBelow();
  atDepth(Depth > 0 ? Depth : 0, State, Capture);
  benchmark::ClobberMemory(); // not a tail call: the frame stays
}

void fastUnwinder(benchmark::State &State) {
  run(State, leaktrace::rt::captureFrames);
}
void glibcBacktrace(benchmark::State &State) { run(State, backtrace); }

BENCHMARK(fastUnwinder);
BENCHMARK(glibcBacktrace);

} // namespace

BENCHMARK_MAIN();
