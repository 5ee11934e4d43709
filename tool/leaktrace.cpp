//===- leaktrace.cpp - the leaktrace command-line tool --------------------===//
//
//   leaktrace [options] -- PROGRAM [ARGS...]
// runs a test binary linked with leaktrace_gtest_main, repeats its layers and
// prints zope.testrunner's leak report (parse -> run -> render).
//   leaktrace --cxxflags | --ldflags
// prints what a hand-written build adds to instrument a program, the way
// llvm-config does. Paths are found relative to this executable, so they are
// right both in the build tree (build/bin, build/lib, build/include) and in an
// installation, which has the same layout.
//
// Exit status: 0 success, 1 test failures, 2 usage error, 3 leak found with
// --fail-on-leak, 4 the program crashed, timed out or is no leaktrace runner.
//
//===----------------------------------------------------------------------===//

#include "ChildProcess.h"
#include "LeakReport.h"

#include "leaktrace/events.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <csignal>
#include <cstring>
#include <string>

using namespace llvm;
using namespace leaktrace;

namespace {

cl::OptionCategory Category("leaktrace options");

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
             "leaktrace runs (instead of gtest_main)"),
    cl::cat(Category));

cl::opt<unsigned> Repeat("repeat", cl::desc("Run each layer N times (-N)"),
                        cl::init(1), cl::value_desc("N"), cl::cat(Category));
cl::alias RepeatShort("N", cl::aliasopt(Repeat), cl::Prefix,
                      cl::desc("Alias for --repeat"), cl::cat(Category));
cl::opt<bool> RefCounts("report-refcounts",
                        cl::desc("After each iteration after the first, report "
                                 "the change of live objects (-r)"),
                        cl::cat(Category));
cl::alias RefCountsShort("r", cl::aliasopt(RefCounts),
                         cl::desc("Alias for --report-refcounts"),
                         cl::cat(Category));
cl::opt<bool> Verbose("v", cl::desc("More output; with -r the per-type table "
                                    "(repeatable)"),
                      cl::cat(Category));
cl::list<std::string> LayerPatterns(
    "layer", cl::desc("Run layers whose name matches REGEX (ECMAScript, "
                      "search); a leading ! excludes (repeatable)"),
    cl::value_desc("REGEX"), cl::cat(Category));
cl::opt<std::string> TestsPattern("tests-pattern",
                                  cl::desc("Run tests whose Suite.test name "
                                           "matches REGEX (-t)"),
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
                         cl::cat(Category));
cl::opt<std::string> JsonPath("json", cl::desc("Also write the facts to FILE"),
                              cl::value_desc("FILE"), cl::cat(Category));

enum ExitStatus { Success = 0, TestFailures = 1, Usage = 2, Leak = 3, Broken = 4 };

/// One symbol defined by each member of libleaktrace_rt.a (counters.cpp,
/// report.cpp): naming them undefined brings every member in. Keep it in
/// step with the runtime's sources (runtime/CMakeLists.txt).
constexpr StringRef RuntimeMemberSymbols[] = {"__leaktrace_construct",
                                              "leaktrace_write_report"};

struct Layout {
  std::string Plugin, Runtime, GtestMain, DynamicList, IncludeDir;
};

std::string parentOf(StringRef Path) { return sys::path::parent_path(Path).str(); }

Layout findLayout(const char *Argv0) {
  std::string Exe = sys::fs::getMainExecutable(
      Argv0, reinterpret_cast<void *>(&findLayout));
  SmallString<256> Prefix(parentOf(parentOf(Exe)));
  auto At = [&](StringRef A, StringRef B) {
    SmallString<256> P(Prefix);
    sys::path::append(P, A, B);
    return std::string(P);
  };
  SmallString<256> Include(Prefix);
  sys::path::append(Include, "include");
  return {At("lib", "leaktrace.so"), At("lib", "libleaktrace_rt.a"),
          At("lib", "libleaktrace_gtest_main.a"), At("lib", "leaktrace.dynlist"),
          std::string(Include)};
}

