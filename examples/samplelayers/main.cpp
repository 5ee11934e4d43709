// Runs the sample layers' tests and the leaking test four times each. Built
// with the plugin and run with LEAKTRACE_REPORT=exit, it ends with the table of
// objects that were never destroyed: the four leaked ClassicLeakables. (The
// Leakables are owned by a global container and die with it at exit.)
#include "samplelayers.h"

#include <cstdio>

int main() {
  using namespace samplelayers;
  std::size_t Ran = 0;
  for (int Iteration = 0; Iteration < 4; ++Iteration) {
    Layer1 Base;
    Ran += Layer11(Base).runTests();
    Ran += Layer12(Base).runTests();
    leak::testleak();
    ++Ran;
  }
  std::printf("Ran %zu tests.\n", Ran);
  return 0;
}
