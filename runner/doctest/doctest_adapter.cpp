// leaktrace's doctest adapter: the runner core (leaktrace/runner.h) over
// doctest 2.4. Two entry points use it: doctest_main.cpp (a main of its own,
// which also implements doctest) and doctest_runner.cpp (which takes over
// the program's own doctest::Context::run()).
//
// doctest runs every registered test its filters and skip marks let
// through. Names are wildcard patterns to its filters, so the runner selects
// tests by their skip mark instead: exactly the tests the core chose run.
//
// Compiled against the very doctest.h the tests include (doctest_header.h).

#include "doctest_adapter.h"

#include "doctest_header.h"

#include <cstring>
#include <set>
#include <string>
#include <vector>

// The registry of every test: defined (with external linkage) where doctest
// is implemented, declared only there. Declared here too, so that this file
// needs no implementation of its own: the program's file that implements
// doctest defines it (or leaktrace's doctest_main.cpp does).
namespace doctest {
namespace detail {
std::set<TestCase> &getRegisteredTests();
} // namespace detail
} // namespace doctest

// In leaktrace's namespace: the tool leaves frames of leaktrace:: out of
// creation sites, whatever the path the runner was compiled from.
namespace leaktrace {
namespace {

using leaktrace::runner::Outcome;
using leaktrace::runner::TestCase;
using leaktrace::runner::TestObserver;

// The observer of the run in progress: doctest makes reporters itself.
TestObserver *gObserver = nullptr;
// The tests the core chose for that run.
std::set<const doctest::TestCaseData *> gChosen;

/// doctest's events, turned into the core's.
struct ObserverReporter : doctest::IReporter {
  explicit ObserverReporter(const doctest::ContextOptions &) {}

  void report_query(const doctest::QueryData &) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats &) override {}
  void test_case_start(const doctest::TestCaseData &T) override {
    Failures.clear();
    Current = T.m_name;
    gObserver->testStarted(Current);
  }
  void test_case_reenter(const doctest::TestCaseData &) override {}
  void test_case_end(const doctest::CurrentTestCaseStats &S) override {
    gObserver->testEnded(Current,
                         S.testCaseSuccess ? Outcome::Passed : Outcome::Failed,
                         Failures);
    Failures.clear();
  }
  void test_case_exception(const doctest::TestCaseException &E) override {
    Failures += std::string("exception: ") + E.error_string.c_str() + "\n";
  }
  void subcase_start(const doctest::SubcaseSignature &) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData &A) override {
    if (!A.m_failed)
      return;
    const char *File = A.m_file;
    if (const char *Slash = strrchr(File, '/'))
      File = Slash + 1;
    Failures += std::string(File) + ":" + std::to_string(A.m_line) + ": " +
                doctest::assertString(A.m_at) + "( " + A.m_expr + " )";
    if (A.m_decomp.size())
      Failures += std::string(" is ") + A.m_decomp.c_str();
    Failures += "\n";
  }
  void log_message(const doctest::MessageData &) override {}
  void test_case_skipped(const doctest::TestCaseData &T) override {
    // Skipped by its own mark (doctest::skip()), not by the runner.
    if (gChosen.count(&T)) {
      gObserver->testStarted(T.m_name);
      gObserver->testEnded(T.m_name, Outcome::Skipped, "");
    }
  }

  std::string Current, Failures;
};

// doctest names the reporter's registrar with __COUNTER__, which clang 22
// calls a C2y extension under -Wpedantic: with the user's -Werror, this
// file would not build where their own tests (which need no reporter) do.
#if defined(__clang__) && defined(__has_warning)
#if __has_warning("-Wc2y-extensions")
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wc2y-extensions"
#define LEAKTRACE_POP_C2Y
#endif
#endif
DOCTEST_REGISTER_REPORTER("leaktrace", 0, ObserverReporter);
#ifdef LEAKTRACE_POP_C2Y
#pragma clang diagnostic pop
#undef LEAKTRACE_POP_C2Y
#endif

class Doctest : public leaktrace::runner::Framework {
public:
  explicit Doctest(doctest::Context &C) : Context(C) {
    for (const doctest::detail::TestCase &T :
         doctest::detail::getRegisteredTests()) {
      All.push_back(const_cast<doctest::detail::TestCase *>(&T));
      OwnSkip.push_back(T.m_skip);
    }
  }

  const char *name() const override { return "doctest"; }

  std::vector<TestCase> tests() override {
    std::vector<TestCase> Out;
    for (const doctest::detail::TestCase *T : All) {
      std::vector<std::string> Groups;
      if (*T->m_test_suite)
        Groups.push_back(T->m_test_suite);
      Out.push_back({T->m_name, Groups});
    }
    return Out;
  }

  int run(const std::vector<size_t> &Tests, TestObserver &Observer) override {
    gObserver = &Observer;
    gChosen.clear();
    for (size_t I : Tests)
      gChosen.insert(All[I]);
    // The core selected the tests: no filters of the command line, and the
    // runner's reporter alone.
    Context.clearFilters();
    Context.setOption("reporters", "leaktrace");
    Context.setOption("no-skip", false);
    markOnly(Tests);
    Context.run();
    restoreMarks();
    gObserver = nullptr;
    return 0;
  }

  // doctest keeps its filters to itself: run directly, a layer is set up
  // when a test of it could run, and doctest's filters choose among them.
  bool selectedByCommandLine(size_t) override { return true; }

  int runWithOwnOutput(const std::vector<size_t> &Tests, bool Only) override {
    if (Only)
      markOnly(Tests);
    int Status = Context.run();
    restoreMarks();
    return Status;
  }

private:
  // Marks every test but these as skipped (their own marks stay).
  void markOnly(const std::vector<size_t> &Tests) {
    std::vector<bool> Chosen(All.size());
    for (size_t I : Tests)
      Chosen[I] = true;
    for (size_t I = 0; I < All.size(); ++I)
      All[I]->m_skip = OwnSkip[I] || !Chosen[I];
  }
  void restoreMarks() {
    for (size_t I = 0; I < All.size(); ++I)
      All[I]->m_skip = OwnSkip[I];
  }

  doctest::Context &Context;
  // The set's elements: m_skip takes no part in their order.
  std::vector<doctest::detail::TestCase *> All;
  std::vector<bool> OwnSkip;
};

} // namespace

int runDoctestLayers(doctest::Context &C) {
  Doctest Framework(C);
  return runner::main(Framework);
}

} // namespace leaktrace
