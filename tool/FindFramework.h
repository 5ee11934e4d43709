//===- FindFramework.h - Which test framework a binary was built with -----===//
//
// For the message about a binary that runs no leaktrace layers: its symbols
// name its test framework, and so what to link it with instead. And whether
// the allocator shim of the retention-path run can be preloaded into it.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_FINDFRAMEWORK_H
#define LEAKTRACE_TOOL_FINDFRAMEWORK_H

#include "leaktrace/leaktrace.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace leaktrace {

/// "GoogleTest", "Catch2", "doctest", "Boost.Test", or "" when the symbols of
/// the program (an executable path, or a name searched in PATH) name none.
std::string findTestFramework(llvm::StringRef Program);

/// The mangled name of \p Framework's (LEAKTRACE_FRAMEWORK_*) "run the
/// tests" function, from leaktrace.h's list: the one the plugin makes offer
/// its run and the link of a runner that keeps the main wraps.
constexpr const char *testRunSymbol(int Framework) {
#define LEAKTRACE_RUN_FUNCTION(F, Symbol)                                      \
  if (Framework == F)                                                          \
    return Symbol;
  LEAKTRACE_TEST_RUN_FUNCTIONS(LEAKTRACE_RUN_FUNCTION)
#undef LEAKTRACE_RUN_FUNCTION
  return "";
}

/// What of leaktrace's runner a test binary holds, read from its symbol
/// table.
enum class RunnerLink {
  /// No symbol table to tell (a stripped binary, or not an object file).
  Unknown,
  /// Symbols, none of the runner's: running it would run the suite once,
  /// with its own output, and tell the tool nothing.
  None,
  /// The runner with leaktrace's main (leaktrace::gtest_main and the like).
  OwnMain,
  /// The runner that keeps the program's main (leaktrace::gtest_runner,
  /// catch2_runner, doctest_runner).
  KeepsMain,
};
RunnerLink findRunnerLink(llvm::StringRef Program);

/// Why leaktrace's allocator shim \p Shim cannot be preloaded into
/// \p Program (it is statically linked, has an allocator of its own, is
/// built with a sanitizer, or LD_PRELOAD is taken), or "" when it can.
std::string whyNoHeapShim(llvm::StringRef Program, llvm::StringRef Shim);

} // namespace leaktrace

#endif
