//===- FindFramework.h - Which test framework a binary was built with -----===//
//
// For the message about a binary that runs no leaktrace layers: its symbols
// name its test framework, and so what to link it with instead.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_FINDFRAMEWORK_H
#define LEAKTRACE_TOOL_FINDFRAMEWORK_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace leaktrace {

/// "GoogleTest", "Catch2", "doctest", "Boost.Test", or "" when the symbols of
/// the program (an executable path, or a name searched in PATH) name none.
std::string findTestFramework(llvm::StringRef Program);

} // namespace leaktrace

#endif
