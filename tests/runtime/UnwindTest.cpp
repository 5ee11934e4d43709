// The runtime's unwinder (runtime/unwind.cpp) against glibc's backtrace(),
// frame for frame: both are called from one call site (captureVia), so
// that their stacks differ in nothing, and the fast one must give exactly
// what backtrace() gives -- without falling back where it can walk, through
// its fallback where it cannot. Built at -O0 and at -O2 (without frame
// pointers), with frames of code built with them (UnwindFramePointer.cpp)
// and of a shared library (UnwindLibrary.cpp).

#include "UnwindTest.h"
#include "unwind.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

using leaktrace::rt::captureFrames;
using leaktrace::rt::unwind::fastFrames;
using leaktrace::rt::unwind::haveFastPath;

namespace {

constexpr int kMaxFrames = 128;
using CaptureFn = int (*)(void **, int);

// The unwinders' frame 0: the return address of the one call below.
__attribute__((noinline)) int captureVia(CaptureFn Capture, void **Frames,
                                         int Max) {
  int N = Capture(Frames, Max);
  asm volatile("" : "+r"(N)::"memory"); // no tail call: this frame stays
  return N;
}

struct Captures {
  std::vector<void *> Glibc; // backtrace()
  std::vector<void *> Fast;  // fastFrames(), when it did not give up
  std::vector<void *> Any;   // captureFrames(): fast, or the fallback
  int FastResult;            // fastFrames()'s: -1 when it gave up
};

CaptureFn const Unwinders[3] = {backtrace, fastFrames, captureFrames};

// Frame 1: one call site for the three, in a loop that must stay a loop.
__attribute__((noinline)) Captures captureAll(int Max = kMaxFrames) {
  void *Frames[3][kMaxFrames];
  int N[3];
  volatile int Count = 3;
#pragma clang loop unroll(disable)
  for (int I = 0; I < Count; ++I) {
    CaptureFn volatile Capture = Unwinders[I];
    N[I] = captureVia(Capture, Frames[I], Max);
  }
  Captures C;
  C.Glibc.assign(Frames[0], Frames[0] + N[0]);
  C.FastResult = N[1];
  if (N[1] >= 0)
    C.Fast.assign(Frames[1], Frames[1] + N[1]);
  C.Any.assign(Frames[2], Frames[2] + N[2]);
  return C;
}

/// The fast unwinder walked the stack itself and agrees with backtrace().
void expectWalked(const Captures &C) {
  ASSERT_GE(C.Glibc.size(), 3u);
  EXPECT_EQ(C.Any, C.Glibc);
  if (!haveFastPath())
    return;
  EXPECT_EQ(C.FastResult, int(C.Glibc.size()));
  EXPECT_EQ(C.Fast, C.Glibc);
}

/// The fast unwinder gave up on the stack, and captureFrames() is
/// backtrace() all the same.
void expectFellBack(const Captures &C) {
  ASSERT_GE(C.Glibc.size(), 3u);
  EXPECT_EQ(C.FastResult, -1);
  EXPECT_EQ(C.Any, C.Glibc);
}

__attribute__((noinline)) void recurse(int Depth, Captures &Out) {
  if (Depth == 0)
    Out = captureAll();
  else
    recurse(Depth - 1, Out);
  asm volatile("" ::: "memory"); // not a tail call: every level keeps its frame
}

void captureInto(void *Out) { *static_cast<Captures *>(Out) = captureAll(); }

void recurseThenCapture(void *Out) { recurse(3, *static_cast<Captures *>(Out)); }

TEST(Unwind, FromTheTestBody) { expectWalked(captureAll()); }

TEST(Unwind, DeepRecursion) {
  for (int Depth : {1, 2, 5, 20, 60, 100}) {
    SCOPED_TRACE(Depth);
    Captures C;
    recurse(Depth, C);
    expectWalked(C);
    EXPECT_GT(C.Glibc.size(), size_t(Depth));
  }
}

TEST(Unwind, DeeperThanTheBufferStopsWhereBacktraceDoes) {
  Captures C;
  recurse(3 * kMaxFrames, C);
  expectWalked(C);
  EXPECT_EQ(C.Glibc.size(), size_t(kMaxFrames));
}

TEST(Unwind, FewerFramesThanTheStackHas) {
  for (int Max : {1, 2, 3, 7}) {
    SCOPED_TRACE(Max);
    Captures C = captureAll(Max);
    EXPECT_EQ(C.Glibc.size(), size_t(Max));
    EXPECT_EQ(C.Any, C.Glibc);
    if (haveFastPath())
      EXPECT_EQ(C.Fast, C.Glibc);
  }
}

// Code built with frame pointers (rbp-based CFA) above and below code
// built without (rbp saved and restored as any callee-saved register).
TEST(Unwind, FramesWithAndWithoutFramePointers) {
  Captures C;
  recurseWithFramePointer(8, recurseThenCapture, &C);
  expectWalked(C);
}

// A dynamic alloca makes clang keep a frame pointer in that function
// whatever the flags: an rbp-based CFA amid frames without one.
__attribute__((noinline)) void recurseWithAlloca(int Depth, Captures &Out) {
  volatile char *Scratch = static_cast<char *>(__builtin_alloca(16 + Depth));
  Scratch[0] = char(Depth);
  if (Depth == 0)
    Out = captureAll();
  else
    recurseWithAlloca(Depth - 1, Out);
  asm volatile("" ::: "memory");
}

TEST(Unwind, VariableSizedFrames) {
  Captures C;
  recurseWithAlloca(6, C);
  expectWalked(C);
}

TEST(Unwind, ThroughStdFunction) {
  Captures C;
  std::function<void()> Inner = [&] { recurse(2, C); };
  std::function<void()> Outer = [&] { Inner(); };
  Outer();
  expectWalked(C);
}

TEST(Unwind, FromASortComparator) {
  std::vector<int> Values(64);
  for (size_t I = 0; I < Values.size(); ++I)
    Values[I] = int((I * 37) % 64);
  Captures C;
  bool Captured = false;
  std::sort(Values.begin(), Values.end(), [&](int A, int B) {
    if (!Captured) {
      Captured = true;
      C = captureAll();
    }
    return A < B;
  });
  ASSERT_TRUE(Captured);
  expectWalked(C);
}

// Frames of the shared C and C++ libraries themselves: qsort's, and
// pthread_once's and libstdc++'s __once_proxy under std::call_once.
Captures *gQsortCapture;
int compareAndCapture(const void *A, const void *B) {
  if (gQsortCapture) {
    *gQsortCapture = captureAll();
    gQsortCapture = nullptr;
  }
  return *static_cast<const int *>(A) - *static_cast<const int *>(B);
}

TEST(Unwind, FromAQsortComparator) {
  int Values[] = {5, 3, 9, 1, 7, 2, 8};
  Captures C;
  gQsortCapture = &C;
  qsort(Values, sizeof Values / sizeof *Values, sizeof *Values,
        compareAndCapture);
  ASSERT_EQ(gQsortCapture, nullptr);
  expectWalked(C);
}

TEST(Unwind, UnderCallOnce) {
  std::once_flag Once;
  Captures C;
  std::call_once(Once, [&] { C = captureAll(); });
  expectWalked(C);
}

TEST(Unwind, ThroughASharedLibrary) {
  Captures C;
  leaktraceUnwindLibraryRecurse(6, recurseThenCapture, &C);
  expectWalked(C);
}

// Frames of code no capture went through before: a different instance per
// round, so that each round's capture misses the cache.
template <int Round> __attribute__((noinline)) void freshFrames(Captures &Out) {
  Out = captureAll();
  asm volatile("" ::: "memory");
}

// The rules of an object's code are cached by address: an object unloaded
// and loaded again (at the same address or not) must not leave the walk
// with another object's rules. The first miss after an unloading empties
// the cache, and the walk that found it starts again.
TEST(Unwind, ThroughAnObjectLoadedUnloadedAndLoadedAgain) {
  unsigned long Flushes = leaktrace::rt::unwind::cacheFlushes();
  void (*const Fresh[])(Captures &) = {freshFrames<0>, freshFrames<1>,
                                       freshFrames<2>};
  for (int Round = 0; Round < 3; ++Round) {
    SCOPED_TRACE(Round);
    void *Module = dlopen(LEAKTRACE_TEST_UNWIND_MODULE, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(Module, nullptr) << dlerror();
    auto *Recurse = reinterpret_cast<decltype(&leaktraceUnwindLibraryRecurse)>(
        dlsym(Module, "leaktraceUnwindLibraryRecurse"));
    ASSERT_NE(Recurse, nullptr);
    Captures C;
    Recurse(4 + Round, recurseThenCapture, &C);
    expectWalked(C);
    Captures Again;
    Fresh[Round](Again);
    expectWalked(Again);
    dlclose(Module);
  }
  if (haveFastPath())
    EXPECT_GE(leaktrace::rt::unwind::cacheFlushes(), Flushes + 2);
}

// Several threads fill and read the rule cache at once; each thread's
// stack ends in libstdc++'s thread routine, libc's start_thread and clone.
TEST(Unwind, OnSeveralThreadsAtOnce) {
  constexpr int kThreads = 4, kRounds = 200;
  std::atomic<int> Ready{0};
  std::vector<std::vector<Captures>> Results(kThreads);
  std::vector<std::thread> Threads;
  for (int T = 0; T < kThreads; ++T)
    Threads.emplace_back([&, T] {
      Ready.fetch_add(1);
      while (Ready.load() < kThreads) {
      }
      for (int Round = 0; Round < kRounds; ++Round) {
        Captures C;
        int Depth = (Round * 7 + T) % 13;
        if (Round % 3 == 0)
          recurseWithFramePointer(Depth, recurseThenCapture, &C);
        else if (Round % 3 == 1)
          leaktraceUnwindLibraryRecurse(Depth, recurseThenCapture, &C);
        else
          recurse(Depth, C);
        Results[T].push_back(std::move(C));
      }
    });
  for (std::thread &T : Threads)
    T.join();
  for (int T = 0; T < kThreads; ++T)
    for (int Round = 0; Round < kRounds; ++Round) {
      SCOPED_TRACE(testing::Message() << "thread " << T << " round " << Round);
      expectWalked(Results[T][Round]);
      if (testing::Test::HasFailure())
        return;
    }
}

// --- where the fast path gives up -------------------------------------------

// A signal handler's caller is the sigreturn trampoline, whose FDE is a
// signal frame ('S'): the registers come from the kernel's sigcontext.
Captures *gSignalCapture;
void captureInHandler(int) { *gSignalCapture = captureAll(); }

TEST(UnwindFallback, InASignalHandler) {
  Captures C;
  gSignalCapture = &C;
  struct sigaction Action = {}, Old;
  Action.sa_handler = captureInHandler;
  ASSERT_EQ(sigaction(SIGUSR1, &Action, &Old), 0);
  raise(SIGUSR1);
  sigaction(SIGUSR1, &Old, nullptr);
  if (!haveFastPath())
    GTEST_SKIP() << "no fast path on this platform";
  expectFellBack(C);
}

#if defined(__x86_64__)
// Hand-written frames, each calling Callback(Arg): one whose CFA is a DWARF
// expression (rsp + 16, which libgcc evaluates), one without any FDE (where
// libgcc's walk ends, and so does backtrace()).
extern "C" void leaktraceUnwindCfaExpression(UnwindCallback, void *);
extern "C" void leaktraceUnwindNoFde(UnwindCallback, void *);
asm(R"(
  .text
  .p2align 4
  .globl leaktraceUnwindCfaExpression
  .type leaktraceUnwindCfaExpression, @function
leaktraceUnwindCfaExpression:
  .cfi_startproc
  subq $8, %rsp
  .cfi_escape 0x0f, 0x02, 0x77, 0x10
  movq %rdi, %rax
  movq %rsi, %rdi
  callq *%rax
  addq $8, %rsp
  .cfi_def_cfa %rsp, 8
  ret
  .cfi_endproc
  .size leaktraceUnwindCfaExpression, .-leaktraceUnwindCfaExpression

  .p2align 4
  .globl leaktraceUnwindNoFde
  .type leaktraceUnwindNoFde, @function
leaktraceUnwindNoFde:
  subq $8, %rsp
  movq %rdi, %rax
  movq %rsi, %rdi
  callq *%rax
  addq $8, %rsp
  ret
  .size leaktraceUnwindNoFde, .-leaktraceUnwindNoFde
)");

TEST(UnwindFallback, AFrameWhoseCfaIsAnExpression) {
  Captures C;
  leaktraceUnwindCfaExpression(recurseThenCapture, &C);
  expectFellBack(C);
  // Past that frame: backtrace() got to the test body and beyond.
  EXPECT_GT(C.Glibc.size(), 8u);
}

TEST(UnwindFallback, AFrameWithoutAnFde) {
  Captures C;
  leaktraceUnwindNoFde(recurseThenCapture, &C);
  expectFellBack(C);
}

// Once refused, an address stays refused (the refusal is cached): the same
// stack falls back again.
TEST(UnwindFallback, TheSameStackTwice) {
  for (int Round = 0; Round < 2; ++Round) {
    SCOPED_TRACE(Round);
    Captures C;
    leaktraceUnwindCfaExpression(captureInto, &C);
    expectFellBack(C);
  }
}
#endif

} // namespace
