// The facts of a run apart from their printing (tool/RunFacts.h), built from
// a stored event stream, and rendered as --json and read back as merge reads
// a shard (FactsJSON.h, MergeShards.h). The stream is the runner's own
// golden output for tests/runner/layers_test.cpp under LEAKTRACE_REPEAT=3;
// what the facts must be is worked out from that program: four layers
// (leaktrace.layer.UnitTests of 5 tests, samplelayers.Layer11, Layer12 and
// Params of 2 each); in the first, leak.testleak keeps one more
// leak::Leakable each run (+1 insts in iterations 2 and 3) and plain.skipped
// skips itself every time; no test fails.
#include "FactsJSON.h"
#include "LeakReport.h"
#include "MergeShards.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <regex>

using namespace leaktrace;

namespace {

/// The facts of the stored stream, its text report in \p Text.
class StoredRun : public ::testing::Test {
protected:
  void SetUp() override {
    auto Buffer = llvm::MemoryBuffer::getFile(LEAKTRACE_REPEAT3_EVENTS);
    ASSERT_TRUE(bool(Buffer));
    std::string Events = std::regex_replace(
        (*Buffer)->getBuffer().str(), std::regex("N\\.NNN"), "0.001");
    llvm::SmallVector<llvm::StringRef, 128> Lines;
    llvm::StringRef(Events).split(Lines, '\n', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef Line : Lines)
      ASSERT_FALSE(bool(Report.consume(Line))) << Line.str();
    Report.finish(1.0);
  }

  ReportOptions options() {
    ReportOptions O;
    O.Repeat = 3;
    O.RefCounts = true;
    return O;
  }

  std::string Text;
  llvm::raw_string_ostream OS{Text};
  LeakReport Report{options(), OS};
};

TEST_F(StoredRun, LayersIterationsAndTests) {
  const RunFacts &F = Report.facts();
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

TEST_F(StoredRun, TheLeakAndWhoGrewIt) {
  const RunFacts &F = Report.facts();
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

TEST_F(StoredRun, JsonReadsBackAsMergeReadsAShard) {
  llvm::json::Value V = runToJSON(Report.facts(), "leak", 1.5);
  ShardRun Back;
  ASSERT_FALSE(bool(readRunFacts(V, Back)));
  EXPECT_EQ(Back.Verdict, "leak");
  EXPECT_EQ(Back.Repeat, 3u);
  EXPECT_DOUBLE_EQ(Back.Seconds, 1.5);
  ASSERT_EQ(Back.Layers.size(), 4u);
  const IterationFacts &Second = Back.Layers[0].Iterations[1];
  EXPECT_EQ(Second.Changes.at("leak::Leakable").Insts, 1);
  EXPECT_EQ(Second.TestChanges.at("leak.testleak").at("leak::Leakable").Insts,
            1);
  EXPECT_EQ(Back.leaks(), Report.facts().leaks());
}

TEST_F(StoredRun, TheTextReportSaysTheSame) {
  // The renderer prints the facts: the leak summary names the type and the
  // test with their figures.
  EXPECT_NE(Text.find("leak::Leakable insts +1 +1"), std::string::npos) << Text;
  EXPECT_NE(Text.find("in test leak.testleak insts +1 +1"), std::string::npos)
      << Text;
}

} // namespace
