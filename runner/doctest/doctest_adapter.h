// The doctest adapter's one entry point, shared by the two ways of linking
// the runner: with leaktrace's main (doctest_main.cpp) or with the
// program's own (doctest_runner.cpp).
#ifndef LEAKTRACE_DOCTEST_ADAPTER_H
#define LEAKTRACE_DOCTEST_ADAPTER_H

#include "leaktrace/runner.h"

namespace doctest {
class Context;
}

namespace leaktrace {

/// Runs the program's tests through the runner core (leaktrace::runner::
/// main), with \p C, a context that has read doctest's command line.
/// Returns the exit status.
int runDoctestLayers(doctest::Context &C);

} // namespace leaktrace

#endif // LEAKTRACE_DOCTEST_ADAPTER_H
