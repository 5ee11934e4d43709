// leaktrace's Catch2 adapter: the runner core (leaktrace/runner.h) over
// Catch2 v2 (the single header catch.hpp, installed or the project's copy)
// or v3 (the library, or its amalgamated header). Two entry points use it:
// catch2_main.cpp (a main of its own) and catch2_runner.cpp (which takes
// over the program's own Catch::Session::run()).
//
// Exactly the tests the core chose run, whatever their names hold (a test
// spec would read ',' '[' '*' '"' and '\' in them as syntax, and matches
// names without regard to case):
// - v3 runs them through its RunContext with a reporter of the runner's.
// - v2 declares its RunContext only where Catch2 is implemented, in the
//   program's file; the adapter marks the chosen tests with a tag of its own
//   and runs the session on that tag, with its reporter.

#include "catch2_adapter.h"

#include "catch2_header.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#ifndef LEAKTRACE_CATCH2_V3
// v2 declares Catch::Session only in the part of catch.hpp the program's
// file implements. Its member functions are called here by their symbols,
// defined there: `this` is their first argument under the Itanium C++ ABI.
namespace leaktrace {
namespace session {
Catch::ConfigData &configData(Catch::Session *S) __asm__(
    "_ZN5Catch7Session10configDataEv");
Catch::Config &config(Catch::Session *S) __asm__(
    "_ZN5Catch7Session6configEv");
void useConfigData(Catch::Session *S, const Catch::ConfigData &D) __asm__(
    "_ZN5Catch7Session13useConfigDataERKNS_10ConfigDataE");
int run(Catch::Session *S) __asm__("_ZN5Catch7Session3runEv");
} // namespace session
} // namespace leaktrace
#else
namespace leaktrace {
namespace session {
Catch::ConfigData &configData(Catch::Session *S) { return S->configData(); }
Catch::Config &config(Catch::Session *S) { return S->config(); }
void useConfigData(Catch::Session *S, const Catch::ConfigData &D) {
  S->useConfigData(D);
}
int run(Catch::Session *S) { return S->run(); }
} // namespace session
} // namespace leaktrace
#endif

