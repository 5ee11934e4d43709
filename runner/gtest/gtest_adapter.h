// The GoogleTest adapter's one entry point, shared by the two ways of
// linking the runner: with leaktrace's main (gtest_main.cpp) or with the
// program's own (gtest_runner.cpp).
#ifndef LEAKTRACE_GTEST_ADAPTER_H
#define LEAKTRACE_GTEST_ADAPTER_H

#include "leaktrace/runner.h"

namespace leaktrace {

/// Runs the program's tests through the runner core (leaktrace::runner::
/// main), once GoogleTest has read its command line (InitGoogleTest or
/// InitGoogleMock). Returns the exit status.
int runGoogleTestLayers();

} // namespace leaktrace

#endif // LEAKTRACE_GTEST_ADAPTER_H
