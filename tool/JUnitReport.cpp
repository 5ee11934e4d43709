//===- JUnitReport.cpp - A run's facts as JUnit XML -----------------------===//

#include "JUnitReport.h"
#include "TextReport.h"

#include <map>

namespace leaktrace {

std::string xmlEscape(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    default:
      // XML 1.0 has no other control characters than tab and newlines.
      if ((unsigned char)C < 0x20 && C != '\n' && C != '\t' && C != '\r')
        Out += ' ';
      else
        Out += C;
    }
  }
  return Out;
}

void writeJUnit(llvm::raw_ostream &XML, const RunFacts &F) {
  XML << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  for (const LayerFacts &L : F.Layers) {
    // The leaks each test is to blame for, and those outside every test.
    std::map<std::string, std::string> Leaks;
    for (const std::string &T : F.leakingTypes(L)) {
      if (F.Known && F.Known->accepts(L, T))
        continue;
      for (bool Insts : {true, false}) {
        const char *Counter = Insts ? " insts" : " refs";
        // The creation sites are the layer's: under each test to blame.
        std::string Sites =
            Insts ? sitesText(F, L.Name, T, "  ") + retentionText(F, L.Name, T, "  ")
                  : "";
        for (const std::string &Test : L.leakingTests(T, Insts))
          Leaks[Test] += T + Counter + figureList(L.figures(T, Insts, Test)) +
                         "\n" + Sites;
        std::vector<int64_t> Rest = L.outsideTests(T, Insts);
        if (!Rest.empty())
          Leaks[""] += T + Counter + figureList(Rest) + "\n" + Sites;
      }
    }
    unsigned Failures = 0, Skipped = 0;
    for (const TestRecord &R : L.TestRuns) {
      Failures += R.Failures || Leaks.count(R.Name);
      Skipped += R.Skips == R.Runs && R.Runs;
    }
    bool Outside = Leaks.count("");
    XML << "  <testsuite name=\"" << xmlEscape(L.Name) << "\" tests=\""
        << L.TestRuns.size() + Outside << "\" failures=\"" << Failures + Outside
        << "\" skipped=\"" << Skipped << "\">\n";
    auto Case = [&](const std::string &Name, const TestRecord *R,
                    const std::string &Leak) {
      XML << "    <testcase classname=\"" << xmlEscape(L.Name) << "\" name=\""
          << xmlEscape(Name) << "\"";
      bool Failed = R && R->Failures;
      bool Skip = R && R->Skips == R->Runs && R->Runs;
      if (!Failed && Leak.empty() && !Skip) {
        XML << "/>\n";
        return;
      }
      XML << ">\n";
      if (Failed)
        XML << "      <failure message=\"failed in " << R->Failures << " of "
            << R->Runs << " runs, first in iteration "
            << R->FirstFailedIteration << "\">" << xmlEscape(R->FirstFailure)
            << "</failure>\n";
      if (!Leak.empty())
        XML << "      <failure type=\"leak\" message=\"grew in every "
               "iteration after the first\">"
            << xmlEscape(Leak) << "</failure>\n";
      if (Skip && !Failed)
        XML << "      <skipped/>\n";
      XML << "    </testcase>\n";
    };
    for (const TestRecord &R : L.TestRuns) {
      auto Leak = Leaks.find(R.Name);
      Case(R.Name, &R, Leak == Leaks.end() ? "" : Leak->second);
    }
    if (Outside)
      Case("(outside the tests)", nullptr, Leaks[""]);
    XML << "  </testsuite>\n";
  }
  XML << "</testsuites>\n";
}

} // namespace leaktrace