// In leaktrace's namespace: the tool leaves frames of leaktrace:: out of
// creation sites, whatever the path the runner was compiled from.
namespace leaktrace {
namespace {

using leaktrace::runner::Outcome;
using leaktrace::runner::TestCase;
using leaktrace::runner::TestObserver;

// The observer of the run in progress: v2's session makes its reporter
// itself.
TestObserver *gObserver = nullptr;

#ifdef LEAKTRACE_CATCH2_V3
using CatchTest = Catch::TestCaseHandle;
const Catch::TestCaseInfo &infoOf(const CatchTest &T) {
  return T.getTestCaseInfo();
}
const Catch::TestCaseInfo &infoOf(const Catch::TestCaseStats &S) {
  return *S.testInfo;
}
std::vector<std::string> tagsOf(const Catch::TestCaseInfo &I) {
  std::vector<std::string> Tags;
  for (const Catch::Tag &T : I.tags)
    Tags.push_back("[" + std::string(T.original) + "]");
  return Tags;
}
using ListenerBase = Catch::EventListenerBase;
#else
using CatchTest = Catch::TestCase;
const Catch::TestCaseInfo &infoOf(const CatchTest &T) { return T; }
const Catch::TestCaseInfo &infoOf(const Catch::TestCaseStats &S) {
  return S.testInfo;
}
std::vector<std::string> tagsOf(const Catch::TestCaseInfo &I) {
  std::vector<std::string> Tags;
  for (const std::string &T : I.tags)
    Tags.push_back("[" + T + "]");
  return Tags;
}
using ListenerBase = Catch::TestEventListenerBase;

// The tag v2's layer runs select on (Catch2 compares tags in lower case).
const char ChosenTag[] = "leaktrace-chosen-test";
// The name the runner's reporter is registered under, in layer runs only.
const char ReporterName[] = "leaktrace-events";
#endif

/// Catch2's events, turned into the core's.
class ObserverReporter : public ListenerBase {
public:
#ifdef LEAKTRACE_CATCH2_V3
  ObserverReporter(const Catch::IConfig *Config, TestObserver &Observer)
      : ListenerBase(Config), Observer(Observer) {}
  void assertionEnded(const Catch::AssertionStats &S) override { record(S); }
#else
  explicit ObserverReporter(const Catch::ReporterConfig &Config)
      : ListenerBase(Config), Observer(*gObserver) {}
  static std::string getDescription() {
    return "leaktrace's runner: the tests' events, for the leaktrace tool";
  }
  bool assertionEnded(const Catch::AssertionStats &S) override {
    record(S);
    return true;
  }
#endif
  void testCaseStarting(const Catch::TestCaseInfo &I) override {
    Failures.clear();
    Observer.testStarted(I.name);
  }
  void testCaseEnded(const Catch::TestCaseStats &S) override {
    Outcome O = Outcome::Passed;
    if (S.totals.testCases.failed > 0)
      O = Outcome::Failed;
#ifdef LEAKTRACE_CATCH2_V3
    else if (S.totals.testCases.skipped > 0)
      O = Outcome::Skipped;
#endif
    Observer.testEnded(infoOf(S).name, O, Failures);
    Failures.clear();
  }

private:
  void record(const Catch::AssertionStats &S) {
    const Catch::AssertionResult &R = S.assertionResult;
    if (R.isOk())
      return;
    std::string File = R.getSourceInfo().file;
    size_t Slash = File.rfind('/');
    if (Slash != std::string::npos)
      File.erase(0, Slash + 1);
    std::string Summary;
    if (R.hasExpression()) {
      Summary = R.getExpressionInMacro();
      if (R.hasExpandedExpression())
        Summary += " with expansion: " + R.getExpandedExpression();
    }
    if (R.hasMessage())
      Summary += (Summary.empty() ? "" : ": ") + std::string(R.getMessage());
    Failures += File + ":" + std::to_string(R.getSourceInfo().line) + ": " +
                Summary + "\n";
  }

  TestObserver &Observer;
  std::string Failures;
};

#ifdef LEAKTRACE_CATCH2_V3
// A test spec naming exactly this test, for runs with Catch2's own output:
// the characters the spec grammar gives a meaning are escaped.
std::string specFor(const std::string &Name) {
  std::string Out;
  for (char C : Name) {
    if (strchr("\\,[]\"~*", C))
      Out += '\\';
    Out += C;
  }
  return Out;
}
#endif

class Catch2 : public leaktrace::runner::Framework {
public:
  explicit Catch2(Catch::Session &S) : Session(&S) {
    const Catch::Config &C = session::config(Session);
    for (const CatchTest &T : Catch::getAllTestCasesSorted(C)) {
      // Hidden tests ([.] or [!hide]) run only when named: not by the
      // runner.
      if (infoOf(T).isHidden())
        continue;
      All.push_back(&T);
      Selected.push_back(C.hasTestFilters() ? C.testSpec().matches(infoOf(T))
                                            : true);
    }
  }

  const char *name() const override { return "Catch2"; }

  std::vector<TestCase> tests() override {
    std::vector<TestCase> Out;
    for (const CatchTest *T : All)
      Out.push_back({infoOf(*T).name, tagsOf(infoOf(*T))});
    return Out;
  }

