// The stored event stream the tool's unit tests share:
// tests/runner/repeat3.events, the runner's own output for
// tests/runner/layers_test.cpp under LEAKTRACE_REPEAT=3, its times (N.NNN)
// read as 0.001 seconds. TextReportTest.cpp says what the program does.
#ifndef LEAKTRACE_TESTS_UNIT_STOREDSTREAM_H
#define LEAKTRACE_TESTS_UNIT_STOREDSTREAM_H

#include "Events.h"
#include "FactsBuilder.h"
#include "TextReport.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace leaktrace {

/// The stream's events, decoded; a test failure when one is not an event.
inline std::vector<event::Event> repeat3Events() {
  std::vector<event::Event> Out;
  auto Buffer = llvm::MemoryBuffer::getFile(LEAKTRACE_REPEAT3_EVENTS);
  EXPECT_TRUE(bool(Buffer)) << LEAKTRACE_REPEAT3_EVENTS;
  if (!Buffer)
    return Out;
  std::string Events = std::regex_replace(
      (*Buffer)->getBuffer().str(), std::regex("N\\.NNN"), "0.001");
  llvm::SmallVector<llvm::StringRef, 128> Lines;
  llvm::StringRef(Events).split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Lines) {
    llvm::Expected<event::Event> E = event::decode(Line);
    if (!E) {
      ADD_FAILURE() << llvm::toString(E.takeError()) << ": " << Line.str();
      continue;
    }
    Out.push_back(std::move(*E));
  }
  return Out;
}

/// The facts of the stored stream, built by FactsBuilder, with the live
/// text of options \p Opts in Printed.
class Repeat3Stream : public ::testing::Test {
protected:
  explicit Repeat3Stream(ReportOptions Opts) : Opts(Opts), Text(Opts, OS) {}

  void SetUp() override {
    Builder.facts().Repeat = 3;
    for (const event::Event &E : repeat3Events()) {
      Builder.apply(E);
      Text.show(E, Builder.facts());
    }
    Text.endLine();
  }

  ReportOptions Opts;
  std::string Printed;
  llvm::raw_string_ostream OS{Printed};
  FactsBuilder Builder;
  LiveText Text;
};

} // namespace leaktrace

#endif
