//===- StaticInit.cpp - Counting before and after main --------------------===//
//
// Objects with static storage are constructed before main and destroyed
// after it, before any runtime initialiser or finaliser could be relied on:
// the runtime is constant-initialised and never torn down, so both ends are
// counted. main checks the counts built up before it; an exit handler that
// runs after every static destructor checks that they all came back to 0.
// Prints one line for each phase on standard output; any mismatch goes to
// standard error and makes the exit status non-zero.
//
//===----------------------------------------------------------------------===//

#include "Counts.h"
#include "StaticInit.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace init {

// Allocated by an ELF constructor that runs before any C++ initialiser.
struct VeryEarly {
  VeryEarly() : S("very early") {}
  ~VeryEarly() {}
  std::string S;
};

// Constructed and destroyed while a global is initialised.
struct Temporary {
  explicit Temporary(const char *P) : S(P) {}
  ~Temporary() {}
  std::string S;
};

struct FunctionStatic {
  FunctionStatic() : S("function static") {}
  ~FunctionStatic() {}
  std::string S;
};

} // namespace init

namespace {

int Failures = 0;

void expectInsts(const char *Phase, const char *Name, int64_t Expected) {
  int64_t Actual = lt_test::Snapshot().insts(Name);
  if (Actual == Expected)
    return;
  fprintf(stderr, "%s: insts of %s: expected %lld, got %lld\n", Phase, Name,
          (long long)Expected, (long long)Actual);
  ++Failures;
}

void afterStaticDestructors() {
  const char *Phase = "after static destructors";
  expectInsts(Phase, "init::Global", 0);
  expectInsts(Phase, "init::Other", 0);
  expectInsts(Phase, "init::FunctionStatic", 0);
  expectInsts(Phase, "init::VeryEarly", 0);
  expectInsts(Phase, "init::Temporary", 0);
  if (Failures)
    _exit(1); // exit() is already running
  printf("%s: counts as expected\n", Phase);
  fflush(stdout);
}

init::VeryEarly *Early;

// Priority 101 runs before every C++ initialiser; an exit handler registered
// here runs after every static destructor (they run in reverse order of
// registration).
__attribute__((constructor(101))) void beforeEverything() {
  Early = new init::VeryEarly;
  atexit(afterStaticDestructors);
}

} // namespace

init::Global TheGlobal("this unit");
const size_t TemporaryLength = init::Temporary("temporary").S.size();

int main() {
  const char *Phase = "main";
  expectInsts(Phase, "init::Global", 1);
  expectInsts(Phase, "init::Other", 1);
  expectInsts(Phase, "init::VeryEarly", 1);
  expectInsts(Phase, "init::Temporary", 0);
  if (lt_test::Snapshot().rowsNamed("init::Temporary") != 1 ||
      TemporaryLength != 9) {
    fprintf(stderr, "main: init::Temporary was not counted before main\n");
    ++Failures;
  }
  expectInsts(Phase, "init::FunctionStatic", 0);
  static init::FunctionStatic Local;
  expectInsts(Phase, "init::FunctionStatic", 1);
  delete Early;
  expectInsts(Phase, "init::VeryEarly", 0);
  if (Failures)
    return 1;
  printf("%s: counts as expected\n", Phase);
  return 0;
}
