// Creation sites that reach the test through a library (lib/nest.h): a
// Node and the Ref it owns are made four and five calls deep in lib/, an
// Anchor two calls deep. Under `leaktrace -N4 -r` each site runs from the
// frame that made the object to the test's TestBody: a run of three or
// more frames in lib/ is one line, two are shown whole, and the test's own
// helper (in this directory) is shown.
#include "lib/nest.h"

#include <gtest/gtest.h>

namespace {

nest::Node &addNode(nest::Document &D) {
  nest::Node &N = D.add();
  EXPECT_GT(D.size(), 0u);
  return N;
}

} // namespace

TEST(Nest, LeaksNodes) {
  nest::Node &N = addNode(nest::sharedDocument());
  EXPECT_EQ(N.value(), 0);
}

TEST(Nest, LeaksAnchor) {
  nest::sharedDocument().anchor();
  EXPECT_GT(nest::sharedDocument().size(), 0u);
}
