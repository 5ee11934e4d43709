// The benchmark subject: loops over one small tracked class.
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
#include <memory>
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

// The rule-of-three slip, and every small RAII handle: a destructor of its
// own and the implicit copy constructor, which is trivial. The plugin makes
// that constructor a call (CallableSpecialMembers); without it, a copy is a
// memcpy.
struct Handle {
  explicit Handle(unsigned V) : Value(V) {}
  ~Handle() {}
  unsigned Value;
};

// An aggregate with a destructor of its own (leveldb's Table::Rep shape):
// built by aggregate initialisation, counted only where made with new.
struct Entry {
  unsigned Value;
  ~Entry() {}
};

// A trivially destructible class (leveldb's Slice, BlockHandle): counted only
// where made with new.
struct Point {
  unsigned X, Y;
};

namespace {

constexpr bool kCounted = LEAKTRACE_BENCH_COUNTED;
const char *const kTrackedName =
    "bench::" LEAKTRACE_BENCH_STR(LEAKTRACE_BENCH_NS) "::Tracked";
const char *const kHandleName =
    "bench::" LEAKTRACE_BENCH_STR(LEAKTRACE_BENCH_NS) "::Handle";
const char *const kEntryName =
    "bench::" LEAKTRACE_BENCH_STR(LEAKTRACE_BENCH_NS) "::Entry";
const char *const kPointName =
    "bench::" LEAKTRACE_BENCH_STR(LEAKTRACE_BENCH_NS) "::Point";

// What the runtime holds for one type.
struct Counts {
  bool Registered = false; // false: the runtime has never counted the type
  int64_t Insts = 0;
  int64_t Refs = 0;
};

Counts countsOf(const char *TypeName) {
  std::vector<leaktrace_type_count> All(leaktrace_snapshot(nullptr, 0));
  size_t N = leaktrace_snapshot(All.data(), All.size());
  for (size_t I = 0; I < N && I < All.size(); ++I)
    if (std::strcmp(All[I].name, TypeName) == 0)
      return {true, All[I].insts, All[I].refs};
  return {};
}

// The outcome of the checks, read by the timed loops: a loop whose check
// failed (or never ran) reports an error instead of a figure.
std::string gConstructDestroyError = "the self-check did not run";
std::string gSharedPtrError = "the self-check did not run";
std::string gTriviallyCopiedError = "the self-check did not run";
std::string gNewDeleteAggregateError = "the self-check did not run";
std::string gNewDeletePointError = "the self-check did not run";


// "" when the runtime counts Expected live instances and ExpectedRefs live
// handles of Tracked (the instrumented copy), or nothing at all (plain).
std::string expect(const char *When, int64_t ExpectedInsts,
                   int64_t ExpectedRefs, const char *TypeName = kTrackedName) {
  Counts C = countsOf(TypeName);
  std::string Where = std::string(TypeName) + " " + When + ": ";
  if (!kCounted)
    return C.Registered ? Where + "the plain copy is counted (was it "
                                  "compiled with the plugin?)"
                        : "";
  if (!C.Registered)
    return Where +
           "not counted at all: the plugin did not instrument this copy";
  if (C.Insts != ExpectedInsts)
    return Where + "insts=" + std::to_string(C.Insts) + ", expected " +
           std::to_string(ExpectedInsts);
  if (C.Refs != ExpectedRefs) {
    std::string Error = Where + "refs=" + std::to_string(C.Refs) + " with " +
                        std::to_string(ExpectedRefs) +
                        " live std::shared_ptr handle(s)";
    if (C.Refs == 0 && ExpectedRefs > 0)
      Error += ": std::shared_ptr handles are not counted (smart-pointer "
               "instrumentation, issue 4, is not in this build)";
    return Error;
  }
  return "";
}

} // namespace

std::string checkConstructDestroy() {
  std::string Error;
  {
    Tracked Probe(0);
    Error = expect("with one live object", 1, 0);
    if (Error.empty()) {
      Tracked Copy(Probe);
      benchmark::DoNotOptimize(Copy.value());
      Error = expect("with a live object and its copy", 2, 0);
    }
  }
  if (Error.empty())
    Error = expect("after destroying every object", 0, 0);
  gConstructDestroyError = Error;
  return Error;
}

