//===- TextReport.cpp - A run's facts printed the way zope.testrunner does ===//

#include "TextReport.h"

#include "leaktrace/events.h"
#include "leaktrace/leaktrace.h"

#include "llvm/Support/Format.h"

#include <algorithm>

namespace leaktrace {

namespace ev = events;

std::string figureList(const std::vector<int64_t> &V) {
  std::string Out;
  for (int64_t X : V)
    Out += (X > 0 ? " +" : " ") + std::to_string(X);
  return Out;
}

/// One line of zope's detail table, the name column \p Width wide (55, or
/// the longest name's width, so that every row's numbers stay aligned).
static std::string row(llvm::StringRef Name, const std::string &A,
                       const std::string &B, size_t Width) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << llvm::format("%-*s %6s %6s", int(Width), Name.str().c_str(), A.c_str(),
                     B.c_str());
  return OS.str();
}

static std::string secs(double S) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::format("%.3f", S);
  return OS.str();
}

//===----------------------------------------------------------------------===//
// The live report
//===----------------------------------------------------------------------===//

void LiveText::show(const event::Event &E, const RunFacts &Facts) {
  std::visit([&](const auto &Ev) { on(Ev, Facts); }, E);
}

void LiveText::endLine() {
  if (DotsOnLine)
    OS << "\n";
  DotsOnLine = false;
}

void LiveText::printIterationHeader(const RunFacts &F) {
  if (IterationHeaderPrinted)
    return;
  IterationHeaderPrinted = true;
  if (Opts.Repeat > 1 && !F.Layers.empty())
    OS << "Iteration " << F.Layers.back().Iterations.size() + 1 << "\n";
  if (Opts.Verbose > 0)
    OS << "Running:\n";
}

void LiveText::on(const event::LayerStart &E, const RunFacts &) {
  OS << "Running " << E.Name << " tests:\n";
}

void LiveText::on(const event::LayerSetUp &E, const RunFacts &) {
  OS << (E.TornDown ? "Tear down " : "Set up ") << E.Layer << " in "
     << secs(E.Seconds) << " seconds.\n";
}

void LiveText::on(const event::LeftOver &, const RunFacts &) {
  OS << "Tearing down left over layers:\n";
}

void LiveText::on(const event::TestStart &, const RunFacts &F) {
  printIterationHeader(F);
}

void LiveText::on(const event::TestEnd &E, const RunFacts &F) {
  printIterationHeader(F);
  if (Opts.Verbose > 0) {
    OS << (E.Outcome == ev::Passed    ? "."
           : E.Outcome == ev::Skipped ? "s"
                                      : "F");
    DotsOnLine = true;
  }
  if (E.Outcome == ev::Failed) {
    endLine();
    OS << "\nFailure in test " << E.Name << "\n" << E.Message << "\n";
  }
}

void LiveText::on(const event::Iteration &, const RunFacts &F) {
  if (F.Layers.empty() || F.Layers.back().Iterations.empty())
    return;
  const LayerFacts &L = F.Layers.back();
  const IterationFacts &It = L.Iterations.back();
  endLine();
  if (!IterationHeaderPrinted && Opts.Repeat > 1)
    OS << "Iteration " << It.Number << "\n"; // a layer with no test started
  IterationHeaderPrinted = false;
  printRanLine(OS, It);

  for (; LeftOutShown < F.LeftOut.size(); ++LeftOutShown) {
    const LeftOutType &Gone = F.LeftOut[LeftOutShown];
    OS << "leaktrace: " << Gone.Type << " insts " << Gone.Insts << " refs "
       << Gone.Refs << " cannot be right (" << Gone.reason()
       << "): left out of the counts from here on\n";
  }
  if (Opts.RefCounts && L.Iterations.size() > 1) {
    // Like with like: the previous iteration's sum over the types counted
    // now is this one's minus the changes.
    int64_t Change = 0;
    for (const auto &[Type, D] : It.Changes)
      Change += D.Insts + D.Refs;
    if (Opts.Verbose > 0)
      OS << "sum detail refcount=" << It.DetailRefcount << " ";
    OS << "sys refcount=" << It.SysRefcount << " change=" << Change << "\n";
    if (Opts.Verbose > 0)
      printChangeTable(OS, It);
  }
}

