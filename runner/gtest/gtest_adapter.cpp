// leaktrace's GoogleTest adapter: the runner core (leaktrace/runner.h) over
// GoogleTest. Two entry points use it: gtest_main.cpp (a main of its own,
// linked instead of gtest_main) and gtest_runner.cpp (which takes over
// RUN_ALL_TESTS() in the program's own main).
//
// Compiled against the program's own GoogleTest (1.10 or later): the
// leaktrace::gtest_main and leaktrace::gtest_runner CMake targets build it
// in the consumer's project.

#include "gtest_adapter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

// GoogleTest 1.10 named test suites "test cases" and had no flag accessors.
#ifndef GTEST_FLAG_GET
#define GTEST_FLAG_GET(name) ::testing::GTEST_FLAG(name)
#define GTEST_FLAG_SET(name, value) (void)(::testing::GTEST_FLAG(name) = value)
#endif

// In leaktrace's namespace: the tool leaves frames of leaktrace:: out of
// creation sites, whatever the path the runner was compiled from.
namespace leaktrace {
namespace {

using leaktrace::runner::Outcome;
using leaktrace::runner::TestCase;
using leaktrace::runner::TestObserver;

struct GtestTest {
  std::string Suite, Name;
  std::string fullName() const { return Suite + "." + Name; }
};

// GoogleTest's --gtest_filter syntax: "POS1:POS2-NEG1:NEG2", with * and ?.
bool globMatch(const char *P, const char *S) {
  if (*P == '\0')
    return *S == '\0';
  if (*P == '*')
    return globMatch(P + 1, S) || (*S && globMatch(P, S + 1));
  return *S && (*P == '?' || *P == *S) && globMatch(P + 1, S + 1);
}

bool anyGlob(const std::string &Patterns, const std::string &Name) {
  std::istringstream In(Patterns);
  for (std::string P; std::getline(In, P, ':');)
    if (globMatch(P.c_str(), Name.c_str()))
      return true;
  return false;
}

bool matchesGtestFilter(const std::string &Filter, const std::string &Name) {
  size_t Dash = Filter.find('-');
  std::string Pos = Filter.substr(0, Dash);
  std::string Neg = Dash == std::string::npos ? "" : Filter.substr(Dash + 1);
  return (Pos.empty() ? true : anyGlob(Pos, Name)) && !anyGlob(Neg, Name);
}

// Tells the core of each test; collects its failures.
class ObserverListener : public testing::EmptyTestEventListener {
public:
  explicit ObserverListener(TestObserver &Observer) : Observer(Observer) {}
  void OnTestStart(const testing::TestInfo &T) override {
    Observer.testStarted(std::string(T.test_suite_name()) + "." + T.name());
  }
  void OnTestPartResult(const testing::TestPartResult &R) override {
    if (!R.failed())
      return;
    const char *File = R.file_name() ? R.file_name() : "?";
    if (const char *Slash = strrchr(File, '/'))
      File = Slash + 1;
    Failures += std::string(File) + ":" + std::to_string(R.line_number()) +
                ": " + R.summary() + "\n";
  }
  void OnTestEnd(const testing::TestInfo &T) override {
    const testing::TestResult &R = *T.result();
    Outcome O = R.Skipped()  ? Outcome::Skipped
                : R.Failed() ? Outcome::Failed
                             : Outcome::Passed;
    Observer.testEnded(std::string(T.test_suite_name()) + "." + T.name(), O,
                       Failures);
    Failures.clear();
  }

private:
  TestObserver &Observer;
  std::string Failures;
};

// GoogleTest's printer, except that it names the filter the user gave: the
// runner selects each layer's tests with a filter of its own, thousands of
// characters long on a big suite, which GoogleTest would print for every
// layer ("Note: Google Test filter = ...").
class UserFilterPrinter : public testing::TestEventListener {
public:
  UserFilterPrinter(testing::TestEventListener *Printer, std::string Filter)
      : Printer(Printer), Filter(std::move(Filter)) {}