bool checkExists(StringRef Path) {
  if (sys::fs::exists(Path))
    return true;
  errs() << "leaktrace: error: " << Path
         << " is missing: build leaktrace completely (make) or reinstall it\n";
  return false;
}

int usage(const std::string &Message) {
  errs() << "leaktrace: error: " << Message << "\n";
  return Usage;
}

std::string signalName(int Sig) {
  const char *Abbrev = sigabbrev_np(Sig);
  return std::string("SIG") + (Abbrev ? Abbrev : std::to_string(Sig)) + " (" +
         strsignal(Sig) + ")";
}

int runLayers(const std::vector<std::string> &Command) {
  if (RefCounts && Repeat < 2)
    return usage("You must use the --repeat (-N) option to specify a repeat "
                 "count greater than one when using the --report-refcounts "
                 "(-r) option: the first iteration is the baseline the later "
                 "ones are compared with");
  if (Repeat < 1)
    return usage("--repeat (-N) must be at least 1");
  // The runner checks --layer and --tests-pattern (ECMAScript regular
  // expressions, std::regex) and answers with an "error" event.
  std::map<std::string, std::string> Env;
  Env[events::RepeatVar] = std::to_string(Repeat);
  std::string Layers;
  for (const std::string &P : LayerPatterns)
    Layers += P + "\n";
  Env[events::LayersVar] = Layers;
  Env[events::TestsVar] = TestsPattern;
  if (ListLayers || ListTests)
    Env[events::ListVar] = ListLayers ? "layers" : "tests";

  ReportOptions Opts;
  Opts.Repeat = Repeat;
  Opts.RefCounts = RefCounts;
  Opts.Verbose = Verbose.getNumOccurrences();
  std::string Listing;
  raw_string_ostream Discard(Listing);
  raw_ostream &Out = (ListLayers || ListTests) ? static_cast<raw_ostream &>(Discard) : outs();
  LeakReport Report(Opts, Out);
  if (Opts.Verbose > 0 && !(ListLayers || ListTests))
    outs() << "Running tests at level 1\n";

  auto Start = std::chrono::steady_clock::now();
  std::string Protocol;
  ChildResult R = runWithEvents(Command, Env, Timeout, [&](StringRef Line) {
    std::string E;
    if (Protocol.empty() && !Report.consume(Line, E))
      Protocol = E + ": " + Line.str();
  });
  double Wall = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                              Start)
                    .count();
  outs().flush();
  if (!R.Started) {
    errs() << "leaktrace: error: " << R.Error << "\n";
    return Broken;
  }
  if (ListLayers || ListTests)
    for (const std::string &Name : Report.listed())
      outs() << Name << "\n";

  if (!Report.runnerError().empty())
    return usage(Report.runnerError());
  if (Report.notInstrumented()) {
    errs() << "leaktrace: error: " << Command[0]
           << " was not compiled with the leaktrace plugin, so it counts "
              "nothing: compile its sources with $(leaktrace --cxxflags) (or "
              "link leaktrace::gtest_main / leaktrace::instrument in CMake)\n";
    return Broken;
  }
  std::string Verdict;
  int Status = Success;
  if (!Report.sawAnyEvent() && !R.TimedOut && R.Signal == 0) {
    errs() << "leaktrace: error: " << Command[0]
           << " does not run leaktrace layers (it wrote no runner events and "
              "exited with status "
           << R.ExitCode
           << "): link it with leaktrace::gtest_main instead of gtest_main "
              "(CMake), or compile with $(leaktrace --cxxflags) and link with "
              "$(leaktrace --gtest-ldflags)\n";
    return Broken;
  }
  if (!Protocol.empty()) {
    errs() << "leaktrace: error: " << Command[0]
           << " wrote a line that is no runner event (" << Protocol << ")\n";
    Status = Broken;
    Verdict = "broken";
  } else if (R.TimedOut || R.Signal || !Report.sawDone()) {
    Report.finish(Wall);
    errs() << "leaktrace: error: " << Command[0];
    if (R.TimedOut)
      errs() << " did not finish within --timeout " << Timeout
             << " seconds and was killed";
    else if (R.Signal)
      errs() << " was killed by " << signalName(R.Signal);
    else
      errs() << " exited with status " << R.ExitCode << " before it finished";
    errs() << " in " << Report.position() << "\n";
    Status = Broken;
    Verdict = R.TimedOut ? "timeout" : "crash";
  } else {
    if (!(ListLayers || ListTests))
      Report.finish(Wall);
    Verdict = "ok";
    if (Report.failures() > 0) {
      Status = TestFailures;
      Verdict = "failures";
    }
    if (Report.foundLeak()) {
      Verdict = Status == TestFailures ? "failures and leak" : "leak";
      if (FailOnLeak && Status == Success)
        Status = Leak;
    }
  }
  if (!JsonPath.empty()) {
    std::error_code EC;
    raw_fd_ostream J(JsonPath, EC);
    if (EC) {
      errs() << "leaktrace: error: cannot write --json " << JsonPath << ": "
             << EC.message() << "\n";
      return Broken;
    }
    J << formatv("{0:2}", Report.toJSON(Verdict, Wall)) << "\n";
  }
  return Status;
}

} // namespace

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

  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "leaktrace " << LEAKTRACE_VERSION << " (plugin for clang "
       << LEAKTRACE_LLVM_MAJOR << ")\n";
  });
  if (!cl::ParseCommandLineOptions(
          OwnArgs, argv,
          "leaktrace: count live C++ objects per type\n\n"
          "  Repeat the layers of a test binary linked with "
          "leaktrace::gtest_main:\n"
          "    leaktrace -N 4 -r -v -- ./tests\n"
          "  Instrument a hand-written build:\n"
          "    clang++-" + std::to_string(LEAKTRACE_LLVM_MAJOR) +
              " $(leaktrace --cxxflags) -c app.cpp\n"
              "    clang++-" + std::to_string(LEAKTRACE_LLVM_MAJOR) +
              " app.o $(leaktrace --ldflags) -o app\n\n"
              "  Exit status: 0 success, 1 test failures, 2 usage error, 3 "
              "leak found (--fail-on-leak), 4 the program crashed, timed out "
              "or is no leaktrace runner.\n",
          &errs()))
    return Usage;

  if (!Command.empty()) {
    if (CxxFlags || LdFlags || GtestLdFlags)
      return usage("--cxxflags, --ldflags and --gtest-ldflags take no program "
                   "to run");
    return runLayers(Command);
  }
  if (OwnArgs != argc)
    return usage("no program after '--'");
  if (!CxxFlags && !LdFlags && !GtestLdFlags)
    return usage("nothing to do: give a program after '--' to run its "
                 "layers, or --cxxflags / --ldflags / --gtest-ldflags (see "
                 "--help)");
  Layout L = findLayout(argv[0]);
  std::string Line;
  if (CxxFlags) {
    if (!checkExists(L.Plugin) || !checkExists(L.IncludeDir))
      return 1;
    // -isystem: the plugin leaves system headers alone, so the runtime's own
    // structs get no remarks.
    Line += "-fplugin=" + L.Plugin + " -isystem " + L.IncludeDir;
  }
  if (LdFlags || GtestLdFlags) {
    if (!checkExists(L.Runtime) || !checkExists(L.DynamicList) ||
        (GtestLdFlags && !checkExists(L.GtestMain)))
      return 1;
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
    if (GtestLdFlags)
      Line += L.GtestMain + " ";
    for (StringRef Member : RuntimeMemberSymbols)
      Line += ("-Wl,--undefined=" + Member + " ").str();
    Line += L.Runtime + " -Wl,--dynamic-list=" + L.DynamicList;
    if (GtestLdFlags)
      Line += " -Wl,--push-state,--no-as-needed -lgtest -Wl,--pop-state "
              "-pthread";
  }
  outs() << Line << '\n';
  return 0;
}