void printRanLine(llvm::raw_ostream &OS, const IterationFacts &It) {
  OS << "Ran " << It.Ran << " tests with " << It.Failures << " failures";
  if (It.Skipped)
    OS << ", " << It.Errors << " errors and " << It.Skipped << " skipped";
  else
    OS << " and " << It.Errors << " errors";
  OS << " in " << secs(It.Seconds) << " seconds.\n";
}

void printChangeTable(llvm::raw_ostream &OS, const IterationFacts &It) {
  OS << "Leak details, changes in instances and refcounts by type/class:\n";
  size_t Width = 55;
  for (const auto &[Type, D] : It.Changes)
    Width = std::max(Width, Type.size());
  OS << row("type/class", "insts", "refs", Width) << "\n";
  std::string Rule = row(std::string(Width, '-'), "-----", "----", Width);
  OS << Rule << "\n";
  int64_t Insts = 0, Refs = 0;
  for (const auto &[Type, D] : It.Changes) {
    OS << row(Type, std::to_string(D.Insts), std::to_string(D.Refs), Width)
       << "\n";
    Insts += D.Insts;
    Refs += D.Refs;
  }
  OS << Rule << "\n";
  OS << row("total", std::to_string(Insts), std::to_string(Refs), Width)
     << "\n";
}

void printMergedIterations(llvm::raw_ostream &OS, const RunFacts &F,
                           const ReportOptions &Opts) {
  if (F.ShardCount > 1)
    OS << "Merged " << F.ShardCount << " shards.\n";
  for (const LayerFacts &L : F.Layers) {
    OS << "Running " << L.Name << " tests:\n";
    for (size_t K = 0; K < L.Iterations.size(); ++K) {
      const IterationFacts &It = L.Iterations[K];
      if (F.Repeat > 1)
        OS << "Iteration " << It.Number << "\n";
      printRanLine(OS, It);
      if (!Opts.RefCounts || K == 0)
        continue;
      int64_t Change = 0;
      for (const auto &Entry : It.Changes)
        Change += Entry.second.Insts + Entry.second.Refs;
      OS << "change=" << Change << "\n";
      if (Opts.Verbose > 0)
        printChangeTable(OS, It);
    }
  }
}

//===----------------------------------------------------------------------===//
// The summary
//===----------------------------------------------------------------------===//

std::string sitesText(const RunFacts &F, const std::string &Layer,
                      const std::string &Type, const std::string &Indent,
                      const std::string &Recorded,
                      const std::string &NoneLeft) {
  const std::vector<CreationSite> *All = F.sitesOf(Layer);
  if (!All)
    return "";
  // Stacks the summary prints alike are one site: their objects add up
  // (sorted again, most first; ties by text, as they print).
  std::vector<std::pair<int64_t, std::vector<std::string>>> Printed;
  for (const CreationSite &S : *All) {
    if (S.Type != Type)
      continue;
    std::vector<std::string> Text;
    for (const SiteLine &L : S.Lines)
      Text.push_back(S.lineText(L));
    auto Same = std::find_if(Printed.begin(), Printed.end(),
                             [&](const auto &P) { return P.second == Text; });
    if (Same != Printed.end())
      Same->first += S.Objects;
    else
      Printed.push_back({S.Objects, std::move(Text)});
  }
  std::sort(Printed.begin(), Printed.end(), [](const auto &A, const auto &B) {
    if (A.first != B.first)
      return A.first > B.first;
    return A.second < B.second;
  });
  // A type made in many places (a node of a container every test fills)
  // would bury the rest of the summary: the sites with most objects are
  // shown, the JSON has them all.
  constexpr size_t kSitesShown = 10;
  std::string Out;
  for (size_t I = 0; I < Printed.size(); ++I) {
    const auto &[Objects, Text] = Printed[I];
    if (I == kSitesShown) {
      int64_t Rest = 0;
      for (size_t J = I; J < Printed.size(); ++J)
        Rest += Printed[J].first;
      size_t RestSites = Printed.size() - I;
      Out += Indent + "  and " + std::to_string(Rest) +
             (Rest == 1 ? " more object" : " more objects") + " at " +
             std::to_string(RestSites) +
             (RestSites == 1 ? " more site" : " more sites") +
             " (--json lists them all)\n";
      break;
    }
    if (Out.empty())
      Out = Indent + "created at (" + Recorded + "):\n";
    std::string Count = std::to_string(Objects);
    std::string Under(Count.size() + 2, ' ');
    bool First = true;
    for (const std::string &Line : Text) {
      Out += Indent + "  " + (First ? Count + "  " : Under) + Line + "\n";
      First = false;
    }
  }
  if (Out.empty())
    Out = Indent + "created at: unknown, " + NoneLeft + "\n";
  return Out;
}