std::string checkSharedPtrCopy() {
  std::string Error;
  {
    auto Live = std::make_shared<Tracked>(1);
    Error = expect("with one std::shared_ptr", 1, 1);
    if (Error.empty()) {
      std::shared_ptr<Tracked> Copy(Live);
      benchmark::DoNotOptimize(Copy);
      Error = expect("with a std::shared_ptr and a copy of it", 1, 2);
    }
    if (Error.empty())
      Error = expect("after dropping the copy", 1, 1);
  }
  if (Error.empty())
    Error = expect("after dropping every std::shared_ptr", 0, 0);
  gSharedPtrError = Error;
  return Error;
}

std::string checkTriviallyCopied() {
  std::string Error;
  {
    Handle Probe(0);
    Error = expect("with one live object", 1, 0, kHandleName);
    if (Error.empty()) {
      Handle Copy(Probe);
      benchmark::DoNotOptimize(&Copy);
      Error = expect("with a live object and its trivial copy", 2, 0,
                     kHandleName);
    }
  }
  if (Error.empty())
    Error = expect("after destroying every object", 0, 0, kHandleName);
  gTriviallyCopiedError = Error;
  return Error;
}

// new T, then delete it: one live heap object in between, none after; a
// stack object counts nothing.
template <class T>
std::string checkNewDelete(const char *TypeName, T Value) {
  T OnStack = Value;
  benchmark::DoNotOptimize(&OnStack);
  std::string Error = expect("with one object on the stack", 0, 0, TypeName);
  if (!Error.empty() && kCounted && !countsOf(TypeName).Registered)
    Error.clear(); // not counted yet: the heap object registers it
  if (!Error.empty())
    return Error;
  T *Heap = new T(Value);
  benchmark::DoNotOptimize(Heap);
  Error = expect("with one object made with new", 1, 0, TypeName);
  delete Heap;
  if (Error.empty())
    Error = expect("after deleting it", 0, 0, TypeName);
  return Error;
}

std::string checkNewDeleteAggregate() {
  return gNewDeleteAggregateError = checkNewDelete(kEntryName, Entry{1});
}

std::string checkNewDeleteTriviallyDestructible() {
  return gNewDeletePointError = checkNewDelete(kPointName, Point{1, 2});
}

void constructDestroy(benchmark::State &State) {
  if (!gConstructDestroyError.empty()) {
    State.SkipWithError(gConstructDestroyError.c_str());
    return;
  }
  // Runs the slow path (type registration, this thread's cells) before the
  // timed loop, so that only the fast path is timed.
  Tracked Probe(0);
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

void sharedPtrCopy(benchmark::State &State) {
  if (!gSharedPtrError.empty()) {
    State.SkipWithError(gSharedPtrError.c_str());
    return;
  }
  // One object per thread: threads copying the same std::shared_ptr would
  // contend on its control block, which is the standard library's cost.
  auto Live = std::make_shared<Tracked>(1);
  for (auto _ : State) {
    // The copy's increment and decrement of the use count are atomic
    // read-modify-writes: main() starts a thread before anything is timed,
    // so libstdc++ never takes its single-threaded shortcut.
    std::shared_ptr<Tracked> Copy(Live);
    benchmark::DoNotOptimize(Copy);
  }
  benchmark::DoNotOptimize(Live->value());
}

void copyTriviallyCopied(benchmark::State &State) {
  if (!gTriviallyCopiedError.empty()) {
    State.SkipWithError(gTriviallyCopiedError.c_str());
    return;
  }
  Handle Live(1);
  for (auto _ : State) {
    // The original escapes too, so that each copy is made from memory.
    benchmark::DoNotOptimize(&Live);
    Handle Copy(Live);
    benchmark::DoNotOptimize(&Copy);
  }
}

void newDeleteAggregate(benchmark::State &State) {
  if (!gNewDeleteAggregateError.empty()) {
    State.SkipWithError(gNewDeleteAggregateError.c_str());
    return;
  }
  unsigned V = 0;
  for (auto _ : State) {
    Entry *E = new Entry{V++};
    // The pointer escapes: the allocation cannot be elided.
    benchmark::DoNotOptimize(E);
    delete E;
  }
}

void newDeleteTriviallyDestructible(benchmark::State &State) {
  if (!gNewDeletePointError.empty()) {
    State.SkipWithError(gNewDeletePointError.c_str());
    return;
  }
  unsigned V = 0;
  for (auto _ : State) {
    Point *P = new Point{V, V + 1};
    ++V;
    benchmark::DoNotOptimize(P);
    delete P;
  }
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
