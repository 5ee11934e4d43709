//===- Threads.cpp - refs[T] with handles copied and dropped across threads -===//
//
// Each thread counts in cells of its own; a snapshot sums them, with the
// counts of exited threads. A handle made on one thread and destroyed on
// another is +1 on the first and -1 on the second, and the sum stays exact.
//
//===----------------------------------------------------------------------===//

#include "../runtime/Counts.h"

#include <gtest/gtest.h>

#include <barrier>
#include <memory>
#include <thread>
#include <vector>

using lt_test::Baseline;

namespace refs_threads {
struct Shared {
  int Value = 0;
};
constexpr const char *S = "refs_threads::Shared";
} // namespace refs_threads

using namespace refs_threads;

TEST(Threads, CopiesHeldOnOtherThreadsAreCounted) {
  constexpr int Threads = 4, Copies = 1000;
  auto P = std::make_shared<Shared>();
  Baseline B;
  std::barrier Holding(Threads + 1), Release(Threads + 1);
  std::vector<std::thread> Workers;
  for (int T = 0; T < Threads; ++T)
    Workers.emplace_back([&] {
      std::vector<std::shared_ptr<Shared>> Mine(Copies, P);
      Holding.arrive_and_wait();
      Release.arrive_and_wait();
    });
  Holding.arrive_and_wait();
  EXPECT_EQ(B.refs(S), Threads * Copies);
  Release.arrive_and_wait();
  for (std::thread &W : Workers)
    W.join();
  EXPECT_EQ(B.refs(S), 0);
  EXPECT_EQ(P.use_count(), 1);
}

TEST(Threads, HandlesMadeOnOneThreadAndDroppedOnAnother) {
  constexpr int Handles = 1000;
  Baseline B;
  std::vector<std::shared_ptr<Shared>> Made;
  std::thread Maker([&] {
    for (int I = 0; I < Handles; ++I)
      Made.push_back(std::make_shared<Shared>());
  });
  Maker.join(); // the maker's counts are handed over when it exits
  EXPECT_EQ(B.refs(S), Handles);
  std::thread Dropper([Moved = std::move(Made)]() mutable { Moved.clear(); });
  Dropper.join();
  EXPECT_EQ(B.refs(S), 0);
}

TEST(Threads, ConcurrentCopyAndDropOfOneHandle) {
  constexpr int Threads = 4, Rounds = 100000;
  auto P = std::make_shared<Shared>();
  Baseline B;
  std::vector<std::thread> Workers;
  for (int T = 0; T < Threads; ++T)
    Workers.emplace_back([&P] {
      for (int I = 0; I < Rounds; ++I) {
        std::shared_ptr<Shared> Copy = P;
        std::shared_ptr<Shared> Moved = std::move(Copy);
        Moved.reset();
      }
    });
  for (std::thread &W : Workers)
    W.join();
  EXPECT_EQ(B.refs(S), 0);
  EXPECT_EQ(P.use_count(), 1);
}
