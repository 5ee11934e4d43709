// The tool's decoding of the runner's event stream (tool/Events.h): a stored
// stream (tests/runner/repeat3.events, the runner's own golden output)
// decodes line by line into the structs, and each way a line can be wrong
// is an error that names what is wrong and where.
#include "Events.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <variant>

using namespace leaktrace;

namespace {

std::string errorOf(llvm::StringRef Line) {
  llvm::Expected<event::Event> E = event::decode(Line);
  if (E)
    return "(decoded)J";
  return llvm::toString(E.takeError());
}

const char IterationLine[] =
    R"J({"event":"iteration","layer":"L","iteration":2,"ran":3,"failures":1,)J"
    R"J("errors":0,"skipped":1,"seconds":0.25,"counts":[)J"
    R"J({"type":"A","insts":4,"refs":1},)J"
    R"J({"type":"B","insts":-1,"refs":0,"flags":1,"uncounted_code":"f (m)"}]})J";

TEST(Events, StoredStreamDecodesLineByLine) {
  auto Buffer = llvm::MemoryBuffer::getFile(LEAKTRACE_REPEAT3_EVENTS);
  ASSERT_TRUE(bool(Buffer));
  // The stored stream masks its durations ("seconds":N.NNN).
  std::string Text = std::regex_replace((*Buffer)->getBuffer().str(),
                                        std::regex("N\\.NNN"), "0.001");
  llvm::SmallVector<llvm::StringRef, 128> Lines;
  llvm::StringRef(Text).split(Lines, '\n', -1, /*KeepEmpty=*/false);
  ASSERT_EQ(Lines.size(), 95u);
  size_t Layers = 0, Iterations = 0, TestEnds = 0;
  for (llvm::StringRef Line : Lines) {
    llvm::Expected<event::Event> E = event::decode(Line);
    ASSERT_TRUE(bool(E)) << Line.str() << ": " << llvm::toString(E.takeError());
    Layers += std::holds_alternative<event::LayerStart>(*E);
    Iterations += std::holds_alternative<event::Iteration>(*E);
    TestEnds += std::holds_alternative<event::TestEnd>(*E);
  }
  // tests/runner/layers_test.cpp, three times (LEAKTRACE_REPEAT=3): four
  // layers of 5, 2, 2 and 2 tests.
  EXPECT_EQ(Layers, 4u);
  EXPECT_EQ(Iterations, 4u * 3);
  EXPECT_EQ(TestEnds, (5u + 2 + 2 + 2) * 3);
  EXPECT_TRUE(std::holds_alternative<event::Hello>(*event::decode(Lines[0])));
  EXPECT_TRUE(
      std::holds_alternative<event::Done>(*event::decode(Lines.back())));
}

TEST(Events, IterationMembers) {
  llvm::Expected<event::Event> E = event::decode(IterationLine);
  ASSERT_TRUE(bool(E)) << llvm::toString(E.takeError());
  const auto &It = std::get<event::Iteration>(*E);
  EXPECT_EQ(It.Layer, "L");
  EXPECT_EQ(It.Number, 2);
  EXPECT_EQ(It.Ran, 3);
  EXPECT_EQ(It.Failures, 1);
  EXPECT_EQ(It.Skipped, 1);
  EXPECT_DOUBLE_EQ(It.Seconds, 0.25);
  ASSERT_EQ(It.Counts.size(), 2u);
  EXPECT_EQ(It.Counts[0].Type, "A");
  EXPECT_EQ(It.Counts[0].Insts, 4);
  EXPECT_EQ(It.Counts[0].Refs, 1);
  EXPECT_EQ(It.Counts[0].Flags, 0u);
  EXPECT_EQ(It.Counts[1].Insts, -1);
  EXPECT_EQ(It.Counts[1].Flags, 1u);
  EXPECT_EQ(It.Counts[1].UncountedCode, "f (m)");
}

TEST(Events, TestEndWithoutChangesAndSetUpKinds) {
  auto E = event::decode(
      R"J({"event":"test_end","name":"a.b","outcome":"failed","message":"x:1: no"})J");
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(std::get<event::TestEnd>(*E).Outcome, "failed");
  EXPECT_TRUE(std::get<event::TestEnd>(*E).Changes.empty());
  auto Down =
      event::decode(R"J({"event":"teardown","layer":"L","seconds":1})J");
  ASSERT_TRUE(bool(Down));
  EXPECT_TRUE(std::get<event::LayerSetUp>(*Down).TornDown);
  auto Up = event::decode(R"J({"event":"setup","layer":"L","seconds":1})J");
  ASSERT_TRUE(bool(Up));
  EXPECT_FALSE(std::get<event::LayerSetUp>(*Up).TornDown);
  // A listing's last event counts nothing.
  auto Done = event::decode(R"J({"event":"done"})J");
  ASSERT_TRUE(bool(Done));
  EXPECT_EQ(std::get<event::Done>(*Done).UncountedClasses, 0);
}

TEST(Events, MissingMemberIsNamedWithItsPath) {
  std::string Line = IterationLine;
  Line.replace(Line.find(R"J(,"refs":1)J"), 9, "");
  EXPECT_EQ(errorOf(Line), "missing value at iteration.counts[0].refs");
  EXPECT_EQ(errorOf(R"J({"event":"layer","name":"L","tests":1})J"),
            "missing value at layer.order");
}

TEST(Events, MistypedMemberIsNamedWithItsPath) {
  std::string Line = IterationLine;
  Line.replace(Line.find(R"J("insts":4)J"), 9, R"J("insts":"4")J");
  EXPECT_EQ(errorOf(Line), "expected integer at iteration.counts[0].insts");
  EXPECT_EQ(
      errorOf(
          R"J({"event":"test_end","name":"t","outcome":"maybe","message":""})J"),
      "expected \"ok\", \"failed\" or \"skipped\" at test_end.outcome");
}

TEST(Events, NotAnEvent) {
  EXPECT_EQ(errorOf(R"J({"name":"x"})J"), "not an event object");
  EXPECT_EQ(errorOf(R"J([1,2])J"), "not an event object");
  EXPECT_EQ(errorOf(R"J({"event":"party"})J"), "unknown event 'party'");
  EXPECT_NE(errorOf("Running main() from gtest_main.cc").find("Invalid JSON"),
            std::string::npos);
}

TEST(Events, OtherProtocolVersion) {
  EXPECT_EQ(
      errorOf(R"J({"event":"hello","version":99,"framework":"doctest"})J"),
      "the program's leaktrace runner speaks version 99 of the event "
      "stream, this tool 1: rebuild the program against this leaktrace");
}

} // namespace
