//===- ChildProcess.h - Run a test binary and read its runner events ------===//

#ifndef LEAKTRACE_TOOL_CHILDPROCESS_H
#define LEAKTRACE_TOOL_CHILDPROCESS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <string>
#include <vector>

namespace leaktrace {

struct ChildResult {
  bool Started = false;    ///< false: could not be run (see Error)
  std::string Error;       ///< why it could not be run
  bool TimedOut = false;   ///< killed by the tool after the timeout
  int ExitCode = -1;       ///< when it exited
  int Signal = 0;          ///< when a signal ended it
  double CpuSeconds = 0;   ///< user and system time of the child (and of
                           ///< the children it waited for)
};

/// Runs \p Command with \p Env added to the environment and a pipe on a
/// descriptor named by LEAKTRACE_EVENTS_FD (and the events buffer,
/// LEAKTRACE_EVENTS_BUFFER_FD); calls \p OnLine for each line the child
/// writes there, and \p AfterLines (if given) after the lines of each batch.
/// Kills the child after \p TimeoutSeconds (0: never). With
/// \p DiscardStdout, the child's standard output goes to /dev/null (a run
/// whose output the user saw already).
ChildResult runWithEvents(const std::vector<std::string> &Command,
                          const std::map<std::string, std::string> &Env,
                          unsigned TimeoutSeconds,
                          llvm::function_ref<void(llvm::StringRef)> OnLine,
                          llvm::function_ref<void()> AfterLines = nullptr,
                          bool DiscardStdout = false);

} // namespace leaktrace

#endif
