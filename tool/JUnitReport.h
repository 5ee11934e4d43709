//===- JUnitReport.h - A run's facts as JUnit XML -------------------------===//

#ifndef LEAKTRACE_TOOL_JUNITREPORT_H
#define LEAKTRACE_TOOL_JUNITREPORT_H

#include "RunFacts.h"

#include "llvm/Support/raw_ostream.h"

namespace leaktrace {

/// JUnit XML: a testsuite per layer, a testcase per test; a test's first
/// failure, and the types it leaked, as failures of that testcase; growth
/// outside every test as a testcase "(outside the tests)".
void writeJUnit(llvm::raw_ostream &XML, const RunFacts &F);

} // namespace leaktrace

#endif
