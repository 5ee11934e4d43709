// The runners that keep the main of a header-only framework (Catch2's
// catch2_runner, doctest's doctest_runner) change nothing of the process that
// a test can see. These frameworks change some of it themselves while their
// tests run (Catch2 and doctest handle fatal signals, on an alternate
// stack), so what each test sees is compared with what the same test sees in
// the same file built without leaktrace (CompareState.cmake): each test
// appends its view of the process to the file STATE_OUT names. The view is
// state_test.cpp's: signals, mask, locales, floating-point environment,
// umask, working directory, environment (but LEAKTRACE_ variables), the
// standard streams.
#if defined(STATE_CATCH2)
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#define STATE_TEST(Name) TEST_CASE(Name)
#else
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#define STATE_TEST(Name) TEST_CASE(Name)
#endif

#include "process_state.h"

#include <cstdlib>
#include <fstream>

namespace {

void record(const char *Test) {
  const char *Path = std::getenv("STATE_OUT");
  REQUIRE(Path != nullptr);
  std::ofstream Out(Path, std::ios::app);
  Out << "== " << Test << "\n" << leaktrace_test::describeProcessState();
}

} // namespace

STATE_TEST("first") { record("first"); }
STATE_TEST("second") { record("second"); }
