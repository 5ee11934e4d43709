// leaktrace's doctest main: the translation unit that implements doctest
// (DOCTEST_CONFIG_IMPLEMENT) and runs the layers. Link it instead of the
// file that defines DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN; a program that
// keeps its main links doctest_runner.cpp instead.

#include "doctest_adapter.h"

#define DOCTEST_CONFIG_IMPLEMENT
#include "doctest_header.h"

int main(int argc, char **argv) {
  doctest::Context Context;
  Context.applyCommandLine(argc, argv);
  if (Context.shouldExit()) // --help, --list-test-cases and the like
    return Context.run();
  return leaktrace::runDoctestLayers(Context);
}
