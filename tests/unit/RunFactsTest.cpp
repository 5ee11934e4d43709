// The facts of a run apart from their printing (tool/RunFacts.h), built from
// a stored event stream, and rendered as --json and read back as merge reads
// a shard (FactsJSON.h, MergeShards.h). The stream is the runner's own
// golden output for tests/runner/layers_test.cpp under LEAKTRACE_REPEAT=3;
// what the facts must be is worked out from that program: four layers
// (leaktrace.layer.UnitTests of 5 tests, samplelayers.Layer11, Layer12 and
// Params of 2 each); in the first, leak.testleak keeps one more
// leak::Leakable each run (+1 insts in iterations 2 and 3) and plain.skipped
// skips itself every time; no test fails.
#include "FactsBuilder.h"
#include "FactsJSON.h"
#include "StoredStream.h"
#include "TextReport.h"

#include <gtest/gtest.h>

using namespace leaktrace;

namespace {

/// -N 3 -r.
class Repeat3Run : public Repeat3Stream {
protected:
  Repeat3Run() : Repeat3Stream(options()) {}
  static ReportOptions options() {
    ReportOptions O;
    O.Repeat = 3;
    O.RefCounts = true;
    return O;
  }
};

TEST_F(Repeat3Run, LayersIterationsAndTests) {
  const RunFacts &F = Builder.facts();
  ASSERT_EQ(F.Layers.size(), 4u);
  EXPECT_EQ(F.Layers[0].Name, "leaktrace.layer.UnitTests");
  EXPECT_EQ(F.Layers[0].Tests, 5);
  for (const LayerFacts &L : F.Layers)
    EXPECT_EQ(L.Iterations.size(), 3u) << L.Name;
  for (const IterationFacts &It : F.Layers[0].Iterations) {
    EXPECT_EQ(It.Ran, 5);
    EXPECT_EQ(It.Skipped, 1);
    EXPECT_EQ(It.Failures, 0);
  }
  const TestRecord &Skipped =
      F.Layers[0].TestRuns[F.Layers[0].TestRunIndex.lookup("plain.skipped")];
  EXPECT_EQ(Skipped.Runs, 3u);
  EXPECT_EQ(Skipped.Skips, 3u);
  EXPECT_EQ(F.failures(), 0);
}

TEST_F(Repeat3Run, TheLeakAndWhoGrewIt) {
  const RunFacts &F = Builder.facts();
  std::map<std::string, std::vector<std::string>> Leaks = F.leaks();
  ASSERT_EQ(Leaks.size(), 1u);
  EXPECT_EQ(Leaks["leaktrace.layer.UnitTests"],
            std::vector<std::string>{"leak::Leakable"});
  const LayerFacts &L = F.Layers[0];
  EXPECT_EQ(L.figures("leak::Leakable", /*Insts=*/true),
            (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(L.leakingTests("leak::Leakable", true),
            std::vector<std::string>{"leak.testleak"});
  EXPECT_TRUE(L.outsideTests("leak::Leakable", true).empty());
  EXPECT_TRUE(F.foundLeak());
  // The other layers grew nothing.
  for (size_t I = 1; I < F.Layers.size(); ++I)
    EXPECT_TRUE(F.Layers[I].leakingTypes().empty()) << F.Layers[I].Name;
}

TEST_F(Repeat3Run, JsonReadsBackAsMergeReadsAShard) {
  llvm::json::Value V = runToJSON(Builder.facts(), "leak", 1.5);
  StoredRun Back;
  ASSERT_FALSE(bool(runFromJSON(V, Back)));
  EXPECT_EQ(Back.Verdict, "leak");
  EXPECT_EQ(Back.Repeat, 3u);
  EXPECT_DOUBLE_EQ(Back.Seconds, 1.5);
  ASSERT_EQ(Back.Layers.size(), 4u);
  const IterationFacts &Second = Back.Layers[0].Iterations[1];
  EXPECT_EQ(Second.Changes.at("leak::Leakable").Insts, 1);
  EXPECT_EQ(Second.TestChanges.at("leak.testleak").at("leak::Leakable").Insts,
            1);
  EXPECT_EQ(Back.leaks(), Builder.facts().leaks());
}

TEST_F(Repeat3Run, TheTextReportSaysTheSame) {
  printSummary(OS, Builder.facts(), Opts, 1.0);
  // The renderer prints the facts: the leak summary names the type and the
  // test with their figures.
  EXPECT_NE(Printed.find("leak::Leakable insts +1 +1"), std::string::npos) << Printed;
  EXPECT_NE(Printed.find("in test leak.testleak insts +1 +1"), std::string::npos)
      << Printed;
}

} // namespace
