// A Catch2 v2 suite that keeps its own main: Catch2's (CATCH_CONFIG_MAIN in
// this file) or, with OWN_MAIN, a hand-written one with a Catch::Session,
// options of its own and a listener. This file implements Catch2 and is
// compiled with the plugin, which lets the runner (leaktrace_catch2_runner)
// take over Session::run() under the tool; run directly it is Catch2's own.
//
// Counts, worked out from what the tests do: "leaks" keeps one more
// own_main_catch2::Widget each time, "clean"'s Widget dies at its end.
// After iteration k: insts = k Widgets, no shared_ptr handles.
#ifdef OWN_MAIN
#define CATCH_CONFIG_RUNNER
#else
#define CATCH_CONFIG_MAIN
#endif
#ifdef VENDORED_CATCH2 // a copy next to this file, as projects keep one
#include "catch.hpp"
#else
#include <catch2/catch.hpp>
#endif

#include <vector>

namespace own_main_catch2 {

struct Widget {
  explicit Widget(int V) : V(V) {}
  ~Widget() {}
  int V;
};

std::vector<Widget *> Kept;
bool MainRan = false;
int TestsSeenByListener = 0;

#ifdef OWN_MAIN
// The program's listener: it hears the tests the runner runs too.
struct Listener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testCaseStarting(const Catch::TestCaseInfo &I) override {
    ++TestsSeenByListener;
    TestEventListenerBase::testCaseStarting(I);
  }
};
CATCH_REGISTER_LISTENER(Listener)
#endif

} // namespace own_main_catch2

TEST_CASE("clean") {
  own_main_catch2::Widget W(1);
  CHECK(W.V == 1);
}

TEST_CASE("leaks") {
  own_main_catch2::Kept.push_back(new own_main_catch2::Widget(2));
}

// What the program set up before Session::run() is there when the runner
// runs the tests, and its listener heard the two tests before this one.
TEST_CASE("set up first") {
#ifdef OWN_MAIN
  CHECK(own_main_catch2::MainRan);
  CHECK(own_main_catch2::TestsSeenByListener % 3 == 0);
#endif
}

#ifdef OWN_MAIN
int main(int argc, char **argv) {
  Catch::Session Session;
  Session.configData().abortAfter = 5;
  if (int Status = Session.applyCommandLine(argc, argv))
    return Status;
  own_main_catch2::MainRan = true;
  return Session.run();
}
#endif
