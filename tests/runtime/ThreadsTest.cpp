//===- ThreadsTest.cpp - Exact counts across threads ----------------------===//
//
// Each thread counts into cells of its own; readers sum every live thread's
// cells and what exited threads handed over. These tests check that the sums
// are exact whichever thread constructs, destroys, exits or reads.
//
//===----------------------------------------------------------------------===//

#include "Counts.h"

#include <gtest/gtest.h>

#include <pthread.h>

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

using lt_test::Baseline;
using lt_test::Snapshot;

namespace threads {

struct Item {
  Item() : S("item") {}
  explicit Item(int N) : S(std::to_string(N)) {}
  Item(const Item &) = default;
  ~Item() {}
  std::string S;
};

// Distinct types whose first count happens on worker threads.
template <int N> struct Kind {
  Kind() : S("kind") {}
  ~Kind() {}
  std::string S;
};

} // namespace threads

using threads::Item;

namespace {

// Starts the threads together so that their counting overlaps.
class LEAKTRACE_IGNORE StartLine {
public:
  void wait() const {
    while (!Go.load(std::memory_order_acquire))
      std::this_thread::yield();
  }
  void release() { Go.store(true, std::memory_order_release); }

private:
  std::atomic<bool> Go{false};
};

TEST(Threads, ConcurrentConstructionAndDestruction) {
  constexpr int NumThreads = 4;
  constexpr int PerThread = 100000;
  constexpr int KeptPerThread = 1000;
  Baseline B;
  StartLine Start;
  std::vector<std::vector<Item>> Kept(NumThreads);
  std::vector<std::thread> Workers;
  for (int T = 0; T < NumThreads; ++T)
    Workers.emplace_back([&, T] {
      Start.wait();
      std::vector<Item> &Mine = Kept[T];
      Mine.reserve(PerThread);
      for (int I = 0; I < PerThread; ++I) {
        Mine.emplace_back(I);
        Item Temporary(I); // a construction and a destruction
      }
      Mine.resize(KeptPerThread);
    });
  Start.release();
  for (std::thread &W : Workers)
    W.join();
  EXPECT_EQ(B.insts("threads::Item"), NumThreads * KeptPerThread);
  Kept.clear(); // destroyed on the main thread
  EXPECT_EQ(B.insts("threads::Item"), 0);
}

TEST(Threads, CreatedOnOneThreadDestroyedOnAnother) {
  constexpr int K = 5000;
  Baseline B;
  std::vector<Item *> Handed;
  std::promise<void> Produced, Consumed, Finish;
  std::shared_future<void> FinishF = Finish.get_future().share();

  std::thread Producer([&] {
    for (int I = 0; I < K; ++I)
      Handed.push_back(new Item(I));
    Produced.set_value();
    FinishF.wait();
  });
  Produced.get_future().wait();
  EXPECT_EQ(B.insts("threads::Item"), K);

  std::thread Consumer([&] {
    for (Item *P : Handed)
      delete P;
    Consumed.set_value();
    FinishF.wait();
  });
  Consumed.get_future().wait();
  // Both threads are alive: the producer's cells hold +K, the consumer's -K.
  EXPECT_EQ(B.insts("threads::Item"), 0);

  Finish.set_value();
  Producer.join();
  Consumer.join();
  // Both handed their counts over on exit.
  EXPECT_EQ(B.insts("threads::Item"), 0);
}

TEST(Threads, CountsOfExitedThreadsAreKept) {
  constexpr int K = 777;
  Baseline B;
  std::vector<Item *> Leftover;
  std::thread([&] {
    for (int I = 0; I < K; ++I)
      Leftover.push_back(new Item(I));
  }).join();
  EXPECT_EQ(B.insts("threads::Item"), K);

  // Another thread destroys part of them and exits too.
  std::thread([&] {
    for (int I = 0; I < 100; ++I)
      delete Leftover[I];
  }).join();
  EXPECT_EQ(B.insts("threads::Item"), K - 100);

  for (int I = 100; I < K; ++I)
    delete Leftover[I];
  EXPECT_EQ(B.insts("threads::Item"), 0);
}

TEST(Threads, ManyShortLivedThreads) {
  Baseline B;
  std::vector<std::unique_ptr<Item>> Leftover(200);
  for (int T = 0; T < 200; ++T)
    std::thread([&, T] { Leftover[T] = std::make_unique<Item>(T); }).join();
  EXPECT_EQ(B.insts("threads::Item"), 200);
  Leftover.clear();
  EXPECT_EQ(B.insts("threads::Item"), 0);
}

thread_local Item PerThread(42);

TEST(Threads, ThreadLocalObjectsAreDestroyedBeforeTheThreadHandsOver) {
  Baseline B;
  std::promise<void> Touched, Finish;
  std::thread Worker([&] {
    EXPECT_EQ(PerThread.S, "42"); // constructs this thread's instance
    Touched.set_value();
    Finish.get_future().wait();
  });
  Touched.get_future().wait();
  EXPECT_EQ(B.insts("threads::Item"), 1);
  Finish.set_value();
  Worker.join();
  EXPECT_EQ(B.insts("threads::Item"), 0);
}

// The runtime hands a thread's counts over from a pthread key destructor.
// Other key destructors may run after it (glibc runs them in key order) and
// still destroy objects, even on a thread that never counted before: those
// counts must not be lost either.
TEST(Threads, DestructionInALaterKeyDestructor) {
  Item OnMain; // the runtime's key exists before ours
  Baseline B;
  pthread_key_t Key;
  ASSERT_EQ(pthread_key_create(&Key, [](void *P) { delete static_cast<Item *>(P); }), 0);
  std::thread([&] { pthread_setspecific(Key, new Item(1)); }).join();
  EXPECT_EQ(B.insts("threads::Item"), 0);

  // Same with a thread whose only count is in the key destructor.
  Item *FromMain = new Item(2);
  EXPECT_EQ(B.insts("threads::Item"), 1);
  std::thread([&] { pthread_setspecific(Key, FromMain); }).join();
  EXPECT_EQ(B.insts("threads::Item"), 0);
  pthread_key_delete(Key);
}

TEST(Threads, SnapshotsWhileThreadsCount) {
  constexpr int NumThreads = 4;
  constexpr int PerThread = 50000;
  Baseline B;
  StartLine Start;
  std::atomic<int> Running{NumThreads};
  std::vector<std::vector<Item>> Kept(NumThreads);
  std::vector<std::thread> Workers;
  for (int T = 0; T < NumThreads; ++T)
    Workers.emplace_back([&, T] {
      Start.wait();
      Kept[T].reserve(PerThread);
      for (int I = 0; I < PerThread; ++I)
        Kept[T].emplace_back(I);
      Running.fetch_sub(1);
    });

  // Writers only construct: every cell only grows, so every sum lies between
  // the previous one and the final total.
  Start.release();
  int64_t Previous = 0;
  int Snapshots = 0;
  bool Monotonic = true, InRange = true;
  do {
    int64_t Now = B.insts("threads::Item");
    Monotonic &= Now >= Previous;
    InRange &= Now >= 0 && Now <= NumThreads * PerThread;
    Previous = Now;
    ++Snapshots;
  } while (Running.load() > 0);
  for (std::thread &W : Workers)
    W.join();
  EXPECT_TRUE(Monotonic);
  EXPECT_TRUE(InRange);
  EXPECT_GE(Snapshots, 1);
  EXPECT_EQ(B.insts("threads::Item"), NumThreads * PerThread);
  Kept.clear();
  EXPECT_EQ(B.insts("threads::Item"), 0);
}

TEST(Threads, SnapshotsWhileThreadsConstructAndDestroy) {
  constexpr int NumThreads = 4;
  constexpr int Pairs = 100000;
  Baseline B;
  StartLine Start;
  std::atomic<int> Running{NumThreads};
  std::vector<std::thread> Workers;
  for (int T = 0; T < NumThreads; ++T)
    Workers.emplace_back([&] {
      Start.wait();
      for (int I = 0; I < Pairs; ++I)
        Item Temporary(I);
      Running.fetch_sub(1);
    });
  // Each thread holds 0 or 1 object at any time.
  Start.release();
  bool InRange = true;
  do {
    int64_t Now = B.insts("threads::Item");
    InRange &= Now >= 0 && Now <= NumThreads;
  } while (Running.load() > 0);
  for (std::thread &W : Workers)
    W.join();
  EXPECT_TRUE(InRange);
  EXPECT_EQ(B.insts("threads::Item"), 0);
}

template <int... N> void constructKinds(std::integer_sequence<int, N...>) {
  // Kept alive until all are constructed: the final counts are per thread.
  auto Alive = std::make_tuple(threads::Kind<N>()...);
  (void)Alive;
}

template <int... N>
void expectKinds(const Baseline &B, int64_t Expected,
                 std::integer_sequence<int, N...>) {
  Snapshot S;
  for (std::string Name : {("threads::Kind<" + std::to_string(N) + ">")...}) {
    EXPECT_EQ(S.rowsNamed(Name.c_str()), 1u) << Name;
    EXPECT_EQ(B.insts(Name.c_str()), Expected) << Name;
  }
}

// Many threads count types nobody has counted yet, at the same moment: each
// type must get exactly one row.
TEST(Threads, ConcurrentFirstCountsRegisterEachTypeOnce) {
  constexpr int NumThreads = 8;
  using Kinds = std::make_integer_sequence<int, 32>;
  Baseline B;
  StartLine Start;
  std::vector<std::thread> Workers;
  std::promise<void> Finish;
  std::shared_future<void> FinishF = Finish.get_future().share();
  std::atomic<int> Ready{0};
  std::vector<std::unique_ptr<threads::Kind<0>>> Held(NumThreads);
  for (int T = 0; T < NumThreads; ++T)
    Workers.emplace_back([&, T] {
      Start.wait();
      constructKinds(Kinds());
      Held[T] = std::make_unique<threads::Kind<0>>();
      Ready.fetch_add(1);
      FinishF.wait();
    });
  Start.release();
  while (Ready.load() < NumThreads)
    std::this_thread::yield();
  // Every thread holds one Kind<0>; the tuples are gone.
  Snapshot S;
  EXPECT_EQ(S.rowsNamed("threads::Kind<0>"), 1u);
  EXPECT_EQ(B.insts("threads::Kind<0>"), NumThreads);
  EXPECT_EQ(B.insts("threads::Kind<31>"), 0);
  Finish.set_value();
  for (std::thread &W : Workers)
    W.join();
  Held.clear();
  expectKinds(B, 0, Kinds());
}

// Threads count while snapshots read them: objects built on one thread and
// destroyed on another can read as destroyed-but-not-built for a moment.
// That must never be taken for an impossible count (the runtime reads a
// negative type again, the threads the other way round). The moment needs
// the reader and both workers running at once: on a machine with fewer
// than three cores it hardly ever comes, and this checks that concurrent
// counting stays exact and unflagged.
TEST(Threads, ObjectsMovingBetweenThreadsAreNeverFlagged) {
  static __leaktrace_type Moving = {0, 0, "threads::Moving"};
  static __leaktrace_type WarmUp = {0, 0, "threads::WarmUp"};
  constexpr int Objects = 1000000;
  std::atomic<int> Built{0};
  std::atomic<bool> ConsumerReady{false}, Done{false};
  // The consumer's cells exist before the producer's, so the snapshot's
  // first pass (newest thread first) reads the producer's builds before the
  // consumer's destructions: the order that can read too low.
  std::thread Consumer([&] {
    __leaktrace_construct(&WarmUp, nullptr);
    __leaktrace_destruct(&WarmUp, nullptr);
    ConsumerReady.store(true, std::memory_order_release);
    for (int I = 0; I < Objects; ++I) {
      while (Built.load(std::memory_order_acquire) <= I)
        ;
      __leaktrace_destruct(&Moving, nullptr);
    }
    Done.store(true, std::memory_order_release);
  });
  while (!ConsumerReady.load(std::memory_order_acquire))
    std::this_thread::yield();
  std::thread Producer([&] {
    for (int I = 0; I < Objects; ++I) {
      __leaktrace_construct(&Moving, nullptr);
      Built.store(I + 1, std::memory_order_release);
    }
  });
  int Snapshots = 0;
  uint32_t Flags = 0;
  while (!Done.load(std::memory_order_acquire)) {
    Flags |= Snapshot().flags("threads::Moving");
    ++Snapshots;
  }
  Producer.join();
  Consumer.join();
  EXPECT_EQ(Flags, 0u) << "after " << Snapshots << " snapshots";
  EXPECT_EQ(Snapshot().insts("threads::Moving"), 0);
  EXPECT_EQ(Snapshot().flags("threads::Moving"), 0u);
}

} // namespace
