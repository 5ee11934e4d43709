//===- ChildProcesses.cpp - LEAKTRACE_REPORT=exit and the processes it starts //
//
// A program leaks one object, forks a child that leaks another and exits,
// then starts a copy of itself (fork + exec) that leaks a third. Children
// inherit the environment: with LEAKTRACE_REPORT=exit only the process it
// was set for reports (one table, the parent's); with exit-all every
// process reports, each table naming its process. The tests compare the
// whole standard error (tests/runtime/CMakeLists.txt).
//
//===----------------------------------------------------------------------===//

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace child {
#define CHILD_COUNTED(Name)                                                    \
  struct Name {                                                                \
    Name() : S(#Name) {}                                                       \
    ~Name() {}                                                                 \
    std::string S;                                                             \
  };
CHILD_COUNTED(Parent)
CHILD_COUNTED(Forked)
CHILD_COUNTED(Execed)
} // namespace child

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "exec-child") == 0) {
    new child::Execed;
    return 0;
  }
  new child::Parent;
  fflush(stderr);
  pid_t Forked = fork();
  if (Forked == 0) {
    // A forked child holds a copy of the parent's counts (its Parent).
    new child::Forked;
    exit(0);
  }
  waitpid(Forked, nullptr, 0);
  pid_t Execed = fork();
  if (Execed == 0) {
    execl("/proc/self/exe", argv[0], "exec-child", static_cast<char *>(nullptr));
    _exit(127);
  }
  int Status = 0;
  waitpid(Execed, &Status, 0);
  return WIFEXITED(Status) ? WEXITSTATUS(Status) : 1;
}
