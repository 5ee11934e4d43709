// leaktrace runtime: the at-exit report of types still alive.
//
// LEAKTRACE_REPORT=exit reports for the process it was set for only;
// exit-all for every instrumented process started with it, each report
// naming its process.
//
// LEAKTRACE_REPORT=exit prints it from a destructor that runs in _dl_fini,
// after exit() has run every atexit handler and C++ static destructor: what
// it lists was never destroyed.

#include "leaktrace/leaktrace.h"
#include "registry.h"
#include "text.h"

#include <errno.h>
#include <sys/types.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace leaktrace::rt {
namespace {

// One line of zope.testrunner's detail table columns, the name column
// widened to Width (at least 55) so that long template names keep the
// numbers of every row aligned.
void row(Text &Out, int Width, const char *Name, const char *Insts,
         const char *Refs) {
  int N = snprintf(nullptr, 0, "%-*s %6s %6s\n", Width, Name, Insts, Refs);
  if (N < 0) {
    Out.append("\n");
    return;
  }
  Out.reserveMore(size_t(N));
  snprintf(Out.Data + Out.Size, size_t(N) + 1, "%-*s %6s %6s\n", Width, Name,
           Insts, Refs);
  Out.Size += size_t(N);
}

void row(Text &Out, int Width, const char *Name, int64_t Insts,
         int64_t Refs) {
  char InstsText[24], RefsText[24]; // any int64_t fits with its sign
  snprintf(InstsText, sizeof InstsText, "%" PRId64, Insts);
  snprintf(RefsText, sizeof RefsText, "%" PRId64, Refs);
  row(Out, Width, Name, InstsText, RefsText);
}

void rule(Text &Out, int Width) {
  Out.reserveMore(size_t(Width) + 16);
  memset(Out.Data + Out.Size, '-', size_t(Width));
  Out.Size += size_t(Width);
  Out.Data[Out.Size] = '\0';
  Out.append("  -----   ----\n");
}

// The width of the name column for these rows: zope's 55, or wider.
int nameWidth(const TypeCount *Rows, size_t N) {
  size_t Width = 55;
  for (size_t I = 0; I < N; ++I)
    if (size_t L = strlen(Rows[I].name); L > Width)
      Width = L;
  return Width > 4096 ? 4096 : int(Width);
}

// By name, then by counts: several internal-linkage types may share a name.
int byNameThenCounts(const void *APtr, const void *BPtr) {
  const auto &A = *static_cast<const TypeCount *>(APtr);
  const auto &B = *static_cast<const TypeCount *>(BPtr);
  if (int C = strcmp(A.name, B.name))
    return C;
  if (A.insts != B.insts)
    return A.insts < B.insts ? -1 : 1;
  if (A.refs != B.refs)
    return A.refs < B.refs ? -1 : 1;
  return 0;
}

// The C++ library's demangler, when the program has one (a C++ program
// always does); the runtime itself needs none.
extern "C" char *__cxa_demangle(const char *Mangled, char *Buffer,
                                size_t *Length, int *Status)
    __attribute__((weak));

// SYMBOL (MODULE) with SYMBOL demangled when possible.
void appendCode(Text &Out, const char *Code) {
  const char *Open = strstr(Code, " (");
  size_t SymbolLength = Open ? size_t(Open - Code) : strlen(Code);
  char Symbol[1024];
  snprintf(Symbol, sizeof Symbol, "%.*s", int(SymbolLength), Code);
  int Status = -1;
  char *Demangled =
      __cxa_demangle ? __cxa_demangle(Symbol, nullptr, nullptr, &Status)
                     : nullptr;
  Out.append(Status == 0 && Demangled ? Demangled : Symbol);
  free(Demangled);
  if (Open)
    Out.append(Open);
}

// A bit of no flag: some listed type went below zero with objects counted
// by their constructors.
constexpr uint32_t kNegativeByConstructor = 1u << 31;

// Why a row's counts cannot be right, after its figures.
void appendReasons(Text &Out, const TypeCount &Row) {
  if (Row.flags & LEAKTRACE_COUNT_NEGATIVE)
    Out.append(Row.flags & LEAKTRACE_COUNT_BY_NEW
                   ? ": " LEAKTRACE_REASON_NEGATIVE_BY_NEW
                   : ": " LEAKTRACE_REASON_NEGATIVE);
  if ((Row.flags & LEAKTRACE_COUNT_UNCOUNTED_CODE) && Row.uncounted_code) {
    Out.append(Row.flags & LEAKTRACE_COUNT_NEGATIVE ? "; " : ": ");
    appendCode(Out, Row.uncounted_code);
    Out.append(" " LEAKTRACE_REASON_UNCOUNTED_CODE);
  }
}

// What the kinds of reason among the listed types mean, and the fix.
void appendExplanations(Text &Out, uint32_t Flags) {
  if ((Flags & LEAKTRACE_COUNT_NEGATIVE) && (Flags & kNegativeByConstructor))
    Out.append(LEAKTRACE_EXPLAIN_NEGATIVE "\n");
  if (Flags & LEAKTRACE_COUNT_BY_NEW)
    Out.append(LEAKTRACE_EXPLAIN_NEGATIVE_BY_NEW "\n");
  if (Flags & LEAKTRACE_COUNT_UNCOUNTED_CODE)
    Out.append(LEAKTRACE_EXPLAIN_UNCOUNTED_CODE "\n");
  Out.append(LEAKTRACE_EXPLAIN_FIX "\n");
}

} // namespace

