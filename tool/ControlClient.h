//===- ControlClient.h - Read a running program's counts ------------------===//
//
// The tool's side of the control socket (leaktrace/control.h).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_CONTROLCLIENT_H
#define LEAKTRACE_TOOL_CONTROLCLIENT_H

#include "Growth.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace leaktrace {

class ControlClient {
public:
  ControlClient() = default;
  ControlClient(const ControlClient &) = delete;
  ControlClient &operator=(const ControlClient &) = delete;
  ~ControlClient();

  /// Connects to the socket at \p Path and reads the runtime's greeting.
  llvm::Error connect(const std::string &Path);
  /// The process id the runtime gave.
  long pid() const { return Pid; }
  /// Every type's counts now; \c Seconds is left to the caller.
  llvm::Expected<Sample> sample();
  /// Watches \p Types and records where their objects are made from now
  /// on; how many counted types that is.
  llvm::Expected<size_t> sitesOn(const std::vector<std::string> &Types);
  /// Where the objects made since sitesOn() that are alive were made, as
  /// the JSON members leaktrace/recording.h describes; after a scan of the
  /// process (\p Scan, when it was readied for one), what became of them
  /// and what keeps them alive too.
  llvm::Expected<llvm::json::Object> recording(bool Scan);
  /// Stops recording: the types' counting costs what it did before.
  llvm::Error sitesOff();

private:
  /// The next line, without its newline; an error when the connection
  /// ended (the program exited) or failed.
  llvm::Expected<std::string> readLine();
  /// Sends one request line.
  llvm::Error request(const std::string &Line);

  int Fd = -1;
  long Pid = 0;
  std::string Path;
  std::string Pending; ///< read but not yet taken
};

} // namespace leaktrace

#endif
