// leaktrace's GoogleTest runner for a program that keeps its own main: a
// hand-written one (InitGoogleMock, global environments, its own flags and
// logging) or gtest_main, from a prebuilt archive or not.
//
// Every main ends in RUN_ALL_TESTS(), an inline call of
// testing::UnitTest::Run(). The program is linked with
// --wrap=_ZN7testing8UnitTest3RunEv (the leaktrace::gtest_runner target and
// `leaktrace --gtest-runner-ldflags` add it), which sends each call of it
// from outside GoogleTest's own object here. Under the tool, the first call
// runs the layers on the tool's orders and returns the runner's exit
// status; run directly, every call is GoogleTest's own, untouched. The link
// does it, not the plugin: it reaches a main compiled without the plugin
// (gtest_main in Debian's libgtest_main.a, fmt's libtest-main.a).
//
// What the wrap cannot reach: a call of Run() from the object that defines
// it (GoogleTest compiled into the test's own file, which nobody does), and a
// main in a shared library. The tool says so when the program writes no
// events (notARunner).

#include "gtest_adapter.h"

namespace testing {
class UnitTest;
}

// The symbols the linker's --wrap makes: `__real_X` is GoogleTest's Run(),
// `__wrap_X` replaces it. A member function called with `this` first: the
// Itanium C++ ABI passes it as the first argument.
extern "C" int __real__ZN7testing8UnitTest3RunEv(testing::UnitTest *Self);
extern "C" int __wrap__ZN7testing8UnitTest3RunEv(testing::UnitTest *Self);

int __wrap__ZN7testing8UnitTest3RunEv(testing::UnitTest *Self) {
  int Status;
  if (leaktrace::runner::takeOverRun(
          [](void *) { return leaktrace::runGoogleTestLayers(); }, nullptr,
          Status))
    return Status;
  return __real__ZN7testing8UnitTest3RunEv(Self);
}
