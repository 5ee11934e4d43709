// leaktrace's doctest runner for a program that keeps its own main:
// doctest's (DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN, in one file or in every
// file of a suite that makes one binary per file) or a hand-written one with
// a doctest::Context.
//
// The file that implements doctest is compiled with the plugin, which makes
// doctest::Context::run() offer its run to __leaktrace_take_over_run first
// (leaktrace/leaktrace.h). Under the tool, the first offer runs the layers
// on the tool's orders with that context (the program's command line and
// options applied) and gives back the runner's exit status; run directly,
// every run is doctest's own. The link brings this file in with
// --undefined=__leaktrace_take_over_run: the plugin's reference is weak and
// would not.
//
// What it cannot reach: a doctest implemented in a file compiled without the
// plugin (a prebuilt library). The tool then sees no event and says so.

#include "doctest_adapter.h"

#include "leaktrace/leaktrace.h"

#include "doctest_header.h"

extern "C" int __leaktrace_take_over_run(int Framework, void *Self,
                                         int *Status) {
  if (Framework != LEAKTRACE_FRAMEWORK_DOCTEST)
    return 0;
  doctest::Context &Context = *static_cast<doctest::Context *>(Self);
  // --help, --list-test-cases and the like are doctest's to answer.
  if (Context.shouldExit())
    return 0;
  return leaktrace::runner::takeOverRun(
      [](void *C) {
        return leaktrace::runDoctestLayers(*static_cast<doctest::Context *>(C));
      },
      Self, *Status);
}