  int run(const std::vector<size_t> &Tests, TestObserver &Observer) override {
#ifdef LEAKTRACE_CATCH2_V3
    const Catch::IConfig *Config = &Session->config();
    // What Session::run() does first: v3's RunContext leaves the context's
    // configuration (its assertions read it) to its caller.
    Catch::getCurrentMutableContext().setConfig(Config);
    Catch::seedRng(*Config);
    Catch::RunContext Context(
        Config, Catch::Detail::make_unique<ObserverReporter>(Config, Observer));
    Catch::Totals Totals;
    for (size_t I : Tests)
      Totals += Context.runTest(*All[I]);
#else
    registerReporter();
    gObserver = &Observer;
    Catch::ConfigData Layer = session::configData(Session);
    // Catch2's own output stays out of the tool's report: the runner's
    // reporter alone, and no output file of the command line (Catch2 would
    // open it again, empty, for every run).
    Layer.reporterName = ReporterName;
    Layer.outputFilename.clear();
    runChosen(Tests, Layer);
    gObserver = nullptr;
#endif
    return 0;
  }

  bool selectedByCommandLine(size_t Test) override { return Selected[Test]; }

  int runWithOwnOutput(const std::vector<size_t> &Tests, bool Only) override {
    if (!Only)
      return session::run(Session);
#ifdef LEAKTRACE_CATCH2_V3
    Catch::ConfigData Saved = Session->configData();
    Catch::ConfigData Layer = Saved;
    // One spec, the names separated by ',' (its "or"): specs of their own
    // would all have to match.
    std::string Spec;
    for (size_t I : Tests)
      Spec += (Spec.empty() ? "" : ",") + specFor(infoOf(*All[I]).name);
    Layer.testsOrTags = {Spec};
    Session->useConfigData(Layer);
    int Status = Session->run();
    Session->useConfigData(Saved);
    return Status;
#else
    return runChosen(Tests, session::configData(Session));
#endif
  }

private:
#ifndef LEAKTRACE_CATCH2_V3
  /// Runs the session with \p Layer (copied) on exactly \p Tests, then
  /// restores its configuration and the tests' tags.
  int runChosen(const std::vector<size_t> &Tests, Catch::ConfigData Layer) {
    Catch::ConfigData Saved = session::configData(Session);
    Layer.testsOrTags = {std::string("[") + ChosenTag + "]"};
    // Filenames as tags (-#) would set every test's tags anew, ours lost.
    Layer.filenamesAsTags = false;
    std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>
        Own;
    for (size_t I : Tests) {
      Catch::TestCaseInfo &Info = mutableInfo(I);
      Own.emplace_back(Info.tags, Info.lcaseTags);
      Info.tags.push_back(ChosenTag);
      Info.lcaseTags.push_back(ChosenTag);
    }
    session::useConfigData(Session, Layer);
    int Status = session::run(Session);
    session::useConfigData(Session, Saved);
    for (size_t K = 0; K < Tests.size(); ++K) {
      Catch::TestCaseInfo &Info = mutableInfo(Tests[K]);
      Info.tags = std::move(Own[K].first);
      Info.lcaseTags = std::move(Own[K].second);
    }
    return Status;
  }

  // The registry's own test (Catch2 itself sets tags this way, for -#).
  Catch::TestCaseInfo &mutableInfo(size_t I) {
    return const_cast<CatchTest &>(*All[I]);
  }

  // Registered on the first layer run only: run directly, the program's
  // --list-reporters shows what it shows without leaktrace.
  static void registerReporter() {
    static Catch::ReporterRegistrar<ObserverReporter> Registrar(ReporterName);
  }
#endif

  Catch::Session *Session;
  std::vector<const CatchTest *> All;
  std::vector<bool> Selected;
};

} // namespace

bool catch2AnswersQuery(Catch::Session &S) {
  const Catch::ConfigData &D = session::configData(&S);
#ifdef LEAKTRACE_CATCH2_V3
  return D.showHelp || D.libIdentify || D.listTests || D.listTags ||
         D.listReporters || D.listListeners;
#else
  return D.showHelp || D.libIdentify || D.listTests || D.listTestNamesOnly ||
         D.listTags || D.listReporters;
#endif
}

int runCatch2Layers(Catch::Session &S) {
  Catch2 Framework(S);
  return runner::main(Framework);
}

} // namespace leaktrace
