// The benchmark subject: a construct+destroy loop of one small tracked class.
//
// CMakeLists.txt compiles this file twice into the same binary, once plain and
// once with the leaktrace plugin, so that both copies are measured in the same
// run on the same machine state. LEAKTRACE_BENCH_NS gives each copy its own
// namespace: one class compiled both ways would break the one-definition rule,
// and the linker would keep one arbitrary copy of its inline constructor.
// LEAKTRACE_BENCH_REFERENCES (plain copy only) adds the hand-counted reference
// variant.

#include "subject.h"

#include "leaktrace/leaktrace.h"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#ifndef LEAKTRACE_BENCH_NS
#error "define LEAKTRACE_BENCH_NS to plain or instrumented"
#endif
#ifndef LEAKTRACE_BENCH_COUNTED
#error "define LEAKTRACE_BENCH_COUNTED to 1 when compiling with the plugin"
#endif

#define LEAKTRACE_BENCH_STR2(X) #X
#define LEAKTRACE_BENCH_STR(X) LEAKTRACE_BENCH_STR2(X)

namespace bench::LEAKTRACE_BENCH_NS {

// Small and cheap to build, so that the counting is most of what is added.
// The plugin counts it: it is not an aggregate, its destructor is
// user-provided and its copy constructor is user-provided (there is no default
// constructor, and the user-declared destructor suppresses the implicit move
// constructor), so every object is built and destroyed through a call.
class Tracked {
public:
  explicit Tracked(unsigned V) : Value(V) {}
  Tracked(const Tracked &Other) : Value(Other.Value) {}
  ~Tracked() {}
  unsigned value() const { return Value; }

private:
  unsigned Value;
};

namespace {

// Live instances of TypeName according to the runtime; -1 when the runtime
// has never counted the type.
int64_t liveCount(const char *TypeName) {
  std::vector<leaktrace_type_count> Counts(leaktrace_snapshot(nullptr, 0));
  size_t N = leaktrace_snapshot(Counts.data(), Counts.size());
  for (size_t I = 0; I < N && I < Counts.size(); ++I)
    if (std::strcmp(Counts[I].name, TypeName) == 0)
      return Counts[I].insts;
  return -1;
}

} // namespace

void constructDestroy(benchmark::State &State) {
  // A result of this binary is only worth reading if the instrumented copy is
  // counted and the plain copy is not: check with an object that outlives the
  // loop (other threads may hold their own, hence ">= 1").
  Tracked Probe(0);
  const std::string Name =
      "bench::" LEAKTRACE_BENCH_STR(LEAKTRACE_BENCH_NS) "::Tracked";
  int64_t Live = liveCount(Name.c_str());
  if (LEAKTRACE_BENCH_COUNTED ? Live < 1 : Live != -1) {
    State.SkipWithError(LEAKTRACE_BENCH_COUNTED
                            ? "the plugin did not instrument this copy"
                            : "the plain copy is counted");
    return;
  }
  // Unsigned: a long run passes 2^31 iterations (signed overflow is UB).
  unsigned V = 0;
  for (auto _ : State) {
    Tracked T(V++);
    // The object's address escapes into an asm statement that clobbers
    // memory: the compiler must build it in memory, then destroy it.
    benchmark::DoNotOptimize(&T);
  }
  benchmark::DoNotOptimize(Probe.value());
}

#ifdef LEAKTRACE_BENCH_REFERENCES
namespace {

// One counter for every thread, on a cache line of its own.
alignas(64) std::atomic<int64_t> gSharedLive;

class SharedAtomicCounted {
public:
  explicit SharedAtomicCounted(unsigned V) : Value(V) {
    gSharedLive.fetch_add(1, std::memory_order_relaxed);
  }
  SharedAtomicCounted(const SharedAtomicCounted &Other) : Value(Other.Value) {
    gSharedLive.fetch_add(1, std::memory_order_relaxed);
  }
  ~SharedAtomicCounted() {
    gSharedLive.fetch_sub(1, std::memory_order_relaxed);
  }
  unsigned value() const { return Value; }

private:
  unsigned Value;
};

} // namespace

void constructDestroySharedAtomic(benchmark::State &State) {
  SharedAtomicCounted Probe(0);
  if (gSharedLive.load(std::memory_order_relaxed) < 1) {
    State.SkipWithError("the shared counter does not count");
    return;
  }
  unsigned V = 0;
  for (auto _ : State) {
    SharedAtomicCounted T(V++);
    benchmark::DoNotOptimize(&T);
  }
  benchmark::DoNotOptimize(Probe.value());
}
#endif

} // namespace bench::LEAKTRACE_BENCH_NS
