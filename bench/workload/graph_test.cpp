// Graph tests: shared vertices, weak edges (cycles do not leak), Dijkstra.
#include "model.h"

#include <gtest/gtest.h>

namespace workload {
namespace {

constexpr size_t kVertices = 400;
constexpr size_t kEdges = 1600;

class GraphTest : public ::testing::TestWithParam<unsigned> {
protected:
  void SetUp() override { G = Graph::random(GetParam(), kVertices, kEdges); }
  Graph G;
};

TEST_P(GraphTest, DistancesObeyEveryEdge) {
  for (size_t From : {size_t(0), kVertices / 2}) {
    std::vector<long> D = G.distances(From);
    EXPECT_EQ(D[From], 0);
    for (size_t V = 0; V < G.size(); ++V) {
      if (D[V] < 0)
        continue;
      for (const auto &[Weak, W] : G.vertex(V)->edges()) {
        auto To = Weak.lock();
        ASSERT_TRUE(To);
        EXPECT_GE(D[To->index()], 0);
        EXPECT_LE(D[To->index()], D[V] + W);
      }
    }
  }
}

TEST_P(GraphTest, ReachableMatchesDistances) {
  for (size_t From = 0; From < G.size(); From += 50) {
    std::vector<long> D = G.distances(From);
    size_t Reached = 0;
    for (long X : D)
      Reached += X >= 0;
    EXPECT_EQ(G.reachable(From), Reached);
  }
}

TEST_P(GraphTest, DeepCopyHasTheSameDistances) {
  Graph Copy = G.deepCopy();
  ASSERT_EQ(Copy.size(), G.size());
  EXPECT_NE(Copy.vertex(0), G.vertex(0));
  EXPECT_EQ(Copy.distances(1), G.distances(1));
}

TEST_P(GraphTest, EdgesExpireWithTheGraph) {
  std::shared_ptr<Vertex> Kept = G.vertex(0);
  size_t Edges = Kept->edges().size();
  G = Graph();
  EXPECT_EQ(Kept->edges().size(), Edges);
  size_t Alive = 0;
  for (const auto &[Weak, W] : Kept->edges())
    Alive += !Weak.expired();
  // Only the kept vertex itself (a self-loop) can still be alive.
  for (const auto &[Weak, W] : Kept->edges())
    if (auto To = Weak.lock())
      EXPECT_EQ(To, Kept);
  EXPECT_LE(Alive, Edges);
}

TEST_P(GraphTest, ByNameFindsEveryVertex) {
  for (size_t I = 0; I < G.size(); ++I) {
    auto V = G.byName(G.vertex(I)->name());
    ASSERT_TRUE(V);
    EXPECT_EQ(V->index(), I);
  }
  EXPECT_FALSE(G.byName("nowhere"));
}

INSTANTIATE_TEST_SUITE_P(Seeds, GraphTest, ::testing::Range(0u, 14u));

} // namespace
} // namespace workload
