// leaktrace's GoogleTest main: runs test layers, repeatedly when asked, and
// reports what each iteration left alive.
//
// Run directly, it behaves like gtest_main, but sets each layer up before its
// tests and tears it down after. Run by the `leaktrace` tool, which sets
// LEAKTRACE_EVENTS_FD, it is driven by environment variables and writes one
// JSON object per line to that descriptor (the tool renders them):
//
//   LEAKTRACE_REPEAT   iterations per layer (default 1)
//   LEAKTRACE_LAYERS   newline-separated regular expressions (search); a
//                      leading '!' excludes; a layer is selected when it
//                      matches a positive one (or there is none) and no
//                      negative one
//   LEAKTRACE_TESTS    regular expression searched in "Suite.test" names
//   LEAKTRACE_LIST     "layers" or "tests": list instead of running
//
// Events: {"event":"layer"|"setup"|"teardown"|"leftover"|"test_start"|
// "test_end"|"iteration"|"list_layer"|"list_test"|"error"|
// "not_instrumented"|"done", ...};
// tool/LeakReport.cpp reads them.

#include "leaktrace/layers.h"
#include "leaktrace/leaktrace.h"
#include "registry.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

// Defined by every translation unit the plugin compiled; absent (null) when
// the test binary was built without it.
extern "C" __attribute__((weak)) const char __leaktrace_instrumented;

