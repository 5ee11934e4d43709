//===- leaktrace.cpp - the leaktrace command-line tool --------------------===//
//
//   leaktrace [options] -- PROGRAM [ARGS...]
// runs a test binary linked with a leaktrace runner, repeats its layers and
// prints zope.testrunner's leak report (parse -> run -> render).
//   leaktrace --cxxflags | --ldflags
// prints what a hand-written build adds to instrument a program, the way
// llvm-config does. Paths are found relative to this executable, so they are
// right both in the build tree (build/bin, build/lib, build/include) and in an
// installation, which has the same layout.
//
// Exit status (ToolError.h): 0 success, 1 test failures, 2 usage error, 3
// leak found with --fail-on-leak, 4 the program crashed, timed out or is no
// leaktrace runner (or an output file cannot be written, or leaktrace's
// installation is incomplete), 5 test failures and a leak found with
// --fail-on-leak. Every error is printed by reportError().
//
//===----------------------------------------------------------------------===//

#include "ChildProcess.h"
#include "FindFramework.h"
#include "FactsBuilder.h"
#include "FactsJSON.h"
#include "JUnitReport.h"
#include "TextReport.h"
#include "Watch.h"
#include "MergeShards.h"
#include "ToolError.h"

#include "leaktrace/events.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <csignal>
#include <cstring>
#include <string>

using namespace llvm;
using namespace leaktrace;