/// Appends "N WHAT" to a list of counts joined by ", ", unless N is 0.
static void addCount(std::string &List, int64_t N, const std::string &What) {
  if (N > 0)
    List += (List.empty() ? "" : ", ") + std::to_string(N) + " " + What;
}

/// "N ended without their destructor, their storage freed, ...": how the
/// objects of \p F ended, and \p Older more made over older ones.
static std::string endings(const Fates &F, int64_t Older) {
  std::string Out;
  auto Add = [&](int64_t N, const std::string &What) {
    addCount(Out, N, What);
  };
  Add(F[Fate::Freed], "ended without their destructor (storage freed)");
  Add(F[Fate::Reused], "ended without their destructor (made over by "
                       "another of their type)");
  Add(F[Fate::FrameGone], "ended without their destructor (stack frame "
                          "gone)");
  Add(Older, "made over older ones of their type, which ended so");
  return Out;
}

void printScanNotes(llvm::raw_ostream &OS, const SitesOfRun &S) {
  if (!S.Scanned)
    return;
  if (!S.NoHeap.empty())
    OS << "Retention paths: the heap was not known (" << S.NoHeap
       << "): objects in it count as alive in memory leaktrace knows "
          "nothing of, and paths go through counted objects only.\n";
  if (S.ThreadsMissed)
    OS << "Retention paths: " << S.ThreadsMissed
       << (S.ThreadsMissed == 1 ? " thread" : " threads")
       << " did not stop for the scan (blocking its signal): what only "
          "their stacks and registers hold was not seen.\n";
  if (S.Unlisted)
    OS << "Retention paths: " << S.Unlisted
       << " objects are on paths beyond the 4096 the scan lists.\n";
  if (S.MembersMissing)
    OS << "Retention paths: members shown as TYPE+0xOFFSET have no debug "
          "information: compile with -g to get their names.\n";
}

std::string reallyAliveText(const TypeRetention &R) {
  // Its growth was Δlive + Δended + replaced; the recorded objects' fates
  // say how Of[ended] of it ended, older objects made over the rest.
  std::string How = endings(R.Of, R.Count.endedGrowth() + R.Count.Replaced -
                                      R.Of.ended());
  return std::to_string(R.Count.LiveStart) + " really alive before it, " +
         std::to_string(R.Count.LiveEnd) + " after" +
         (How.empty() ? "" : "; " + How);
}

std::string retentionText(const RunFacts &Facts, const std::string &Layer,
                          const std::string &Type, const std::string &Indent,
                          const std::string &Recorded) {
  const TypeRetention *R = Facts.retentionOf(Layer, Type);
  if (!R || !R->Of.any())
    return "";
  const Fates &F = R->Of;
  std::string Parts;
  auto Add = [&](int64_t N, const std::string &What) {
    addCount(Parts, N, What);
  };
  Add(F[Fate::Reachable], "alive (reached from a root)");
  Add(F[Fate::Unreachable], "alive but reached from no root (LeakSanitizer "
                            "reports them too)");
  Add(F[Fate::Unknown], "alive as far as leaktrace can tell (in memory it "
                        "knows nothing of)");
  Add(F[Fate::Replacing], "alive, each made over an older one of its type "
                          "in the same storage (no more than before)");
  std::string Ended = endings(F, 0);
  if (!Ended.empty())
    Parts += (Parts.empty() ? "" : ", ") + Ended;
  std::string Out = Indent + Recorded + " left " + std::to_string(F.total()) +
                    ": " + Parts + "\n";
  // Judged on the rest: how many more are really alive (none: the growth
  // was objects ended without their destructor, which reallyAliveText()
  // tells).
  if (R->Count.Known && F.ended() && !R->endedOnly())
    Out += Indent + Recorded + " left " +
           std::to_string(R->Count.liveGrowth()) +
           " more really alive than before it: the leak\n";
  constexpr size_t Shown = 5;
  for (Fate Which : {Fate::Reachable, Fate::Unreachable}) {
    std::vector<const RetentionPath *> Paths;
    for (const RetentionPath &P : R->Paths)
      if (P.F == Which)
        Paths.push_back(&P);
    if (Paths.empty())
      continue;
    Out += Indent + (Which == Fate::Reachable ? "kept alive by:\n"
                                              : "reached by no root:\n");
    int64_t More = 0;
    for (size_t I = 0; I < Paths.size(); ++I) {
      if (I < Shown)
        Out += Paths[I]->text(Indent + "  ");
      else
        More += Paths[I]->Objects;
    }
    if (Paths.size() > Shown)
      Out += Indent + "and " + std::to_string(More) + " more on " +
             std::to_string(Paths.size() - Shown) +
             " more paths (--json lists them)\n";
  }
  return Out;
}

