// leaktrace's Catch2 main: the runner core (leaktrace/runner.h) over Catch2
// v2 (the single header, catch2/catch.hpp) or v3 (the library). Link it
// instead of Catch2::Catch2WithMain (v3) or instead of the translation unit
// that defines CATCH_CONFIG_MAIN (v2).
//
// Under the tool, tests run through Catch2's RunContext with a reporter of
// the runner's own: exactly the tests the core chose, whatever their names
// hold (a test spec would treat ',' '[' '*' '"' and '\' in them as syntax).

#include "leaktrace/runner.h"

#if __has_include(<catch2/catch_session.hpp>)
#define LEAKTRACE_CATCH2_V3 1
#include <catch2/catch_session.hpp>
#include <catch2/catch_test_case_info.hpp>
#include <catch2/catch_test_spec.hpp>
#include <catch2/internal/catch_context.hpp>
#include <catch2/internal/catch_run_context.hpp>
#include <catch2/internal/catch_test_case_registry_impl.hpp>
#include <catch2/reporters/catch_reporter_event_listener.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#endif

#include <cstring>
#include <memory>
#include <string>
#include <vector>

// In leaktrace's namespace: the tool leaves frames of leaktrace:: out of
// creation sites, whatever the path the runner was compiled from.
namespace leaktrace {
namespace {

using leaktrace::runner::Outcome;
using leaktrace::runner::TestCase;
using leaktrace::runner::TestObserver;

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
#endif

/// Catch2's events, turned into the core's.
class ObserverReporter : public ListenerBase {
public:
#ifdef LEAKTRACE_CATCH2_V3
  ObserverReporter(const Catch::IConfig *Config, TestObserver &Observer)
      : ListenerBase(Config), Observer(Observer) {}
  void assertionEnded(const Catch::AssertionStats &S) override { record(S); }
#else
  ObserverReporter(const Catch::ReporterConfig &Config, TestObserver &Observer)
      : ListenerBase(Config), Observer(Observer) {}
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

class Catch2 : public leaktrace::runner::Framework {
public:
  explicit Catch2(Catch::Session &S) : Session(S) {
    for (const CatchTest &T : Catch::getAllTestCasesSorted(Session.config()))
      // Hidden tests ([.] or [!hide]) run only when named: not by the
      // runner.
      if (!infoOf(T).isHidden())
        All.push_back(&T);
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
    const Catch::IConfig *Config = &Session.config();
    // What Session::run() does first: v3's RunContext leaves the context's
    // configuration (its assertions read it) to its caller.
    Catch::getCurrentMutableContext().setConfig(Config);
    Catch::seedRng(*Config);
    Catch::RunContext Context(
        Config, Catch::Detail::make_unique<ObserverReporter>(Config, Observer));
#else
    auto Config = std::make_shared<Catch::Config>(Session.configData());
    Catch::seedRng(*Config);
    Catch::RunContext Context(Config,
                              Catch::IStreamingReporterPtr(new ObserverReporter(
                                  Catch::ReporterConfig(Config), Observer)));
    Context.testGroupStarting(Config->name(), 1, 1);
#endif
    Catch::Totals Totals;
    for (size_t I : Tests)
      Totals += Context.runTest(*All[I]);
#ifndef LEAKTRACE_CATCH2_V3
    Context.testGroupEnded(Config->name(), Totals, 1, 1);
#endif
    return 0;
  }

  bool selectedByCommandLine(size_t Test) override {
    const Catch::TestCaseInfo &I = infoOf(*All[Test]);
    const Catch::Config &C = Session.config();
    return C.hasTestFilters() ? C.testSpec().matches(I) : !I.isHidden();
  }

  int runWithOwnOutput(const std::vector<size_t> &Tests, bool Only) override {
    if (!Only)
      return Session.run();
    Catch::ConfigData Saved = Session.configData();
    Catch::ConfigData Layer = Saved;
    // One spec, the names separated by ',' (its "or"): specs of their own
    // would all have to match.
    std::string Spec;
    for (size_t I : Tests)
      Spec += (Spec.empty() ? "" : ",") + specFor(infoOf(*All[I]).name);
    Layer.testsOrTags = {Spec};
    Session.useConfigData(Layer);
    int Status = Session.run();
    Session.useConfigData(Saved);
    return Status;
  }

private:
  Catch::Session &Session;
  std::vector<const CatchTest *> All;
};

} // namespace
} // namespace leaktrace

int main(int argc, char **argv) {
  Catch::Session Session;
  if (int Status = Session.applyCommandLine(argc, argv))
    return Status;
  // --help, --list-tests and the like: Catch2's own business.
  const Catch::ConfigData &D = Session.configData();
#ifdef LEAKTRACE_CATCH2_V3
  bool Query = D.showHelp || D.libIdentify || D.listTests || D.listTags ||
               D.listReporters || D.listListeners;
#else
  bool Query = D.showHelp || D.libIdentify || D.listTests ||
               D.listTestNamesOnly || D.listTags || D.listReporters;
#endif
  if (Query)
    return Session.run();
  leaktrace::Catch2 Framework(Session);
  return leaktrace::runner::main(Framework);
}
