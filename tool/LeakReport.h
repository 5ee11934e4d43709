//===- LeakReport.h - Render runner events the way zope.testrunner does ---===//

#ifndef LEAKTRACE_TOOL_LEAKREPORT_H
#define LEAKTRACE_TOOL_LEAKREPORT_H

#include "Baseline.h"
#include "CreationSites.h"
#include "Events.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace leaktrace {

struct ReportOptions {
  unsigned Repeat = 1;
  bool RefCounts = false; ///< -r
  unsigned Verbose = 0;   ///< -v count
};

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

/// Consumes the runner's events one line at a time, prints zope's output
/// as it goes, and keeps the facts for the summary, the verdict and --json.
class LeakReport {
public:
  LeakReport(ReportOptions Opts, llvm::raw_ostream &OS) : Opts(Opts), OS(OS) {}

  /// An error when the line is not a runner event (event::decode()).
  /// What it prints stays buffered until flush().
  llvm::Error consume(llvm::StringRef Line);
  /// Shows what consume() printed: once per batch of events, not per event
  /// (with -v, a write per test's dot cost a suite of tiny tests 2%).
  void flush() { OS.flush(); }

  /// After the child ended: tear-down summary, Total line, leak summary.
  void finish(double WallSeconds);

  bool sawDone() const { return Done; }
  /// The runner refused its settings (a bad pattern): its message.
  const std::string &runnerError() const { return RunnerError; }
  /// The program was built without the plugin.
  bool notInstrumented() const { return NotInstrumented; }
  bool sawAnyEvent() const { return AnyEvent; }
  int64_t failures() const;
  bool foundLeak() const;
  /// Where the child was when it stopped: "layer L, iteration N, test T".
  std::string position() const;
  const std::vector<std::string> &listed() const { return Listed; }

  llvm::json::Value toJSON(llvm::StringRef Verdict, double WallSeconds) const;
  /// JUnit XML: a testsuite per layer, a testcase per test; a test's first
  /// failure, and the types it leaked, as failures of that testcase.
  void writeJUnit(llvm::raw_ostream &XML) const;

  /// Known growth: leaks it accepts are reported as known and are no leak
  /// for the verdict.
  void setBaseline(const Baseline *B) { Known = B; }

  /// Which share of the suite this run is (index, count); 0 of 1 unsharded.
  void setShard(unsigned Index, unsigned Count) {
    ShardIndex = Index;
    ShardCount = Count;
  }

  const std::vector<LeftOutType> &leftOut() const { return LeftOut; }

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
  /// Where the leaks' objects were made (a second run), for the summary and
  /// the JSON.
  void setSites(SitesOfRun S) {
    Sites = std::move(S);
    HaveSites = true;
  }

private:
  // What each event adds to the facts and prints.
  void on(const event::Hello &) {}
  void on(const event::LayerStart &E);
  void on(const event::LayerSetUp &E);
  void on(const event::LeftOver &);
  void on(const event::TestStart &E);
  void on(const event::TestEnd &E);
  void on(const event::Iteration &E);
  void on(const event::Listed &E);
  void on(const event::RunnerError &E);
  void on(const event::NotInstrumented &);
  void on(const event::Done &E);
  /// The second run's: read by CreationSites.h.
  void on(const event::Sites &) {}
  /// "Iteration N" and "Running:" before an iteration's first test.
  void printIterationHeader();
  void printTable(const IterationFacts &It);
  /// "Ran N tests with F failures and E errors in S seconds."
  void printRanLine(const IterationFacts &It);
  /// The creation sites of \p Type in \p Layer as the summary prints them
  /// under its insts line, each line after \p Indent; "" without a second
  /// run.
  std::string sitesText(const std::string &Layer, const std::string &Type,
                        const std::string &Indent) const;
  const std::vector<CreationSite> *sitesOf(const std::string &Layer) const;
  /// What became of \p Type's objects in one more run of \p Layer and
  /// what keeps them alive, as the summary prints them; "" without a scan.
  std::string retentionText(const std::string &Layer, const std::string &Type,
                            const std::string &Indent) const;
  /// The types whose growth was objects ended without their destructor
  /// only, and what the changes would have read without them.
  void printNotLeaks();

  ReportOptions Opts;
  llvm::raw_ostream &OS;
  std::vector<LayerFacts> Layers;
  std::vector<LeftOutType> LeftOut;
  /// Counts of the previous iteration of this layer, without left-out types.
  std::map<std::string, std::pair<int64_t, int64_t>> Previous;
  bool HavePrevious = false;
  bool IterationHeaderPrinted = false;
  bool DotsOnLine = false; ///< -v progress dots wait for their newline
  std::string CurrentTest;
  /// The test_end changes of the iteration in progress.
  std::map<std::string, std::map<std::string, Delta>> PendingTestChanges;
  std::vector<std::string> Listed;
  std::string RunnerError;
  bool Done = false, AnyEvent = false, NotInstrumented = false;
  /// Classes of the program the plugin does not count (the runner says).
  int64_t UncountedClasses = 0;
  unsigned ShardIndex = 0, ShardCount = 1;
  const Baseline *Known = nullptr;
  SitesOfRun Sites;
  bool HaveSites = false;

  friend class MergedReport;
};

} // namespace leaktrace

#endif
