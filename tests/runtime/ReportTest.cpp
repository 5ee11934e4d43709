//===- ReportTest.cpp - The text of leaktrace_write_report() --------------===//
//
// The report lists every type with live instances or references, sorted by
// name, in zope.testrunner's columns: "%-55s %6s %6s". The process running
// these tests has other live types (GoogleTest's test objects), so the tests
// check whole lines and the frame around them.
//
//===----------------------------------------------------------------------===//

#include "Counts.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <algorithm>
#include <string>
#include <vector>

namespace report_test {

struct Tracked {
  Tracked() : S("tracked") {}
  ~Tracked() {}
  std::string S;
};

} // namespace report_test

namespace {

std::string reportText() {
  FILE *F = tmpfile();
  if (!F)
    return "tmpfile failed";
  leaktrace_write_report(fileno(F));
  rewind(F);
  std::string Text;
  char Buf[4096];
  size_t N;
  while ((N = fread(Buf, 1, sizeof Buf, F)) > 0)
    Text.append(Buf, N);
  fclose(F);
  return Text;
}

std::vector<std::string> linesOf(const std::string &Text) {
  std::vector<std::string> Lines;
  size_t Start = 0;
  for (size_t End; (End = Text.find('\n', Start)) != std::string::npos;
       Start = End + 1)
    Lines.push_back(Text.substr(Start, End - Start));
  if (Start != Text.size())
    Lines.push_back(Text.substr(Start)); // unterminated last line
  return Lines;
}

// A row built by hand: the name left-aligned in 55 columns, then two
// right-aligned columns of 6, one space apart.
std::string line(const std::string &Name, const std::string &Insts,
                 const std::string &Refs) {
  auto Right = [](const std::string &S) {
    return std::string(S.size() < 6 ? 6 - S.size() : 0, ' ') + S;
  };
  std::string Padded = Name;
  if (Padded.size() < 55)
    Padded.append(55 - Padded.size(), ' ');
  return Padded + " " + Right(Insts) + " " + Right(Refs);
}

const std::string Separator(std::string(55, '-') + "  -----   ----");

// The classes of this program (SingleThreadTest.cpp, OtherUnit.cpp,
// ReportTest.cpp and Counts.h, which two of them include) that are not
// counted: lt_test::Snapshot and lt_test::Baseline (annotated
// leaktrace::ignore, recorded by two files, one class each) and
// single::IgnoredDerived (annotated). single::Aggregate (an aggregate) and
// single::InheritingVariadic (inherits a C-variadic constructor) are counted
// by their objects made with new, of which there are none: not listed.
constexpr size_t kUncountedClasses = 3;
const std::string kUncountedLine =
    "leaktrace: " + std::to_string(kUncountedClasses) +
    " classes of the program are not counted: compile with "
    "-fplugin-arg-leaktrace-remarks to list them and why";

TEST(Uncounted, EachClassOnceWhateverTheFilesRecordingIt) {
  EXPECT_EQ(leaktrace_uncounted_classes(), kUncountedClasses);
}

TEST(Report, Layout) {
  static __leaktrace_type Zeta = {0, 0, "report_test::Zeta"};
  static __leaktrace_type Alpha = {0, 0, "report_test::Alpha"};
  static __leaktrace_type Gone = {0, 0, "report_test::Gone"};
  for (int I = 0; I < 3; ++I)
    __leaktrace_construct(&Zeta, nullptr);
  __leaktrace_refs_add(&Alpha, +2);
  __leaktrace_construct(&Gone, nullptr);
  __leaktrace_destruct(&Gone, nullptr);
  auto *T = new report_test::Tracked;

  std::vector<std::string> Lines = linesOf(reportText());
  ASSERT_GE(Lines.size(), 9u);
  // The last line counts the classes of this program that are not counted
  // (see Uncounted below); the table is above it.
  EXPECT_EQ(Lines.back(), kUncountedLine);
  Lines.pop_back();
  // Above it, how many types were counted at all (every type registered in
  // this process: the snapshot's size) and how many are in the table.
  std::string Counted = Lines.back();
  Lines.pop_back();
  size_t Registered = leaktrace_snapshot(nullptr, 0);
  EXPECT_GE(Registered, 4u); // Zeta, Alpha, Gone, Tracked at least
  EXPECT_EQ(Counted, "leaktrace: " + std::to_string(Registered) +
                         " types counted, " + std::to_string(Lines.size() - 5) +
                         " with objects alive at exit");
  EXPECT_EQ(Lines[0], "leaktrace: objects alive at exit, by type/class:");
  EXPECT_EQ(Lines[1], "type/class                                              "
                      " insts   refs");
  EXPECT_EQ(Lines[1], line("type/class", "insts", "refs"));
  EXPECT_EQ(Lines[2], Separator);
  EXPECT_EQ(Lines[Lines.size() - 2], Separator);

  // Rows between the frames: sorted by name, all alive, summed in the total.
  std::vector<std::string> Rows(Lines.begin() + 3, Lines.end() - 2);
  for (size_t I = 1; I < Rows.size(); ++I)
    EXPECT_LE(Rows[I - 1].substr(0, 55), Rows[I].substr(0, 55));
  long long Insts = 0, Refs = 0;
  for (const std::string &R : Rows) {
    ASSERT_EQ(R.size(), 69u) << R;
    long long I = std::stoll(R.substr(56, 6)), F = std::stoll(R.substr(63, 6));
    EXPECT_TRUE(I != 0 || F != 0) << R;
    Insts += I;
    Refs += F;
  }
  EXPECT_EQ(Lines.back(), line("total", std::to_string(Insts),
                               std::to_string(Refs)));

  auto Has = [&](const std::string &L) {
    for (const std::string &R : Rows)
      if (R == L)
        return true;
    return false;
  };
  EXPECT_TRUE(Has(line("report_test::Alpha", "0", "2")));
  EXPECT_TRUE(Has(line("report_test::Tracked", "1", "0")));
  EXPECT_TRUE(Has(line("report_test::Zeta", "3", "0")));
  for (const std::string &R : Rows)
    EXPECT_EQ(R.find("report_test::Gone"), std::string::npos);

  delete T;
  for (int I = 0; I < 3; ++I)
    __leaktrace_destruct(&Zeta, nullptr);
  __leaktrace_refs_add(&Alpha, -2);
  for (const std::string &R : linesOf(reportText()))
    EXPECT_EQ(R.find("report_test::"), std::string::npos) << R;
}

// C++ names easily exceed a few hundred characters (nested template
// arguments). The name column widens to the longest name, so the numbers of
// every row stay aligned, and every line ends where it should.
TEST(Report, LongNamesWidenTheNameColumn) {
  static const std::string Name = "report_test::Long" + std::string(600, 'x');
  static __leaktrace_type Long = {0, 0, Name.c_str()};
  static __leaktrace_type After = {0, 0, "report_test::Short"};
  __leaktrace_construct(&Long, nullptr);
  __leaktrace_construct(&After, nullptr);
  std::vector<std::string> Lines = linesOf(reportText());
  __leaktrace_destruct(&Long, nullptr);
  __leaktrace_destruct(&After, nullptr);

  auto Padded = [&](std::string S) {
    S.resize(Name.size(), ' ');
    return S;
  };
  const std::string Rule = std::string(Name.size(), '-') + "  -----   ----";
  ASSERT_GE(Lines.size(), 3u);
  EXPECT_EQ(Lines[1], Padded("type/class") + "  insts   refs");
  EXPECT_EQ(Lines[2], Rule);
  bool FoundLong = false, FoundShort = false;
  for (const std::string &L : Lines) {
    FoundLong |= L == Name + "      1      0";
    FoundShort |= L == Padded("report_test::Short") + "      1      0";
  }
  EXPECT_TRUE(FoundLong);
  EXPECT_TRUE(FoundShort);
  EXPECT_EQ(std::count(Lines.begin(), Lines.end(), Rule), 2);
}

} // namespace
