// A program linked with leaktrace's runner whose main never calls
// RUN_ALL_TESTS() (fmt's enforce-checks-test is one): the tool runs it,
// sees no event, and says that the runner was not reached and why it can
// be.
#include <gtest/gtest.h>

#include <cstdio>

TEST(NeverRun, Body) {}

int main() {
  std::printf("a main that runs no tests\n");
  return 0;
}
