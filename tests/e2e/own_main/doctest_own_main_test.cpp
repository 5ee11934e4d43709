// A doctest suite that keeps its own main: doctest's
// (DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN in this file, as cereal writes every
// test file) or, with OWN_MAIN, a hand-written one with a doctest::Context
// and options of its own. This file implements doctest and is compiled with
// the plugin, which lets the runner (leaktrace_doctest_runner) take over
// Context::run() under the tool; run directly it is doctest's own.
//
// Counts, worked out from what the tests do: "leaks" keeps one more
// own_main_doctest::Widget each time, "clean"'s Widget dies at its end.
// After iteration k: insts = k Widgets, no shared_ptr handles.
#ifdef OWN_MAIN
#define DOCTEST_CONFIG_IMPLEMENT
#else
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#endif
#ifdef VENDORED_DOCTEST // a copy next to this file, as cereal keeps one
#include "doctest.h"
#else
#include <doctest/doctest.h>
#endif

#include <vector>

namespace own_main_doctest {

struct Widget {
  explicit Widget(int V) : V(V) {}
  ~Widget() {}
  int V;
};

std::vector<Widget *> Kept;
bool MainRan = false;

} // namespace own_main_doctest

TEST_CASE("clean") {
  own_main_doctest::Widget W(1);
  CHECK(W.V == 1);
}

TEST_CASE("leaks") {
  own_main_doctest::Kept.push_back(new own_main_doctest::Widget(2));
}

// What the program set up before Context::run() is there when the runner
// runs the tests.
TEST_CASE("set up first") {
#ifdef OWN_MAIN
  CHECK(own_main_doctest::MainRan);
#endif
}

#ifdef OWN_MAIN
int main(int argc, char **argv) {
  doctest::Context Context;
  Context.setOption("abort-after", 5);
  Context.applyCommandLine(argc, argv);
  Context.setOption("no-breaks", true);
  own_main_doctest::MainRan = true;
  int Result = Context.run();
  if (Context.shouldExit())
    return Result;
  return Result;
}
#endif
