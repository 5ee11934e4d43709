// Death tests under the tool: GoogleTest runs the statement in a child, by
// fork ("fast") or by running this binary again ("threadsafe"). Neither
// child may write events or take the tool's orders, and what a child
// makes and never ends (it dies) is not the parent's: every iteration
// shows change=0.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace death {
struct Kept {
  explicit Kept(std::string S) : S(std::move(S)) {}
  std::string S;
};
} // namespace death

TEST(Death, Fast) {
  EXPECT_DEATH(
      {
        new death::Kept("fast");
        abort();
      },
      "");
}

TEST(Death, Threadsafe) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        new death::Kept("threadsafe");
        exit(7);
      },
      ::testing::ExitedWithCode(7), "");
  GTEST_FLAG_SET(death_test_style, "fast");
}

TEST(Death, Survivor) { death::Kept K("survives"); }
