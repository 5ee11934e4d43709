//===- Events.h - The runner's events, decoded into plain structs ---------===//
//
// The one place the tool reads the runner's event stream
// (leaktrace/events.h): each line becomes one of the structs below, or an
// error that names what is wrong with it (a member missing or of the wrong
// type, with its path). What a run found is computed from these (RunFacts),
// never from the JSON.
//
// The "sites" event of the second run is decoded by CreationSites.h.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_EVENTS_H
#define LEAKTRACE_TOOL_EVENTS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace leaktrace {
namespace event {

/// {"event":"hello"}: the runner's protocol version and framework.
struct Hello {
  int64_t Version = 0;
  std::string Framework;
};

/// A layer starts: its name, how many tests of it run, its place among the
/// selected layers of an unsharded run.
struct LayerStart {
  std::string Name;
  int64_t Tests = 0;
  int64_t Order = 0;
};

/// A layer was set up or torn down (\c TornDown), in \c Seconds.
struct LayerSetUp {
  std::string Layer;
  double Seconds = 0;
  bool TornDown = false;
};

/// The layers still set up are torn down next.
struct LeftOver {};

/// A test started (sent only for a test that never ended).
struct TestStart {
  std::string Name;
};

/// One type's change over a test, or its counts at an iteration's end.
struct TypeCount {
  std::string Type;
  int64_t Insts = 0, Refs = 0;
  uint32_t Flags = 0;        ///< LEAKTRACE_COUNT_* bits (counts only)
  std::string UncountedCode; ///< "SYMBOL (MODULE)" (counts only)
};

/// A test ended: its outcome (events::Passed, Failed, Skipped), its
/// failures' text, and the types whose counts it changed.
struct TestEnd {
  std::string Name;
  std::string Outcome;
  std::string Message;
  std::vector<TypeCount> Changes;
};

/// One run of a layer's tests ended, with every type's counts.
struct Iteration {
  std::string Layer;
  int64_t Number = 0;
  int64_t Ran = 0, Failures = 0, Errors = 0, Skipped = 0;
  double Seconds = 0;
  std::vector<TypeCount> Counts;
};

/// A listed layer (\c Layer empty) or test.
struct Listed {
  std::string Layer;
  std::string Name;
};

/// The runner refused its orders.
struct RunnerError {
  std::string Message;
};

/// The program was built without the plugin.
struct NotInstrumented {};

/// The last event.
struct Done {
  int64_t UncountedClasses = 0;
};

/// The "sites" event: decoded by CreationSites.h, from \c Raw.
struct Sites {
  llvm::json::Object Raw;
};

using Event =
    std::variant<Hello, LayerStart, LayerSetUp, LeftOver, TestStart, TestEnd,
                 Iteration, Listed, RunnerError, NotInstrumented, Done, Sites>;

/// One line of the event stream, decoded. The error names what is wrong:
/// not JSON, not an event, an unknown event, a member missing or mistyped
/// (with its path: "iteration.counts[3].insts"), another protocol version.
llvm::Expected<Event> decode(llvm::StringRef Line);

} // namespace event
} // namespace leaktrace

#endif