  void OnTestIterationStart(const testing::UnitTest &U, int I) override {
    // Printing is all that reads the flag here: the tests were selected
    // before the iteration started.
    std::string LayerFilter = GTEST_FLAG_GET(filter);
    GTEST_FLAG_SET(filter, Filter);
    Printer->OnTestIterationStart(U, I);
    GTEST_FLAG_SET(filter, LayerFilter);
  }
  void OnTestProgramStart(const testing::UnitTest &U) override {
    Printer->OnTestProgramStart(U);
  }
  void OnEnvironmentsSetUpStart(const testing::UnitTest &U) override {
    Printer->OnEnvironmentsSetUpStart(U);
  }
  void OnEnvironmentsSetUpEnd(const testing::UnitTest &U) override {
    Printer->OnEnvironmentsSetUpEnd(U);
  }
  void OnTestCaseStart(const testing::TestCase &S) override {
    Printer->OnTestCaseStart(S);
  }
  void OnTestStart(const testing::TestInfo &T) override {
    Printer->OnTestStart(T);
  }
  void OnTestPartResult(const testing::TestPartResult &R) override {
    Printer->OnTestPartResult(R);
  }
  void OnTestEnd(const testing::TestInfo &T) override { Printer->OnTestEnd(T); }
  void OnTestCaseEnd(const testing::TestCase &S) override {
    Printer->OnTestCaseEnd(S);
  }
  void OnEnvironmentsTearDownStart(const testing::UnitTest &U) override {
    Printer->OnEnvironmentsTearDownStart(U);
  }
  void OnEnvironmentsTearDownEnd(const testing::UnitTest &U) override {
    Printer->OnEnvironmentsTearDownEnd(U);
  }
  void OnTestIterationEnd(const testing::UnitTest &U, int I) override {
    Printer->OnTestIterationEnd(U, I);
  }
  void OnTestProgramEnd(const testing::UnitTest &U) override {
    Printer->OnTestProgramEnd(U);
  }

private:
  std::unique_ptr<testing::TestEventListener> Printer;
  std::string Filter;
};

class GoogleTest : public leaktrace::runner::Framework {
public:
  GoogleTest() : UserFilter(GTEST_FLAG_GET(filter)) {
    const testing::UnitTest &U = *testing::UnitTest::GetInstance();
    for (int I = 0; I < U.total_test_case_count(); ++I) {
      const testing::TestCase &S = *U.GetTestCase(I);
      for (int J = 0; J < S.total_test_count(); ++J)
        All.push_back({S.name(), S.GetTestInfo(J)->name()});
    }
  }

  const char *name() const override { return "GoogleTest"; }

  std::vector<TestCase> tests() override {
    std::vector<TestCase> Out;
    for (const GtestTest &T : All) {
      // "Instance/Suite" (parameterised) and "Suite/0" (typed) are in the
      // layer of "Suite" too.
      std::vector<std::string> Groups{T.Suite};
      std::istringstream Parts(T.Suite);
      for (std::string Part; std::getline(Parts, Part, '/');)
        if (Part != T.Suite)
          Groups.push_back(Part);
      Out.push_back({T.fullName(), Groups});
    }
    return Out;
  }

  int run(const std::vector<size_t> &Tests, TestObserver &Observer) override {
    // The core reports results; GoogleTest's own printer would interleave.
    testing::TestEventListeners &Listeners =
        testing::UnitTest::GetInstance()->listeners();
    delete Listeners.Release(Listeners.default_result_printer());
    ObserverListener *Listener = new ObserverListener(Observer);
    Listeners.Append(Listener);
    GTEST_FLAG_SET(filter, filterFor(Tests));
    (void)RUN_ALL_TESTS();
    delete Listeners.Release(Listener);
    // Failures of the test program itself (an environment's or a suite's
    // set-up) fail no test.
    return testing::UnitTest::GetInstance()->ad_hoc_test_result().Failed();
  }

  bool selectedByCommandLine(size_t Test) override {
    return matchesGtestFilter(UserFilter, All[Test].fullName());
  }

  int runWithOwnOutput(const std::vector<size_t> &Tests, bool Only) override {
    if (!PrinterWrapped) {
      testing::TestEventListeners &Listeners =
          testing::UnitTest::GetInstance()->listeners();
      if (testing::TestEventListener *Printer =
              Listeners.default_result_printer())
        Listeners.Append(
            new UserFilterPrinter(Listeners.Release(Printer), UserFilter));
      PrinterWrapped = true;
    }
    GTEST_FLAG_SET(filter, Only ? filterFor(Tests) : UserFilter);
    return RUN_ALL_TESTS();
  }

private:
  // A --gtest_filter that selects exactly these tests, as short as it can
  // be: "*" for all of them, "Suite.*" for a whole suite. A filter of a
  // thousand names cost GoogleTest 1.12 9 us per test and iteration (and
  // 1.10 matches every name against every pattern).
  std::string filterFor(const std::vector<size_t> &Tests) const {
    if (Tests.empty())
      return "-*"; // an empty filter would select every test
    if (Tests.size() == All.size())
      return "*";
    std::map<std::string, size_t> Chosen, InSuite;
    for (size_t I : Tests)
      ++Chosen[All[I].Suite];
    for (const GtestTest &T : All)
      ++InSuite[T.Suite];
    // Whole suites, but not one whose "Suite.*" would select the tests of
    // a suite named "Suite.X" too.
    std::set<std::string> Whole;
    for (const auto &Entry : Chosen) {
      const std::string Dotted = Entry.first + ".";
      auto Next = InSuite.upper_bound(Dotted);
      bool Prefix = Next != InSuite.end() &&
                    Next->first.compare(0, Dotted.size(), Dotted) == 0;
      if (Entry.second == InSuite[Entry.first] && !Prefix)
        Whole.insert(Entry.first);
    }
    std::string Filter;
    std::set<std::string> Listed;
    for (size_t I : Tests) {
      const std::string &Suite = All[I].Suite;
      if (!Whole.count(Suite))
        Filter += (Filter.empty() ? "" : ":") + All[I].fullName();
      else if (Listed.insert(Suite).second)
        Filter += (Filter.empty() ? "" : ":") + Suite + ".*";
    }
    return Filter;
  }

  std::vector<GtestTest> All;
  std::string UserFilter;
  bool PrinterWrapped = false;
};

} // namespace

int runGoogleTestLayers() {
  GoogleTest Framework;
  return runner::main(Framework);
}

} // namespace leaktrace