namespace leaktrace {
namespace {

constexpr const char *kDefaultLayer = "leaktrace.layer.UnitTests";

std::map<std::string, Layer *> &layerOfSuite() {
  static std::map<std::string, Layer *> Map;
  return Map;
}

class UnitTestsLayer : public Layer {
public:
  UnitTestsLayer() : Layer(kDefaultLayer) {}
};

// --- events --------------------------------------------------------------

std::string quote(const std::string &S) {
  std::string Out = "\"";
  for (unsigned char C : S) {
    switch (C) {
    case '"': Out += "\\\""; break;
    case '\\': Out += "\\\\"; break;
    case '\n': Out += "\\n"; break;
    case '\t': Out += "\\t"; break;
    case '\r': Out += "\\r"; break;
    default:
      if (C < 0x20) {
        char Buf[8];
        snprintf(Buf, sizeof Buf, "\\u%04x", C);
        Out += Buf;
      } else {
        Out += char(C);
      }
    }
  }
  return Out + "\"";
}

class EventSink {
public:
  explicit EventSink(int Fd) : Fd(Fd) {}
  // Each event is one write, so a crash never leaves half a line behind.
  void emit(const std::string &Json) {
    std::string Line = Json + "\n";
    rt::writeAll(Fd, Line.data(), Line.size());
  }

private:
  int Fd;
};

double seconds(std::chrono::steady_clock::time_point Since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - Since)
      .count();
}

std::string fmtSeconds(double S) {
  char Buf[32];
  snprintf(Buf, sizeof Buf, "%.3f", S);
  return Buf;
}

// --- tests and layers ----------------------------------------------------

struct TestRef {
  std::string Name; // Suite.test
  Layer *In;
};

std::vector<TestRef> allTests(Layer &Default) {
  std::vector<TestRef> Tests;
  const testing::UnitTest &U = *testing::UnitTest::GetInstance();
  for (int I = 0; I < U.total_test_suite_count(); ++I) {
    const testing::TestSuite &S = *U.GetTestSuite(I);
    // Parameterised suites are named "Instantiation/Suite".
    const char *Suite = strrchr(S.name(), '/');
    Suite = Suite ? Suite + 1 : S.name();
    auto It = layerOfSuite().find(Suite);
    Layer *L = It == layerOfSuite().end() ? &Default : It->second;
    for (int J = 0; J < S.total_test_count(); ++J)
      Tests.push_back({std::string(S.name()) + "." + S.GetTestInfo(J)->name(), L});
  }
  return Tests;
}

// Bases first, each once: the order layers are set up in.
void lineage(Layer *L, std::vector<Layer *> &Out) {
  for (Layer *B : L->bases())
    lineage(B, Out);
  if (std::find(Out.begin(), Out.end(), L) == Out.end())
    Out.push_back(L);
}

// zope's order: the unit-test layer first, then layers sorted by their
// lineage of names, so that layers sharing bases run next to each other.
std::string orderKey(Layer *L) {
  if (L->name() == kDefaultLayer)
    return "";
  std::vector<Layer *> Chain;
  lineage(L, Chain);
  std::string Key;
  for (Layer *C : Chain)
    Key += C->name() + '\x01';
  return Key;
}

// Tests grouped by layer, the layers in zope's order.
struct LayerPlan {
  std::vector<Layer *> Order;
  std::map<Layer *, std::vector<std::string>> Tests;
};

template <class Pred>
LayerPlan planLayers(const std::vector<TestRef> &Tests, Pred Selected) {
  LayerPlan P;
  for (const TestRef &T : Tests)
    if (Selected(T))
      P.Tests[T.In].push_back(T.Name);
  for (auto &[L, Names] : P.Tests)
    P.Order.push_back(L);
  std::sort(P.Order.begin(), P.Order.end(), [](Layer *A, Layer *B) {
    return orderKey(A) < orderKey(B);
  });
  return P;
}

struct Selection {
  std::vector<std::regex> Include, Exclude;
  bool HasTestPattern = false;
  std::regex Tests;
};

bool selected(const Selection &Sel, const TestRef &T) {
  const std::string &Name = T.In->name();
  if (!Sel.Include.empty() &&
      std::none_of(Sel.Include.begin(), Sel.Include.end(),
                   [&](const std::regex &R) { return std::regex_search(Name, R); }))
    return false;
  for (const std::regex &R : Sel.Exclude)
    if (std::regex_search(Name, R))
      return false;
  return !Sel.HasTestPattern || std::regex_search(T.Name, Sel.Tests);
}

// Where events go when the tool drives the runner; -1 when run directly.
int gEventsFd = -1;

// Bad selection or settings: the tool reports the "error" event as a usage
// error; run directly, the message goes to standard error.
[[noreturn]] void usageError(const std::string &Message) {
  if (gEventsFd >= 0)
    EventSink(gEventsFd).emit("{\"event\":\"error\",\"message\":" +
                              quote(Message) + "}");
  else
    fprintf(stderr, "leaktrace runner: %s\n", Message.c_str());
  exit(2);
}

std::regex compile(const std::string &Pattern, const char *What) {
  try {
    return std::regex(Pattern);
  } catch (const std::regex_error &E) {
    usageError(std::string("bad ") + What + " '" + Pattern +
               "' (an ECMAScript regular expression): " + E.what());
  }
}

Selection readSelection() {
  Selection Sel;
  if (const char *Layers = getenv("LEAKTRACE_LAYERS")) {
    std::istringstream In(Layers);
    for (std::string Line; std::getline(In, Line);) {
      if (Line.empty())
        continue;
      if (Line[0] == '!')
        Sel.Exclude.push_back(compile(Line.substr(1), "--layer"));
      else
        Sel.Include.push_back(compile(Line, "--layer"));
    }
  }
  if (const char *Tests = getenv("LEAKTRACE_TESTS"); Tests && *Tests) {
    Sel.HasTestPattern = true;
    Sel.Tests = compile(Tests, "--tests-pattern");
  }
  return Sel;
}

// --- running -------------------------------------------------------------

// The layers set up now, in set-up order. zope's rule: before a layer runs,
// tear down (newest first) what it does not build on, then set up its
// missing bases and itself; bases shared by consecutive layers stay up.
class LayerStack {
public:
  /// Told of every set-up and tear-down: "setup"/"teardown", layer, seconds.
  using Observer = std::function<void(const char *, Layer &, double)>;
  explicit LayerStack(Observer Tell) : Tell(std::move(Tell)) {}

  void enter(Layer *L) {
    std::vector<Layer *> Needed;
    lineage(L, Needed);
    while (true) {
      auto Stale = std::find_if(Up.rbegin(), Up.rend(), [&](Layer *Old) {
        return std::find(Needed.begin(), Needed.end(), Old) == Needed.end();
      });
      if (Stale == Up.rend())
        break;
      tearDown(*Stale);
    }
    for (Layer *N : Needed)
      if (std::find(Up.begin(), Up.end(), N) == Up.end()) {
        auto Start = std::chrono::steady_clock::now();
        N->setUp();
        Up.push_back(N);
        Tell("setup", *N, seconds(Start));
      }
  }

  bool empty() const { return Up.empty(); }

  void leaveAll() {
    while (!Up.empty())
      tearDown(Up.back());
  }

private:
  void tearDown(Layer *L) {
    auto Start = std::chrono::steady_clock::now();
    L->tearDown();
    Up.erase(std::find(Up.begin(), Up.end(), L));
    Tell("teardown", *L, seconds(Start));
  }