namespace {

cl::OptionCategory Category("leaktrace options");

/// `leaktrace merge [-r] [-v] [--json FILE] [--fail-on-leak] [--baseline
/// FILE] SHARD.json...`; the options it shares with a run name both.
cl::SubCommand MergeCommand("merge",
                            "Merge the --json reports of the shards of one "
                            "run into one report");
#define LEAKTRACE_RUN_AND_MERGE                                                \
  cl::sub(cl::SubCommand::getTopLevel()), cl::sub(MergeCommand)

cl::opt<bool> CxxFlags("cxxflags",
                       cl::desc("Print the compiler flags that instrument a "
                                "translation unit"),
                       cl::cat(Category));
cl::opt<bool> LdFlags("ldflags",
                      cl::desc("Print the linker flags that add the counting "
                               "runtime to an instrumented executable"),
                      cl::cat(Category));

cl::opt<bool> GtestLdFlags(
    "gtest-ldflags",
    cl::desc("Print the linker flags of a GoogleTest binary whose layers "
             "leaktrace runs (instead of gtest_main), for the system's "
             "GoogleTest"),
    cl::cat(Category));
cl::opt<bool> GtestRunnerLdFlags(
    "gtest-runner-ldflags",
    cl::desc("Print the linker flags of a GoogleTest binary that keeps its "
             "own main (or gtest_main): its RUN_ALL_TESTS() runs the layers "
             "under leaktrace, for the system's GoogleTest"),
    cl::cat(Category));
cl::opt<bool> Catch2LdFlags(
    "catch2-ldflags",
    cl::desc("Print the linker flags of a Catch2 binary whose layers "
             "leaktrace runs, for the system's Catch2 v2 (its main and "
             "implementation included)"),
    cl::cat(Category));
cl::opt<bool> Catch2RunnerLdFlags(
    "catch2-runner-ldflags",
    cl::desc("Print the linker flags of a Catch2 binary that keeps its own "
             "main (CATCH_CONFIG_MAIN or a Catch::Session, in a file "
             "compiled with the plugin): its Session::run() runs the layers "
             "under leaktrace, for the system's Catch2 v2"),
    cl::cat(Category));
cl::opt<bool> DoctestLdFlags(
    "doctest-ldflags",
    cl::desc("Print the linker flags of a doctest binary whose layers "
             "leaktrace runs, for the system's doctest (its main and "
             "implementation included)"),
    cl::cat(Category));
cl::opt<bool> DoctestRunnerLdFlags(
    "doctest-runner-ldflags",
    cl::desc("Print the linker flags of a doctest binary that keeps its own "
             "main (DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN or a doctest::Context, "
             "in a file compiled with the plugin): its Context::run() runs "
             "the layers under leaktrace, for the system's doctest"),
    cl::cat(Category));
cl::opt<std::string> RunnerSources(
    "runner-sources",
    cl::desc("Print the source files of the layer runner for FRAMEWORK "
             "(gtest, catch2 or doctest), to compile with a copy of the "
             "framework of your own"),
    cl::value_desc("FRAMEWORK"), cl::cat(Category));
cl::opt<int> ShardCount(
    "shard-count",
    cl::desc("Split the selected tests into N shards and run one of them "
             "(also TEST_TOTAL_SHARDS or GTEST_TOTAL_SHARDS)"),
    cl::init(0), cl::value_desc("N"), cl::cat(Category));
cl::opt<int>
    ShardIndex("shard-index",
               cl::desc("The shard to run, from 0 (also TEST_SHARD_INDEX or "
                        "GTEST_SHARD_INDEX)"),
               cl::init(-1), cl::value_desc("I"), cl::cat(Category));
cl::list<std::string> MergeInputs(cl::Positional, cl::desc("SHARD.json..."),
                                  cl::sub(MergeCommand), cl::cat(Category));
/// Arguments of a run before "--": a mistake the tool explains.
cl::list<std::string> StrayArguments(cl::Positional, cl::Hidden,
                                     cl::sub(cl::SubCommand::getTopLevel()));

cl::opt<unsigned> Repeat("repeat", cl::desc("Run each layer N times (-N)"),
                         cl::init(1), cl::value_desc("N"), cl::cat(Category));
cl::alias RepeatShort("N", cl::aliasopt(Repeat), cl::Prefix,
                      cl::desc("Alias for --repeat"), cl::cat(Category));
cl::opt<bool> RefCounts("report-refcounts",
                        cl::desc("After each iteration after the first, report "
                                 "the change of live objects (-r)"),
                        LEAKTRACE_RUN_AND_MERGE, cl::cat(Category));
cl::alias RefCountsShort("r", cl::aliasopt(RefCounts),
                         cl::desc("Alias for --report-refcounts"),
                         cl::cat(Category));
cl::opt<bool> Verbose("v",
                      cl::desc("More output; with -r the per-type table "
                               "(repeatable)"),
                      LEAKTRACE_RUN_AND_MERGE, cl::cat(Category));
cl::list<std::string>
    LayerPatterns("layer",
                  cl::desc("Run layers whose name matches REGEX (ECMAScript, "
                           "search); a leading ! excludes (repeatable)"),
                  cl::value_desc("REGEX"), cl::cat(Category));
cl::list<std::string>
    TestsPattern("tests-pattern",
                 cl::desc("Run tests whose Suite.test name matches REGEX "
                          "(ECMAScript, search); repeatable: a test matching "
                          "any runs (-t)"),
                 cl::value_desc("REGEX"), cl::cat(Category));
cl::alias TestsPatternShort("t", cl::aliasopt(TestsPattern),
                            cl::desc("Alias for --tests-pattern"),
                            cl::cat(Category));
cl::opt<bool> ListLayers("list-layers", cl::desc("List the selected layers"),
                         cl::cat(Category));
cl::opt<bool> ListTests("list-tests", cl::desc("List the selected tests"),
                        cl::cat(Category));
cl::opt<unsigned> Timeout("timeout",
                          cl::desc("Kill the program after SECONDS (0: never)"),
                          cl::init(0), cl::value_desc("SECONDS"),
                          cl::cat(Category));
cl::opt<bool> FailOnLeak("fail-on-leak",
                         cl::desc("Exit with status 3 when a type grows in "
                                  "every iteration after the first"),
                         LEAKTRACE_RUN_AND_MERGE, cl::cat(Category));
cl::opt<bool> NoCreationSites(
    "no-creation-sites",
    cl::desc("When a leak is found, do not run the leaking layers once more "
             "to show where their growing types' objects were made and what "
             "keeps them alive, nor to tell objects that ended without their "
             "destructor (pools, arenas) from leaks: every growing type is "
             "then a leak"),
    cl::cat(Category));
// Defined before the option that points at it: their initialisers run in
// order.
const std::string SiteFramesHelp =
    "Show at most N lines of frames of each creation site (default " +
    std::to_string(DefaultSiteFrames) +
    ", at least 2), from the one that made the objects to the test's, a run "
    "of one library's frames as one line; 0: every frame of the stack, none "
    "left out or collapsed";
cl::opt<unsigned> SiteFrames("site-frames", cl::desc(SiteFramesHelp),
                             cl::init(DefaultSiteFrames), cl::value_desc("N"),
                             cl::cat(Category));
cl::opt<std::string> BaselinePath(
    "baseline",
    cl::desc("Known growth (a JSON array of {\"type\", \"test\", "
             "\"reason\"}): reported as known, no leak for --fail-on-leak; "
             "entries that match nothing are reported stale"),
    cl::value_desc("FILE"), LEAKTRACE_RUN_AND_MERGE, cl::cat(Category));
cl::opt<std::string> JUnitPath(
    "junit",
    cl::desc("Also write JUnit XML to FILE: a testcase per test, its leaks "
             "as failures of the test that grew them"),
    cl::value_desc("FILE"), LEAKTRACE_RUN_AND_MERGE, cl::cat(Category));
cl::opt<std::string> JsonPath("json", cl::desc("Also write the facts to FILE"),
                              cl::value_desc("FILE"), LEAKTRACE_RUN_AND_MERGE,
                              cl::cat(Category));

/// `leaktrace watch [--every S] [--for S] ... -- PROGRAM ARGS` or
/// `leaktrace watch --attach PID|SOCKET`: its options are its own.
cl::SubCommand WatchCommand("watch",
                            "Sample a running program's per-type counts and "
                            "report the types that keep growing");
cl::opt<double> WatchEvery("every",
                           cl::desc("Sample every SECONDS (fractions allowed; "
                                    "default 1)"),
                           cl::init(1.0), cl::value_desc("SECONDS"),
                           cl::sub(WatchCommand), cl::cat(Category));
cl::opt<double> WatchFor("for",
                         cl::desc("Stop after SECONDS (default: when the "
                                  "program exits or on Ctrl-C)"),
                         cl::init(0.0), cl::value_desc("SECONDS"),
                         cl::sub(WatchCommand), cl::cat(Category));
cl::opt<double> WatchWindow(
    "window",
    cl::desc("Judge growth over windows of SECONDS: a type grows when its "
             "floor (the fewest alive in a window) rose in each of the last "
             "--rises windows (default 60)"),
    cl::init(60.0), cl::value_desc("SECONDS"), cl::sub(WatchCommand),
    cl::cat(Category));
cl::opt<unsigned> WatchRises("rises",
                             cl::desc("How many windows in a row a floor must "
                                      "rise (default 3)"),
                             cl::init(3), cl::value_desc("N"),
                             cl::sub(WatchCommand), cl::cat(Category));
cl::opt<std::string> WatchAttach(
    "attach",
    cl::desc("Watch a running program instead of starting one: its pid, or "
             "its socket (started with LEAKTRACE_CONTROL=PATH, %p the pid)"),
    cl::value_desc("PID|SOCKET"), cl::sub(WatchCommand), cl::cat(Category));
cl::opt<bool> WatchFailOnLeak("fail-on-leak",
                              cl::desc("Exit with status 3 when a type still "
                                       "grows at the end"),
                              cl::sub(WatchCommand), cl::cat(Category));
cl::opt<std::string> WatchBaseline(
    "baseline",
    cl::desc("Known growth (a JSON array of {\"type\", \"reason\"}): "
             "reported as known, no leak for --fail-on-leak"),
    cl::value_desc("FILE"), cl::sub(WatchCommand), cl::cat(Category));
cl::opt<bool> WatchNoSites(
    "no-sites",
    cl::desc("Do not record where growing types' objects are made (by "
             "default for one window, when they start growing)"),
    cl::sub(WatchCommand), cl::cat(Category));
cl::opt<bool> WatchPaths(
    "paths",
    cl::desc("Also tell, at the end of that window, what became of those "
             "objects and what keeps those alive alive (a scan of the "
             "program: every counted object is tracked from its start, which "
             "slows counting; see the README)"),
    cl::sub(WatchCommand), cl::cat(Category));
cl::opt<std::string> WatchJson("json",
                               cl::desc("Write the samples and the growing "
                                        "types to FILE"),
                               cl::value_desc("FILE"), cl::sub(WatchCommand),
                               cl::cat(Category));
cl::opt<std::string> WatchJsonLines(
    "json-lines",
    cl::desc("Write a JSON line per sample to FILE, as it is taken"),
    cl::value_desc("FILE"), cl::sub(WatchCommand), cl::cat(Category));
cl::opt<std::string> WatchPrometheus(
    "prometheus",
    cl::desc("Rewrite FILE each sample in Prometheus' text format (for "
             "node_exporter's textfile collector)"),
    cl::value_desc("FILE"), cl::sub(WatchCommand), cl::cat(Category));
cl::opt<std::string> WatchHtml("html",
                               cl::desc("Write a chart of the growing types "
                                        "over time to FILE (HTML, "
                                        "self-contained)"),
                               cl::value_desc("FILE"), cl::sub(WatchCommand),
                               cl::cat(Category));

/// One symbol defined by each member of libleaktrace_rt.a: naming them
/// undefined brings every member in. Read from the archive when it is built
/// (runtime/MemberSymbols.cmake).
constexpr StringRef RuntimeMemberSymbols[] = {
#include "RuntimeMembers.inc"
};

struct Layout {
  std::string Plugin, Runtime, GtestMain, GtestRunner, Catch2Main, Catch2Runner,
      DoctestMain, DoctestRunner, DynamicList, IncludeDir, RunnerDir, HeapShim;
};

std::string parentOf(StringRef Path) {
  return sys::path::parent_path(Path).str();
}

/// argv[0] of this run, for findLayout().
const char *ToolPath = "leaktrace";

Layout findLayout(const char *Argv0) {
  std::string Exe =
      sys::fs::getMainExecutable(Argv0, reinterpret_cast<void *>(&findLayout));
  SmallString<256> Prefix(parentOf(parentOf(Exe)));
  auto At = [&](StringRef A, StringRef B) {
    SmallString<256> P(Prefix);
    sys::path::append(P, A, B);
    return std::string(P);
  };
  SmallString<256> Include(Prefix);
  sys::path::append(Include, "include");
  // The runner's sources: installed in share/, read from the checkout in a
  // build tree.
  std::string RunnerDir = At("share", "leaktrace/runner");
  if (!sys::fs::is_directory(RunnerDir))
    RunnerDir = LEAKTRACE_SOURCE_RUNNER_DIR;
  return {At("lib", "leaktrace.so"),
          At("lib", "libleaktrace_rt.a"),
          At("lib", "libleaktrace_gtest_main.a"),
          At("lib", "libleaktrace_gtest_runner.a"),
          At("lib", "libleaktrace_catch2_main.a"),
          At("lib", "libleaktrace_catch2_runner.a"),
          At("lib", "libleaktrace_doctest_main.a"),
          At("lib", "libleaktrace_doctest_runner.a"),
          At("lib", "leaktrace.dynlist"),
          std::string(Include),
          RunnerDir,
          At("lib", "libleaktrace_heap.so")};
}

Error checkExists(StringRef Path) {
  if (sys::fs::exists(Path))
    return Error::success();
  return brokenError(Path + " is missing: build leaktrace completely (make) "
                            "or reinstall it");
}

/// Prints \p Message as a usage error; its exit status.
int usage(const Twine &Message) { return reportError(usageError(Message)); }

std::string signalName(int Sig) {
  const char *Abbrev = sigabbrev_np(Sig);
  return std::string("SIG") + (Abbrev ? Abbrev : std::to_string(Sig)) + " (" +
         strsignal(Sig) + ")";
}

/// The share of the suite to run: the tool's options, else Bazel's
/// variables, else GoogleTest's.
struct ShardChoice {
  int Index = 0, Count = 1;
  std::string StatusFile; ///< to touch: the runner honours sharding
};

const char *envValue(const char *Name) {
  const char *V = getenv(Name);
  return V && *V ? V : nullptr;
}

Expected<ShardChoice> chooseShard() {
  ShardChoice S;
  auto Number = [&](const char *Text, const char *What, int &Out) -> Error {
    char *End;
    long V = strtol(Text, &End, 10);
    if (*Text == '\0' || *End != '\0' || V < 0 || V > 1000000)
      return usageError(Twine(What) + " must be a number, not '" + Text + "'");
    Out = int(V);
    return Error::success();
  };
  if (ShardCount.getNumOccurrences() || ShardIndex.getNumOccurrences()) {
    if (!ShardCount.getNumOccurrences() || !ShardIndex.getNumOccurrences())
      return usageError("--shard-count and --shard-index go together");
    S.Count = ShardCount;
    S.Index = ShardIndex;
    if (S.Count < 1 || S.Index < 0 || S.Index >= S.Count)
      return usageError("--shard-index " + std::to_string(S.Index) +
                        " must be from 0 to --shard-count minus 1 (" +
                        std::to_string(S.Count - 1) + ")");
  } else {
    for (auto [Total, Index] :
         {std::pair{"TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX"},
          {"GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX"}}) {
      const char *T = envValue(Total), *I = envValue(Index);
      if (!T && !I)
        continue;
      if (!T || !I)
        return usageError(std::string(T ? Index : Total) + " is not set but " +
                          (T ? Total : Index) + " is: set both or neither");
      if (Error E = Number(T, Total, S.Count))
        return std::move(E);
      if (Error E = Number(I, Index, S.Index))
        return std::move(E);
      if (S.Count < 1 || S.Index >= S.Count)
        return usageError(std::string(Index) + "=" + I + " must be below " +
                          Total + "=" + T);
      break;
    }
  }
  if (const char *F = envValue("TEST_SHARD_STATUS_FILE"))
    S.StatusFile = F;
  else if (const char *F = envValue("GTEST_SHARD_STATUS_FILE"))
    S.StatusFile = F;
  return S;
}

/// What a binary without a working runner is, and what to link it with.
/// \p Why says what was seen: that it was not run (its symbols hold no
/// runner), or how it ended without writing an event.
std::string notARunner(StringRef Program, RunnerLink Link, StringRef Why) {
  std::string F = findTestFramework(Program);
  if (F == "GoogleTest") {
    if (Link == RunnerLink::KeepsMain)
      return Program.str() + " links leaktrace's runner for a main of its " +
             "own (leaktrace::gtest_runner), but no call of RUN_ALL_TESTS() " +
             "reached it" + Why.str() + ": either its main runs no " +
             "GoogleTest tests (then it is no test binary to run under " +
             "leaktrace), or it calls RUN_ALL_TESTS() where the link cannot " +
             "see (from a shared library, or from the file that compiles " +
             "GoogleTest itself): then link leaktrace::gtest_main instead, " +
             "which brings a main of its own";
    if (Link == RunnerLink::OwnMain)
      return Program.str() + " holds leaktrace's main (leaktrace::" +
             "gtest_main), but another main won the link (the program's " +
             "own, or one from an archive such as gtest_main)" + Why.str() +
             ": link leaktrace::gtest_runner instead, which keeps that main " +
             "(or add $(leaktrace --gtest-runner-ldflags) to the link)";
    return Program.str() + " is a GoogleTest binary without leaktrace's " +
           "runner" + Why.str() + ": link leaktrace::gtest_runner next to " +
           "its main or gtest_main (CMake), or add $(leaktrace " +
           "--gtest-runner-ldflags) to its link; both keep the program's " +
           "main";
  }
  if (F == "Catch2" || F == "doctest") {
    bool Catch2 = F == "Catch2";
    std::string Runner = Catch2 ? "catch2_runner" : "doctest_runner";
    std::string Main = Catch2 ? "catch2_main" : "doctest_main";
    std::string Run =
        Catch2 ? "Catch::Session::run()" : "doctest::Context::run()";
    std::string Implements =
        Catch2 ? "the file that defines CATCH_CONFIG_MAIN or "
                 "CATCH_CONFIG_RUNNER"
               : "the file that defines DOCTEST_CONFIG_IMPLEMENT(_WITH_MAIN)";
    std::string Flags =
        Catch2 ? "--catch2-runner-ldflags" : "--doctest-runner-ldflags";
    if (Link == RunnerLink::KeepsMain)
      return Program.str() + " links leaktrace's runner for a main of its " +
             "own (leaktrace::" + Runner + "), but no call of " + Run +
             " reached it" + Why.str() + ": either its main runs no " + F +
             " tests (then it is no test binary to run under leaktrace), or " +
             Implements + " was compiled without the plugin" +
             (Catch2 ? " and calls Session::run() from the same object" : "") +
             ": compile it with the plugin, or link leaktrace::" + Main +
             " instead, which brings a main of its own";
    if (Link == RunnerLink::OwnMain)
      return Program.str() + " holds leaktrace's main (leaktrace::" + Main +
             "), but another main won the link (the program's own" +
             (Catch2 ? ", or Catch2WithMain's" : "") + ")" + Why.str() +
             ": link leaktrace::" + Runner + " instead, which keeps that " +
             "main (or add $(leaktrace " + Flags + ") to the link)";
    return Program.str() + " is a " + F + " binary without leaktrace's " +
           "runner" + Why.str() + ": link leaktrace::" + Runner +
           " next to its main (CMake), or add $(leaktrace " + Flags +
           ") to its link; both keep the program's main, and " + Implements +
           " must be compiled with the plugin";
  }
  std::string Supported =
      "leaktrace runs the layers of GoogleTest, Catch2 (v2 and v3) and "
      "doctest suites: link leaktrace::gtest_runner, catch2_runner or "
      "doctest_runner next to the program's main (CMake), or link with "
      "$(leaktrace --gtest-runner-ldflags), --catch2-runner-ldflags or "
      "--doctest-runner-ldflags";
  if (!F.empty())
    return Program.str() + " is a " + F + " binary" + Why.str() + ", and " + F +
           " is not supported: " + Supported;
  return Program.str() + " does not run leaktrace layers" + Why.str() + ": " +
         Supported;
}

/// Catch2's own --shard-count/--shard-index among the program's arguments
/// are the tool's to follow (the runner picks the tests): taken out of
/// \p Command into the tool's options.
Error takeCatch2ShardArgs(std::vector<std::string> &Command) {
  for (size_t I = 1; I < Command.size();) {
    StringRef A = Command[I];
    cl::opt<int> *Target = A.starts_with("--shard-count")   ? &ShardCount
                           : A.starts_with("--shard-index") ? &ShardIndex
                                                            : nullptr;
    StringRef Name = A.split('=').first;
    if (!Target || (Name != "--shard-count" && Name != "--shard-index")) {
      ++I;
      continue;
    }
    std::string Value;
    size_t Taken = 1;
    if (A.contains('=')) {
      Value = A.split('=').second.str();
    } else if (I + 1 < Command.size()) {
      Value = Command[I + 1];
      Taken = 2;
    }
    int V;
    if (StringRef(Value).getAsInteger(10, V))
      return usageError(Name.str() + " of the program needs a number, not '" +
                        Value + "'");
    if (Target->getNumOccurrences()) {
      return usageError(Name.str() +
                        " is given both to leaktrace and to the program");
    }
    Target->addOccurrence(0, Name.drop_front(2), Value);
    Command.erase(Command.begin() + I, Command.begin() + I + Taken);
  }
  return Error::success();
}

int runLayers(std::vector<std::string> Command) {
  if (RefCounts && Repeat < 2)
    return usage("You must use the --repeat (-N) option to specify a repeat "
                 "count greater than one when using the --report-refcounts "
                 "(-r) option: the first iteration is the baseline the later "
                 "ones are compared with");
  if (Repeat < 1)
    return usage("--repeat (-N) must be at least 1");
  if (SiteFrames == 1)
    return usage("--site-frames must be 0 (every frame) or at least 2: the "
                 "frame that made the objects and the test's are always "
                 "shown");
  // A binary whose symbols hold no runner would run its whole suite once,
  // with its own output, before the tool could say so.
  const RunnerLink Link = findRunnerLink(Command[0]);
  if (Link == RunnerLink::None)
    return reportError(brokenError(
        notARunner(Command[0], RunnerLink::None, " (it was not run)")));
  if (Error E = takeCatch2ShardArgs(Command))
    return reportError(std::move(E));
  Expected<ShardChoice> Chosen = chooseShard();
  if (!Chosen)
    return reportError(Chosen.takeError());
  ShardChoice Shard = *Chosen;
  // The runner shards; GoogleTest would shard its share again.
  for (const char *Var :
       {"GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "GTEST_SHARD_STATUS_FILE"})
    unsetenv(Var);
  if (!Shard.StatusFile.empty()) {
    std::error_code EC;
    raw_fd_ostream Touch(Shard.StatusFile, EC, sys::fs::OF_Append);
    if (EC)
      return usage("cannot touch the shard status file " + Shard.StatusFile +
                   ": " + EC.message());
  }
  // The runner checks --layer and --tests-pattern (ECMAScript regular
  // expressions, std::regex) and answers with an "error" event.
  std::map<std::string, std::string> Env;
  Env[events::RepeatVar] = std::to_string(Repeat);
  std::string Layers;
  for (const std::string &P : LayerPatterns)
    Layers += P + "\n";
  Env[events::LayersVar] = Layers;
  std::string Tests;
  for (const std::string &P : TestsPattern)
    Tests += P + "\n";
  Env[events::TestsVar] = Tests;
  if (ListLayers || ListTests)
    Env[events::ListVar] = ListLayers ? "layers" : "tests";
  if (Shard.Count > 1)
    Env[events::ShardVar] =
        std::to_string(Shard.Index) + "/" + std::to_string(Shard.Count);

  ReportOptions Opts;
  Opts.Repeat = Repeat;
  Opts.RefCounts = RefCounts;
  Opts.Verbose = Verbose.getNumOccurrences();
  std::string Listing;
  raw_string_ostream Discard(Listing);
  raw_ostream &Out =
      (ListLayers || ListTests) ? static_cast<raw_ostream &>(Discard) : outs();
  Baseline Known;
  if (!BaselinePath.empty())
    if (Error E = Known.load(BaselinePath))
      return reportError(std::move(E));
  // Events become facts (FactsBuilder), which the text shows as they come
  // (LiveText) and the summary, --json and --junit render at the end.
  FactsBuilder Report;
  RunFacts &Facts = Report.facts();
  Facts.Repeat = Repeat;
  if (!BaselinePath.empty())
    Facts.Known = &Known;
  Facts.ShardIndex = unsigned(Shard.Index);
  Facts.ShardCount = unsigned(Shard.Count);
  LiveText Text(Opts, Out);
  double Wall = 0;
  auto Finish = [&] {
    Text.endLine();
    printSummary(Out, Facts, Opts, Wall);
    Out.flush();
  };
  if (Opts.Verbose > 0 && !(ListLayers || ListTests))
    outs() << "Running tests at level 1\n";

  auto Start = std::chrono::steady_clock::now();
  std::string Protocol;
  ChildResult R = runWithEvents(
      Command, Env, Timeout,
      [&](StringRef Line) {
        if (!Protocol.empty())
          return;
        Expected<event::Event> E = event::decode(Line);
        if (!E) {
          Protocol = toString(E.takeError()) + ": " + Line.str();
          return;
        }
        Report.apply(*E);
        Text.show(*E, Facts);
      },
      [&] { Text.flush(); });
  Wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
             .count();
  outs().flush();
  if (!R.Started)
    return reportError(brokenError(R.Error));
  if (ListLayers || ListTests)
    for (const std::string &Name : Report.listed())
      outs() << Name << "\n";

  if (!Report.runnerError().empty())
    return usage(Report.runnerError());
  if (Report.notInstrumented())
    return reportError(brokenError(
        Command[0] +
        " was not compiled with the leaktrace plugin, so it counts nothing: "
        "compile its sources with $(leaktrace --cxxflags) (or link "
        "leaktrace::gtest_main / leaktrace::instrument in CMake)"));
  std::string Verdict;
  int Status = Success;
  if (!Report.sawAnyEvent() && !R.TimedOut && R.Signal == 0)
    return reportError(brokenError(
        notARunner(Command[0], Link,
                   " (it wrote no runner events and exited with status " +
                       std::to_string(R.ExitCode) + ")")));
  if (!Protocol.empty()) {
    Status = reportError(brokenError(Command[0] +
                                     " wrote a line that is no runner event (" +
                                     Protocol + ")"));
    Verdict = "broken";
  } else if (R.TimedOut || R.Signal || !Report.sawDone()) {
    Finish();
    std::string How =
        R.TimedOut ? " did not finish within --timeout " +
                         std::to_string(Timeout) + " seconds and was killed"
        : R.Signal ? " was killed by " + signalName(R.Signal)
                   : " exited with status " + std::to_string(R.ExitCode) +
                         " before it finished";
    Status =
        reportError(brokenError(Command[0] + How + " in " + Report.position()));
    Verdict = R.TimedOut ? "timeout" : "crash";
  } else {
    // Where the leaked objects were made: a second run, watching the
    // growing types only, and only when some type grew.
    if (!(ListLayers || ListTests) && !NoCreationSites)
      if (auto Leaks = Facts.leaks(); !Leaks.empty()) {
        Facts.Sites = findCreationSites(
            Command, Env, Leaks, Timeout, findLayout(ToolPath).RunnerDir,
            SiteFrames, findLayout(ToolPath).HeapShim);
        Facts.HaveSites = true;
      }
    if (!(ListLayers || ListTests))
      Finish();
    Verdict = "ok";
    if (Facts.failures() > 0) {
      Status = TestFailures;
      Verdict = "failures";
    }
    if (Facts.foundLeak()) {
      Verdict = Status == TestFailures ? "failures and leak" : "leak";
      if (FailOnLeak)
        Status = Status == TestFailures ? FailuresAndLeak : Leak;
    }
  }
  if (Error E = writeOutput("--json", JsonPath, [&](raw_ostream &J) {
        J << formatv("{0:2}", runToJSON(Facts, Verdict, Wall)) << "\n";
      }))
    return reportError(std::move(E));
  if (Error E = writeOutput("--junit", JUnitPath,
                            [&](raw_ostream &X) { writeJUnit(X, Facts); }))
    return reportError(std::move(E));
  return Status;
}

} // namespace

/// leaktrace merge [-r] [-v] [--json FILE] [--fail-on-leak] SHARD.json...
int mergeShards() {
  std::vector<StoredRun> Runs;
  for (const std::string &Path : MergeInputs) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Path);
    if (!Text)
      return usage("cannot read " + Path + ": " + Text.getError().message());
    Expected<json::Value> V = json::parse((*Text)->getBuffer());
    StoredRun R;
    R.Path = Path;
    Error E = V ? runFromJSON(*V, R) : V.takeError();
    if (E)
      return usage(Path + ": " + toString(std::move(E)));
    Runs.push_back(std::move(R));
  }
  ReportOptions Opts;
  Opts.RefCounts = RefCounts;
  Opts.Verbose = Verbose.getNumOccurrences();
  Baseline Known;
  if (!BaselinePath.empty())
    if (Error E = Known.load(BaselinePath))
      return reportError(std::move(E));
  MergedReport Report(Opts, outs(), BaselinePath.empty() ? nullptr : &Known);
  if (Error E = Report.merge(std::move(Runs)))
    return reportError(std::move(E));
  Report.render();
  outs().flush();
  if (Error E = writeOutput("--json", JsonPath, [&](raw_ostream &J) {
        J << formatv("{0:2}", Report.toJSON()) << "\n";
      }))
    return reportError(std::move(E));
  if (!Report.brokenShard().empty())
    return reportError(brokenError(Report.brokenShard() +
                                   " is the report of a run that did not "
                                   "finish (" +
                                   Report.verdict() + ")"));
  bool Leaked = FailOnLeak && Report.foundLeak();
  if (Report.failures() > 0)
    return Leaked ? FailuresAndLeak : TestFailures;
  return Leaked ? Leak : Success;
}

