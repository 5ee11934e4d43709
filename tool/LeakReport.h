//===- LeakReport.h - Render runner events the way zope.testrunner does ---===//

#ifndef LEAKTRACE_TOOL_LEAKREPORT_H
#define LEAKTRACE_TOOL_LEAKREPORT_H

#include "Events.h"
#include "RunFacts.h"

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

/// Consumes the runner's events one line at a time, prints zope's output
/// as it goes, and keeps the facts (RunFacts) for the summary, the verdict
/// and --json.
class LeakReport : private RunFacts {
public:
  LeakReport(ReportOptions Opts, llvm::raw_ostream &OS) : Opts(Opts), OS(OS) {
    Repeat = Opts.Repeat;
  }

  /// What the run found so far.
  const RunFacts &facts() const { return *this; }

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
  using RunFacts::failures;
  using RunFacts::foundLeak;
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
  using RunFacts::leakingTypes;
  using RunFacts::leaks;
  using RunFacts::notALeak;
  using RunFacts::retentionOf;

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
  /// What became of \p Type's objects in one more run of \p Layer and
  /// what keeps them alive, as the summary prints them; "" without a scan.
  std::string retentionText(const std::string &Layer, const std::string &Type,
                            const std::string &Indent) const;
  /// The types whose growth was objects ended without their destructor
  /// only, and what the changes would have read without them.
  void printNotLeaks();

  ReportOptions Opts;
  llvm::raw_ostream &OS;
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

  friend class MergedReport;
};

} // namespace leaktrace

#endif
