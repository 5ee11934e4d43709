// A suite of many tiny tests, the shape of yaml-cpp's (1054 tests of about
// 130 us each): here the runner's work per test, not the counting, is what
// a leaktrace run adds, so this is where batching events and cheap
// snapshots show. 6 fixtures x 200 seeds = 1200 tests, each a few dozen
// objects of the same model as the main workload; none leaks.
#include "model.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace workload {
namespace {

constexpr unsigned kSeeds = 200;

class TinyOrders : public ::testing::TestWithParam<unsigned> {};

TEST_P(TinyOrders, TotalsAddUp) {
  Catalog C = makeCatalog(GetParam(), 60);
  std::vector<Order> Orders = makeOrders(C, GetParam(), 12, 40);
  SalesReport R(Orders);
  long Sum = 0;
  for (const Order &O : Orders)
    Sum += O.total();
  EXPECT_EQ(R.revenue(), Sum);
}

class TinyMarkup : public ::testing::TestWithParam<unsigned> {};

TEST_P(TinyMarkup, RoundTrips) {
  std::shared_ptr<Node> Root = parse(makeMarkup(GetParam(), 3, 4));
  std::string Written = serialize(*Root);
  EXPECT_EQ(serialize(*parse(Written)), Written);
  std::shared_ptr<Node> Copy = Root->clone();
  EXPECT_EQ(countNodes(*Copy), countNodes(*Root));
}

class TinyGraph : public ::testing::TestWithParam<unsigned> {};

TEST_P(TinyGraph, DistancesStartAtZero) {
  Graph G = Graph::random(GetParam(), 100, 400);
  std::vector<long> D = G.distances(0);
  EXPECT_EQ(D[0], 0);
  size_t Reached =
      size_t(std::count_if(D.begin(), D.end(), [](long X) { return X >= 0; }));
  EXPECT_EQ(G.reachable(0), Reached);
}

class TinyEvents : public ::testing::TestWithParam<unsigned> {};

TEST_P(TinyEvents, EveryEventReachesItsListeners) {
  const std::vector<std::string> Topics = {"a", "b", "c"};
  EventBus Bus;
  auto Counter = std::make_shared<CountingListener>();
  for (const std::string &T : Topics)
    Bus.subscribe(T, Counter);
  size_t Delivered = 0;
  std::vector<Event> Events = makeEvents(GetParam(), 250, Topics);
  for (const Event &E : Events)
    Delivered += Bus.publish(E);
  EXPECT_EQ(Delivered, Events.size());
  EXPECT_EQ(Counter->count(), Events.size());
}

class TinyText : public ::testing::TestWithParam<unsigned> {};

TEST_P(TinyText, EveryDocumentFindsItsOwnWords) {
  Generator G(GetParam());
  TextIndex Index;
  std::vector<std::string> Texts;
  for (int D = 0; D < 24; ++D) {
    Texts.push_back(G.sentence(12));
    Index.add("doc" + std::to_string(D), Texts.back());
  }
  for (int D = 0; D < 24; ++D) {
    std::vector<std::string> Words = tokenize(Texts[size_t(D)]);
    std::vector<std::string> Found = Index.query({Words.front()});
    EXPECT_TRUE(
        std::count(Found.begin(), Found.end(), "doc" + std::to_string(D)));
  }
}

class TinyCache : public ::testing::TestWithParam<unsigned> {};

TEST_P(TinyCache, KeepsTheMostRecent) {
  LruCache<int, std::string> Cache(16);
  Generator G(GetParam());
  for (int I = 0; I < 2000; ++I)
    Cache.get(G.number(0, 40),
              [](const int &K) { return "value " + std::to_string(K); });
  EXPECT_LE(Cache.size(), 16u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, TinyOrders, ::testing::Range(0u, kSeeds));
INSTANTIATE_TEST_SUITE_P(Seeds, TinyMarkup, ::testing::Range(0u, kSeeds));
INSTANTIATE_TEST_SUITE_P(Seeds, TinyGraph, ::testing::Range(0u, kSeeds));
INSTANTIATE_TEST_SUITE_P(Seeds, TinyEvents, ::testing::Range(0u, kSeeds));
INSTANTIATE_TEST_SUITE_P(Seeds, TinyText, ::testing::Range(0u, kSeeds));
INSTANTIATE_TEST_SUITE_P(Seeds, TinyCache, ::testing::Range(0u, kSeeds));

} // namespace
} // namespace workload
