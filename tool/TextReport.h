//===- TextReport.h - A run's facts printed the way zope.testrunner does --===//
//
// The text renderer. LiveText prints each event's part of the report as the
// child writes it (after FactsBuilder applied the event: it reads the
// facts); the summary, and merge's report of its shards, are printed from
// the facts alone. Nothing here changes the facts.
//
// In C++ terms, after each iteration after the first:
//   sys refcount         the sum of insts and refs over every tracked type:
//                        live objects plus live strong smart-pointer handles
//   sum detail refcount  the sum of refs alone (the handles)
//   change               sys refcount minus its value one iteration before
// and the table lists, per type, the change of insts and refs.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_TEXTREPORT_H
#define LEAKTRACE_TOOL_TEXTREPORT_H

#include "Events.h"
#include "RunFacts.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace leaktrace {

struct ReportOptions {
  unsigned Repeat = 1;
  bool RefCounts = false; ///< -r
  unsigned Verbose = 0;   ///< -v count
};

/// The report of a run as it happens.
class LiveText {
public:
  LiveText(ReportOptions Opts, llvm::raw_ostream &OS) : Opts(Opts), OS(OS) {}

  /// Prints what \p E, just applied to \p Facts, adds to the report. What it
  /// prints stays buffered until flush().
  void show(const event::Event &E, const RunFacts &Facts);
  /// Shows what show() printed: once per batch of events, not per event
  /// (with -v, a write per test's dot cost a suite of tiny tests 2%).
  void flush() { OS.flush(); }
  /// Ends the line of progress dots, if one is open.
  void endLine();

private:
  void on(const event::LayerStart &E, const RunFacts &F);
  void on(const event::LayerSetUp &E, const RunFacts &F);
  void on(const event::LeftOver &E, const RunFacts &F);
  void on(const event::TestStart &E, const RunFacts &F);
  void on(const event::TestEnd &E, const RunFacts &F);
  void on(const event::Iteration &E, const RunFacts &F);
  template <typename Other> void on(const Other &, const RunFacts &) {}
  /// "Iteration N" and "Running:" before an iteration's first test.
  void printIterationHeader(const RunFacts &F);

  ReportOptions Opts;
  llvm::raw_ostream &OS;
  bool IterationHeaderPrinted = false;
  bool DotsOnLine = false; ///< -v progress dots wait for their newline
  /// How many of the facts' left-out types were announced.
  size_t LeftOutShown = 0;
};

/// "Ran N tests with F failures and E errors in S seconds."
void printRanLine(llvm::raw_ostream &OS, const IterationFacts &It);
/// "Leak details, ...": -v's table of an iteration's changes.
void printChangeTable(llvm::raw_ostream &OS, const IterationFacts &It);
/// After the run: the Total line (several layers), the leak summary, the
/// types that are no leak, the baseline's unused entries, the left-out types
/// and the classes not counted.
void printSummary(llvm::raw_ostream &OS, const RunFacts &F,
                  const ReportOptions &Opts, double WallSeconds);
/// merge's report of the merged shards' layers and iterations: only the
/// changes, as the absolute counts of separate processes do not add up.
void printMergedIterations(llvm::raw_ostream &OS, const RunFacts &F,
                           const ReportOptions &Opts);

/// The creation sites of \p Type in \p Layer as the summary prints them
/// under its insts line, each line after \p Indent; "" without a second run.
/// \p Recorded says which objects the sites are of, \p NoneLeft why there
/// is no site.
std::string
sitesText(const RunFacts &F, const std::string &Layer, const std::string &Type,
          const std::string &Indent,
          const std::string &Recorded = "objects left by one more run of the "
                                        "layer",
          const std::string &NoneLeft = "one more run of the layer left none "
                                        "of them");
/// What became of \p Type's objects in one more run of \p Layer and what
/// keeps them alive, as the summary prints them; "" without a scan.
/// \p Recorded names what made them ("one more run", "the window").
std::string retentionText(const RunFacts &F, const std::string &Layer,
                          const std::string &Type, const std::string &Indent,
                          const std::string &Recorded = "one more run");
/// "N really alive before it, M after; K ended without their destructor
/// (...)": what the census and fates say of a type whose growth was
/// objects ended without their destructor.
std::string reallyAliveText(const TypeRetention &R);
/// The scan's caveats (the heap unknown, threads that did not stop, paths
/// not listed, members without names), a line each; none without a scan.
void printScanNotes(llvm::raw_ostream &OS, const SitesOfRun &S);
/// " +1 +1": a counter's figures in iterations 2..N.
std::string figureList(const std::vector<int64_t> &V);

} // namespace leaktrace

#endif