void writeAll(int Fd, const char *Data, size_t Size) {
  const char *P = Data;
  size_t Left = Size;
  while (Left > 0) {
    ssize_t N = write(Fd, P, Left);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return;
    P += N;
    Left -= size_t(N);
  }
}

} // namespace leaktrace::rt

void leaktrace::rt::writeReport(int Fd, const char *Process) {
  size_t Count;
  TypeCount *Counts = snapshotAll(Count);
  // First the types whose counts cannot be right (kept out of the table
  // and the total), then those with something alive; each group sorted.
  size_t Wrong = 0;
  for (size_t I = 0; I < Count; ++I)
    if (Counts[I].flags) {
      TypeCount Row = Counts[I];
      Counts[I] = Counts[Wrong];
      Counts[Wrong++] = Row;
    }
  size_t Alive = Wrong;
  for (size_t I = Wrong; I < Count; ++I)
    if (Counts[I].insts != 0 || Counts[I].refs != 0)
      Counts[Alive++] = Counts[I];
  qsort(Counts, Wrong, sizeof(TypeCount), byNameThenCounts);
  qsort(Counts + Wrong, Alive - Wrong, sizeof(TypeCount), byNameThenCounts);
  const TypeCount *Table = Counts + Wrong;
  size_t Rows = Alive - Wrong;

  Text Out;
  Out.append("leaktrace: objects alive at exit");
  if (Process) {
    Out.append(" of ");
    Out.append(Process);
  }
  Out.append(", by type/class:\n");
  int Width = nameWidth(Table, Rows);
  row(Out, Width, "type/class", "insts", "refs");
  rule(Out, Width);
  int64_t Insts = 0, Refs = 0;
  for (size_t I = 0; I < Rows; ++I) {
    row(Out, Width, Table[I].name, Table[I].insts, Table[I].refs);
    Insts += Table[I].insts;
    Refs += Table[I].refs;
  }
  rule(Out, Width);
  row(Out, Width, "total", Insts, Refs);
  // An empty table alone cannot tell "nothing leaked" from "nothing was
  // instrumented": say how many types the counters saw at all.
  if (Count == 0) {
    Out.append("leaktrace: no type was counted: no code compiled with the "
               "leaktrace plugin made an object (compile with $(leaktrace "
               "--cxxflags))\n");
  } else {
    char Line[128];
    snprintf(Line, sizeof Line,
             "leaktrace: %zu %s counted, %zu with objects alive at exit\n",
             Count, Count == 1 ? "type" : "types", Rows);
    Out.append(Line);
  }
  if (Wrong > 0) {
    Out.append("leaktrace: left out above, counts that cannot be right:\n");
    uint32_t Kinds = 0;
    for (size_t I = 0; I < Wrong; ++I) {
      Kinds |= Counts[I].flags;
      if ((Counts[I].flags & LEAKTRACE_COUNT_NEGATIVE) &&
          !(Counts[I].flags & LEAKTRACE_COUNT_BY_NEW))
        Kinds |= kNegativeByConstructor;
      char Line[96];
      snprintf(Line, sizeof Line, ": insts %" PRId64 ", refs %" PRId64,
               Counts[I].insts, Counts[I].refs);
      Out.append("  ");
      Out.append(Counts[I].name);
      Out.append(Line);
      appendReasons(Out, Counts[I]);
      Out.append("\n");
    }
    appendExplanations(Out, Kinds);
  }
  if (size_t Uncounted = leaktrace_uncounted_classes()) {
    char Line[160];
    snprintf(Line, sizeof Line,
             "leaktrace: %zu %s of the program %s not counted: compile with "
             "-fplugin-arg-leaktrace-remarks to list them and why\n",
             Uncounted, Uncounted == 1 ? "class" : "classes",
             Uncounted == 1 ? "is" : "are");
    Out.append(Line);
  }
  free(Counts);
  writeAll(Fd, Out.Data, Out.Size);
}