/// "    TYPE insts +1 +1" and under it the tests that grew that counter in
/// every iteration after the first, each time (what a user fixes); false,
/// printing nothing, when the counter never changed.
static bool printGrowth(llvm::raw_ostream &OS, const LayerFacts &L,
                        const std::string &T, bool Insts) {
  std::vector<int64_t> Figures = L.figures(T, Insts);
  if (std::all_of(Figures.begin(), Figures.end(),
                  [](int64_t X) { return X == 0; }))
    return false;
  const char *Counter = Insts ? " insts" : " refs";
  OS << "    " << T << Counter << figureList(Figures) << "\n";
  for (const std::string &Test : L.leakingTests(T, Insts))
    OS << "      in test " << Test << Counter
       << figureList(L.figures(T, Insts, Test)) << "\n";
  return true;
}

/// The types whose growth was objects ended without their destructor
/// only, and what the changes would have read without them.
static void printNotLeaks(llvm::raw_ostream &OS, const RunFacts &F,
                          const ReportOptions &Opts) {
  bool Header = false;
  for (const LayerFacts &L : F.Layers) {
    std::vector<std::string> Types;
    for (const std::string &T : L.leakingTypes())
      if (F.notALeak(L, T))
        Types.push_back(T);
    if (Types.empty())
      continue;
    if (!Header)
      OS << "Not leaks: types whose objects end without their destructor "
            "(one more run of the layer found no more of them really alive "
            "after it than before):\n";
    Header = true;
    OS << "  " << L.Name << ":\n";
    for (const std::string &T : Types) {
      const TypeRetention &R = *F.retentionOf(L.Name, T);
      for (bool Insts : {true, false}) {
        if (!printGrowth(OS, L, T, Insts) || !Insts)
          continue;
        OS << "      one more run: " << reallyAliveText(R) << "\n";
      }
    }
    // What the changes printed above read without them.
    if (Opts.RefCounts && L.Iterations.size() > 1) {
      OS << "  Without them, the changes of " << L.Name << " read:";
      for (size_t I = 1; I < L.Iterations.size(); ++I) {
        int64_t Change =
            L.Iterations[I].SysRefcount - L.Iterations[I - 1].SysRefcount;
        for (const std::string &T : Types)
          if (auto C = L.Iterations[I].Changes.find(T);
              C != L.Iterations[I].Changes.end())
            Change -= C->second.Insts + C->second.Refs;
        OS << " change=" << Change;
      }
      OS << "\n";
    }
  }
}

