// The layer runner's two halves: the core (libleaktrace_runner_core.a) and one
// adapter per test framework (runner/gtest, runner/catch2, runner/doctest).
//
// The core owns everything that is not about a framework: layers and their
// order, selection, sharding, iterations, snapshots of the counts and the
// event stream (leaktrace/events.h). An adapter only lists the program's
// tests, runs a chosen subset of them once, and tells the core of each test's
// start, end and outcome. Adapters are compiled against the user's own build
// of the framework (a vendored copy, a FetchContent one, or the system's),
// so this header is plain C++14.
#ifndef LEAKTRACE_RUNNER_H
#define LEAKTRACE_RUNNER_H

// Every file of the runner includes this header first. Those files are
// compiled in the user's project, with its warning flags and perhaps
// -Werror or -Weverything: the project's warnings are for the project's
// code. leaktrace's own build checks them with a strict set and -Werror
// (LEAKTRACE_RUNNER_STRICT), so the rest of such a file is quiet here.
#if defined(__clang__) && !defined(LEAKTRACE_RUNNER_STRICT)
#pragma clang diagnostic ignored "-Weverything"
#endif

#include <cstddef>
#include <string>
#include <vector>

// Defined in the adapter's translation unit, which includes this header: the
// plugin does not take a module that defines it as proof that the program was
// compiled with the plugin (the runner checks that before it reports counts),
// since the adapter may be compiled with the program's flags.
extern "C" {
static const char __leaktrace_runner_module __attribute__((used, unused)) = 1;
}

namespace leaktrace {
namespace runner {

struct TestCase {
  /// The name users select tests by (`leaktrace -t`) and see in reports:
  /// "Suite.test" for GoogleTest, the test case's name for Catch2 and
  /// doctest.
  std::string Name;
  /// The framework's grouping that layers are assigned to
  /// (LEAKTRACE_LAYER): GoogleTest's test suite (each '/'-separated part of
  /// a parameterised or typed suite's name too), Catch2's tags as written
  /// ("[db]"), doctest's test suite.
  std::vector<std::string> Groups;
};

enum class Outcome { Passed, Failed, Skipped };

/// Told of every test an adapter runs under the tool.
class TestObserver {
public:
  virtual void testStarted(const std::string &Name) = 0;
  /// \p Failures: one "FILE:LINE: summary" line per failure (FILE without
  /// its directory), empty when it passed.
  virtual void testEnded(const std::string &Name, Outcome O,
                         const std::string &Failures) = 0;

protected:
  ~TestObserver() = default;
};

/// What an adapter provides.
class Framework {
public:
  virtual ~Framework() = default;
  /// "GoogleTest", "Catch2" or "doctest".
  virtual const char *name() const = 0;
  /// Every test of the program, in the order the framework runs them.
  virtual std::vector<TestCase> tests() = 0;
  /// Under the tool: runs exactly these tests (indexes into tests()) once,
  /// in the order given, printing nothing of the framework's own, and tells
  /// \p Observer of each. Returns the failures outside any test.
  virtual int run(const std::vector<std::size_t> &Tests,
                  TestObserver &Observer) = 0;
  /// Run directly: whether the user's command line selects the test (an
  /// index into tests()).
  virtual bool selectedByCommandLine(std::size_t Test) = 0;
  /// Run directly: runs these tests (all of one layer) once with the
  /// framework's own output; \p Only is false when they are all the tests
  /// the command line selects, so that the framework may run them its own
  /// way. Returns nonzero when one failed.
  virtual int runWithOwnOutput(const std::vector<std::size_t> &Tests,
                               bool Only) = 0;
};

/// The test program's main, after the adapter read the framework's own
/// command line: under the `leaktrace` tool it follows the tool's orders
/// and writes events; run directly it runs each selected test once, layer
/// by layer. Returns the exit status.
int main(Framework &F);

/// For the runners that take over the program's own call that runs the
/// tests (RUN_ALL_TESTS() in gtest_runner.cpp, doctest::Context::run() in
/// doctest_runner.cpp). Under the tool, the first call runs the layers:
/// \p RunLayers(\p Arg), after the program's pending output is flushed;
/// later calls give its status again. Returns true with \p Status set
/// then, false when the call is the framework's to make: run directly, and
/// the adapter's own runs of a layer's tests while the layers run.
bool takeOverRun(int (*RunLayers)(void *Arg), void *Arg, int &Status);

} // namespace runner
} // namespace leaktrace

#endif // LEAKTRACE_RUNNER_H
