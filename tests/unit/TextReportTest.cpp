// The renderers of a run's facts (tool/TextReport.h, JUnitReport.h,
// MergeShards.h), each on facts from a stored event stream or made by hand.
//
// The stream is tests/runner/repeat3.events, the runner's own output for
// tests/runner/layers_test.cpp under LEAKTRACE_REPEAT=3 (times replaced by
// 0.001). What the text must be is worked out from that program, not copied
// from the tool: four layers run three times each. leaktrace.layer.UnitTests
// has 5 tests (leak.testleak, plain.skipped, which skips itself, and three
// that pass when not asked to fail); samplelayers.Layer11, Layer12 and
// Params have 2 passing tests each. Counted at every iteration's end: the
// four layer objects (Layer1, Layer11, Layer12, ParamsLayer: 1 instance
// each, made before the first test), one shared_ptr handle to GoogleTest's
// ParameterizedTestSuiteInfo<ParamsTest>::TestInfo (1 ref), and
// leak::Leakable, one more kept by leak.testleak at each of its runs (1, 2,
// 3 after UnitTests' iterations, 3 from then on); samplelayers::Item is made
// and destroyed inside tests (0). So sys refcount is 5 + Leakable's count:
// 7 and 8 in UnitTests' iterations 2 and 3 (change=1 each, the table one
// row, Leakable +1 insts), 8 with change=0 and an empty table in every other
// layer; "sum detail refcount" is the one handle. 15 + 3 * 3 * 2 = 33 tests
// ran in all.
#include "FactsBuilder.h"
#include "FactsJSON.h"
#include "JUnitReport.h"
#include "MergeShards.h"
#include "StoredStream.h"
#include "TextReport.h"

#include "leaktrace/leaktrace.h"

#include <gtest/gtest.h>


using namespace leaktrace;

