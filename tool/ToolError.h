//===- ToolError.h - The tool's one error path and its exit statuses ------===//
//
// Every error the tool reports is an llvm::Error carrying the exit status it
// ends the tool with; reportError() is the one place that prints it
// ("leaktrace: error: ...") and maps it to that status. The statuses are the
// ones --help lists.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_TOOLERROR_H
#define LEAKTRACE_TOOL_TOOLERROR_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <string>

namespace leaktrace {

/// The tool's exit statuses (--help, README).
enum ExitStatus {
  Success = 0,
  TestFailures = 1,
  /// Bad arguments or input files (a --baseline, a shard's --json).
  Usage = 2,
  /// A leak, with --fail-on-leak.
  Leak = 3,
  /// The program crashed, timed out, was built without the plugin or runs
  /// no leaktrace layers; or leaktrace's own installation is incomplete.
  Broken = 4,
  /// Test failures and a leak, with --fail-on-leak.
  FailuresAndLeak = 5,
};

/// An error of the tool: its message (the problem and the fix) and the
/// status it ends the tool with.
class ToolError : public llvm::ErrorInfo<ToolError> {
public:
  static char ID;
  ToolError(std::string Message, ExitStatus Status)
      : Message(std::move(Message)), Status(Status) {}
  void log(llvm::raw_ostream &OS) const override { OS << Message; }
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }
  std::string message() const override { return Message; }
  ExitStatus status() const { return Status; }

private:
  std::string Message;
  ExitStatus Status;
};

/// Bad arguments or input: exit status 2.
inline llvm::Error usageError(const llvm::Twine &Message) {
  return llvm::make_error<ToolError>(Message.str(), Usage);
}

/// The program or leaktrace's installation cannot be run: exit status 4.
inline llvm::Error brokenError(const llvm::Twine &Message) {
  return llvm::make_error<ToolError>(Message.str(), Broken);
}

/// Prints each error of \p E as "leaktrace: error: MESSAGE" on standard
/// error and returns the exit status of the first (an error of LLVM's own,
/// not a ToolError, is a usage error: bad input).
int reportError(llvm::Error E);

/// Writes the file \p Option asked for (--json FILE, ...) with \p Write,
/// through a file renamed over \p Path, so that a reader (node_exporter, a
/// browser, CI) never sees half of it; nothing when \p Path is empty. A
/// broken-run error (status 4) names the option and the file when it
/// cannot be written.
llvm::Error writeOutput(llvm::StringRef Option, llvm::StringRef Path,
                        llvm::function_ref<void(llvm::raw_ostream &)> Write);

} // namespace leaktrace

#endif
