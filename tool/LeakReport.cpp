//===- LeakReport.cpp - Render runner events the way zope.testrunner does -===//
//
// In C++ terms, after each iteration after the first:
//   sys refcount         the sum of insts and refs over every tracked type:
//                        live objects plus live strong smart-pointer handles
//   sum detail refcount  the sum of refs alone (the handles)
//   change               sys refcount minus its value one iteration before
// and the table lists, per type, the change of insts and refs.

#include "LeakReport.h"
#include "FactsJSON.h"

#include "leaktrace/events.h"
#include "leaktrace/leaktrace.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <set>

namespace leaktrace {

using llvm::json::Object;
namespace ev = events;
namespace key = events::key;

static std::string figureList(const std::vector<int64_t> &V) {
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

/// "SYMBOL (MODULE)" from the runtime, SYMBOL demangled.
static std::string demangledCode(llvm::StringRef Code) {
  auto [Symbol, Module] = Code.split(" (");
  std::string Name = llvm::demangle(Symbol.str());
  return Module.empty() ? Name : Name + " (" + Module.str();
}

void LeakReport::printIterationHeader() {
  if (IterationHeaderPrinted)
    return;
  IterationHeaderPrinted = true;
  if (Opts.Repeat > 1 && !Layers.empty())
    OS << "Iteration " << Layers.back().Iterations.size() + 1 << "\n";
  if (Opts.Verbose > 0)
    OS << "Running:\n";
}

llvm::Error LeakReport::consume(llvm::StringRef Line) {
  llvm::Expected<event::Event> E = event::decode(Line);
  if (!E)
    return E.takeError();
  AnyEvent = true;
  std::visit([&](const auto &Ev) { on(Ev); }, *E);
  return llvm::Error::success();
}

void LeakReport::on(const event::LayerStart &E) {
  Layers.push_back({E.Name, E.Tests, E.Order, {}});
  HavePrevious = false;
  OS << "Running " << Layers.back().Name << " tests:\n";
}

void LeakReport::on(const event::LayerSetUp &E) {
  OS << (E.TornDown ? "Tear down " : "Set up ") << E.Layer << " in "
     << secs(E.Seconds) << " seconds.\n";
}

void LeakReport::on(const event::LeftOver &) {
  OS << "Tearing down left over layers:\n";
}

void LeakReport::on(const event::TestStart &E) {
  // Sent by a buffering runner only when the test never ended.
  CurrentTest = E.Name;
  printIterationHeader();
}

void LeakReport::on(const event::TestEnd &E) {
  printIterationHeader();
  if (!Layers.empty()) {
    LayerFacts &L = Layers.back();
    auto [At, New] = L.TestRunIndex.try_emplace(E.Name, L.TestRuns.size());
    if (New)
      L.TestRuns.push_back(TestRecord{E.Name});
    TestRecord *R = &L.TestRuns[At->getValue()];
    ++R->Runs;
    R->Skips += E.Outcome == ev::Skipped;
    if (E.Outcome == ev::Failed && !R->Failures++) {
      R->FirstFailedIteration = unsigned(Layers.back().Iterations.size() + 1);
      R->FirstFailure = E.Message;
    }
  }
  if (Opts.Verbose > 0) {
    OS << (E.Outcome == ev::Passed    ? "."
           : E.Outcome == ev::Skipped ? "s"
                                      : "F");
    DotsOnLine = true;
  }
  if (E.Outcome == ev::Failed) {
    if (DotsOnLine)
      OS << "\n";
    DotsOnLine = false;
    OS << "\nFailure in test " << E.Name << "\n" << E.Message << "\n";
  }
  if (!E.Changes.empty()) {
    std::map<std::string, Delta> &Mine = PendingTestChanges[E.Name];
    for (const event::TypeCount &C : E.Changes) {
      Delta &D = Mine[C.Type];
      D.Insts += C.Insts;
      D.Refs += C.Refs;
    }
  }
  // A framework that catches fatal signals (Catch2, doctest) ends the
  // test as failed before the process dies of it: it stays the test to
  // name.
  if (E.Outcome == ev::Failed)
    CurrentTest = E.Name;
  else
    CurrentTest.clear();
}

void LeakReport::on(const event::Listed &E) { Listed.push_back(E.Name); }

void LeakReport::on(const event::NotInstrumented &) { NotInstrumented = true; }

void LeakReport::on(const event::RunnerError &E) { RunnerError = E.Message; }

void LeakReport::on(const event::Done &E) {
  Done = true;
  UncountedClasses = E.UncountedClasses;
}

void LeakReport::on(const event::Iteration &E) {
  CurrentTest.clear();
  if (Layers.empty())
    return;
  LayerFacts &L = Layers.back();
  IterationFacts It;
  It.Number = L.Iterations.size() + 1;
  It.Ran = E.Ran;
  It.Failures = E.Failures;
  It.Errors = E.Errors;
  It.Skipped = E.Skipped;
  It.Seconds = E.Seconds;

  // Rows are keyed by name: types of different translation units that share
  // a name (anonymous namespaces) are summed, as a reader sees one name.
  std::map<std::string, std::pair<int64_t, int64_t>> Now;
  std::map<std::string, uint32_t> Flags;
  std::map<std::string, std::string> Code;
  for (const event::TypeCount &C : E.Counts) {
    auto &Slot = Now[C.Type];
    Slot.first += C.Insts;
    Slot.second += C.Refs;
    if (C.Flags)
      Flags[C.Type] |= C.Flags;
    if (!C.UncountedCode.empty())
      Code[C.Type] = demangledCode(C.UncountedCode);
  }
  // Counts that cannot be right are left out from the first iteration that
  // shows them, and out of the previous iteration's too, so that the change
  // compares like with like.
  size_t NewlyLeftOut = 0;
  for (const auto &[Type, F] : Flags) {
    auto Known = std::find_if(
        LeftOut.begin(), LeftOut.end(),
        [&, &Type = Type](const LeftOutType &L) { return L.Type == Type; });
    if (Known == LeftOut.end()) {
      LeftOut.push_back({Type, L.Name, It.Number, Now[Type].first,
                         Now[Type].second, F, Code[Type]});
      ++NewlyLeftOut;
    }
  }
  It.TestChanges = std::move(PendingTestChanges);
  PendingTestChanges.clear();
  for (const LeftOutType &Gone : LeftOut) {
    Now.erase(Gone.Type);
    Previous.erase(Gone.Type);
    for (auto &Entry : It.TestChanges)
      Entry.second.erase(Gone.Type);
  }
  for (const auto &[Type, C] : Now) {
    It.SysRefcount += C.first + C.second;
    It.DetailRefcount += C.second;
  }
  It.Counts = Now;
  if (HavePrevious) {
    std::map<std::string, std::pair<int64_t, int64_t>> All = Now;
    for (const auto &[Type, C] : Previous)
      All.try_emplace(Type, 0, 0);
    for (const auto &[Type, C] : All) {
      auto P = Previous.find(Type);
      int64_t PI = P == Previous.end() ? 0 : P->second.first;
      int64_t PR = P == Previous.end() ? 0 : P->second.second;
      Delta D{C.first - PI, C.second - PR};
      if (D.Insts || D.Refs)
        It.Changes[Type] = D;
    }
  }

  if (DotsOnLine)
    OS << "\n";
  DotsOnLine = false;
  if (!IterationHeaderPrinted && Opts.Repeat > 1)
    OS << "Iteration " << It.Number << "\n"; // a layer with no test started
  IterationHeaderPrinted = false;
  printRanLine(It);

  for (size_t I = LeftOut.size() - NewlyLeftOut; I < LeftOut.size(); ++I) {
    const LeftOutType &Gone = LeftOut[I];
    OS << "leaktrace: " << Gone.Type << " insts " << Gone.Insts << " refs "
       << Gone.Refs << " cannot be right (" << Gone.reason()
       << "): left out of the counts from here on\n";
  }
  if (Opts.RefCounts && HavePrevious) {
    int64_t PreviousSys = 0;
    for (const auto &[Type, C] : Previous)
      PreviousSys += C.first + C.second;
    int64_t Change = It.SysRefcount - PreviousSys;
    if (Opts.Verbose > 0)
      OS << "sum detail refcount=" << It.DetailRefcount << " ";
    OS << "sys refcount=" << It.SysRefcount << " change=" << Change << "\n";
    if (Opts.Verbose > 0)
      printTable(It);
  }
  L.Iterations.push_back(std::move(It));
  Previous = std::move(Now);
  HavePrevious = true;
}

void LeakReport::printRanLine(const IterationFacts &It) {
  OS << "Ran " << It.Ran << " tests with " << It.Failures << " failures";
  if (It.Skipped)
    OS << ", " << It.Errors << " errors and " << It.Skipped << " skipped";
  else
    OS << " and " << It.Errors << " errors";
  OS << " in " << secs(It.Seconds) << " seconds.\n";
}

void LeakReport::printTable(const IterationFacts &It) {
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

void LeakReport::finish(double WallSeconds) {
  if (DotsOnLine)
    OS << "\n";
  if (Layers.size() > 1) {
    int64_t Tests = 0, Failures = 0, Errors = 0;
    for (const LayerFacts &L : Layers)
      for (const IterationFacts &It : L.Iterations) {
        Tests += It.Ran;
        Failures += It.Failures;
        Errors += It.Errors;
      }
    OS << "Total: " << Tests << " tests, " << Failures << " failures, "
       << Errors << " errors in " << secs(WallSeconds) << " seconds.\n";
  }
  bool Header = false;
  for (const LayerFacts &L : Layers) {
    std::vector<std::string> Types = leakingTypes(L);
    if (Types.empty())
      continue;
    if (!Header)
      OS << "Leak summary: types that grew in every iteration after the "
            "first:\n";
    Header = true;
    OS << "  " << L.Name << ":\n";
    for (const std::string &T : Types) {
      for (bool Insts : {true, false}) {
        std::vector<int64_t> Figures = L.figures(T, Insts);
        if (std::all_of(Figures.begin(), Figures.end(),
                        [](int64_t X) { return X == 0; }))
          continue;
        const char *Counter = Insts ? " insts" : " refs";
        OS << "    " << T << Counter << figureList(Figures) << "\n";
        // Which tests grew it, each time: what a user fixes.
        for (const std::string &Test : L.leakingTests(T, Insts))
          OS << "      in test " << Test << Counter
             << figureList(L.figures(T, Insts, Test)) << "\n";
        std::vector<int64_t> Rest = L.outsideTests(T, Insts);
        if (!Rest.empty())
          OS << "      outside the tests (set-up, tear-down, the framework)"
             << Counter << figureList(Rest) << "\n";
        if (Insts)
          OS << sitesText(L.Name, T, "      ")
             << retentionText(L.Name, T, "      ");
      }
      if (const Baseline::Entry *E = Known ? Known->accepts(L, T) : nullptr)
        OS << "      known (--baseline)"
           << (E->Reason.empty() ? "" : ": " + E->Reason) << "\n";
    }
  }
  printNotLeaks();
  bool Second = HaveSites && !Layers.empty() && !leaks().empty();
  if (Second) {
    if (!Sites.Failure.empty())
      OS << "Creation sites: none: " << Sites.Failure << "\n";
    else if (Sites.Scanned)
      OS << "Creation sites and retention paths: from one more run of the "
            "leaking layers, two iterations, a scan of the process, and "
            "symbolising, in "
         << secs(Sites.Seconds) << " seconds.\n";
    else
      OS << "Creation sites: from one more run of the leaking layers, two "
            "iterations, and symbolising, in "
         << secs(Sites.Seconds) << " seconds.\n";
    if (Sites.LinesMissing)
      OS << "Creation sites: frames without a line have no debug "
            "information: compile with -g (or -gline-tables-only) to get "
            "FILE:LINE.\n";
    if (Sites.Scanned && Sites.Failure.empty()) {
      if (!Sites.NoHeap.empty())
        OS << "Retention paths: the heap was not known (" << Sites.NoHeap
           << "): objects in it count as alive in memory leaktrace knows "
              "nothing of, and paths go through counted objects only.\n";
      if (Sites.ThreadsMissed)
        OS << "Retention paths: " << Sites.ThreadsMissed
           << (Sites.ThreadsMissed == 1 ? " thread" : " threads")
           << " did not stop for the scan (blocking its signal): what only "
              "their stacks and registers hold was not seen.\n";
      if (Sites.Unlisted)
        OS << "Retention paths: " << Sites.Unlisted
           << " objects are on paths beyond the 4096 the run lists.\n";
      if (Sites.MembersMissing)
        OS << "Retention paths: members shown as TYPE+0xOFFSET have no debug "
              "information: compile with -g to get their names.\n";
    }
  }
  if (Known)
    for (size_t I = 0; I < Known->entries().size(); ++I) {
      const Baseline::Entry &E = Known->entries()[I];
      if (E.Matches)
        continue;
      OS << "leaktrace: --baseline " << Known->path() << " entry " << I + 1
         << " (type '" << E.TypePattern << "'"
         << (E.Test ? ", test '" + E.TestPattern + "'" : "")
         << ") matched 0 times: remove it\n";
    }
  if (!LeftOut.empty()) {
    OS << "Left out of every count above, counts that cannot be right:\n";
    for (const LeftOutType &Gone : LeftOut)
      OS << "  " << Gone.Type << " (insts " << Gone.Insts << ", refs "
         << Gone.Refs << ") from " << Gone.Layer << " iteration "
         << Gone.Iteration << ": " << Gone.reason() << "\n";
    // What each kind of reason among them means, once, and the fix.
    bool ByConstructor = false, ByNew = false, Code = false;
    for (const LeftOutType &Gone : LeftOut) {
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
  if (UncountedClasses > 0)
    OS << UncountedClasses
       << (UncountedClasses == 1 ? " class of the program is"
                                 : " classes of the program are")
       << " not counted: compile with -fplugin-arg-leaktrace-remarks to list "
          "them and why.\n";
  OS.flush();
}

std::string LeakReport::sitesText(const std::string &Layer,
                                  const std::string &Type,
                                  const std::string &Indent) const {
  const std::vector<CreationSite> *All = sitesOf(Layer);
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
      Out = Indent + "created at (objects left by one more run of the "
                     "layer):\n";
    std::string Count = std::to_string(Objects);
    std::string Under(Count.size() + 2, ' ');
    bool First = true;
    for (const std::string &Line : Text) {
      Out += Indent + "  " + (First ? Count + "  " : Under) + Line + "\n";
      First = false;
    }
  }
  if (Out.empty())
    Out = Indent + "created at: unknown, one more run of the layer left "
                   "none of them\n";
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

std::string LeakReport::retentionText(const std::string &Layer,
                                      const std::string &Type,
                                      const std::string &Indent) const {
  const TypeRetention *R = retentionOf(Layer, Type);
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
  std::string Out = Indent + "one more run left " + std::to_string(F.total()) +
                    ": " + Parts + "\n";
  // Judged on the rest: how many more are really alive.
  if (R->Count.Known && F.ended())
    Out += Indent + "one more run left " +
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

void LeakReport::printNotLeaks() {
  bool Header = false;
  for (const LayerFacts &L : Layers) {
    std::vector<std::string> Types;
    for (const std::string &T : L.leakingTypes())
      if (notALeak(L, T))
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
      const TypeRetention &R = *retentionOf(L.Name, T);
      for (bool Insts : {true, false}) {
        std::vector<int64_t> Figures = L.figures(T, Insts);
        if (std::all_of(Figures.begin(), Figures.end(),
                        [](int64_t X) { return X == 0; }))
          continue;
        const char *Counter = Insts ? " insts" : " refs";
        OS << "    " << T << Counter << figureList(Figures) << "\n";
        for (const std::string &Test : L.leakingTests(T, Insts))
          OS << "      in test " << Test << Counter
             << figureList(L.figures(T, Insts, Test)) << "\n";
        if (!Insts)
          continue;
        // Its growth was Δlive + Δended + replaced; the recorded objects'
        // fates say how Of[ended] of it ended, older objects made over the
        // rest.
        std::string How = endings(R.Of, R.Count.endedGrowth() +
                                            R.Count.Replaced - R.Of.ended());
        OS << "      one more run: " << R.Count.LiveStart << " really alive "
           << "before it, " << R.Count.LiveEnd << " after"
           << (How.empty() ? "" : "; " + How) << "\n";
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

std::string LeakReport::position() const {
  if (Layers.empty())
    return "before any layer started";
  std::string P = "layer " + Layers.back().Name + ", iteration " +
                  std::to_string(Layers.back().Iterations.size() + 1);
  if (!CurrentTest.empty())
    P += ", test " + CurrentTest;
  return P;
}


static std::string xmlEscape(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    default:
      // XML 1.0 has no other control characters than tab and newlines.
      if ((unsigned char)C < 0x20 && C != '\n' && C != '\t' && C != '\r')
        Out += ' ';
      else
        Out += C;
    }
  }
  return Out;
}

void LeakReport::writeJUnit(llvm::raw_ostream &XML) const {
  XML << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (const LayerFacts &L : Layers) {
    // The leaks each test is to blame for, and those outside every test.
    std::map<std::string, std::string> Leaks;
    for (const std::string &T : leakingTypes(L)) {
      if (Known && Known->accepts(L, T))
        continue;
      for (bool Insts : {true, false}) {
        const char *Counter = Insts ? " insts" : " refs";
        // The creation sites are the layer's: under each test to blame.
        std::string Sites =
            Insts ? sitesText(L.Name, T, "  ") + retentionText(L.Name, T, "  ")
                  : "";
        for (const std::string &Test : L.leakingTests(T, Insts))
          Leaks[Test] += T + Counter + figureList(L.figures(T, Insts, Test)) +
                         "\n" + Sites;
        std::vector<int64_t> Rest = L.outsideTests(T, Insts);
        if (!Rest.empty())
          Leaks[""] += T + Counter + figureList(Rest) + "\n" + Sites;
      }
    }
    unsigned Failures = 0, Skipped = 0;
    for (const TestRecord &R : L.TestRuns) {
      Failures += R.Failures || Leaks.count(R.Name);
      Skipped += R.Skips == R.Runs && R.Runs;
    }
    bool Outside = Leaks.count("");
    XML << "  <testsuite name=\"" << xmlEscape(L.Name) << "\" tests=\""
        << L.TestRuns.size() + Outside << "\" failures=\"" << Failures + Outside
        << "\" skipped=\"" << Skipped << "\">\n";
    auto Case = [&](const std::string &Name, const TestRecord *R,
                    const std::string &Leak) {
      XML << "    <testcase classname=\"" << xmlEscape(L.Name) << "\" name=\""
          << xmlEscape(Name) << "\"";
      bool Failed = R && R->Failures;
      bool Skip = R && R->Skips == R->Runs && R->Runs;
      if (!Failed && Leak.empty() && !Skip) {
        XML << "/>\n";
        return;
      }
      XML << ">\n";
      if (Failed)
        XML << "      <failure message=\"failed in " << R->Failures << " of "
            << R->Runs << " runs, first in iteration "
            << R->FirstFailedIteration << "\">" << xmlEscape(R->FirstFailure)
            << "</failure>\n";
      if (!Leak.empty())
        XML << "      <failure type=\"leak\" message=\"grew in every "
               "iteration after the first\">"
            << xmlEscape(Leak) << "</failure>\n";
      if (Skip && !Failed)
        XML << "      <skipped/>\n";
      XML << "    </testcase>\n";
    };
    for (const TestRecord &R : L.TestRuns) {
      auto Leak = Leaks.find(R.Name);
      Case(R.Name, &R, Leak == Leaks.end() ? "" : Leak->second);
    }
    if (Outside)
      Case("(outside the tests)", nullptr, Leaks[""]);
    XML << "  </testsuite>\n";
  }
  XML << "</testsuites>\n";
}

llvm::json::Value LeakReport::toJSON(llvm::StringRef Verdict,
                                     double WallSeconds) const {
  return runToJSON(facts(), Verdict, WallSeconds);
}

} // namespace leaktrace
