// leaktrace runtime: the at-exit report of types still alive.
//
// LEAKTRACE_REPORT=exit prints it from a destructor that runs in _dl_fini,
// after exit() has run every atexit handler and C++ static destructor: what
// it lists was never destroyed.

#include "leaktrace/leaktrace.h"
#include "registry.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace leaktrace::rt {
namespace {

// zope.testrunner's detail table columns.
std::string row(const char *Name, const std::string &Insts,
                const std::string &Refs) {
  // A name wider than its column pushes the numbers right; a fixed buffer
  // would cut long template names and the end of the line with them.
  int N = snprintf(nullptr, 0, "%-55s %6s %6s\n", Name, Insts.c_str(),
                   Refs.c_str());
  if (N < 0)
    return "\n";
  std::string Line(size_t(N), '\0');
  snprintf(Line.data(), Line.size() + 1, "%-55s %6s %6s\n", Name,
           Insts.c_str(), Refs.c_str());
  return Line;
}

} // namespace

void writeAll(int Fd, const std::string &Text) {
  const char *P = Text.data();
  size_t Left = Text.size();
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
  std::vector<TypeCount> Alive;
  for (const TypeCount &C : snapshotAll())
    if (C.insts != 0 || C.refs != 0)
      Alive.push_back(C);
  std::sort(Alive.begin(), Alive.end(),
            [](const TypeCount &A, const TypeCount &B) {
              int C = strcmp(A.name, B.name);
              return C != 0 ? C < 0 : A.insts < B.insts;
            });

  std::string Out = "leaktrace: objects alive at exit, by type/class:\n";
  Out += row("type/class", "insts", "refs");
  Out += row(std::string(55, '-').c_str(), "-----", "----");
  int64_t Insts = 0, Refs = 0;
  for (const TypeCount &C : Alive) {
    Out += row(C.name, std::to_string(C.insts), std::to_string(C.refs));
    Insts += C.insts;
    Refs += C.refs;
  }
  Out += row(std::string(55, '-').c_str(), "-----", "----");
  Out += row("total", std::to_string(Insts), std::to_string(Refs));
  writeAll(Fd, Out);
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
