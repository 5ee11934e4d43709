// The runner leaves the floating-point environment as it found it: a test
// that checks no floating-point exception is pending (fmt's float tests do)
// passes under the tool, in every iteration, as it does run directly. The
// second test runs after the runner's work between two tests.
#include <cfenv>
#include <gtest/gtest.h>

TEST(FloatingPoint, NothingPendingInTheFirstTest) {
  EXPECT_EQ(std::fetestexcept(FE_ALL_EXCEPT), 0);
}

TEST(FloatingPoint, NothingPendingInTheNextTest) {
  EXPECT_EQ(std::fetestexcept(FE_ALL_EXCEPT), 0);
}