namespace {

/// -N 3 -r -v.
class StoredStream : public Repeat3Stream {
protected:
  StoredStream() : Repeat3Stream(options()) {}
  static ReportOptions options() {
    ReportOptions O;
    O.Repeat = 3;
    O.RefCounts = true;
    O.Verbose = 1;
    return O;
  }
};

// zope's -v table of one iteration, with the rows given.
std::string table(const std::string &Rows, const std::string &Total) {
  const std::string Rule = std::string(55, '-') + "  -----   ----\n";
  return "Leak details, changes in instances and refcounts by type/class:\n"
         "type/class                                               insts   refs\n" +
         Rule + Rows + Rule + Total;
}

const std::string LeakableRow =
    "leak::Leakable                                               1      0\n";
const std::string TotalOne =
    "total                                                        1      0\n";
const std::string TotalZero =
    "total                                                        0      0\n";

/// A layer of two passing tests that changes nothing, iterations 1..3.
std::string quietLayer() {
  std::string Out;
  for (int I = 1; I <= 3; ++I) {
    Out += "Iteration " + std::to_string(I) +
           "\nRunning:\n..\n"
           "Ran 2 tests with 0 failures and 0 errors in 0.001 seconds.\n";
    if (I > 1)
      Out += "sum detail refcount=1 sys refcount=8 change=0\n" +
             table("", TotalZero);
  }
  return Out;
}

TEST_F(StoredStream, LiveTextIsZopesOutput) {
  std::string UnitTests;
  for (int I = 1; I <= 3; ++I) {
    UnitTests += "Iteration " + std::to_string(I) +
                 "\nRunning:\n.s...\n"
                 "Ran 5 tests with 0 failures, 0 errors and 1 skipped in "
                 "0.001 seconds.\n";
    if (I > 1)
      UnitTests += "sum detail refcount=1 sys refcount=" +
                   std::to_string(5 + I) + " change=1\n" +
                   table(LeakableRow, TotalOne);
  }
  std::string Expected =
      "Running leaktrace.layer.UnitTests tests:\n"
      "Set up leaktrace.layer.UnitTests in 0.001 seconds.\n" +
      UnitTests +
      "Running samplelayers.Layer11 tests:\n"
      "Tear down leaktrace.layer.UnitTests in 0.001 seconds.\n"
      "Set up samplelayers.Layer1 in 0.001 seconds.\n"
      "Set up samplelayers.Layer11 in 0.001 seconds.\n" +
      quietLayer() +
      "Running samplelayers.Layer12 tests:\n"
      "Tear down samplelayers.Layer11 in 0.001 seconds.\n"
      "Set up samplelayers.Layer12 in 0.001 seconds.\n" +
      quietLayer() +
      "Running samplelayers.Params tests:\n"
      "Tear down samplelayers.Layer12 in 0.001 seconds.\n"
      "Tear down samplelayers.Layer1 in 0.001 seconds.\n"
      "Set up samplelayers.Params in 0.001 seconds.\n" +
      quietLayer() +
      "Tearing down left over layers:\n"
      "Tear down samplelayers.Params in 0.001 seconds.\n";
  EXPECT_EQ(Printed, Expected);
}

TEST_F(StoredStream, SummaryNamesTheLeakAndItsTest) {
  std::string Summary;
  llvm::raw_string_ostream S(Summary);
  printSummary(S, Builder.facts(), options(), 2.5);
  EXPECT_EQ(Summary,
            "Total: 33 tests, 0 failures, 0 errors in 2.500 seconds.\n"
            "Leak summary: types that grew in every iteration after the "
            "first:\n"
            "  leaktrace.layer.UnitTests:\n"
            "    leak::Leakable insts +1 +1\n"
            "      in test leak.testleak insts +1 +1\n");
}

TEST_F(StoredStream, JUnitBlamesTheTestThatLeaked) {
  std::string XML;
  llvm::raw_string_ostream X(XML);
  writeJUnit(X, Builder.facts());
  // The first layer: 5 tests, leak.testleak failed by its leak, one skipped.
  EXPECT_NE(XML.find("<testsuite name=\"leaktrace.layer.UnitTests\" "
                     "tests=\"5\" failures=\"1\" skipped=\"1\">"),
            std::string::npos)
      << XML;
  EXPECT_NE(XML.find("<testcase classname=\"leaktrace.layer.UnitTests\" "
                     "name=\"leak.testleak\">\n"
                     "      <failure type=\"leak\" message=\"grew in every "
                     "iteration after the first\">leak::Leakable insts +1 +1\n"
                     "</failure>\n    </testcase>"),
            std::string::npos)
      << XML;
  EXPECT_NE(XML.find("name=\"plain.skipped\">\n      <skipped/>"),
            std::string::npos)
      << XML;
  EXPECT_NE(XML.find("<testsuite name=\"samplelayers.Params\" tests=\"2\" "
                     "failures=\"0\" skipped=\"0\">"),
            std::string::npos)
      << XML;
  // Every suite opened is closed; no testcase of growth outside the tests.
  EXPECT_EQ(XML.find("outside the tests"), std::string::npos);
  size_t Open = 0, Close = 0;
  for (size_t At = 0; (At = XML.find("<testsuite ", At)) != std::string::npos;
       ++At)
    ++Open;
  for (size_t At = 0; (At = XML.find("</testsuite>", At)) != std::string::npos;
       ++At)
    ++Close;
  EXPECT_EQ(Open, 4u);
  EXPECT_EQ(Close, 4u);
}

/// One shard of a two-shard run of layer "L", made by hand: two
/// iterations, and in the second, test \p Test changed \p Type by \p Insts.
StoredRun shard(unsigned Index, const std::string &Test,
                const std::string &Type, int64_t Insts) {
  StoredRun R;
  R.Path = "shard" + std::to_string(Index) + ".json";
  R.Verdict = "ok";
  R.Repeat = 2;
  R.ShardIndex = Index;
  R.ShardCount = 2;
  R.Seconds = 1.0 + Index;
  LayerFacts L;
  L.Name = "L";
  L.Tests = 1;
  for (unsigned N = 1; N <= 2; ++N) {
    IterationFacts It;
    It.Number = N;
    It.Ran = 1;
    It.Seconds = 0.5;
    if (N == 2) {
      It.Changes[Type] = {Insts, 0};
      It.TestChanges[Test][Type] = {Insts, 0};
    }
    L.Iterations.push_back(It);
  }
  R.Layers.push_back(L);
  return R;
}

TEST(MergedShards, ChangesAddUpAndRenderAsOneRun) {
  // Shard 1's test a keeps 2 more Widgets, shard 2's test b ends 2 that
  // were made before: the layer's change is 0 and nothing leaks.
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  ReportOptions Opts;
  Opts.RefCounts = true;
  MergedReport M(Opts, OS);
  ASSERT_FALSE(bool(M.merge({shard(0, "a", "Widget", 2),
                             shard(1, "b", "Widget", -2)})));
  M.render();
  EXPECT_EQ(Out, "Merged 2 shards.\n"
                 "Running L tests:\n"
                 "Iteration 1\n"
                 "Ran 2 tests with 0 failures and 0 errors in 0.500 seconds.\n"
                 "Iteration 2\n"
                 "Ran 2 tests with 0 failures and 0 errors in 0.500 seconds.\n"
                 "change=0\n");
  EXPECT_EQ(M.verdict(), "ok");
  EXPECT_FALSE(M.foundLeak());
  // Each test's own change stays its own.
  const IterationFacts &Second = M.facts().Layers[0].Iterations[1];
  EXPECT_EQ(Second.TestChanges.at("a").at("Widget").Insts, 2);
  EXPECT_EQ(Second.TestChanges.at("b").at("Widget").Insts, -2);
  EXPECT_TRUE(Second.Changes.empty());
  // The merged JSON has no absolute counts, and says how many shards.
  llvm::json::Value V = M.toJSON();
  const llvm::json::Object &Run = *V.getAsObject();
  EXPECT_EQ(Run.getInteger("merged_shards"), 2);
  EXPECT_EQ(Run.get("shard"), nullptr);
  const llvm::json::Object &It =
      *(*Run.getArray("layers"))[0].getAsObject()->getArray("iterations")
           ->back()
           .getAsObject();
  EXPECT_EQ(It.get("sys_refcount"), nullptr);
  EXPECT_EQ(It.getNumber("seconds"), 0.5);
}

TEST(MergedShards, AShardLeakingAndAShardFailingGiveBoth) {
  StoredRun Leaking = shard(0, "a", "Widget", 1);
  StoredRun Failing = shard(1, "b", "Gadget", 0);
  Failing.Layers[0].Iterations[1].Changes.clear();
  Failing.Layers[0].Iterations[1].TestChanges.clear();
  Failing.Layers[0].Iterations[0].Failures = 1;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  MergedReport M(ReportOptions{}, OS);
  ASSERT_FALSE(bool(M.merge({Leaking, Failing})));
  EXPECT_EQ(M.verdict(), "failures and leak");
  EXPECT_EQ(M.failures(), 1);
  EXPECT_TRUE(M.foundLeak());
}

TEST(MergedShards, ShardsOfDifferentRunsAreRefused) {
  StoredRun A = shard(0, "a", "Widget", 1), B = shard(0, "b", "Widget", 1);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  MergedReport M(ReportOptions{}, OS);
  llvm::Error E = M.merge({A, B});
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(llvm::toString(std::move(E)),
            "shard0.json: shard 1 of 2 is given twice");
}

TEST(Summary, LeftOutTypesSayWhyAndTheFix) {
  // A type whose count went below zero after a constructor the plugin did
  // not see (no LEAKTRACE_COUNT_BY_NEW): named, with its counts, the
  // explanation of that kind once, and the fix.
  RunFacts F;
  LeftOutType Gone;
  Gone.Type = "pool::Node";
  Gone.Layer = "L";
  Gone.Iteration = 2;
  Gone.Insts = -3;
  Gone.Flags = LEAKTRACE_COUNT_NEGATIVE;
  F.LeftOut.push_back(Gone);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printSummary(OS, F, ReportOptions{}, 0);
  EXPECT_EQ(Out, "Left out of every count above, counts that cannot be "
                 "right:\n"
                 "  pool::Node (insts -3, refs 0) from L iteration 2: " +
                     std::string(LEAKTRACE_REASON_NEGATIVE) + "\n" +
                     LEAKTRACE_EXPLAIN_NEGATIVE "\n" LEAKTRACE_EXPLAIN_FIX
                     "\n");
}

TEST(Summary, UncountedClassesAreCountedInWords) {
  RunFacts F;
  F.UncountedClasses = 1;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printSummary(OS, F, ReportOptions{}, 0);
  EXPECT_EQ(Out, "1 class of the program is not counted: compile with "
                 "-fplugin-arg-leaktrace-remarks to list them and why.\n");
}

} // namespace