extern "C" void leaktrace_write_report(int Fd) {
  leaktrace::rt::writeReport(Fd, nullptr);
}

namespace {

// What LEAKTRACE_REPORT asked for, read once at start-up.
enum class ReportMode { Off, OneProcess, EveryProcess, NotUnderstood };
ReportMode gReportMode = ReportMode::Off;
pid_t gReportPid;         // OneProcess: the process to report for
char gNotUnderstood[128]; // NotUnderstood: the value, for the message

bool parsePid(const char *Text, pid_t &Pid) {
  char *End;
  long V = strtol(Text, &End, 10);
  if (*Text == '\0' || *End != '\0' || V <= 0 || V != pid_t(V))
    return false;
  Pid = pid_t(V);
  return true;
}

} // namespace

void leaktrace::rt::readReportRequest() {
  const char *Mode = getenv(LEAKTRACE_REPORT_VAR);
  if (!Mode || !*Mode)
    return;
  if (strcmp(Mode, "exit") == 0) {
    // Meant for this process, not for the helpers it starts: they inherit
    // the environment, so it now names this process. A forked child keeps
    // gReportPid and sees that it is another process.
    gReportMode = ReportMode::OneProcess;
    gReportPid = getpid();
    char Value[32];
    snprintf(Value, sizeof Value, "exit:%ld", long(gReportPid));
    setenv(LEAKTRACE_REPORT_VAR, Value, /*overwrite=*/1);
  } else if (strncmp(Mode, "exit:", 5) == 0 && parsePid(Mode + 5, gReportPid)) {
    gReportMode = ReportMode::OneProcess;
  } else if (strcmp(Mode, "exit-all") == 0) {
    gReportMode = ReportMode::EveryProcess;
  } else {
    gReportMode = ReportMode::NotUnderstood;
    snprintf(gNotUnderstood, sizeof gNotUnderstood, "%s", Mode);
  }
}

void leaktrace::rt::reportAtExitIfRequested() {
  switch (gReportMode) {
  case ReportMode::Off:
    return;
  case ReportMode::NotUnderstood:
    fprintf(stderr,
            "leaktrace: LEAKTRACE_REPORT=%s is not understood; the values "
            "are 'exit' (this process), 'exit-all' (it and every "
            "instrumented process it starts) and 'exit:PID'\n",
            gNotUnderstood);
    return;
  case ReportMode::OneProcess:
    if (getpid() != gReportPid)
      return;
    // Let what the program printed come first: stdio is flushed only after
    // this destructor has run.
    fflush(stdout);
    leaktrace_write_report(STDERR_FILENO);
    return;
  case ReportMode::EveryProcess: {
    fflush(stdout);
    char Process[320];
    snprintf(Process, sizeof Process, "%s (pid %ld)",
             program_invocation_short_name, long(getpid()));
    writeReport(STDERR_FILENO, Process);
    return;
  }
  }
}