void printSummary(llvm::raw_ostream &OS, const RunFacts &F,
                  const ReportOptions &Opts, double WallSeconds) {
  if (F.Layers.size() > 1) {
    int64_t Tests = 0, Failures = 0, Errors = 0;
    for (const LayerFacts &L : F.Layers)
      for (const IterationFacts &It : L.Iterations) {
        Tests += It.Ran;
        Failures += It.Failures;
        Errors += It.Errors;
      }
    OS << "Total: " << Tests << " tests, " << Failures << " failures, "
       << Errors << " errors in " << secs(WallSeconds) << " seconds.\n";
  }
  bool Header = false;
  for (const LayerFacts &L : F.Layers) {
    std::vector<std::string> Types = F.leakingTypes(L);
    if (Types.empty())
      continue;
    if (!Header)
      OS << "Leak summary: types that grew in every iteration after the "
            "first:\n";
    Header = true;
    OS << "  " << L.Name << ":\n";
    for (const std::string &T : Types) {
      for (bool Insts : {true, false}) {
        if (!printGrowth(OS, L, T, Insts))
          continue;
        const char *Counter = Insts ? " insts" : " refs";
        std::vector<int64_t> Rest = L.outsideTests(T, Insts);
        if (!Rest.empty())
          OS << "      outside the tests (set-up, tear-down, the framework)"
             << Counter << figureList(Rest) << "\n";
        if (Insts)
          OS << sitesText(F, L.Name, T, "      ")
             << retentionText(F, L.Name, T, "      ");
      }
      if (const Baseline::Entry *E = F.Known ? F.Known->accepts(L, T) : nullptr)
        OS << "      known (--baseline)"
           << (E->Reason.empty() ? "" : ": " + E->Reason) << "\n";
    }
  }
  printNotLeaks(OS, F, Opts);
  bool Second = F.HaveSites && !F.Layers.empty() && !F.leaks().empty();
  if (Second) {
    if (!F.Sites.Failure.empty())
      OS << "Creation sites: none: " << F.Sites.Failure << "\n";
    else if (F.Sites.Scanned)
      OS << "Creation sites and retention paths: from one more run of the "
            "leaking layers, two iterations, a scan of the process, and "
            "symbolising, in "
         << secs(F.Sites.Seconds) << " seconds.\n";
    else
      OS << "Creation sites: from one more run of the leaking layers, two "
            "iterations, and symbolising, in "
         << secs(F.Sites.Seconds) << " seconds.\n";
    if (F.Sites.LinesMissing)
      OS << "Creation sites: frames without a line have no debug "
            "information: compile with -g (or -gline-tables-only) to get "
            "FILE:LINE.\n";
    if (F.Sites.Failure.empty())
      printScanNotes(OS, F.Sites);
  }
  if (F.Known)
    for (size_t I = 0; I < F.Known->entries().size(); ++I) {
      const Baseline::Entry &E = F.Known->entries()[I];
      if (E.Matches)
        continue;
      OS << "leaktrace: --baseline " << F.Known->path() << " entry " << I + 1
         << " (type '" << E.TypePattern << "'"
         << (E.Test ? ", test '" + E.TestPattern + "'" : "")
         << ") matched 0 times: remove it\n";
    }
  if (!F.LeftOut.empty()) {
    OS << "Left out of every count above, counts that cannot be right:\n";
    for (const LeftOutType &Gone : F.LeftOut)
      OS << "  " << Gone.Type << " (insts " << Gone.Insts << ", refs "
         << Gone.Refs << ") from " << Gone.Layer << " iteration "
         << Gone.Iteration << ": " << Gone.reason() << "\n";
    // What each kind of reason among them means, once, and the fix.
    bool ByConstructor = false, ByNew = false, Code = false;
    for (const LeftOutType &Gone : F.LeftOut) {
      bool Negative = Gone.Flags & LEAKTRACE_COUNT_NEGATIVE;
      ByNew |= Negative && (Gone.Flags & LEAKTRACE_COUNT_BY_NEW);
      ByConstructor |= Negative && !(Gone.Flags & LEAKTRACE_COUNT_BY_NEW);
      Code |= Gone.Flags & LEAKTRACE_COUNT_UNCOUNTED_CODE;
    }
    if (ByConstructor)
      OS << LEAKTRACE_EXPLAIN_NEGATIVE "\n";
    if (ByNew)
      OS << LEAKTRACE_EXPLAIN_NEGATIVE_BY_NEW "\n";
    if (Code)
      OS << LEAKTRACE_EXPLAIN_UNCOUNTED_CODE "\n";
    OS << LEAKTRACE_EXPLAIN_FIX "\n";
  }
  if (F.UncountedClasses > 0)
    OS << F.UncountedClasses
       << (F.UncountedClasses == 1 ? " class of the program is"
                                 : " classes of the program are")
       << " not counted: compile with -fplugin-arg-leaktrace-remarks to list "
          "them and why.\n";
  OS.flush();
}

} // namespace leaktrace
