//===- RunFacts.h - What a run of the layers found ------------------------===//
//
// The facts of a run, apart from any printing: per layer and iteration the
// tests, failures and the counts' changes, per test what it changed, the
// types left out, and the judgement computed from them (which types leak,
// which grew by objects that ended without their destructor, the failures).
// FactsBuilder builds them from the runner's events (Events.h); merge builds
// them from shards' --json files (FactsJSON.h, MergeShards.h); the text
// (TextReport.h), JSON (FactsJSON.h) and JUnit (JUnitReport.h) reports
// render them.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_RUNFACTS_H
#define LEAKTRACE_TOOL_RUNFACTS_H

#include "Baseline.h"
#include "CreationSites.h"

#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace leaktrace {

/// Change of one type's counts over one iteration.
struct Delta {
  int64_t Insts = 0, Refs = 0;
};

struct IterationFacts {
  unsigned Number = 0;
  int64_t Ran = 0, Failures = 0, Errors = 0, Skipped = 0;
  double Seconds = 0;
  int64_t SysRefcount = 0, DetailRefcount = 0;
  std::map<std::string, Delta> Changes; ///< only types that changed
  /// Every type's counts at the end of the iteration (but left-out ones).
  std::map<std::string, std::pair<int64_t, int64_t>> Counts;
  /// What each test changed from its start to its end: test, then type
  /// (only tests and types that changed).
  std::map<std::string, std::map<std::string, Delta>> TestChanges;
};

/// A type whose counts cannot be right (the runtime flagged them: below zero
/// at some point), left out of every table, total and verdict from the
/// iteration it was first seen so.
struct LeftOutType {
  std::string Type;
  std::string Layer;
  unsigned Iteration = 0;
  int64_t Insts = 0, Refs = 0; ///< its counts when it was left out
  uint32_t Flags = 0;          ///< LEAKTRACE_COUNT_* bits
  /// With LEAKTRACE_COUNT_UNCOUNTED_CODE: a function compiled without the
  /// plugin that builds, destroys or copies them, "NAME (MODULE)", NAME
  /// demangled.
  std::string UncountedCode;
  /// Why, as a run's JSON said it (leaktrace merge); reason() when empty.
  std::string Reason;
  /// Why, in words: "below zero", "NAME (MODULE) is compiled without the
  /// plugin", or both.
  std::string reason() const;
};

/// One test of a layer over all its iterations (for --junit).
struct TestRecord {
  std::string Name;
  unsigned Runs = 0, Failures = 0, Skips = 0;
  unsigned FirstFailedIteration = 0;
  std::string FirstFailure; ///< its message then
};

struct LayerFacts {
  std::string Name;
  int64_t Tests = 0;
  /// Its place among the selected layers of an unsharded run.
  int64_t Order = 0;
  std::vector<IterationFacts> Iterations;
  /// Its tests, in the order they first ran.
  std::vector<TestRecord> TestRuns;
  /// Where each test's record is in TestRuns.
  llvm::StringMap<size_t> TestRunIndex;
  /// Types whose insts or refs grew in every iteration after the first.
  std::vector<std::string> leakingTypes() const;
  /// The figures of one counter of one type (insts when \p Insts, refs
  /// otherwise) in iterations 2..N: of test \p Test, or, when \p Test is
  /// empty, of the layer as a whole.
  std::vector<int64_t> figures(const std::string &Type, bool Insts,
                               const std::string &Test = "") const;
  /// The tests that grew that counter in every iteration after the first.
  std::vector<std::string> leakingTests(const std::string &Type,
                                        bool Insts) const;
  /// That counter's growth outside every test (fixtures' and the
  /// framework's own code), iterations 2..N; empty unless it grew in each.
  std::vector<int64_t> outsideTests(const std::string &Type, bool Insts) const;
};

/// A run's facts (or the merged facts of its shards) and their judgement.
struct RunFacts {
  std::vector<LayerFacts> Layers;
  std::vector<LeftOutType> LeftOut;
  /// Classes of the program the plugin does not count (the runner says).
  int64_t UncountedClasses = 0;
  unsigned Repeat = 1;
  /// Which share of the suite this run is (index, count); 0 of 1 unsharded.
  unsigned ShardIndex = 0, ShardCount = 1;
  /// Known growth: leaks it accepts are no leak for the verdict.
  const Baseline *Known = nullptr;
  /// Where the leaks' objects were made and what keeps them (a second run).
  SitesOfRun Sites;
  bool HaveSites = false;

  /// Layer -> the types that grew in it in every iteration after the first.
  std::map<std::string, std::vector<std::string>> leaks() const;
  /// The types of \p L that leak: those that grew in every iteration after
  /// the first, but those whose growth one more run found to be objects
  /// ended without their destructor only.
  std::vector<std::string> leakingTypes(const LayerFacts &L) const;
  /// Whether \p T grew in \p L only by objects that ended without their
  /// destructor (its census), and not in handles.
  bool notALeak(const LayerFacts &L, const std::string &T) const;
  /// What one more run found of \p Type in \p Layer, or null.
  const TypeRetention *retentionOf(const std::string &Layer,
                                   const std::string &Type) const;
  /// The creation sites of \p Layer's leaks, or null without a second run.
  const std::vector<CreationSite> *sitesOf(const std::string &Layer) const;
  /// Failures and errors over every iteration.
  int64_t failures() const;
  /// A leak the baseline does not accept.
  bool foundLeak() const;
};

} // namespace leaktrace

#endif
