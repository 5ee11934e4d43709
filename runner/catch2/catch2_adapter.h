// The Catch2 adapter's one entry point, shared by the two ways of linking
// the runner: with leaktrace's main (catch2_main.cpp) or with the program's
// own (catch2_runner.cpp).
#ifndef LEAKTRACE_CATCH2_ADAPTER_H
#define LEAKTRACE_CATCH2_ADAPTER_H

#include "leaktrace/runner.h"

namespace Catch {
class Session;
}

namespace leaktrace {

/// Runs the program's tests through the runner core (leaktrace::runner::
/// main), with \p S, a session that has read Catch2's command line.
/// Returns the exit status.
int runCatch2Layers(Catch::Session &S);

/// Whether \p S was asked a question (--help, --list-tests and the like),
/// which is Catch2's to answer, not the runner's.
bool catch2AnswersQuery(Catch::Session &S);

} // namespace leaktrace

#endif // LEAKTRACE_CATCH2_ADAPTER_H
