//===- Watch.h - leaktrace watch: per-type growth of a live process -------===//
//
// `leaktrace watch -- PROGRAM ARGS` starts PROGRAM with the control socket
// set up (leaktrace/control.h); `leaktrace watch --attach PID|SOCKET` reaches
// a program started with LEAKTRACE_CONTROL set. Either way the tool samples
// every type's counts every --every seconds until the program exits, --for
// seconds pass or the user interrupts, judges them (Growth.h) and reports:
// a line per sample (a table refreshed in place on a terminal), a summary,
// and the files asked for (--json, --json-lines, --prometheus, --html).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKTRACE_TOOL_WATCH_H
#define LEAKTRACE_TOOL_WATCH_H

#include "Baseline.h"
#include "CreationSites.h"
#include "Growth.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leaktrace {

struct WatchOptions {
  double Every = 1;     ///< seconds between samples
  double For = 0;       ///< stop after this many seconds (0: never)
  GrowthRule Rule;
  bool FailOnLeak = false;
  /// A process id or a socket path; empty: start the program.
  std::string Attach;
  std::string JsonPath, JsonLinesPath, PrometheusPath, HtmlPath;
  const Baseline *Known = nullptr;
  /// Refresh a table in place (standard output is a terminal).
  bool Terminal = false;
  /// Record where growing types' objects are made, for a window.
  bool Sites = true;
  unsigned SiteFrames = DefaultSiteFrames;
  /// At the window's end, scan the program for what became of those
  /// objects and what keeps them alive (--paths). A program the tool
  /// starts is readied for it from its start (LEAKTRACE_SCAN, and
  /// \c HeapShim preloaded).
  bool Paths = false;
  std::string HeapShim;
};

/// What a watch saw: each sample's changes, the judgement.
struct WatchRecord {
  std::vector<std::string> Command; ///< the program, or the attached target
  long Pid = 0;
  GrowthRule Rule;
  double Every = 0;
  /// Each sample's time and the counts that changed since the one before
  /// (the first: every type with something alive).
  struct Step {
    double Seconds = 0;
    std::map<std::string, LiveCount> Changed;
  };
  std::vector<Step> Steps;
  double ControlCpuSeconds = 0; ///< what sampling cost the program
  std::vector<GrowingType> Growing;
  std::string Ended; ///< why the watch ended
  /// Every type's counts at the last sample.
  std::map<std::string, LiveCount> Last;
  /// Where the objects of growing types made in a window of recording and
  /// alive at its end were made: per type, most objects first; the window.
  /// With --paths, what the scan at the window's end found of them.
  struct SitesWindow {
    double From = 0, To = 0;
    std::vector<CreationSite> Sites;
    std::optional<TypeRetention> Retention;
  };
  std::map<std::string, SitesWindow> Sites;
  bool LinesMissing = false; ///< a frame shown has no line information
  std::string SitesProblem;  ///< why sites could not be taken, or empty
  /// --paths: the scans' caveats (SitesOfRun's Scanned, NoHeap,
  /// ThreadsMissed, Unlisted, MembersMissing), and why there were no
  /// paths, or empty.
  SitesOfRun ScanNotes;
  std::string PathsProblem;

  /// Whether \p Type's growth, as the scan of its window found, was only
  /// objects ended without their destructor (an arena's, a pool's): as
  /// many really alive at the window's end as at its start, and no more
  /// handles (refs). Not a leak.
  bool endsWithoutDestructor(const std::string &Type) const;

  /// The counts of \p Type at each sample, and their totals.
  std::vector<LiveCount> counts(const std::string &Type) const;
  std::vector<int64_t> series(const std::string &Type) const;
};

/// Runs the watch; returns the tool's exit status.
int watchProgram(const std::vector<std::string> &Command,
                 const WatchOptions &Opts);

/// Renderers of a watch (each a function of what it saw).
void printWatchSummary(llvm::raw_ostream &OS, const WatchRecord &R,
                       const Baseline *Known);
llvm::json::Value watchToJSON(const WatchRecord &R, const Baseline *Known);
/// The Prometheus text exposition format: every type with something alive,
/// and which grow.
void writePrometheus(llvm::raw_ostream &OS, const WatchRecord &R);
/// A self-contained HTML page charting the growing types' counts over time
/// (or, when none grows, the types that changed most).
void writeHtml(llvm::raw_ostream &OS, const WatchRecord &R);

} // namespace leaktrace

#endif
