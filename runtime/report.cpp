// leaktrace runtime: the at-exit report of types still alive.
//
// LEAKTRACE_REPORT=exit prints it from a destructor that runs in _dl_fini,
// after exit() has run every atexit handler and C++ static destructor: what
// it lists was never destroyed.

#include "leaktrace/leaktrace.h"
#include "registry.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace leaktrace::rt {
namespace {

// The report's text, grown with realloc (no std::string: see registry.h).
struct Text {
  char *Data = nullptr;
  size_t Size = 0;
  size_t Capacity = 0;

  Text() = default;
  Text(const Text &) = delete;
  Text &operator=(const Text &) = delete;
  ~Text() { free(Data); }

  // Room for Extra more characters and a terminating NUL.
  void reserveMore(size_t Extra) {
    if (Size + Extra < Capacity)
      return;
    size_t Want = Capacity ? Capacity : 4096;
    while (Want <= Size + Extra)
      Want *= 2;
    auto *Grown = static_cast<char *>(realloc(Data, Want));
    if (!Grown)
      fatal("out of memory writing the report");
    Data = Grown;
    Capacity = Want;
  }

  void append(const char *S) {
    size_t N = strlen(S);
    reserveMore(N);
    memcpy(Data + Size, S, N + 1);
    Size += N;
  }
};

// One line of zope.testrunner's detail table columns.
void row(Text &Out, const char *Name, const char *Insts, const char *Refs) {
  // A name wider than its column pushes the numbers right; a fixed buffer
  // would cut long template names and the end of the line with them.
  int N = snprintf(nullptr, 0, "%-55s %6s %6s\n", Name, Insts, Refs);
  if (N < 0) {
    Out.append("\n");
    return;
  }
  Out.reserveMore(size_t(N));
  snprintf(Out.Data + Out.Size, size_t(N) + 1, "%-55s %6s %6s\n", Name, Insts,
           Refs);
  Out.Size += size_t(N);
}

void row(Text &Out, const char *Name, int64_t Insts, int64_t Refs) {
  char InstsText[24], RefsText[24]; // any int64_t fits with its sign
  snprintf(InstsText, sizeof InstsText, "%" PRId64, Insts);
  snprintf(RefsText, sizeof RefsText, "%" PRId64, Refs);
  row(Out, Name, InstsText, RefsText);
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

const char kRule[] =
    "-------------------------------------------------------"; // 55 wide

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

extern "C" void leaktrace_write_report(int Fd) {
  using namespace leaktrace::rt;
  size_t Count;
  TypeCount *Counts = snapshotAll(Count);
  // Keep the types with something alive, in place.
  size_t Alive = 0;
  for (size_t I = 0; I < Count; ++I)
    if (Counts[I].insts != 0 || Counts[I].refs != 0)
      Counts[Alive++] = Counts[I];
  if (Alive > 1)
    qsort(Counts, Alive, sizeof(TypeCount), byNameThenCounts);

  Text Out;
  Out.append("leaktrace: objects alive at exit, by type/class:\n");
  row(Out, "type/class", "insts", "refs");
  row(Out, kRule, "-----", "----");
  int64_t Insts = 0, Refs = 0;
  for (size_t I = 0; I < Alive; ++I) {
    row(Out, Counts[I].name, Counts[I].insts, Counts[I].refs);
    Insts += Counts[I].insts;
    Refs += Counts[I].refs;
  }
  row(Out, kRule, "-----", "----");
  row(Out, "total", Insts, Refs);
  free(Counts);
  writeAll(Fd, Out.Data, Out.Size);
}

void leaktrace::rt::reportAtExitIfRequested() {
  const char *Mode = getenv("LEAKTRACE_REPORT");
  if (!Mode || !*Mode)
    return;
  if (strcmp(Mode, "exit") != 0) {
    fprintf(stderr,
            "leaktrace: LEAKTRACE_REPORT=%s is not understood; the only "
            "value is 'exit'\n",
            Mode);
    return;
  }
  // Let what the program printed come first: stdio is flushed only after
  // this destructor has run.
  fflush(stdout);
  leaktrace_write_report(STDERR_FILENO);
}
