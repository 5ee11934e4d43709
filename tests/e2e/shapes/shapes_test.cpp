// The shapes of shapes.h under the tool: `Clean` copies, moves and destroys
// every shape and must show no change; each `Leaks` test keeps objects of
// one shape and its type must grow by exactly that many in each iteration.
#include "shapes.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

using namespace shapes;

TEST(Clean, everyShapeCopiedMovedAndDestroyed) {
  Fd A(1);
  Fd B = A;
  Fd C(std::move(B));
  std::vector<Fd> V;
  for (int I = 0; I < 5; ++I)
    V.push_back(Fd(I));
  std::optional<Fd> O(std::in_place, 4);
  std::optional<Fd> O2 = O;
  std::thread([&C] { Fd T = C; (void)T; }).join();
  Box<int> X(1);
  std::vector<Box<int>> Boxes{X, X, X};
  Empty E;
  Empty F = E;
  delete[] new Empty[4];
  Counter Cs[3];
  Counter D("seven");
  Holder H(1);
  Holder G = H;
  Pair P{Counter(1), Counter(2)};
  Pair Q = P;
  Span S{"s", 1};
  std::vector<Span> Spans{S, S};
  delete new Span{S};
  std::unique_ptr<Record> R = std::make_unique<Record>(Record{"r", 1});
  std::shared_ptr<Record> Shared(new Record{*R});
  (void)F, (void)Cs, (void)D, (void)G, (void)Q;
}

// One Fd copied into the heap per run: Fd +1.
TEST(Leaks, oneFdCopy) {
  Fd A(3);
  new Fd(A);
}

// A kept vector grows by one Box per run; its reallocations copy and
// destroy the others: Box<int> +1.
TEST(Leaks, oneBoxKept) {
  static auto *Kept = new std::vector<Box<int>>;
  Box<int> B(2);
  Kept->push_back(B);
}

// An array of two default-constructed Counters per run: Counter +2.
TEST(Leaks, twoCountersInAnArray) { new Counter[2]; }

// One trivially destructible Span made with new per run: Span +1.
TEST(Leaks, oneSpanMadeWithNew) { new Span{"leak", 4}; }

// One aggregate Record per run, kept by a unique_ptr in a vector that moves
// the pointers when it grows: Record +1.
TEST(Leaks, oneRecordKeptByUniquePtr) {
  static std::vector<std::unique_ptr<Record>> Kept;
  Kept.push_back(std::make_unique<Record>(Record{"kept", 1}));
}
