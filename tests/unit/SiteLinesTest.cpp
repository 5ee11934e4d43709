//===- SiteLinesTest.cpp - What a creation site's summary lines show ------===//
//
// siteLines() on stacks written out frame by frame, as the symbolizer gives
// them: which frames are the program's, where the test's frame is, which
// frames are one line. Each test states the stack and the exact lines.
//
//===----------------------------------------------------------------------===//

#include "CreationSites.h"

#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace leaktrace;

namespace {

const char *const Module = "/src/build/tests";

SourceFrame frame(std::string Function, std::string File, unsigned Line) {
  return SourceFrame{std::move(Function), std::move(File), Line, Module, 0x40};
}

/// The frames each line stands for, innermost first.
std::vector<std::vector<unsigned>>
membersOf(const std::vector<SiteLine> &Lines) {
  std::vector<std::vector<unsigned>> Out;
  for (const SiteLine &L : Lines)
    Out.push_back(L.Members);
  return Out;
}

using Members = std::vector<std::vector<unsigned>>;

TEST(SourceFrame, NamesItsPlaceByWhatTheDebugInformationHas) {
  EXPECT_EQ(frame("a::f()", "/src/a.cpp", 12).str(), "a::f() at /src/a.cpp:12");
  // The compiler's own code (line 0) in a function with debug information.
  EXPECT_EQ(frame("a::A::A()", "/src/a.h", 0).str(), "a::A::A() at /src/a.h");
  EXPECT_EQ(frame("a::g()", "", 0).str(), "a::g() (/src/build/tests+40)");
}

TEST(SiteLines, RunAllTestsIsTheFrameworks) {
  // GoogleTest's RUN_ALL_TESTS, a global function of its header inlined
  // into the suite's own main: the test's frame is the one it calls.
  std::vector<SourceFrame> Stack = {
      frame("shop::Order::Order()", "/src/shop/order.cpp", 7),
      frame("Orders_Leak_Test::TestBody()", "/src/tests/orders_test.cpp", 21),
      frame("RUN_ALL_TESTS()",
            "/src/third_party/googletest/googletest/include/gtest/gtest.h",
            2334),
      frame("main", "/src/tests/main.cpp", 9)};
  EXPECT_EQ(membersOf(siteLines(Stack, 8, "/opt/leaktrace/runner")),
            (Members{{0}, {1}}));
}

TEST(SiteLines, FrameworkHeadersAreTheFrameworks) {
  // doctest's main, defined in its header by the suite's
  // DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN, in no namespace of doctest's.
  std::vector<SourceFrame> Stack = {
      frame("shop::Order::Order()", "/src/shop/order.cpp", 7),
      frame("_DOCTEST_ANON_FUNC_2()", "/src/tests/orders_test.cpp", 21),
      frame("main", "/src/vendor/doctest/doctest.h", 7106)};
  EXPECT_EQ(membersOf(siteLines(Stack, 8, "/opt/leaktrace/runner")),
            (Members{{0}, {1}}));
  // Catch2's and GoogleTest's headers, wherever they are vendored.
  for (const char *Header : {"/src/extern/catch2/catch_test_macros.hpp",
                             "/src/extern/single_include/catch.hpp",
                             "/src/extern/catch_amalgamated.cpp",
                             "/src/extern/include/gmock/gmock-actions.h"}) {
    Stack.back() = frame("run", Header, 100);
    EXPECT_EQ(membersOf(siteLines(Stack, 8, "/opt/leaktrace/runner")),
              (Members{{0}, {1}}))
        << Header;
  }
}

TEST(SiteLines, OneFunctionAndLineTwiceInARowIsOneLine) {
  // A constructor inlined into another frame of itself (yaml-cpp's
  // node::node() at -O2): the second frame adds nothing.
  std::vector<SourceFrame> Stack = {
      frame("node_ref::node_ref()", "/src/include/node/node_ref.h", 28),
      frame("node::node()", "/src/include/node/node.h", 36),
      frame("node::node()", "/src/include/node/node.h", 36),
      frame("memory::create_node()", "/src/src/memory.cpp", 23),
      frame("Node_Leak_Test::TestBody()", "/src/test/node_test.cpp", 40),
      frame("testing::Test::Run()", "/src/test/gtest/src/gtest.cc", 2700)};
  EXPECT_EQ(membersOf(siteLines(Stack, 8, "/opt/leaktrace/runner")),
            (Members{{0}, {1}, {3}, {4}}));
  // Not in a row (recursion through another function): both are frames of
  // the site, here in the line of their library's run of three.
  Stack[2] = frame("node::attach()", "/src/include/node/node.h", 50);
  Stack.insert(Stack.begin() + 3,
               frame("node::node()", "/src/include/node/node.h", 36));
  EXPECT_EQ(membersOf(siteLines(Stack, 8, "/opt/leaktrace/runner")),
            (Members{{0}, {1, 2, 3}, {4}, {5}}));
}

TEST(SiteLines, CodeOfNoLineIsPlacedByItsFile) {
  // Frames with a file and line 0 are of their file's directory: a run of
  // three of one library is one line with the others.
  std::vector<SourceFrame> Stack = {
      frame("lib::Leaf::Leaf()", "/src/lib/leaf.cpp", 3),
      frame("lib::Branch::Branch()", "/src/lib/branch.h", 0),
      frame("lib::Tree::grow()", "/src/lib/tree.cpp", 0),
      frame("lib::Forest::plant()", "/src/lib/forest.cpp", 9),
      frame("Forest_Leak_Test::TestBody()", "/src/test/forest_test.cpp", 5),
      frame("testing::Test::Run()", "/src/test/gtest/src/gtest.cc", 2700)};
  std::vector<SiteLine> Lines = siteLines(Stack, 8, "/opt/leaktrace/runner");
  EXPECT_EQ(membersOf(Lines), (Members{{0}, {1, 2, 3}, {4}}));
  ASSERT_EQ(Lines.size(), 3u);
  EXPECT_EQ(Lines[1].Kind, SiteLine::Collapsed);
  EXPECT_EQ(Lines[1].Place, "/src/lib");
}

} // namespace
