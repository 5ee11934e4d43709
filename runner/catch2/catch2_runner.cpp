// leaktrace's Catch2 runner for a program that keeps its own main: Catch2's
// (CATCH_CONFIG_MAIN in v2, Catch2::Catch2WithMain in v3) or a hand-written
// one with a Catch::Session.
//
// Every main ends in Catch::Session::run(). Two ways bring that call here:
// - The plugin, where the file that implements Catch2 is compiled with it
//   (v2's single header, v3's amalgamated one, v3 built in the project):
//   Session::run() offers its run to __leaktrace_take_over_run first
//   (leaktrace/leaktrace.h).
// - The link, where Catch2 is a prebuilt library (v3's libCatch2.a, whose
//   main is in libCatch2Main.a): --wrap of Session::run() (catch2_runner.cmake)
//   sends calls from outside its own object to the wrapper here.
// Under the tool, the first call runs the layers on the tool's orders with
// that session (the program's command line and set-up applied) and gives
// back the runner's exit status; run directly, every run is Catch2's own.
//
// What neither reaches: Catch2 implemented in a file compiled without the
// plugin and called from that same object (a prebuilt library holding both
// main and Catch2). The tool then sees no event and says so.

#include "catch2_adapter.h"

#include "leaktrace/leaktrace.h"

namespace {

int takeOver(Catch::Session *S, int &Status) {
  // --help, --list-tests and the like are Catch2's to answer.
  if (leaktrace::catch2AnswersQuery(*S))
    return 0;
  return leaktrace::runner::takeOverRun(
      [](void *Self) {
        return leaktrace::runCatch2Layers(*static_cast<Catch::Session *>(Self));
      },
      S, Status);
}

} // namespace

extern "C" int __leaktrace_take_over_run(int Framework, void *Self,
                                         int *Status) {
  if (Framework != LEAKTRACE_FRAMEWORK_CATCH2)
    return 0;
  return takeOver(static_cast<Catch::Session *>(Self), *Status);
}

// The symbols the linker's --wrap makes: `__real_X` is Catch2's
// Session::run(), `__wrap_X` replaces it.
extern "C" int __real__ZN5Catch7Session3runEv(Catch::Session *Self);
extern "C" int __wrap__ZN5Catch7Session3runEv(Catch::Session *Self);

int __wrap__ZN5Catch7Session3runEv(Catch::Session *Self) {
  int Status;
  if (takeOver(Self, Status))
    return Status;
  return __real__ZN5Catch7Session3runEv(Self);
}
