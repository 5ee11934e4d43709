//===- JUnitReport.h - A run's facts as JUnit XML -------------------------===//

#ifndef LEAKTRACE_TOOL_JUNITREPORT_H
#define LEAKTRACE_TOOL_JUNITREPORT_H

#include "RunFacts.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace leaktrace {

/// JUnit XML: a testsuite per layer, a testcase per test; a test's first
/// failure, and the types it leaked, as failures of that testcase; growth
/// outside every test as a testcase "(outside the tests)".
void writeJUnit(llvm::raw_ostream &XML, const RunFacts &F);

/// \p S as XML (or HTML) text or attribute value: markup characters as
/// entities, control characters XML 1.0 has no room for as spaces.
std::string xmlEscape(llvm::StringRef S);

} // namespace leaktrace

#endif
