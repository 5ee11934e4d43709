// leaktrace's Catch2 main: the translation unit that implements Catch2 v2
// (CATCH_CONFIG_RUNNER; v3 is a library) and runs the layers. Link it
// instead of Catch2::Catch2WithMain (v3) or the file that defines
// CATCH_CONFIG_MAIN (v2); a program that keeps its main links
// catch2_runner.cpp instead.

#include "catch2_adapter.h"

#define CATCH_CONFIG_RUNNER
#include "catch2_header.h"

int main(int argc, char **argv) {
  Catch::Session Session;
  if (int Status = Session.applyCommandLine(argc, argv))
    return Status;
  if (leaktrace::catch2AnswersQuery(Session))
    return Session.run();
  return leaktrace::runCatch2Layers(Session);
}