  Observer Tell;
  std::vector<Layer *> Up;
};

// A --gtest_filter that selects exactly these tests.
std::string gtestFilterFor(const std::vector<std::string> &Names) {
  std::string Filter;
  for (const std::string &Name : Names)
    Filter += (Filter.empty() ? "" : ":") + Name;
  return Filter;
}

// Reports each test's start and end, so the tool can name the test running
// when the process dies and print zope's progress dots with -v.
class TestEvents : public testing::EmptyTestEventListener {
public:
  explicit TestEvents(EventSink &Sink) : Sink(Sink) {}
  void OnTestStart(const testing::TestInfo &T) override {
    Sink.emit("{\"event\":\"test_start\",\"name\":" +
              quote(std::string(T.test_suite_name()) + "." + T.name()) + "}");
  }
  void OnTestPartResult(const testing::TestPartResult &R) override {
    if (!R.failed())
      return;
    const char *File = R.file_name() ? R.file_name() : "?";
    if (const char *Slash = strrchr(File, '/'))
      File = Slash + 1;
    Failure += std::string(File) + ":" + std::to_string(R.line_number()) +
               ": " + R.summary() + "\n";
  }
  void OnTestEnd(const testing::TestInfo &T) override {
    const testing::TestResult &R = *T.result();
    const char *Outcome =
        R.Skipped() ? "skipped" : R.Failed() ? "failed" : "ok";
    Sink.emit("{\"event\":\"test_end\",\"name\":" +
              quote(std::string(T.test_suite_name()) + "." + T.name()) +
              ",\"outcome\":\"" + Outcome + "\",\"message\":" + quote(Failure) +
              "}");
    Failure.clear();
  }

private:
  EventSink &Sink;
  std::string Failure;
};

std::string countsJson() {
  size_t N;
  std::unique_ptr<leaktrace_type_count[], decltype(&free)> Counts(
      rt::snapshotAll(N), &free);
  std::string Out = "[";
  for (size_t I = 0; I < N; ++I) {
    if (I)
      Out += ',';
    Out += "{\"type\":" + quote(Counts[I].name) +
           ",\"insts\":" + std::to_string(Counts[I].insts) +
           ",\"refs\":" + std::to_string(Counts[I].refs);
    // LEAKTRACE_COUNT_* bits, only when some are set: these counts cannot
    // be right.
    if (Counts[I].flags)
      Out += ",\"flags\":" + std::to_string(Counts[I].flags);
    if (Counts[I].uncounted_code)
      Out += ",\"uncounted_code\":" + quote(Counts[I].uncounted_code);
    Out += "}";
  }
  return Out + "]";
}

int runUnderTool(int EventsFd) {
  gEventsFd = EventsFd;
  EventSink Sink(EventsFd);
  UnitTestsLayer Default;
  std::vector<TestRef> Tests = allTests(Default);

  const char *List = getenv("LEAKTRACE_LIST");
  Selection Sel = readSelection();
  int Repeat = 1;
  if (const char *R = getenv("LEAKTRACE_REPEAT")) {
    char *End;
    long V = strtol(R, &End, 10);
    if (*R == '\0' || *End != '\0' || V < 1 || V > 1000000)
      usageError(std::string("LEAKTRACE_REPEAT must be a positive number, "
                             "not '") + R + "'");
    Repeat = int(V);
  }

  LayerPlan Plan =
      planLayers(Tests, [&](const TestRef &T) { return selected(Sel, T); });
  std::vector<Layer *> &Order = Plan.Order;
  std::map<Layer *, std::vector<std::string>> &ByLayer = Plan.Tests;

  if (List) {
    bool Layers = strcmp(List, "layers") == 0;
    if (!Layers && strcmp(List, "tests") != 0)
      usageError("LEAKTRACE_LIST must be 'layers' or 'tests'");
    for (Layer *L : Order) {
      if (Layers) {
        Sink.emit("{\"event\":\"list_layer\",\"name\":" + quote(L->name()) + "}");
        continue;
      }
      for (const std::string &Name : ByLayer[L])
        Sink.emit("{\"event\":\"list_test\",\"layer\":" + quote(L->name()) +
                  ",\"name\":" + quote(Name) + "}");
    }
    Sink.emit("{\"event\":\"done\"}");
    return 0;
  }

  // Counts of a program built without the plugin would read as "no leak".
  if (&__leaktrace_instrumented == nullptr) {
    Sink.emit("{\"event\":\"not_instrumented\"}");
    return 2;
  }

  // The tool prints results; GoogleTest's own printer would interleave.
  testing::TestEventListeners &Listeners =
      testing::UnitTest::GetInstance()->listeners();
  delete Listeners.Release(Listeners.default_result_printer());
  Listeners.Append(new TestEvents(Sink));

  LayerStack Layers([&](const char *What, Layer &L, double Seconds) {
    Sink.emit(std::string("{\"event\":\"") + What + "\",\"layer\":" +
              quote(L.name()) + ",\"seconds\":" + fmtSeconds(Seconds) + "}");
  });
  int FailedTotal = 0;
  for (Layer *L : Order) {
    const std::vector<std::string> &Names = ByLayer[L];
    Sink.emit("{\"event\":\"layer\",\"name\":" + quote(L->name()) +
              ",\"tests\":" + std::to_string(Names.size()) + "}");
    Layers.enter(L);
    GTEST_FLAG_SET(filter, gtestFilterFor(Names));
    for (int Iteration = 1; Iteration <= Repeat; ++Iteration) {
      auto Start = std::chrono::steady_clock::now();
      (void)RUN_ALL_TESTS();
      double Took = seconds(Start);
      const testing::UnitTest &U = *testing::UnitTest::GetInstance();
      int Failed = U.failed_test_count();
      FailedTotal += Failed;
      Sink.emit("{\"event\":\"iteration\",\"layer\":" + quote(L->name()) +
                ",\"iteration\":" + std::to_string(Iteration) +
                ",\"ran\":" + std::to_string(U.test_to_run_count()) +
                ",\"failures\":" + std::to_string(Failed) +
                ",\"errors\":0,\"skipped\":" +
                std::to_string(U.skipped_test_count()) +
                ",\"seconds\":" + fmtSeconds(Took) +
                ",\"counts\":" + countsJson() + "}");
    }
  }
  if (!Layers.empty()) {
    Sink.emit("{\"event\":\"leftover\"}");
    Layers.leaveAll();
  }
  Sink.emit("{\"event\":\"done\",\"uncounted_classes\":" +
            std::to_string(leaktrace_uncounted_classes()) + "}");
  return FailedTotal ? 1 : 0;
}

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
  void OnTestSuiteStart(const testing::TestSuite &S) override {
    Printer->OnTestSuiteStart(S);
  }
  void OnTestStart(const testing::TestInfo &T) override {
    Printer->OnTestStart(T);
  }
  void OnTestDisabled(const testing::TestInfo &T) override {
    Printer->OnTestDisabled(T);
  }
  void OnTestPartResult(const testing::TestPartResult &R) override {
    Printer->OnTestPartResult(R);
  }
  void OnTestEnd(const testing::TestInfo &T) override { Printer->OnTestEnd(T); }
  void OnTestSuiteEnd(const testing::TestSuite &S) override {
    Printer->OnTestSuiteEnd(S);
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

// Without the tool: every test once (or those --gtest_filter selects), layers
// set up and torn down as under the tool, GoogleTest's usual output.
int runDirectly() {
  UnitTestsLayer Default;
  std::string UserFilter = GTEST_FLAG_GET(filter);
  testing::TestEventListeners &Listeners =
      testing::UnitTest::GetInstance()->listeners();
  if (testing::TestEventListener *Printer = Listeners.default_result_printer())
    Listeners.Append(
        new UserFilterPrinter(Listeners.Release(Printer), UserFilter));
  LayerPlan Plan = planLayers(allTests(Default), [&](const TestRef &T) {
    return matchesGtestFilter(UserFilter, T.Name);
  });
  std::vector<Layer *> &Order = Plan.Order;
  std::map<Layer *, std::vector<std::string>> &ByLayer = Plan.Tests;
  LayerStack Layers([](const char *, Layer &, double) {});
  int Status = 0;
  for (Layer *L : Order) {
    Layers.enter(L);
    GTEST_FLAG_SET(filter, gtestFilterFor(ByLayer[L]));
    Status |= RUN_ALL_TESTS();
  }
  Layers.leaveAll();
  return Status;
}

} // namespace

bool detail::assignLayer(const char *Suite, Layer &L) {
  layerOfSuite()[Suite] = &L;
  return true;
}

} // namespace leaktrace

int main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  if (const char *Fd = getenv("LEAKTRACE_EVENTS_FD"))
    return leaktrace::runUnderTool(atoi(Fd));
  return leaktrace::runDirectly();
}
