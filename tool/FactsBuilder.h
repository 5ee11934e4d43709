//===- FactsBuilder.h - A run's facts from the runner's events ------------===//
//
// The facts of a run (RunFacts.h), built one decoded event (Events.h) at a
// time as the child writes them. Prints nothing: the live text
// (TextReport.h) shows each event after it was applied, reading the facts.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_FACTSBUILDER_H
#define LEAKTRACE_TOOL_FACTSBUILDER_H

#include "Events.h"
#include "RunFacts.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace leaktrace {

class FactsBuilder {
public:
  /// What the run found so far. Its options (Repeat, Known, shard, Sites)
  /// are the caller's to set.
  RunFacts &facts() { return Facts; }
  const RunFacts &facts() const { return Facts; }

  /// Adds what \p E says to the facts.
  void apply(const event::Event &E);

  bool sawAnyEvent() const { return AnyEvent; }
  bool sawDone() const { return Done; }
  /// The runner refused its settings (a bad pattern): its message.
  const std::string &runnerError() const { return RunnerError; }
  /// The program was built without the plugin.
  bool notInstrumented() const { return NotInstrumented; }
  /// The layers and tests the runner listed (--list-layers, --list-tests).
  const std::vector<std::string> &listed() const { return Listed; }
  /// Where the child was when it stopped: "layer L, iteration N, test T".
  std::string position() const;

private:
  void on(const event::Hello &) {}
  void on(const event::LayerStart &E);
  void on(const event::LayerSetUp &) {}
  void on(const event::LeftOver &) {}
  void on(const event::TestStart &E);
  void on(const event::TestEnd &E);
  void on(const event::Iteration &E);
  void on(const event::Listed &E) { Listed.push_back(E.Name); }
  void on(const event::RunnerError &E) { RunnerError = E.Message; }
  void on(const event::NotInstrumented &) { NotInstrumented = true; }
  void on(const event::Done &E);
  /// The second run's: read by CreationSites.h.
  void on(const event::Sites &) {}

  RunFacts Facts;
  /// Counts of the previous iteration of this layer, without left-out types.
  std::map<std::string, std::pair<int64_t, int64_t>> Previous;
  bool HavePrevious = false;
  std::string CurrentTest;
  /// The test_end changes of the iteration in progress.
  std::map<std::string, std::map<std::string, Delta>> PendingTestChanges;
  std::vector<std::string> Listed;
  std::string RunnerError;
  bool Done = false, AnyEvent = false, NotInstrumented = false;
};

} // namespace leaktrace

#endif