int main(int argc, char **argv) {
  sys::PrintStackTraceOnErrorSignal(argv[0]);
  // Everything after "--" is the program to run and its arguments.
  std::vector<std::string> Command;
  int OwnArgs = argc;
  for (int I = 1; I < argc; ++I)
    if (strcmp(argv[I], "--") == 0) {
      OwnArgs = I;
      Command.assign(argv + I + 1, argv + argc);
      break;
    }

  cl::HideUnrelatedOptions(Category, cl::SubCommand::getTopLevel());
  cl::HideUnrelatedOptions(Category, MergeCommand);
  cl::HideUnrelatedOptions(Category, WatchCommand);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "leaktrace " << LEAKTRACE_VERSION << " (plugin for clang "
       << LEAKTRACE_LLVM_MAJOR << ")\n";
  });
  if (!cl::ParseCommandLineOptions(
          OwnArgs, argv,
          "leaktrace: count live C++ objects per type\n\n"
          "  Repeat the layers of a test binary linked with "
          "leaktrace::gtest_runner (or leaktrace::gtest_main):\n"
          "    leaktrace -N 4 -r -v -- ./tests\n"
          "  Merge the --json reports of the shards of one run:\n"
          "    leaktrace merge -r -v shard-0.json shard-1.json shard-2.json\n"
          "  Watch a running program's per-type counts for growth:\n"
          "    leaktrace watch --every 5 --for 1800 -- ./server\n"
          "  Instrument a hand-written build:\n"
          "    clang++-" +
              std::to_string(LEAKTRACE_LLVM_MAJOR) +
              " $(leaktrace --cxxflags) -c app.cpp\n"
              "    clang++-" +
              std::to_string(LEAKTRACE_LLVM_MAJOR) +
              " app.o $(leaktrace --ldflags) -o app\n\n"
              "  Exit status: 0 success, 1 test failures, 2 usage error, 3 "
              "leak found (--fail-on-leak), 4 the program crashed, timed out "
              "or is no leaktrace runner (or an output file cannot be "
              "written, or leaktrace's installation is incomplete), 5 test "
              "failures and a leak found (--fail-on-leak).\n",
          &errs()))
    return Usage;

  bool MainLdFlags = GtestLdFlags || GtestRunnerLdFlags || Catch2LdFlags ||
                     Catch2RunnerLdFlags || DoctestLdFlags ||
                     DoctestRunnerLdFlags;
  bool PrintsFlags =
      CxxFlags || LdFlags || MainLdFlags || RunnerSources.getNumOccurrences();
  if (WatchCommand) {
    if (Repeat.getNumOccurrences() + LayerPatterns.getNumOccurrences() +
                TestsPattern.getNumOccurrences() + PrintsFlags >
            0 ||
        !StrayArguments.empty())
      return usage("watch takes its own options (see leaktrace watch --help) "
                   "and the program after '--'");
    if (Command.empty() == WatchAttach.empty())
      return usage(Command.empty()
                       ? "watch: give the program after '--' (leaktrace watch "
                         "-- ./server), or --attach PID"
                       : "watch: give --attach or a program after '--', not "
                         "both");
    if (!(WatchEvery > 0) || !(WatchFor >= 0) || !(WatchWindow > 0) ||
        WatchRises < 1)
      return usage("watch: --every and --window must be more than 0 seconds, "
                   "--for 0 or more, --rises 1 or more");
    if (WatchWindow < 2 * WatchEvery)
      return usage("watch: --window " + std::to_string(WatchWindow.getValue()) +
                   " holds fewer than two samples of --every " +
                   std::to_string(WatchEvery.getValue()) +
                   ": a floor needs several samples (make --window at least "
                   "twice --every)");
    Baseline Known;
    if (!WatchBaseline.empty())
      if (Error E = Known.load(WatchBaseline))
        return reportError(std::move(E));
    WatchOptions O;
    O.Every = WatchEvery;
    O.For = WatchFor;
    O.Rule.WindowSeconds = WatchWindow;
    O.Rule.Rises = WatchRises;
    O.FailOnLeak = WatchFailOnLeak;
    O.Attach = WatchAttach;
    O.JsonPath = WatchJson;
    O.JsonLinesPath = WatchJsonLines;
    O.PrometheusPath = WatchPrometheus;
    O.HtmlPath = WatchHtml;
    O.Known = WatchBaseline.empty() ? nullptr : &Known;
    O.Terminal = sys::Process::StandardOutIsDisplayed();
    O.Sites = !WatchNoSites;
    O.Paths = WatchPaths;
    if (O.Paths && !O.Sites)
      return usage("watch: --paths are of the objects whose sites are "
                   "recorded: drop --no-sites");
    O.HeapShim = findLayout(ToolPath).HeapShim;
    return watchProgram(Command, O);
  }
  if (MergeCommand) {
    // LLVM's parser lets a subcommand take the top level's options too.
    bool RunOption =
        Repeat.getNumOccurrences() + LayerPatterns.getNumOccurrences() +
            TestsPattern.getNumOccurrences() + ListLayers.getNumOccurrences() +
            ListTests.getNumOccurrences() + Timeout.getNumOccurrences() +
            NoCreationSites.getNumOccurrences() +
            SiteFrames.getNumOccurrences() + ShardCount.getNumOccurrences() +
            ShardIndex.getNumOccurrences() >
        0;
    if (!Command.empty() || PrintsFlags || RunOption)
      return usage("merge takes only the --json files of shards (and -r, -v, "
                   "--json, --fail-on-leak, --baseline)");
    if (MergeInputs.empty())
      return usage("merge: give the --json files of every shard");
    if (!JUnitPath.empty())
      return usage("merge writes no --junit: the shards' JSON holds no test "
                   "outcomes; give --junit to each shard's run");
    return mergeShards();
  }
  if (!StrayArguments.empty())
    return usage("unexpected argument '" + StrayArguments.front() +
                 "': the program to run comes after '--' (leaktrace -N 4 -r "
                 "-- ./tests), or did you mean `leaktrace merge`?");
  if (!Command.empty()) {
    if (PrintsFlags)
      return usage("--cxxflags, --ldflags, the --*-ldflags of the frameworks "
                   "and --runner-sources take no program to run");
    ToolPath = argv[0];
    return runLayers(Command);
  }
  if (OwnArgs != argc)
    return usage("no program after '--'");
  if (!PrintsFlags)
    return usage("nothing to do: give a program after '--' to run its "
                 "layers, --cxxflags / --ldflags / --gtest-runner-ldflags (and "
                 "the other frameworks' --*-ldflags) / --runner-sources, or "
                 "merge (see --help)");
  if (int(GtestLdFlags) + int(GtestRunnerLdFlags) + int(Catch2LdFlags) +
          int(Catch2RunnerLdFlags) + int(DoctestLdFlags) +
          int(DoctestRunnerLdFlags) >
      1)
    return usage("a binary has one test framework and one main: give one of "
                 "--gtest-ldflags, --gtest-runner-ldflags, --catch2-ldflags, "
                 "--catch2-runner-ldflags, --doctest-ldflags and "
                 "--doctest-runner-ldflags");
  Layout L = findLayout(argv[0]);
  if (RunnerSources.getNumOccurrences()) {
    if (CxxFlags || LdFlags || MainLdFlags)
      return usage("--runner-sources prints file names: give it alone");
    StringRef F = RunnerSources;
    if (F != "gtest" && F != "catch2" && F != "doctest")
      return usage("--runner-sources=" + F.str() +
                   ": the frameworks are gtest, catch2 and doctest");
    // The core, the framework's adapter (shared with the runner that keeps
    // the program's main) and leaktrace's main.
    std::vector<std::string> Files{L.RunnerDir + "/core/Runner.cpp",
                                   L.RunnerDir + "/" + F.str() + "/" + F.str() +
                                       "_adapter.cpp"};
    Files.push_back(L.RunnerDir + "/" + F.str() + "/" + F.str() + "_main.cpp");
    for (const std::string &File : Files)
      if (Error E = checkExists(File))
        return reportError(std::move(E));
    outs() << join(Files, " ") << "\n";
    return 0;
  }
  std::string Line;
  if (CxxFlags) {
    for (StringRef Needed : {L.Plugin, L.IncludeDir})
      if (Error E = checkExists(Needed))
        return reportError(std::move(E));
    // -isystem: the plugin leaves system headers alone, so the runtime's own
    // structs get no remarks.
    Line += "-fplugin=" + L.Plugin + " -isystem " + L.IncludeDir;
  }
  std::string MainArchive = GtestLdFlags           ? L.GtestMain
                            : GtestRunnerLdFlags   ? L.GtestRunner
                            : Catch2LdFlags        ? L.Catch2Main
                            : Catch2RunnerLdFlags  ? L.Catch2Runner
                            : DoctestLdFlags       ? L.DoctestMain
                            : DoctestRunnerLdFlags ? L.DoctestRunner
                                                   : "";
  if (LdFlags || MainLdFlags) {
    std::vector<StringRef> Needed{L.Runtime, L.DynamicList};
    if (MainLdFlags)
      Needed.push_back(MainArchive);
    for (StringRef File : Needed)
      if (Error E = checkExists(File))
        return reportError(std::move(E));
    if (!Line.empty())
      Line += ' ';
    // Build systems put linker flags before the object files (LDFLAGS,
    // CMAKE_EXE_LINKER_FLAGS), where an archive is searched before anything
    // needs it: one symbol of each of the runtime's members is made
    // undefined first, so that the whole runtime comes in wherever the flags
    // land. Not --whole-archive: a test binary gets the global --ldflags and
    // its own --gtest-ldflags, and a second whole copy of the runtime would
    // define everything twice; a second search of an archive adds nothing.
    // The runner needs nothing of the kind: the C start-up code (always
    // first) needs main, which brings it in, and it brings in GoogleTest
    // (Debian's is one object); a program with a main of its own never takes
    // it. A shared GoogleTest is kept even where --as-needed is the default.
    // The runner that keeps the program's main takes its RUN_ALL_TESTS()
    // (runner/gtest/gtest_runner.cmake), and --undefined brings it in.
    // Catch2's takes Session::run() (runner/catch2/catch2_runner.cmake).
    if (GtestRunnerLdFlags || Catch2RunnerLdFlags) {
      std::string Run = GtestRunnerLdFlags
                            ? LEAKTRACE_GTEST_RUN_SYMBOL
                            : testRunSymbol(LEAKTRACE_FRAMEWORK_CATCH2);
      Line += "-Wl,--wrap=" + Run + " -Wl,--undefined=__wrap_" + Run + " ";
    }
    // doctest's is reached by the plugin's weak reference to the hook
    // alone, which brings no archive member in
    // (runner/doctest/doctest_runner.cmake).
    if (DoctestRunnerLdFlags)
      Line += "-Wl,--undefined=" LEAKTRACE_TAKE_OVER_RUN_SYMBOL " ";
    if (MainLdFlags)
      Line += MainArchive + " ";
    for (StringRef Member : RuntimeMemberSymbols)
      Line += ("-Wl,--undefined=" + Member + " ").str();
    Line += L.Runtime + " -Wl,--dynamic-list=" + L.DynamicList;
    if (GtestLdFlags || GtestRunnerLdFlags)
      Line += " -Wl,--push-state,--no-as-needed -lgtest -Wl,--pop-state "
              "-pthread";
  }
  outs() << Line << '\n';
  return 0;
}
